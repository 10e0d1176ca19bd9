package io.mre4j.core.doc;

/** A labelled, directed relation between two spans of the same document, given by their indices in its span list. */
public record Relation(int head, int tail, String label) {
}
