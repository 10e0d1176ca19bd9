package io.mre4j.model.features;

/** How the text-level head turns scores into labels. */
public enum TextHead {
    /** No text labels in the schema: no text head. */
    NONE,
    /** One label per text: a softmax over labels. */
    SOFTMAX,
    /** Several labels per text, each an independent sigmoid; a text gets every label above 0.5, at least one. */
    SIGMOID,
    /** Several labels per text, each seen label set one softmax class (ATIS's few multi-intent combinations). */
    POWERSET
}
