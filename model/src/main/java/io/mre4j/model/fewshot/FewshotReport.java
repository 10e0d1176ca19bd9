package io.mre4j.model.fewshot;

import io.mre4j.model.fewshot.FewshotExperiment.MethodScore;
import io.mre4j.model.fewshot.FewshotExperiment.PerK;
import io.mre4j.model.fewshot.FewshotExperiment.Run;
import io.mre4j.model.study.StudyReport;
import io.mre4j.model.study.Summary;
import io.mre4j.model.study.Verdict;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a few-shot comparison's {@code results.json}, {@code report.md} and {@code report.html}, together or not at
 * all ({@link StudyReport#writeReport}). The HTML page is self-contained: inline CSS and SVG plots of accuracy and
 * macro F1 against k, one line per method, with their intervals; nothing is fetched.
 */
public final class FewshotReport {
    public static final String JSON = StudyReport.JSON;
    public static final String MARKDOWN = StudyReport.MARKDOWN;
    public static final String HTML = StudyReport.HTML;

    private static final Map<String, String> COLOURS = Map.of(FewshotExperiment.BASELINE, "#f57900",
            FewshotExperiment.VERBALIZER, "#3465a4", FewshotExperiment.TEMPLATES, "#4e9a06",
            FewshotExperiment.JOINT, "#75507b");

    private FewshotReport() {
    }

    /** Writes the three files into {@code dir} (created if needed); returns their paths: JSON, Markdown, HTML. */
    public static List<Path> write(FewshotResult result, Path dir) {
        return StudyReport.writeReport(dir, "few-shot", json(result), markdown(result), html(result));
    }

    public static String json(FewshotResult result) {
        return StudyReport.prettyJson(result.toJsonMap());
    }

    /** Per metric, a table of each method's score per k and each word-level method's gain; then the outcomes. */
    public static String table(FewshotResult result) {
        String ci = confidence(result.confidence()) + "% CI";
        StringBuilder sb = new StringBuilder();
        for (FewshotMetric metric : FewshotMetric.values()) {
            sb.append(Character.toUpperCase(metric.title().charAt(0))).append(metric.title().substring(1))
                    .append(" (%, mean over seeds [").append(ci).append("]); gains in points:\n\n| k | baseline |");
            StringBuilder rule = new StringBuilder("|---:|---:|");
            for (String method : result.compared()) {
                sb.append(' ').append(method).append(" | ").append(method).append(" - baseline |");
                rule.append("---:|---:|");
            }
            sb.append('\n').append(rule).append('\n');
            for (PerK p : result.perK()) {
                sb.append("| ").append(p.k()).append(" | ")
                        .append(withInterval(p.scores().get(FewshotExperiment.BASELINE).get(metric))).append(" |");
                for (String method : result.compared()) {
                    SeedBootstrap.Interval g = p.gains().get(method).get(metric);
                    sb.append(' ').append(withInterval(p.scores().get(method).get(metric))).append(" | ")
                            .append(Verdict.points(g.estimate())).append(" [").append(Verdict.points(g.low()))
                            .append(", ").append(Verdict.points(g.high())).append("] |");
                }
                sb.append('\n');
            }
            sb.append('\n');
        }
        sb.append("Against the baseline:\n\n| k |");
        StringBuilder rule = new StringBuilder("|---:|");
        for (String method : result.compared()) {
            sb.append(' ').append(method).append(" |");
            rule.append("---|");
        }
        sb.append('\n').append(rule).append('\n');
        for (PerK p : result.perK()) {
            sb.append("| ").append(p.k()).append(" |");
            for (String method : result.compared()) {
                sb.append(' ').append(p.outcomes().get(method).words()).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String withInterval(MethodScore s) {
        return Verdict.percent(s.seeds().mean()) + " [" + Verdict.percent(s.interval().low()) + ", "
                + Verdict.percent(s.interval().high()) + "]";
    }

    private static String seedTable(FewshotResult result) {
        StringBuilder sb = new StringBuilder("| k | method | accuracy (%, mean ± sd over seeds) | macro F1 (%) "
                + "| per-seed accuracy | support documents | verbalizer items |\n|---:|---|---:|---:|---|---:|---:|\n");
        for (PerK p : result.perK()) {
            for (String method : result.methods()) {
                List<Run> runs = result.runs().stream().filter(r -> r.k() == p.k() && r.method().equals(method))
                        .toList();
                sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %.1f | %.1f |\n", p.k(), method,
                        meanSd(p.scores().get(method).get(FewshotMetric.ACCURACY).seeds()),
                        meanSd(p.scores().get(method).get(FewshotMetric.MACRO_F1).seeds()),
                        String.join(" ", runs.stream().map(r -> String.format(Locale.ROOT, "%.2f",
                                100 * r.scores().get(FewshotMetric.ACCURACY))).toList()),
                        runs.stream().mapToInt(Run::supportDocuments).average().orElse(0),
                        runs.stream().mapToInt(Run::verbalizerItems).average().orElse(0)));
            }
        }
        return sb.toString();
    }

    private static String verbalizerTable(FewshotResult result) {
        StringBuilder sb = new StringBuilder("| label | name | heaviest items (weight) |\n|---|---|---|\n");
        for (String label : result.labels()) {
            List<Verbalizer.Item> items = result.verbalizerSample().getOrDefault(label, List.of());
            sb.append("| ").append(cell(label)).append(" | ").append(cell(result.labelNames().get(label)))
                    .append(" | ").append(items.isEmpty() ? "-" : String.join(", ", items.stream().map(i ->
                            String.format(Locale.ROOT, "%s%s (%.2f)", i.kind() == Verbalizer.Kind.TYPE ? "type: "
                                    : "", cell(i.text()), i.weight())).toList())).append(" |\n");
        }
        return sb.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static String setup(FewshotResult result) {
        return String.format(Locale.ROOT, "Data: %d training documents (%d text labels%s), %d test documents. "
                        + "Encoder: %s. k (examples per label): %s. Seeds: %s (one support set per seed and k; the "
                        + "support sets of one seed are nested over k). Every method classifies by cosine to a "
                        + "prototype per label. The baseline's prototype is unit(label name + mean of the k examples). "
                        + "The MRE verbalizer adds %s times the mean of the examples' span types and span texts, "
                        + "weighted by how typical of the label and how specific to it each is. The type templates "
                        + "add instead the mean of the examples with each span replaced by its type's name.",
                result.trainDocuments(), result.labels().size(), result.multiLabel() ? ", multi-label" : "",
                result.testDocuments(), result.encoder(), join(result.ks()), join(result.seeds()),
                result.verbalizerWeight());
    }

    private static String intervals(FewshotResult result) {
        return String.format(Locale.ROOT, "Intervals: %s%% two-level bootstrap (%d resamples; each draws the seeds "
                        + "and the %d test documents with replacement), so they cover both the choice of the k "
                        + "examples and the test sample. Gains are method - baseline in percentage points, "
                        + "paired by seed and document.", confidence(result.confidence()),
                result.resamples(), result.testDocuments());
    }

    private static String join(List<?> values) {
        return String.join(", ", values.stream().map(String::valueOf).toList());
    }

    public static String markdown(FewshotResult result) {
        StringBuilder sb = new StringBuilder("# Few-shot MRE verbalizer: ").append(result.name()).append("\n\n");
        if (result.command() != null) {
            sb.append("Command:\n\n```\n").append(result.command()).append("\n```\n\n");
        }
        sb.append(setup(result)).append("\n\n## Result\n\n**").append(result.summarySentence()).append("**\n\n")
                .append("Rule: ").append(FewshotExperiment.Outcome.RULE).append("\n\n");
        sb.append("## Accuracy and macro F1\n\n").append(intervals(result)).append("\n\n").append(table(result));
        if (!result.notes().isEmpty()) {
            sb.append("\n## Notes\n\n");
            result.notes().forEach(n -> sb.append("- ").append(n).append('\n'));
        }
        sb.append("\n## Per seed\n\n").append(seedTable(result));
        sb.append("\n## The verbalizer at k = ").append(result.ks().get(result.ks().size() - 1)).append(", seed ")
                .append(result.seeds().get(0)).append("\n\n").append(verbalizerTable(result));
        sb.append(String.format(Locale.ROOT, "%nEmbedding the test texts took %.1f s.%n", result.testEmbedSeconds()));
        return sb.toString();
    }

    public static String html(FewshotResult result) {
        String title = "Few-shot MRE verbalizer: " + result.name();
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;"
                        + "color:#222;line-height:1.45}\ntable{border-collapse:collapse;margin:1rem 0}\n"
                        + "th,td{border:1px solid #ccc;padding:.3rem .6rem}\nth{background:#f3f3f3}\n"
                        + "td.n{text-align:right;font-variant-numeric:tabular-nums}\npre{background:#f6f6f6;"
                        + "padding:.6rem;overflow-x:auto}\n.summary{font-weight:600;padding:.6rem 1rem;"
                        + "border-left:.4rem solid #3465a4;background:#eef2f8}\nsvg{display:inline-block;"
                        + "margin:1rem 1rem 1rem 0}\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(esc(title)).append("</h1>\n");
        if (result.command() != null) {
            sb.append("<pre>").append(esc(result.command())).append("</pre>\n");
        }
        sb.append("<p>").append(esc(setup(result))).append("</p>\n<p class=\"summary\">")
                .append(esc(result.summarySentence())).append("</p>\n<p>").append(esc(FewshotExperiment.Outcome.RULE))
                .append("</p>\n");
        sb.append("<h2>Scores against k</h2>\n<p>").append(esc(intervals(result))).append("</p>\n");
        for (FewshotMetric metric : FewshotMetric.values()) {
            sb.append(plot(result, metric));
        }
        for (String block : table(result).split("\n\n")) {
            sb.append(block.startsWith("|") ? StudyReport.htmlTable(block) : "<p>" + esc(block) + "</p>\n");
        }
        if (!result.notes().isEmpty()) {
            sb.append("<h2>Notes</h2>\n<ul>\n");
            result.notes().forEach(n -> sb.append("<li>").append(esc(n)).append("</li>\n"));
            sb.append("</ul>\n");
        }
        sb.append("<h2>Per seed</h2>\n").append(StudyReport.htmlTable(seedTable(result)));
        sb.append("<h2>The verbalizer at k = ").append(result.ks().get(result.ks().size() - 1)).append(", seed ")
                .append(result.seeds().get(0)).append("</h2>\n")
                .append(StudyReport.htmlTable(verbalizerTable(result).replace("\\|", "/")));
        return sb.append("</body>\n</html>\n").toString();
    }

    /** Score (%) against k, one line per method, with the interval of each point as an error bar. */
    static String plot(FewshotResult result, FewshotMetric metric) {
        List<PerK> perK = result.perK();
        double lo = 100;
        double hi = 0;
        for (PerK p : perK) {
            for (String method : result.methods()) {
                SeedBootstrap.Interval i = p.scores().get(method).get(metric).interval();
                lo = Math.min(lo, 100 * Math.min(i.low(), p.scores().get(method).get(metric).seeds().mean()));
                hi = Math.max(hi, 100 * Math.max(i.high(), p.scores().get(method).get(metric).seeds().mean()));
            }
        }
        double from = Math.max(0, Math.floor(lo / 10) * 10);
        double to = Math.min(100, Math.ceil(hi / 10) * 10);
        if (to - from < 10) {
            to = Math.min(100, from + 10);
            from = to - 10;
        }
        int left = 50;
        int top = 30;
        int width = 360;
        int height = 220;
        int step = perK.size() > 1 ? width / (perK.size() - 1) : 0;
        double yFrom = from;
        double ySpan = to - from;
        java.util.function.DoubleUnaryOperator y = v -> top + height - height * (v - yFrom) / ySpan;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 "
                + "0 %d %d\" role=\"img\" font-size=\"12\" aria-label=\"%s against k for both methods\">\n",
                left + width + 60, top + height + 64 + 16 * result.methods().size(), left + width + 60,
                top + height + 64 + 16 * result.methods().size(), esc(metric.title())));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-weight=\"bold\">%s (%%)</text>\n", left,
                esc(metric.title())));
        double tick = ySpan <= 20 ? 2 : ySpan <= 50 ? 5 : 10;
        for (double v = from; v <= to + 1e-9; v += tick) {
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
                    + "stroke=\"#e5e5e5\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>\n", left, y.applyAsDouble(v),
                    left + width + 20, y.applyAsDouble(v), left - 6, y.applyAsDouble(v) + 4, v));
        }
        for (int i = 0; i < perK.size(); i++) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>\n",
                    left + 10 + i * step, top + height + 18, perK.get(i).k()));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">k (examples per label)"
                + "</text>\n", left + width / 2, top + height + 36));
        int m = 0;
        for (String method : result.methods()) {
            String colour = COLOURS.get(method);
            String title = FewshotResult.methodTitle(method);
            int offset = 4 * m - 4;
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < perK.size(); i++) {
                MethodScore s = perK.get(i).scores().get(method).get(metric);
                double x = left + 10 + i * step + offset;
                double yMean = y.applyAsDouble(100 * s.seeds().mean());
                line.append(i == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f", x, yMean));
                sb.append(String.format(Locale.ROOT, "<path d=\"M%.1f %.1fV%.1f\" stroke=\"%s\" stroke-width=\"1.5\"/>"
                                + "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s, k = %d: %s [%s, %s]"
                                + "</title></circle>\n", x, y.applyAsDouble(100 * s.interval().low()),
                        y.applyAsDouble(100 * s.interval().high()), colour, x, yMean, colour, esc(title),
                        perK.get(i).k(), Verdict.percent(s.seeds().mean()), Verdict.percent(s.interval().low()),
                        Verdict.percent(s.interval().high())));
            }
            sb.append(String.format(Locale.ROOT, "<path d=\"%s\" stroke=\"%s\" stroke-width=\"2\" fill=\"none\"/>\n",
                    line, colour));
            int ly = top + height + 54 + 16 * m;
            int lx = left;
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"4\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>\n", lx, ly - 4, colour, lx + 20, ly, esc(title)));
            m++;
        }
        return sb.append("</svg>\n").toString();
    }

    private static String meanSd(Summary s) {
        String mean = String.format(Locale.ROOT, "%.2f", 100 * s.mean());
        return Double.isNaN(s.sd()) ? mean : mean + " ± " + String.format(Locale.ROOT, "%.2f", 100 * s.sd());
    }

    /** 95 for 0.95, 99.5 for 0.995. */
    private static String confidence(double confidence) {
        double pct = 100 * confidence;
        return pct == Math.rint(pct) ? String.valueOf((long) pct) : String.format(Locale.ROOT, "%.1f", pct);
    }

    private static String esc(String text) {
        return StudyReport.escape(text);
    }
}
