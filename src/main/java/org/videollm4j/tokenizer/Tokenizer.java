package org.videollm4j.tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A Hugging Face {@code tokenizer.json} byte-level BPE tokenizer (the Llama 3, Qwen2/3, SmolLM family), id-exact
 * with the Hugging Face implementation. Pipeline, as HF {@code tokenizer/mod.rs} ({@code encode_single_sequence}):
 * added tokens are found in the raw text; the text between them is normalised, pre-tokenised into words, and
 * each word is BPE-encoded. No special tokens are added (no BOS/EOS): {@code add_special_tokens=false}.
 * Immutable and thread-safe.
 */
public final class Tokenizer {
    private final AddedTokenMatcher addedTokens;
    private final PreTokenizer preTokenizer;
    private final BpeModel model;
    private final TokenDecoder decoder; // null: HF joins tokens with spaces
    private final String[] idToToken;   // (vocabSize) null for ids without a token
    private final boolean[] special;    // (vocabSize) added tokens marked special
    private final Map<String, Integer> vocab;     // BPE tokens -> id
    private final Map<String, Integer> addedToId; // added tokens -> id (they win over the vocab)

    Tokenizer(AddedTokenMatcher addedTokens, PreTokenizer preTokenizer, BpeModel model, TokenDecoder decoder,
              String[] idToToken, boolean[] special, Map<String, Integer> vocab, Map<String, Integer> addedToId) {
        this.addedTokens = addedTokens;
        this.preTokenizer = preTokenizer;
        this.model = model;
        this.decoder = decoder;
        this.idToToken = idToToken;
        this.special = special;
        this.vocab = vocab;
        this.addedToId = addedToId;
    }

    /**
     * Loads a {@code tokenizer.json}, or the one inside a model folder.
     *
     * @throws org.videollm4j.util.BadInputException naming the file when it is missing, malformed or uses a
     *                                               feature this implementation does not have
     */
    public static Tokenizer load(Path tokenizerJsonOrModelDir) {
        return TokenizerLoader.load(tokenizerJsonOrModelDir);
    }

    /** The ids of {@code text}; nothing is added, but special tokens written in the text are recognised. */
    public int[] encode(String text) {
        int[] ids = new int[Math.max(16, text.length() / 3)];
        int n = 0;
        List<String> words = new ArrayList<>();
        for (AddedTokenMatcher.Piece piece : addedTokens.split(text)) {
            if (piece.id() >= 0) {
                ids = ensure(ids, n + 1);
                ids[n++] = piece.id();
                continue;
            }
            words.clear();
            preTokenizer.split(piece.text(), words);
            for (String word : words) {
                int[] w = model.encodeWord(word);
                ids = ensure(ids, n + w.length);
                System.arraycopy(w, 0, ids, n, w.length);
                n += w.length;
            }
        }
        return Arrays.copyOf(ids, n);
    }

    private static int[] ensure(int[] a, int needed) {
        return needed <= a.length ? a : Arrays.copyOf(a, Math.max(needed, a.length * 2));
    }

    /** The text of {@code ids}, special tokens included. */
    public String decode(int[] ids) {
        return decode(ids, false);
    }

    /**
     * The text of {@code ids}. As HF {@code Tokenizer::decode}, ids that have no token (e.g. the padding rows of
     * an embedding table larger than the vocabulary) are left out.
     */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            if (id < 0 || id >= idToToken.length || idToToken[id] == null) {
                continue;
            }
            if (skipSpecialTokens && special[id]) {
                continue;
            }
            tokens.add(idToToken[id]);
        }
        if (decoder == null) {
            return String.join(" ", tokens);
        }
        return String.join("", decoder.decodeChain(tokens));
    }

    /** The id of a token as written in the vocabulary (byte-level form, e.g. "Ġthe") or of an added token. */
    public OptionalInt tokenId(String token) {
        Integer id = addedToId.get(token);
        if (id == null) {
            id = vocab.get(token);
        }
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /**
     * The vocabulary string of an id (byte-level form for BPE tokens).
     *
     * @throws IllegalArgumentException if no token has this id
     */
    public String token(int id) {
        if (id < 0 || id >= idToToken.length || idToToken[id] == null) {
            throw new IllegalArgumentException("no token has id " + id + " (vocabulary size " + vocabSize() + ")");
        }
        return idToToken[id];
    }

    /** One more than the largest id of any token, added tokens included (151,669 for Qwen3). */
    public int vocabSize() {
        return idToToken.length;
    }

    /** Whether the id is an added token marked {@code special} (e.g. {@code <|im_end|>}). */
    public boolean isSpecial(int id) {
        return id >= 0 && id < special.length && special[id];
    }
}
