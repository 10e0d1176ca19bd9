package io.mre4j.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /v1/extract}, checked field by field: {@code {"text": "..."}} or {@code {"texts": [...]}},
 * an optional {@code lang} and an optional {@code evidence} flag. Every refusal names the field at fault.
 *
 * @param texts    the texts, in request order
 * @param lang     the language of every text, or empty for the engine's default
 * @param evidence whether to compute occlusion evidence for each text
 */
record ExtractRequest(List<String> texts, String lang, boolean evidence) {
    private static final Set<String> FIELDS = Set.of("text", "texts", "lang", "evidence");
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Parses and checks a request body against the server's limits. */
    static ExtractRequest parse(byte[] body, ServerConfig limits) {
        JsonNode root;
        try {
            root = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            throw new RequestException(400, "invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RequestException(400, "unreadable body: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new RequestException(400, "empty body: expected a JSON object such as {\"text\": \"...\"}");
        }
        if (!root.isObject()) {
            throw new RequestException(400, "expected a JSON object such as {\"text\": \"...\"}");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new RequestException(400, field, "unknown field '" + field + "' (known: text, texts, lang, "
                        + "evidence)");
            }
        }
        JsonNode text = root.get("text");
        JsonNode texts = root.get("texts");
        if (text != null && texts != null) {
            throw new RequestException(400, "texts", "give either 'text' or 'texts', not both");
        }
        List<String> values = new ArrayList<>();
        if (text != null) {
            values.add(checkedText(text, "text", limits));
        } else if (texts != null) {
            if (!texts.isArray()) {
                throw new RequestException(400, "texts", "field 'texts' must be an array of strings");
            }
            if (texts.isEmpty()) {
                throw new RequestException(400, "texts", "field 'texts' must hold at least one text");
            }
            if (texts.size() > limits.maxBatch) {
                throw new RequestException(413, "texts", "field 'texts' holds " + texts.size() + " texts; the limit "
                        + "is " + limits.maxBatch);
            }
            for (int i = 0; i < texts.size(); i++) {
                values.add(checkedText(texts.get(i), "texts[" + i + "]", limits));
            }
        } else {
            throw new RequestException(400, "text", "missing field 'text' (or 'texts' for several)");
        }
        String lang = "";
        JsonNode langNode = root.get("lang");
        if (langNode != null && !langNode.isNull()) {
            if (!langNode.isTextual()) {
                throw new RequestException(400, "lang", "field 'lang' must be a string such as \"en\"");
            }
            lang = langNode.asText();
            if (!LANGUAGE.matcher(lang).matches()) {
                throw new RequestException(400, "lang", "field 'lang' must be a language code such as \"en\" or "
                        + "\"ja\"");
            }
        }
        boolean evidence = false;
        JsonNode evidenceNode = root.get("evidence");
        if (evidenceNode != null && !evidenceNode.isNull()) {
            if (!evidenceNode.isBoolean()) {
                throw new RequestException(400, "evidence", "field 'evidence' must be true or false");
            }
            evidence = evidenceNode.asBoolean();
        }
        return new ExtractRequest(values, lang, evidence);
    }

    private static String checkedText(JsonNode node, String field, ServerConfig limits) {
        if (node == null || !node.isTextual()) {
            throw new RequestException(400, field, "field '" + field + "' must be a string");
        }
        String value = node.asText();
        if (value.length() > limits.maxTextChars) {
            throw new RequestException(413, field, "field '" + field + "' has " + value.length() + " characters; "
                    + "the limit is " + limits.maxTextChars);
        }
        int broken = unpairedSurrogate(value);
        if (broken >= 0) {
            throw new RequestException(400, field, "field '" + field + "' holds an unpaired UTF-16 surrogate at "
                    + "offset " + broken);
        }
        return value;
    }

    /** The offset of the first unpaired surrogate, or -1: such a string has no UTF-8 form to answer with. */
    private static int unpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
