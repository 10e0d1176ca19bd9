package io.mre4j.core.tag;

/**
 * One token's tag in a BIO or BIOES scheme: a position ({@code B}, {@code I}, {@code E}, {@code S} or {@code O}) and,
 * except for {@code O}, a span label. Labels may themselves contain '-' (the prefix ends at the first one).
 */
public record Tag(char position, String label) {
    public static final Tag OUTSIDE = new Tag('O', "");

    /** Parses a tag such as {@code B-fromloc.city_name}; returns null when the text is not a tag. */
    public static Tag parse(String text) {
        if (text.equals("O")) {
            return OUTSIDE;
        }
        if (text.length() < 3 || text.charAt(1) != '-') {
            return null;
        }
        char position = text.charAt(0);
        if ("BIES".indexOf(position) < 0) {
            return null;
        }
        return new Tag(position, text.substring(2));
    }

    public boolean isOutside() {
        return position == 'O';
    }

    @Override
    public String toString() {
        return isOutside() ? "O" : position + "-" + label;
    }
}
