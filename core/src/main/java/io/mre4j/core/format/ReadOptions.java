package io.mre4j.core.format;

/**
 * Options that apply to every reader.
 *
 * @param lang        the language to give documents whose format does not say, or null to let the format decide
 * @param skipInvalid skip (and report) bad records instead of stopping at the first
 */
public record ReadOptions(String lang, boolean skipInvalid) {
    public static final ReadOptions DEFAULT = new ReadOptions(null, false);

    public ReadOptions withSkipInvalid(boolean skip) {
        return new ReadOptions(lang, skip);
    }

    /** The language to use: the user's choice if given, else the format's. */
    public String langOr(String formatDefault) {
        return lang != null && !lang.isEmpty() ? lang : formatDefault;
    }
}
