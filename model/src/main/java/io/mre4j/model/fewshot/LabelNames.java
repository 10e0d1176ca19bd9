package io.mre4j.model.fewshot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Label identifiers as words an encoder can read: {@code atis_flight} becomes "flight", {@code PlayMusic} "play
 * music", {@code fromloc.city_name} "fromloc city name", {@code anecdotes/miscellaneous#neutral} "anecdotes
 * miscellaneous neutral". Separators ({@code _ . # / - :} and spaces) and lower-to-upper case changes split words;
 * a prefix that every label of a set shares up to a separator (ATIS's {@code atis_}) names the data set, not the
 * label, and is dropped.
 */
public final class LabelNames {
    private LabelNames() {
    }

    /** The readable name of each label, keyed and ordered as {@code labels}. */
    public static Map<String, String> humanise(Collection<String> labels) {
        String prefix = sharedPrefix(labels);
        Map<String, String> out = new LinkedHashMap<>();
        for (String label : labels) {
            String name = humanise(label.substring(prefix.length()));
            out.put(label, name.isEmpty() ? humanise(label) : name);
        }
        return out;
    }

    /** One label's readable name, without dropping any prefix. */
    public static String humanise(String label) {
        String spaced = label.replaceAll("([\\p{Ll}\\p{Nd}])(\\p{Lu})", "$1 $2")
                .replaceAll("(\\p{Lu})(\\p{Lu}\\p{Ll})", "$1 $2")
                .replaceAll("[_.#/:\\-\\s]+", " ");
        return spaced.trim().toLowerCase(Locale.ROOT);
    }

    /** The longest prefix ending in a separator that every label has (and that leaves each something), or "". */
    static String sharedPrefix(Collection<String> labels) {
        if (labels.size() < 2) {
            return "";
        }
        List<String> list = new ArrayList<>(labels);
        String first = list.get(0);
        int end = 0;
        for (int i = 0; i < first.length(); i++) {
            char c = first.charAt(i);
            boolean all = true;
            for (String other : list) {
                if (other.length() <= i + 1 || other.charAt(i) != c) {
                    all = false;
                    break;
                }
            }
            if (!all) {
                break;
            }
            if ("_.#/:-".indexOf(c) >= 0) {
                end = i + 1;
            }
        }
        return first.substring(0, end);
    }
}
