package io.mre4j.model;

/** Which heads a model trains and predicts with: the MRE ablation is this flag, not a fork of the code. */
public enum Mode {
    /** Both heads, exchanging information in both directions. */
    JOINT,
    /** The text-level head alone. */
    TEXT,
    /** The word-level tagger alone. */
    WORD;

    public boolean textHead() {
        return this != WORD;
    }

    public boolean wordHead() {
        return this != TEXT;
    }

    public static Mode parse(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
