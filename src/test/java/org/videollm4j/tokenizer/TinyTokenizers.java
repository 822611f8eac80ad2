package org.videollm4j.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Hand-made tokenizer.json files for tests: a byte-level BPE whose ids 0..255 are the bytes themselves (so expected
 * ids can be read off the text), plus the merges a+b=256, ab+c=257.
 */
public final class TinyTokenizers {
    static final ObjectMapper JSON = new ObjectMapper();

    private TinyTokenizers() {
    }

    /** A complete tokenizer.json tree: NFC, ByteLevel pre-tokenizer without prefix space, BPE, ByteLevel decoder. */
    public static ObjectNode byteLevel(boolean mergesAsArrays) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putObject("normalizer").put("type", "NFC");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "ByteLevel").put("add_prefix_space", false).put("use_regex", true);
        root.putObject("decoder").put("type", "ByteLevel");
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE").putNull("unk_token").put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int b = 0; b < 256; b++) {
            vocab.put(String.valueOf(ByteLevel.charOf(b)), b);
        }
        vocab.put("ab", 256);
        vocab.put("abc", 257);
        ArrayNode merges = model.putArray("merges");
        if (mergesAsArrays) {
            merges.addArray().add("a").add("b");
            merges.addArray().add("ab").add("c");
        } else {
            merges.add("a b").add("ab c");
        }
        root.putArray("added_tokens");
        return root;
    }

    public static void addToken(ObjectNode root, int id, String content, boolean special, boolean lstrip, boolean rstrip,
                         boolean singleWord, boolean normalized) {
        ((ArrayNode) root.get("added_tokens")).addObject().put("id", id).put("content", content)
                .put("single_word", singleWord).put("lstrip", lstrip).put("rstrip", rstrip)
                .put("normalized", normalized).put("special", special);
    }

    public static Path write(Path dir, ObjectNode root) {
        try {
            Path file = dir.resolve("tokenizer.json");
            JSON.writeValue(file.toFile(), root);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The UTF-8 bytes of text as ids of the tiny vocabulary. */
    public static int[] bytes(String text) {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int[] ids = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            ids[i] = b[i] & 0xFF;
        }
        return ids;
    }
}
