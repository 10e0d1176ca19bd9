package io.mre4j.gen.llm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mre4j.core.doc.Schema;
import io.mre4j.core.io.DocumentJson;

/**
 * The JSON schema an LLM's answer must follow, passed to servers that constrain their output with one:
 * {@code {"labels": [label...], "entities": [{"type": type, "text": string}...]}}, labels and types as enums from
 * the task's schema, one label for a single-label task, one or more distinct ones for a multi-label task. The server
 * cannot check that an entity's text occurs in the input; {@link AnswerRepair} does.
 */
public final class AnswerSchema {
    private AnswerSchema() {
    }

    public static ObjectNode of(Schema schema) {
        ObjectNode root = DocumentJson.MAPPER.createObjectNode();
        root.put("type", "object");
        ObjectNode properties = root.putObject("properties");
        ObjectNode labels = properties.putObject("labels").put("type", "array");
        ObjectNode label = labels.putObject("items").put("type", "string");
        ArrayNode labelEnum = label.putArray("enum");
        schema.textLabels().forEach(labelEnum::add);
        int most = schema.multiLabel() ? schema.textLabels().size() : 1;
        labels.put("minItems", schema.hasTextLevel() ? 1 : 0).put("maxItems", most);
        if (schema.multiLabel()) {
            labels.put("uniqueItems", true);
        }
        ObjectNode entity = properties.putObject("entities").put("type", "array").putObject("items");
        entity.put("type", "object");
        ObjectNode fields = entity.putObject("properties");
        ArrayNode typeEnum = fields.putObject("type").put("type", "string").putArray("enum");
        schema.spanLabels().forEach(typeEnum::add);
        fields.putObject("text").put("type", "string").put("minLength", 1);
        entity.putArray("required").add("type").add("text");
        entity.put("additionalProperties", false);
        root.putArray("required").add("labels").add("entities");
        root.put("additionalProperties", false);
        return root;
    }
}
