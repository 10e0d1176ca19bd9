package io.mre4j.gen;

/** How much of the output grammar decoding enforces: the SLG ablation's three settings. */
public enum Constraint {
    /** Free decoding: any token at any step. */
    NONE,
    /** The SLG seeds' mechanism: the first token must start with {@code <}; free afterwards. */
    FIRST_TOKEN,
    /** The whole grammar ({@link OutputGrammar}): only well-formed, grounded outputs. */
    FULL;

    public static Constraint parse(String value) {
        for (Constraint c : values()) {
            if (c.name().replace('_', '-').equalsIgnoreCase(value) || c.name().equalsIgnoreCase(value)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown constraint '" + value + "' (none, first-token or full)");
    }
}
