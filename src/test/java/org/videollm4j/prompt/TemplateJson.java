package org.videollm4j.prompt;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Test helper: golden JSON messages -> ChatMessage. */
final class TemplateJson {
    private TemplateJson() {
    }

    static List<ChatMessage> messages(JsonNode arr) {
        List<ChatMessage> out = new ArrayList<>();
        for (JsonNode m : arr) {
            List<ChatMessage.Content> items = new ArrayList<>();
            for (JsonNode c : m.get("content")) {
                switch (c.get("type").textValue()) {
                    case "text" -> items.add(new ChatMessage.Text(c.get("text").textValue()));
                    case "image" -> items.add(new ChatMessage.Image());
                    case "video" -> items.add(new ChatMessage.Video());
                    default -> throw new IllegalArgumentException(c.toString());
                }
            }
            out.add(new ChatMessage(m.get("role").textValue(), items));
        }
        return out;
    }
}
