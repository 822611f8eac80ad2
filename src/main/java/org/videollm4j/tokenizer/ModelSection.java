package org.videollm4j.tokenizer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code model} section of tokenizer.json, read with Jackson's streaming parser: the vocabulary and the merges
 * hold hundreds of thousands of entries, and building a tree node for each costs most of the load time.
 *
 * @param settings the scalar fields (type, unk_token, ignore_merges, ...)
 * @param vocab    token -> id, or null when the section has no "vocab"
 * @param merges   (merges, 2) left and right token of each merge in rank order, or null when there is none;
 *                 a merge written as "a b" is split at its single space by {@link BpeLoader}, so here
 *                 it is stored as {text, null}
 */
record ModelSection(ObjectNode settings, Map<String, Integer> vocab, List<String[]> merges) {

    /** Reads the model object; the parser is on its START_OBJECT and ends on its END_OBJECT. */
    static ModelSection read(JsonParser p, TokenizerLoader loader) throws IOException {
        ObjectNode settings = JsonNodeFactory.instance.objectNode();
        Map<String, Integer> vocab = null;
        List<String[]> merges = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("vocab") && value == JsonToken.START_OBJECT) {
                vocab = new HashMap<>(300_000);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String token = p.currentName();
                    if (p.nextToken() != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0
                            || p.getLongValue() > Integer.MAX_VALUE) {
                        throw loader.bad("vocab entry " + TokenizerLoader.abbreviate(token) + " has id "
                                + p.getText() + ", expected an int >= 0");
                    }
                    vocab.put(token, p.getIntValue());
                }
            } else if (field.equals("merges") && value == JsonToken.START_ARRAY) {
                merges = new ArrayList<>(300_000);
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    merges.add(merge(p, t, merges.size(), loader));
                }
            } else {
                JsonNode node = p.readValueAsTree();
                settings.set(field, node);
            }
        }
        return new ModelSection(settings, vocab, merges);
    }

    private static String[] merge(JsonParser p, JsonToken t, int rank, TokenizerLoader loader) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return new String[] {p.getText(), null};
        }
        if (t == JsonToken.START_ARRAY) {
            String left = p.nextToken() == JsonToken.VALUE_STRING ? p.getText() : null;
            String right = left != null && p.nextToken() == JsonToken.VALUE_STRING ? p.getText() : null;
            if (right != null && p.nextToken() == JsonToken.END_ARRAY) {
                return new String[] {left, right};
            }
        }
        throw loader.bad("merge " + rank + " is neither \"a b\" nor [\"a\", \"b\"] (at "
                + p.currentLocation().offsetDescription() + ")");
    }
}
