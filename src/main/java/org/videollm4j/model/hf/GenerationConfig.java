package org.videollm4j.model.hf;

import com.fasterxml.jackson.databind.JsonNode;
import org.videollm4j.util.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * generation_config.json of a snapshot folder (transformers GenerationConfig field names).
 * {@code eos_token_id} may be an int or a list of ints; all of them stop generation.
 * A missing file gives {@link #NONE}: no stop ids, greedy decoding.
 *
 * @param eosTokenIds stop ids (possibly empty)
 * @param doSample    sample instead of greedy argmax
 * @param temperature sampling temperature (1.0 when absent, as transformers)
 * @param topP        nucleus mass (1.0 when absent)
 * @param topK        top-k cut, 0 = off; 50 when absent, transformers' GenerationConfig default (used only
 *                    when sampling)
 * @param maxNewTokens max_new_tokens or -1 when absent
 */
public record GenerationConfig(List<Integer> eosTokenIds, Integer bosTokenId, Integer padTokenId, boolean doSample,
                               double temperature, double topP, int topK, int maxNewTokens) {
    public static final String FILE = "generation_config.json";
    public static final GenerationConfig NONE = new GenerationConfig(List.of(), null, null, false, 1.0, 1.0, 50, -1);

    public GenerationConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
        if (!(temperature > 0) || !(topP > 0 && topP <= 1) || topK < 0) {
            throw new BadInputException(FILE + ": invalid sampling values temperature=" + temperature
                    + " top_p=" + topP + " top_k=" + topK);
        }
    }

    /** Reads dir/generation_config.json, or {@link #NONE} if the file does not exist. */
    public static GenerationConfig load(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return NONE;
        }
        ConfigFields f = new ConfigFields(FILE, "", Json.readObject(file));
        List<Integer> eos = new ArrayList<>();
        JsonNode e = f.node().get("eos_token_id");
        if (e != null && !e.isNull()) {
            if (e.isArray()) {
                for (JsonNode x : e) {
                    eos.add(tokenId(f, x));
                }
            } else {
                eos.add(tokenId(f, e));
            }
        }
        Integer bos = f.has("bos_token_id") ? f.intOr("bos_token_id", 0) : null;
        Integer pad = f.has("pad_token_id") ? f.intOr("pad_token_id", 0) : null;
        return new GenerationConfig(eos, bos, pad, f.boolOr("do_sample", false), f.doubleOr("temperature", 1.0),
                f.doubleOr("top_p", 1.0), f.intOr("top_k", 50), f.intOr("max_new_tokens", -1));
    }

    private static int tokenId(ConfigFields f, JsonNode x) {
        if (!x.isIntegralNumber() || !x.canConvertToInt() || x.asInt() < 0) {
            throw f.bad("eos_token_id", "must be a token id or a list of token ids, got " + x);
        }
        return x.asInt();
    }
}
