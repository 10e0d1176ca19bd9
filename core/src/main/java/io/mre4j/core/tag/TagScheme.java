package io.mre4j.core.tag;

/** How spans are written as one tag per token. */
public enum TagScheme {
    /** Begin, Inside, Outside. */
    BIO,
    /** Begin, Inside, End, Single, Outside: the scheme of CAIS. */
    BIOES
}
