package org.videollm4j.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code decoder} of tokenizer.json: turns token strings back into text pieces. Decoders chain
 * (HF {@code decoders/sequence.rs}); the final pieces are concatenated.
 */
interface TokenDecoder {
    List<String> decodeChain(List<String> tokens);

    /** No decoder in the file: HF joins the tokens as they are. */
    TokenDecoder NONE = tokens -> tokens;

    /**
     * HF {@code decoders::byte_level::ByteLevel}: the bytes of all tokens, concatenated, read as UTF-8
     * (invalid sequences become U+FFFD, as Rust's {@code String::from_utf8_lossy}).
     */
    TokenDecoder BYTE_LEVEL = tokens -> {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String t : tokens) {
            ByteLevel.appendBytes(t, bytes);
        }
        return List.of(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
    };

    static TokenDecoder sequence(List<TokenDecoder> steps) {
        List<TokenDecoder> copy = List.copyOf(steps);
        return tokens -> {
            List<String> current = new ArrayList<>(tokens);
            for (TokenDecoder step : copy) {
                current = step.decodeChain(current);
            }
            return current;
        };
    }
}
