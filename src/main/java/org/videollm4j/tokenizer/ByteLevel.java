package org.videollm4j.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * GPT-2's reversible byte-to-unicode table: every byte maps to one printable BMP character, so that
 * BPE works on strings without whitespace or control characters. Follows {@code bytes_to_unicode} of
 * openai/gpt-2 {@code encoder.py} (also {@code tokenizers/src/pre_tokenizers/byte_level.rs}): printable
 * bytes '!'..'~', '¡'..'¬', '®'..'ÿ' map to themselves, the other 68 bytes to U+0100 upwards in byte order.
 */
final class ByteLevel {
    /** byte (0..255) -> its character. */
    private static final char[] BYTE_TO_CHAR = new char[256];
    /** character -> byte, or -1; indexed by char value up to U+0143. */
    private static final short[] CHAR_TO_BYTE = new short[0x144];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, (short) -1);
        int next = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) (256 + next++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = (short) b;
        }
    }

    private ByteLevel() {
    }

    /** The UTF-8 bytes of {@code text}, each written as its byte-level character. */
    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(out);
    }

    static char charOf(int b) {
        return BYTE_TO_CHAR[b];
    }

    /**
     * Appends the bytes a token stands for. As in the ByteLevel decoder of HF tokenizers, a token with
     * any character outside the table (an added token such as "&lt;think&gt;" whose text is not byte-level)
     * contributes its own UTF-8 bytes unchanged.
     */
    static void appendBytes(String token, ByteArrayOutputStream out) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c >= CHAR_TO_BYTE.length || CHAR_TO_BYTE[c] < 0) {
                out.writeBytes(token.getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        for (int i = 0; i < token.length(); i++) {
            out.write(CHAR_TO_BYTE[token.charAt(i)]);
        }
    }
}
