package io.mre4j.core.slg;

/**
 * The task word and "no entity" marker of a generative string. The SCNM dialect of the SLG paper (Japanese) writes
 * {@code <社会>固有表現抽出:その他の組織名;SPRiNGS} and {@code :無い;} for no entity; the {@code /NER/} dialect of
 * GIELLM / OIELLM writes {@code <atis_flight>/NER/:fromloc.city_name;boston} and nothing for no entity.
 *
 * @param taskWord   the word between the text labels and the entities
 * @param noneMarker what stands in an entity item when there are no entities, or empty to write nothing
 */
public record SlgDialect(String name, String taskWord, String noneMarker) {
    public static final SlgDialect SCNM = new SlgDialect("scnm", "固有表現抽出", "無い");
    public static final SlgDialect NER = new SlgDialect("ner", "/NER/", "");

    /** SCNM for Japanese, {@code /NER/} for every other language. */
    public static SlgDialect forLanguage(String lang) {
        return lang != null && lang.startsWith("ja") ? SCNM : NER;
    }
}
