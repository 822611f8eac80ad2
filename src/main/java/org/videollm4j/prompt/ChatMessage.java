package org.videollm4j.prompt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One chat turn as Hugging Face chat templates see it: a role and a list of content items
 * ({@code {"type": "text", "text": ...}}, {@code {"type": "image"}}, {@code {"type": "video"}}).
 */
public record ChatMessage(String role, List<Content> content) {
    public ChatMessage {
        if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("a chat message needs a role (user, assistant, system)");
        }
        if (content.isEmpty()) {
            throw new IllegalArgumentException("a chat message needs at least one content item (role " + role + ")");
        }
        content = List.copyOf(content);
    }

    /** A content item. */
    public sealed interface Content permits Text, Image, Video {
        Map<String, Object> toTemplateValue();
    }

    public record Text(String text) implements Content {
        public Text {
            if (text == null) {
                throw new IllegalArgumentException("text content must not be null");
            }
        }

        @Override
        public Map<String, Object> toTemplateValue() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "text");
            m.put("text", text);
            return m;
        }
    }

    public record Image() implements Content {
        @Override
        public Map<String, Object> toTemplateValue() {
            return new LinkedHashMap<>(Map.of("type", "image"));
        }
    }

    public record Video() implements Content {
        @Override
        public Map<String, Object> toTemplateValue() {
            return new LinkedHashMap<>(Map.of("type", "video"));
        }
    }

    public static ChatMessage user(Content... items) {
        return new ChatMessage("user", List.of(items));
    }

    public static ChatMessage assistant(String text) {
        return new ChatMessage("assistant", List.of(new Text(text)));
    }

    public static ChatMessage system(String text) {
        return new ChatMessage("system", List.of(new Text(text)));
    }

    /** SmolVLM's layout for a question about images: the images first, then the text. */
    public static ChatMessage userWithImages(int images, String text) {
        List<Content> items = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            items.add(new Image());
        }
        items.add(new Text(text));
        return new ChatMessage("user", items);
    }

    /** SmolVLM's layout for a question about a video: the video first, then the text. */
    public static ChatMessage userWithVideo(String text) {
        return new ChatMessage("user", List.of(new Video(), new Text(text)));
    }

    public boolean hasVideo() {
        return content.stream().anyMatch(c -> c instanceof Video);
    }

    /** The message as the template's {@code message} variable. */
    public Map<String, Object> toTemplateValue() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content.stream().map(Content::toTemplateValue).toList());
        return m;
    }
}
