package io.mre4j.model.study;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Whether the Mutual Reinforcement Effect holds on a data set, decided from the confidence intervals of the
 * joint - isolated gains by {@link #RULE}, and the plain sentences that say so.
 */
public enum Verdict {
    HOLDS("holds"),
    FAILS("does not hold"),
    INCONCLUSIVE("inconclusive");

    /** The decision rule, as printed in every report. */
    public static final String RULE = "MRE holds when at least one metric's gain has its confidence interval "
            + "entirely above 0 and no metric has its interval entirely below 0 (so in particular when every "
            + "interval is above 0). It does not hold when at least one interval lies entirely below 0 and none "
            + "entirely above 0. Otherwise (every interval includes 0, or the metrics disagree) the result is "
            + "inconclusive. A gain is joint - isolated, where isolated is the text-only model for TL, the "
            + "word-only model for WL and the pipeline of the two (text-only labels with word-only spans) for ALL; "
            + "its interval is the percentile interval of a paired bootstrap over the test documents (Koehn 2004), "
            + "the gain on each resample being the mean over seeds.";

    private final String words;

    Verdict(String words) {
        this.words = words;
    }

    /** {@code holds}, {@code does not hold} or {@code inconclusive}. */
    public String words() {
        return words;
    }

    /** The verdict for the gains of the available metrics, by {@link #RULE}; no gains at all is inconclusive. */
    public static Verdict of(Collection<Gain> gains) {
        boolean better = gains.stream().anyMatch(Gain::better);
        boolean worse = gains.stream().anyMatch(Gain::worse);
        if (better && !worse) {
            return HOLDS;
        }
        if (worse && !better) {
            return FAILS;
        }
        return INCONCLUSIVE;
    }

    /** The verdict as one plain sentence that names each metric's gain and interval. */
    public static String sentence(Collection<Gain> gains) {
        if (gains.isEmpty()) {
            return "Inconclusive: no metric could be compared.";
        }
        List<Gain> better = gains.stream().filter(Gain::better).toList();
        List<Gain> worse = gains.stream().filter(Gain::worse).toList();
        List<Gain> neither = gains.stream().filter(g -> !g.better() && !g.worse()).toList();
        StringBuilder sb = new StringBuilder();
        switch (of(gains)) {
            case HOLDS:
                sb.append("MRE holds on this data: joint beats isolated on ").append(list(better));
                if (!neither.isEmpty()) {
                    sb.append("; on ").append(list(neither)).append(neither.size() == 1 ? " the CI includes 0"
                            : " the CIs include 0");
                }
                break;
            case FAILS:
                sb.append("MRE does not hold on this data: isolated beats joint on ").append(list(worse));
                if (!neither.isEmpty()) {
                    sb.append("; on ").append(list(neither)).append(neither.size() == 1 ? " the CI includes 0"
                            : " the CIs include 0");
                }
                break;
            default:
                if (!better.isEmpty()) {
                    sb.append("Whether MRE holds is inconclusive: joint beats isolated on ").append(list(better))
                            .append(" but isolated beats joint on ").append(list(worse));
                    if (!neither.isEmpty()) {
                        sb.append("; on ").append(list(neither)).append(neither.size() == 1
                                ? " the CI includes 0" : " the CIs include 0");
                    }
                } else {
                    sb.append("Whether MRE holds is inconclusive (the CIs include 0): no significant difference between joint and "
                            + "isolated on ").append(list(neither));
                }
        }
        return sb.append('.').toString();
    }

    /** One metric's result as a plain sentence. */
    public static String metricSentence(Gain g) {
        String conclusion = g.better() ? "joint is better"
                : g.worse() ? "isolated is better" : "no significant difference (the CI includes 0)";
        return String.format(Locale.ROOT, "%s: joint %s vs isolated (%s) %s; gain %s points, %s: %s.",
                g.metric().title(), percent(g.jointMean()), g.metric().isolatedName(), percent(g.isolatedMean()),
                points(g.gain()), interval(g), conclusion);
    }

    /** {@code "TL (+0.80, 95% CI [+0.20, +1.40])"}. */
    static String brief(Gain g) {
        return String.format(Locale.ROOT, "%s (%s, %s)", g.metric().shortName(), points(g.gain()), interval(g));
    }

    /** {@code "95% CI [+0.20, +1.40]"}, in points. */
    public static String interval(Gain g) {
        return String.format(Locale.ROOT, "%s%% CI [%s, %s]", confidence(g.confidence()), points(g.low()),
                points(g.high()));
    }

    /** A fraction as signed percentage points with two decimals: {@code +0.80}. */
    public static String points(double fraction) {
        if (Double.isNaN(fraction)) {
            return "n/a";
        }
        double value = 100 * fraction;
        if (Math.abs(value) < 0.005) {
            return "0.00";
        }
        return String.format(Locale.ROOT, "%+.2f", value);
    }

    /** A fraction as a percentage with two decimals: {@code 85.20}. */
    public static String percent(double fraction) {
        return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }

    static String confidence(double confidence) {
        double pct = 100 * confidence;
        return pct == Math.rint(pct) ? String.valueOf((long) pct) : String.format(Locale.ROOT, "%.1f", pct);
    }

    private static String list(List<Gain> gains) {
        List<String> parts = new ArrayList<>();
        gains.forEach(g -> parts.add(brief(g)));
        if (parts.size() <= 1) {
            return String.join("", parts);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }
}
