package io.mre4j.core.format;

import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.io.AtomicOutput;
import io.mre4j.core.io.LineBlocks;
import io.mre4j.core.io.LineSource;
import io.mre4j.core.tag.Tag;
import io.mre4j.core.tag.TagScheme;
import io.mre4j.core.token.PretokenisedText;
import io.mre4j.core.token.SpanEdgeSplitter;
import io.mre4j.core.token.Token;
import io.mre4j.core.token.Tokenizers;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Token-per-line tagged text, as CAIS ships it: {@code token SEP tag} lines (SEP a space or a tab; the tag is after
 * the last one, so a token may itself be a space), a blank line between sentences, BIO or BIOES tags, and an optional
 * parallel {@code <file>.intent} with one text label per sentence ({@code a#b} for several). A sentence whose tokens
 * are all single CJK characters is joined without spaces (Chinese has none); other sentences are joined by single
 * spaces. Documents are named {@code <file>-<n>}. Writing uses the language's tokenizer, split at span edges, and BIOES
 * tags when {@code --tag-scheme} asks, BIO by default.
 */
public final class BioFormat implements WritableFormat {
    public static final String INTENT_SUFFIX = ".intent";
    private final TagScheme writeScheme;

    public BioFormat() {
        this(TagScheme.BIO);
    }

    public BioFormat(TagScheme writeScheme) {
        this.writeScheme = writeScheme;
    }

    @Override
    public String name() {
        return "bio";
    }

    @Override
    public String description() {
        return "token-per-line BIO/BIOES file with an optional parallel <file>.intent (CAIS)";
    }

    @Override
    public boolean detects(Path path) {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        String name = path.getFileName().toString();
        return name.endsWith(".bio") || Files.isRegularFile(intentPath(path));
    }

    static Path intentPath(Path path) {
        return path.resolveSibling(path.getFileName() + INTENT_SUFFIX);
    }

    @Override
    public DocumentReader open(Path path, ReadOptions options) {
        LineBlocks blocks = new LineBlocks(LineSource.open(path));
        Path intentFile = intentPath(path);
        LineSource intents = Files.isRegularFile(intentFile) ? LineSource.open(intentFile) : null;
        String base = path.getFileName().toString();
        return new DocumentReader() {
            private int ordinal;

            @Override
            public Document next() {
                List<String> block = blocks.next();
                if (block == null) {
                    if (intents != null && intents.next() != null) {
                        throw DataException.fatal(intents.name(), intents.line(),
                                "more intent lines than sentences in " + blocks.name(), null);
                    }
                    return null;
                }
                List<String> tokens = new ArrayList<>(block.size());
                List<String> tagTexts = new ArrayList<>(block.size());
                for (int i = 0; i < block.size(); i++) {
                    String line = block.get(i);
                    int sep = Math.max(line.lastIndexOf(' '), line.lastIndexOf('\t'));
                    if (sep <= 0 || sep == line.length() - 1) {
                        throw new DataException(blocks.name(), blocks.start() + i,
                                "expected 'token tag' but found '" + line + "'");
                    }
                    tokens.add(line.substring(0, sep));
                    tagTexts.add(line.substring(sep + 1));
                }
                ordinal++;
                List<String> labels = List.of();
                if (intents != null) {
                    String intent = intents.next();
                    if (intent == null) {
                        throw DataException.fatal(intents.name(), intents.line() + 1, "no intent for sentence "
                                + ordinal + " (" + blocks.name() + ":" + blocks.start() + "): fewer intent lines "
                                + "than sentences", null);
                    }
                    labels = TaggedSentences.splitLabels(intent);
                }
                List<Tag> tags = TaggedSentences.parseTags(tagTexts, blocks.name(), blocks.start());
                boolean characters = PretokenisedText.isCharacterTokenised(tokens);
                PretokenisedText text = PretokenisedText.join(tokens, characters ? "" : " ");
                String lang = options.langOr(guessLanguage(text.text()));
                return TaggedSentences.document(base + "-" + ordinal, lang, text, tags, labels);
            }

            @Override
            public String source() {
                return blocks.name();
            }

            @Override
            public int line() {
                return blocks.start();
            }

            @Override
            public void close() {
                blocks.close();
                if (intents != null) {
                    intents.close();
                }
            }
        };
    }

    /** Japanese if the text has kana, Chinese if it has Han characters but no kana, else English. */
    static String guessLanguage(String text) {
        boolean han = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            if (script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA) {
                return "ja";
            }
            han |= script == Character.UnicodeScript.HAN;
            i += Character.charCount(cp);
        }
        return han ? "zh" : "en";
    }

    /** Writes {@code target} and, when any document has text labels, {@code target.intent} beside it. */
    @Override
    public DocumentWriter create(Path target, AtomicOutput output) {
        Writer out = output.open(target);
        StringBuilder intents = new StringBuilder();
        return new DocumentWriter() {
            private boolean anyLabel;

            @Override
            public void write(Document d) {
                List<Token> tokens = SpanEdgeSplitter.split(Tokenizers.forLanguage(d.lang()).tokenize(d.text()),
                        d.spans());
                List<Tag> tags = TaggedSentences.tags(d, tokens, writeScheme, name());
                StringBuilder block = new StringBuilder();
                for (int i = 0; i < tokens.size(); i++) {
                    block.append(tokens.get(i).surface(d.text())).append(' ').append(tags.get(i)).append('\n');
                }
                TaggedSentences.write(out, block.append('\n').toString());
                intents.append(TaggedSentences.joinLabels(d)).append('\n');
                anyLabel |= !d.labels().isEmpty();
            }

            @Override
            public void finish() {
                if (anyLabel) {
                    TaggedSentences.write(output.open(intentPath(target)), intents.toString());
                }
            }
        };
    }
}
