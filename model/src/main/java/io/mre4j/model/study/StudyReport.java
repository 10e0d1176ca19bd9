package io.mre4j.model.study;

import io.mre4j.core.MreException;
import io.mre4j.core.io.AtomicOutput;
import io.mre4j.core.io.DocumentJson;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes an MRE study's {@code results.json}, {@code report.md} and {@code report.html}. The three files appear
 * together or not at all ({@link AtomicOutput}); the HTML page is self-contained (inline CSS and SVG, nothing
 * fetched), with a bar chart of the scores and a forest plot of the gains.
 */
public final class StudyReport {
    public static final String JSON = "results.json";
    public static final String MARKDOWN = "report.md";
    public static final String HTML = "report.html";

    private static final String JOINT_COLOUR = "#3465a4";
    private static final String ISOLATED_COLOUR = "#f57900";

    private StudyReport() {
    }

    /** Writes the three files into {@code dir} (created if needed) and returns their paths: JSON, Markdown, HTML. */
    public static List<Path> write(StudyResult result, Path dir) {
        return writeReport(dir, "study", json(result), markdown(result), html(result));
    }

    /**
     * Writes {@link #JSON}, {@link #MARKDOWN} and {@link #HTML} into {@code dir} (created if needed), all three or
     * none ({@link AtomicOutput}), and returns their paths in that order; {@code what} names the report in errors.
     */
    public static List<Path> writeReport(Path dir, String what, String json, String markdown, String html) {
        List<Path> paths = List.of(dir.resolve(JSON), dir.resolve(MARKDOWN), dir.resolve(HTML));
        List<String> contents = List.of(json, markdown, html);
        try (AtomicOutput out = new AtomicOutput()) {
            for (int i = 0; i < paths.size(); i++) {
                Writer w = out.open(paths.get(i));
                w.write(contents.get(i));
            }
            out.commit();
        } catch (IOException e) {
            throw new MreException(dir + ": cannot write the " + what + " report: " + e.getMessage(), e);
        }
        return paths;
    }

    /** The content of {@code results.json}. */
    public static String json(StudyResult result) {
        return prettyJson(result.toJsonMap());
    }

    /** A JSON-compatible map as indented JSON with a final newline. */
    public static String prettyJson(java.util.Map<String, Object> map) {
        try {
            return DocumentJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(map) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the report is not JSON-compatible", e);
        }
    }

    /** The score table: per system, mean ± sd over seeds of each metric (percent) and of training time. */
    public static String scoreTable(StudyResult result) {
        StringBuilder sb = new StringBuilder("| model |");
        StringBuilder rule = new StringBuilder("|---|");
        for (StudyMetric metric : result.metrics()) {
            sb.append(' ').append(metric.title()).append(" (%) |");
            rule.append("---:|");
        }
        sb.append(" training (s) |\n").append(rule).append("---:|\n");
        for (Map.Entry<String, Map<String, Summary>> e : result.summary().entrySet()) {
            sb.append("| ").append(StudyResult.systemName(e.getKey())).append(" |");
            for (StudyMetric metric : result.metrics()) {
                Summary s = e.getValue().get(metric.key());
                sb.append(' ').append(s == null ? "-" : meanSd(s, 100)).append(" |");
            }
            sb.append(' ').append(meanSd(e.getValue().get("trainingSeconds"), 1)).append(" |\n");
        }
        return sb.toString();
    }

    /** The gain table: per metric, joint and isolated means, the gain and its interval (percentage points). */
    public static String gainTable(StudyResult result) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "| metric | isolated system | joint (%%) | isolated (%%) | gain (points) | %s%% CI | significant |\n"
                        + "|---|---|---:|---:|---:|---|---|\n", Verdict.confidence(result.confidence())));
        for (Gain g : result.gains().values()) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | [%s, %s] | %s |\n", g.metric().title(),
                    g.metric().isolatedName(), Verdict.percent(g.jointMean()), Verdict.percent(g.isolatedMean()),
                    Verdict.points(g.gain()), Verdict.points(g.low()), Verdict.points(g.high()),
                    g.better() ? "yes, joint better" : g.worse() ? "yes, isolated better" : "no"));
        }
        return sb.toString();
    }

    /** The content of {@code report.md}. */
    public static String markdown(StudyResult result) {
        StringBuilder sb = new StringBuilder();
        sb.append("# MRE study: ").append(result.name()).append("\n\n");
        if (result.command() != null) {
            sb.append("Command:\n\n```\n").append(result.command()).append("\n```\n\n");
        }
        sb.append(setup(result)).append("\n\n");
        sb.append("## Verdict\n\n**").append(result.verdictSentence()).append("**\n\n");
        for (String sentence : result.metricSentences()) {
            sb.append("- ").append(sentence).append('\n');
        }
        sb.append("\nRule: ").append(Verdict.RULE).append("\n\n");
        sb.append("## Scores (mean ± sd over ").append(result.seeds().size()).append(" seed")
                .append(result.seeds().size() == 1 ? "" : "s").append(")\n\n").append(scoreTable(result));
        sb.append("\n## Gains: joint - isolated\n\n").append(String.format(Locale.ROOT,
                "Paired bootstrap over the %d test documents (Koehn 2004), %d resamples, %s%% percentile interval; "
                        + "on each resample the gain is the mean over seeds of joint - isolated.\n\n",
                result.testDocuments(), result.resamples(), Verdict.confidence(result.confidence())));
        sb.append(gainTable(result));
        if (!result.notes().isEmpty()) {
            sb.append("\n## Notes\n\n");
            result.notes().forEach(n -> sb.append("- ").append(n).append('\n'));
        }
        sb.append("\n## Per-seed scores\n\n").append(perSeedTable(result));
        return sb.toString();
    }

    /** The content of {@code report.html}: one page, no external resources. */
    public static String html(StudyResult result) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>MRE study: ")
                .append(escape(result.name())).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:60rem;"
                        + "margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}\n")
                .append("table{border-collapse:collapse;margin:1rem 0}\n")
                .append("th,td{border:1px solid #ccc;padding:.3rem .6rem}\nth{background:#f3f3f3}\n")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}\n")
                .append("pre{background:#f6f6f6;padding:.6rem;overflow-x:auto}\n")
                .append(".verdict{font-size:1.1rem;font-weight:600;padding:.6rem 1rem;border-left:.4rem solid}\n")
                .append(".holds{border-color:#4e9a06;background:#eef7e6}\n")
                .append(".fails{border-color:#cc0000;background:#fbeaea}\n")
                .append(".inconclusive{border-color:#888;background:#f3f3f3}\n")
                .append("svg{display:block;margin:1rem 0}\nsvg text{fill:#222}\n")
                .append(".rule{color:#555;font-size:.9rem}\n")
                .append("</style>\n</head>\n<body>\n");
        sb.append("<h1>MRE study: ").append(escape(result.name())).append("</h1>\n");
        if (result.command() != null) {
            sb.append("<pre>").append(escape(result.command())).append("</pre>\n");
        }
        sb.append("<p>").append(escape(setup(result))).append("</p>\n");
        String css = switch (result.verdict()) {
            case HOLDS -> "holds";
            case FAILS -> "fails";
            default -> "inconclusive";
        };
        sb.append("<h2>Verdict</h2>\n<p class=\"verdict ").append(css).append("\">")
                .append(escape(result.verdictSentence())).append("</p>\n<ul>\n");
        result.metricSentences().forEach(s -> sb.append("<li>").append(escape(s)).append("</li>\n"));
        sb.append("</ul>\n<p class=\"rule\">Rule: ").append(escape(Verdict.RULE)).append("</p>\n");

        sb.append("<h2>Scores</h2>\n<p>Mean over ").append(result.seeds().size())
                .append(" seed(s); error bars show ± one sample standard deviation.</p>\n");
        sb.append(barChart(result));
        sb.append(htmlScoreTable(result));
        sb.append("<h2>Gains: joint &minus; isolated</h2>\n<p>")
                .append(escape(String.format(Locale.ROOT, "Paired bootstrap over the %d test documents (Koehn "
                                + "2004), %d resamples, %s%% percentile interval, in percentage points.",
                        result.testDocuments(), result.resamples(), Verdict.confidence(result.confidence()))))
                .append("</p>\n");
        sb.append(forestPlot(result));
        sb.append(htmlGainTable(result));
        if (!result.notes().isEmpty()) {
            sb.append("<h2>Notes</h2>\n<ul>\n");
            result.notes().forEach(n -> sb.append("<li>").append(escape(n)).append("</li>\n"));
            sb.append("</ul>\n");
        }
        sb.append("<h2>Per-seed scores</h2>\n").append(htmlPerSeedTable(result));
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    private static String setup(StudyResult result) {
        List<String> seeds = result.seeds().stream().map(String::valueOf).toList();
        return String.format(Locale.ROOT, "Data: %d training, %s, %d test documents. Seeds: %s. Each seed trains "
                        + "a joint, a text-only and a word-only model with the same config and data; isolated is the "
                        + "text-only model on TL, the word-only model on WL and their pipeline on ALL. Config: "
                        + "maxEpochs %d, hidden %d, wordDim %d, charFilters %d, batchSize %d.",
                result.trainDocuments(), result.devDocuments() == null
                        ? "a dev set held out from the training data per seed" : result.devDocuments() + " dev",
                result.testDocuments(), String.join(", ", seeds), result.config().maxEpochs, result.config().hidden,
                result.config().wordDim, result.config().charFilters, result.config().batchSize);
    }

    private static String perSeedTable(StudyResult result) {
        StringBuilder sb = new StringBuilder("| seed | model |");
        StringBuilder rule = new StringBuilder("|---:|---|");
        for (StudyMetric metric : result.metrics()) {
            sb.append(' ').append(metric.shortName()).append(" (%) |");
            rule.append("---:|");
        }
        sb.append(" training (s) | best epoch |\n").append(rule).append("---:|---:|\n");
        for (ModelRun run : result.runs()) {
            sb.append("| ").append(run.seed()).append(" | ").append(StudyResult.systemName(run.mode())).append(" |");
            for (StudyMetric metric : result.metrics()) {
                Double v = run.scores().get(metric.key());
                sb.append(' ').append(v == null ? "-" : Verdict.percent(v)).append(" |");
            }
            sb.append(String.format(Locale.ROOT, " %.2f | %s |\n", run.trainingSeconds(),
                    run.bestEpoch() == null ? "-" : run.bestEpoch()));
        }
        return sb.toString();
    }

    /** A Markdown table as an HTML table; cells that look numeric are right-aligned. */
    public static String htmlTable(String markdown) {
        StringBuilder sb = new StringBuilder("<table>\n");
        String[] lines = markdown.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (i == 1 || lines[i].isBlank()) {
                continue;
            }
            String line = lines[i].trim();
            String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
            sb.append("<tr>");
            for (String cell : cells) {
                String c = cell.trim();
                if (i == 0) {
                    sb.append("<th>").append(escape(c)).append("</th>");
                } else {
                    boolean numeric = c.matches("[-+\\d.± \\[\\],n/a]+");
                    sb.append(numeric ? "<td class=\"n\">" : "<td>").append(escape(c)).append("</td>");
                }
            }
            sb.append("</tr>\n");
        }
        return sb.append("</table>\n").toString();
    }

    private static String htmlScoreTable(StudyResult result) {
        return htmlTable(scoreTable(result));
    }

    private static String htmlGainTable(StudyResult result) {
        return htmlTable(gainTable(result));
    }

    private static String htmlPerSeedTable(StudyResult result) {
        return htmlTable(perSeedTable(result));
    }

    /** Bars of joint and isolated per metric, in percent, with ± sd error bars. */
    static String barChart(StudyResult result) {
        List<StudyMetric> metrics = result.metrics();
        int left = 50;
        int top = 20;
        int plotHeight = 220;
        int bar = 64;
        int groupWidth = 2 * bar + 50;
        int width = left + metrics.size() * groupWidth + 110;
        int height = top + plotHeight + 60;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "role=\"img\" font-size=\"12\" "
                + "aria-label=\"Scores per metric: joint and isolated, mean and standard deviation over seeds\">\n",
                width, height, width, height));
        for (int tick = 0; tick <= 100; tick += 20) {
            double y = top + plotHeight - plotHeight * tick / 100.0;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>\n", left, y,
                    left + metrics.size() * groupWidth, y, left - 6, y + 4, tick));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" transform=\"rotate(-90 12 %d)\" "
                + "text-anchor=\"middle\">score (%%)</text>\n", top + plotHeight / 2, top + plotHeight / 2));
        for (int i = 0; i < metrics.size(); i++) {
            StudyMetric metric = metrics.get(i);
            int x0 = left + i * groupWidth + 30;
            bar(sb, x0, bar, top, plotHeight, summary(result, "joint", metric), JOINT_COLOUR, "joint");
            String isolated = metric == StudyMetric.TL ? "text" : metric == StudyMetric.WL ? "word" : "isolated";
            bar(sb, x0 + bar, bar, top, plotHeight, summary(result, isolated, metric), ISOLATED_COLOUR,
                    metric == StudyMetric.ALL ? "pipeline" : StudyResult.systemName(isolated));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
                    + "font-weight=\"bold\">%s</text>\n", x0 + bar, top + plotHeight + 36, escape(metric.title())));
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#222\"/>\n",
                left, top + plotHeight, left + metrics.size() * groupWidth, top + plotHeight));
        int lx = left + metrics.size() * groupWidth + 20;
        legend(sb, lx, top + 10, JOINT_COLOUR, "joint");
        legend(sb, lx, top + 32, ISOLATED_COLOUR, "isolated");
        return sb.append("</svg>\n").toString();
    }

    private static Summary summary(StudyResult result, String system, StudyMetric metric) {
        Map<String, Summary> values = result.summary().get(system);
        return values == null ? null : values.get(metric.key());
    }

    private static void bar(StringBuilder sb, int x, int width, int top, int plotHeight, Summary s, String colour,
                            String label) {
        int bottom = top + plotHeight;
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">"
                + "%s</text>\n", x + width / 2, bottom + 16, escape(label)));
        if (s == null || Double.isNaN(s.mean())) {
            return;
        }
        double mean = clamp(100 * s.mean(), 0, 100);
        double y = bottom - plotHeight * mean / 100;
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\">"
                        + "<title>%s: %s%s</title></rect>\n", x + 4, y, width - 8, bottom - y, colour, escape(label),
                Verdict.percent(s.mean()), Double.isNaN(s.sd()) ? "" : " ± " + Verdict.percent(s.sd())));
        double labelY = y;
        if (!Double.isNaN(s.sd()) && s.sd() > 0) {
            double hi = bottom - plotHeight * clamp(100 * (s.mean() + s.sd()), 0, 100) / 100;
            double lo = bottom - plotHeight * clamp(100 * (s.mean() - s.sd()), 0, 100) / 100;
            int cx = x + width / 2;
            sb.append(String.format(Locale.ROOT, "<path d=\"M%d %.1fV%.1fM%d %.1fH%dM%d %.1fH%d\" stroke=\"#222\" "
                    + "stroke-width=\"1.5\" fill=\"none\"/>\n", cx, hi, lo, cx - 6, hi, cx + 6, cx - 6, lo, cx + 6));
            labelY = hi;
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\">"
                + "%s</text>\n", x + width / 2, Math.max(top - 6.0, labelY - 4), String.format(Locale.ROOT, "%.1f",
                mean)));
    }

    private static void legend(StringBuilder sb, int x, int y, String colour, String label) {
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"%d\">%s</text>\n", x, y, colour, x + 20, y + 12, escape(label)));
    }

    /** One row per metric: the gain in points as a square, its interval as a line, and a dashed line at 0. */
    static String forestPlot(StudyResult result) {
        List<Gain> gains = new ArrayList<>(result.gains().values());
        double min = 0;
        double max = 0;
        for (Gain g : gains) {
            for (double v : new double[] {g.low(), g.high(), g.gain()}) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, 100 * v);
                    max = Math.max(max, 100 * v);
                }
            }
        }
        double step = niceStep(Math.max(max - min, 1e-9) / 5);
        if (max - min < 1e-9) {
            step = 1;
        }
        double from = Math.floor(min / step) * step;
        double to = Math.ceil(max / step) * step;
        if (from == to) {
            from -= step;
            to += step;
        }
        int left = 140;
        int plotWidth = 360;
        int row = 34;
        int top = 16;
        int height = top + Math.max(1, gains.size()) * row + 44;
        int width = left + plotWidth + 230;
        double lo = from;
        double span = to - from;
        java.util.function.DoubleUnaryOperator xOf = v -> left + plotWidth * (v - lo) / span;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "role=\"img\" font-size=\"12\" "
                + "aria-label=\"Forest plot of the joint minus isolated gains with confidence intervals\">\n",
                width, height, width, height));
        int axisY = top + Math.max(1, gains.size()) * row;
        for (int k = 0; from + k * step <= to + step / 1e6; k++) {
            double v = from + k * step;
            double x = xOf.applyAsDouble(v);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x, top, x, axisY, x, axisY + 16,
                    tick(v, step)));
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#222\"/>\n",
                left, axisY, left + plotWidth, axisY));
        double zero = xOf.applyAsDouble(0);
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#888\" "
                + "stroke-dasharray=\"4 3\"/>\n", zero, top - 6, zero, axisY));
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">gain (percentage "
                + "points): joint &#8722; isolated</text>\n", left + plotWidth / 2.0, axisY + 34));
        for (int i = 0; i < gains.size(); i++) {
            Gain g = gains.get(i);
            double y = top + i * row + row / 2.0;
            String colour = g.better() ? "#4e9a06" : g.worse() ? "#cc0000" : "#555";
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                    left - 10, y + 4, escape(g.metric().title())));
            if (Double.isFinite(g.low()) && Double.isFinite(g.high())) {
                double x1 = xOf.applyAsDouble(100 * g.low());
                double x2 = xOf.applyAsDouble(100 * g.high());
                sb.append(String.format(Locale.ROOT, "<path d=\"M%.1f %.1fH%.1fM%.1f %.1fV%.1fM%.1f %.1fV%.1f\" "
                                + "stroke=\"%s\" stroke-width=\"2\" fill=\"none\"/>\n", x1, y, x2, x1, y - 6, y + 6,
                        x2, y - 6, y + 6, colour));
            }
            double x = xOf.applyAsDouble(100 * g.gain());
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" "
                            + "fill=\"%s\"><title>%s</title></rect>\n", x - 5, y - 5, colour,
                    escape(Verdict.metricSentence(g))));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\">%s [%s, %s]</text>\n",
                    left + plotWidth + 14, y + 4, Verdict.points(g.gain()), Verdict.points(g.low()),
                    Verdict.points(g.high())));
        }
        return sb.append("</svg>\n").toString();
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static String tick(double value, double step) {
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        if (Math.abs(value) < step / 1e6) {
            return "0";
        }
        return String.format(Locale.ROOT, "%+." + decimals + "f", value);
    }

    private static String meanSd(Summary s, double scale) {
        if (s == null || Double.isNaN(s.mean())) {
            return "-";
        }
        String mean = String.format(Locale.ROOT, "%.2f", scale * s.mean());
        return Double.isNaN(s.sd()) ? mean : mean + " ± " + String.format(Locale.ROOT, "%.2f", scale * s.sd());
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** Escapes text for HTML element content and attribute values. */
    public static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
