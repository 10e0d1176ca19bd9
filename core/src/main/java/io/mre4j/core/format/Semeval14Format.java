package io.mre4j.core.format;

import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;
import io.mre4j.core.io.LineSource;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The aspect-based sentiment XML of SemEval-2014 Task 4 (Pontiki et al. 2014), where one sentence carries both levels
 * of annotation: aspect terms become spans labelled with their polarity, and aspect categories become the text labels
 * (several per sentence), written {@code category#polarity} such as {@code food#positive}. The file is streamed with
 * StAX, one {@code <sentence>} at a time; a document's id is the sentence's {@code id} attribute.
 */
public final class Semeval14Format implements DocumentFormat {
    /** The polarities SemEval-2014 uses, for terms and categories alike. */
    static final Set<String> POLARITIES = Set.of("positive", "negative", "neutral", "conflict");

    @Override
    public String name() {
        return "semeval14";
    }

    @Override
    public String description() {
        return "SemEval-2014 Task 4 ABSA XML: aspect terms as spans, aspect categories as labels (.xml file)";
    }

    @Override
    public boolean detects(Path path) {
        return path.getFileName() != null && path.getFileName().toString().endsWith(".xml")
                && Files.isRegularFile(path);
    }

    @Override
    public DocumentReader open(Path path, ReadOptions options) {
        InputStream in = new Utf8CheckingStream(LineSource.Inputs.open(path));
        Reader reader = new Reader(in, path.toString(), options.langOr("en"));
        try {
            reader.openRoot();
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
        return reader;
    }

    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        // The data needs no DTD; refusing one keeps a hostile file from reaching out for external entities.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    private record Term(String term, String polarity, String from, String to) {
    }

    private static final class Reader implements DocumentReader {
        private final InputStream in;
        private final String source;
        private final String lang;
        private XMLStreamReader xml;
        private int line;
        private boolean done;

        Reader(InputStream in, String source, String lang) {
            this.in = in;
            this.source = source;
            this.lang = lang;
        }

        void openRoot() {
            try {
                xml = factory().createXMLStreamReader(in);
            } catch (XMLStreamException e) {
                throw malformed(e);
            }
            nextTag();
            if (!"sentences".equals(xml.getLocalName())) {
                throw DataException.fatal(source, here(), "expected <sentences> as the root element, found <"
                        + xml.getLocalName() + ">", null);
            }
        }

        @Override
        public Document next() {
            if (done) {
                return null;
            }
            if (nextTag() == XMLStreamConstants.END_ELEMENT) {
                done = true;
                readToEnd();
                return null;
            }
            line = here();
            if (!"sentence".equals(xml.getLocalName())) {
                String found = xml.getLocalName();
                skipElement();
                throw new DataException(source, line, "expected <sentence>, found <" + found + ">");
            }
            return sentence();
        }

        /** Reads one {@code <sentence>} to its end tag before checking it, so that a bad one can be skipped. */
        private Document sentence() {
            String id = xml.getAttributeValue(null, "id");
            String text = null;
            List<Term> terms = new ArrayList<>();
            Set<String> labels = new LinkedHashSet<>();
            String problem = null;
            while (nextTag() == XMLStreamConstants.START_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "text" -> text = elementText();
                    case "aspectTerms" -> {
                        while (nextTag() == XMLStreamConstants.START_ELEMENT) {
                            if ("aspectTerm".equals(xml.getLocalName())) {
                                terms.add(new Term(attribute("term"), attribute("polarity"), attribute("from"),
                                        attribute("to")));
                            }
                            skipElement();
                        }
                    }
                    case "aspectCategories" -> {
                        while (nextTag() == XMLStreamConstants.START_ELEMENT) {
                            if ("aspectCategory".equals(xml.getLocalName())) {
                                String category = attribute("category");
                                String polarity = attribute("polarity");
                                if (category == null || category.isEmpty()) {
                                    problem = problem != null ? problem : "aspectCategory has no 'category'";
                                } else if (!POLARITIES.contains(polarity)) {
                                    problem = problem != null ? problem : "aspectCategory '" + category
                                            + "' has polarity " + quoted(polarity) + " (expected one of "
                                            + "positive, negative, neutral, conflict)";
                                } else {
                                    labels.add(category + "#" + polarity);
                                }
                            }
                            skipElement();
                        }
                    }
                    default -> skipElement();
                }
            }
            if (id == null || id.isEmpty()) {
                throw new DataException(source, line, "<sentence> has no 'id' attribute");
            }
            if (text == null) {
                throw new DataException(source, line, "sentence '" + id + "' has no <text>");
            }
            if (problem != null) {
                throw new DataException(source, line, "sentence '" + id + "': " + problem);
            }
            List<Span> spans = new ArrayList<>();
            for (Term term : terms) {
                spans.add(span(id, text, term));
            }
            spans.sort(Span.ORDER);
            return Document.of(id, lang, text, List.copyOf(labels), spans);
        }

        private Span span(String id, String text, Term t) {
            String where = "sentence '" + id + "': aspectTerm " + quoted(t.term());
            if (t.term() == null) {
                throw new DataException(source, line, where + " has no 'term' attribute");
            }
            if (!POLARITIES.contains(t.polarity())) {
                throw new DataException(source, line, where + " has polarity " + quoted(t.polarity())
                        + " (expected one of positive, negative, neutral, conflict)");
            }
            int from = integer(where, "from", t.from());
            int to = integer(where, "to", t.to());
            if (from < 0 || to < from || to > text.length()) {
                throw new DataException(source, line, where + " at [" + from + "," + to
                        + ") is outside the text (length " + text.length() + ")");
            }
            String surface = text.substring(from, to);
            if (!surface.equals(t.term())) {
                throw new DataException(source, line, where + " does not match the text at [" + from + "," + to
                        + "), which reads '" + surface + "'");
            }
            return new Span(from, to, t.polarity());
        }

        private int integer(String where, String name, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new DataException(source, line, where + " has " + (value == null ? "no '" + name + "'"
                        : "'" + name + "' = '" + value + "', not an integer"));
            }
        }

        private static String quoted(String value) {
            return value == null ? "(none)" : "'" + value + "'";
        }

        private String attribute(String name) {
            return xml.getAttributeValue(null, name);
        }

        private int here() {
            return xml.getLocation().getLineNumber();
        }

        private int nextTag() {
            try {
                return xml.nextTag();
            } catch (XMLStreamException e) {
                throw malformed(e);
            }
        }

        private String elementText() {
            try {
                return xml.getElementText();
            } catch (XMLStreamException e) {
                throw malformed(e);
            }
        }

        /** Moves from a start tag to its end tag, past whatever the element holds. */
        private void skipElement() {
            try {
                for (int depth = 1; depth > 0; ) {
                    int event = xml.next();
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        depth++;
                    } else if (event == XMLStreamConstants.END_ELEMENT) {
                        depth--;
                    }
                }
            } catch (XMLStreamException e) {
                throw malformed(e);
            }
        }

        /** Reads past the root's end tag, so that garbage after it is an error rather than ignored. */
        private void readToEnd() {
            try {
                while (xml.hasNext()) {
                    xml.next();
                }
            } catch (XMLStreamException e) {
                throw malformed(e);
            }
        }

        private DataException malformed(XMLStreamException e) {
            Utf8CheckingStream.InvalidUtf8 invalid = Utf8CheckingStream.find(
                    e.getNestedException() != null ? e.getNestedException() : e.getCause());
            if (invalid != null) {
                return DataException.fatal(source, invalid.line(), "invalid UTF-8: " + invalid.getMessage(), e);
            }
            int at = e.getLocation() != null ? e.getLocation().getLineNumber() : xml != null ? here() : 0;
            return DataException.fatal(source, Math.max(at, 0), "malformed XML: " + parserMessage(e), e);
        }

        /** The parser's own words, without the "ParseError at [row,col]" prefix that repeats the location. */
        private static String parserMessage(XMLStreamException e) {
            String message = String.valueOf(e.getMessage());
            int at = message.indexOf("Message: ");
            return at >= 0 ? message.substring(at + "Message: ".length()).strip() : message.strip();
        }

        @Override
        public String source() {
            return source;
        }

        @Override
        public int line() {
            return line;
        }

        @Override
        public void close() {
            try {
                if (xml != null) {
                    xml.close();
                }
            } catch (XMLStreamException ignored) {
                // Closing a reader we only read from loses nothing.
            }
            try {
                in.close();
            } catch (IOException ignored) {
                // As above.
            }
        }
    }
}
