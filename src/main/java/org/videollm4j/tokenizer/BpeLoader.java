package org.videollm4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** Builds the {@link BpeModel} of a tokenizer.json {@code model} section (HF {@code models/bpe/serialization.rs}). */
final class BpeLoader {
    private BpeLoader() {
    }

    static BpeModel bpe(TokenizerLoader loader, ModelSection section) {
        JsonNode model = section.settings();
        Map<String, Integer> vocab = section.vocab();
        JsonNode typeNode = model.get("type");
        // Old files leave out the type of a BPE model; its merges identify it.
        String type = typeNode == null ? (section.merges() != null ? "BPE" : "?") : typeNode.asText();
        if (!type.equals("BPE")) {
            throw loader.bad("unsupported model type '" + type + "' (only byte-level BPE is supported)");
        }
        if (loader.bool(model, "byte_fallback", false)) {
            throw loader.bad("BPE with byte_fallback=true is not supported");
        }
        JsonNode dropout = model.get("dropout");
        if (dropout != null && !dropout.isNull() && dropout.asDouble() != 0.0) {
            throw loader.bad("BPE dropout " + dropout + " is not supported (tokenisation must be deterministic)");
        }
        for (String affix : new String[] {"continuing_subword_prefix", "end_of_word_suffix"}) {
            JsonNode a = model.get(affix);
            if (a != null && !a.isNull() && !a.asText().isEmpty()) {
                throw loader.bad("BPE " + affix + " '" + a.asText() + "' is not supported");
            }
        }
        int unkId = -1;
        JsonNode unk = model.get("unk_token");
        if (unk != null && !unk.isNull()) {
            Integer id = vocab.get(unk.asText());
            if (id == null) {
                throw loader.bad("unk_token '" + unk.asText() + "' is not in the vocab");
            }
            unkId = id;
        }
        List<String[]> merges = section.merges();
        if (merges == null) {
            throw loader.bad("BPE model has no \"merges\" array");
        }
        PairRankMap ranks = new PairRankMap(merges.size());
        int[] mergeResult = new int[merges.size()]; // (merges) rank -> merged id
        int rank = 0;
        for (String[] m : merges) {
            String left = m[0];
            String right = m[1];
            if (right == null) { // written as "a b"
                int space = left.indexOf(' ');
                if (space < 0 || left.indexOf(' ', space + 1) >= 0) {
                    throw loader.bad("merge " + rank + " '" + left + "' is not two tokens separated by one space");
                }
                right = left.substring(space + 1);
                left = left.substring(0, space);
            }
            Integer l = vocab.get(left);
            Integer r = vocab.get(right);
            Integer merged = vocab.get(left + right);
            if (l == null || r == null || merged == null) {
                throw loader.bad("merge " + rank + " (" + left + ", " + right + ") uses a token not in the vocab");
            }
            ranks.put(l, r, rank);
            mergeResult[rank] = merged;
            rank++;
        }
        return new BpeModel(vocab, ranks, mergeResult, unkId, loader.bool(model, "fuse_unk", false),
                loader.bool(model, "ignore_merges", false));
    }
}
