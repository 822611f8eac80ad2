package org.videollm4j.compress.kv;

import org.videollm4j.model.llama.LlamaTextConfig;

import java.util.List;

/** Builds a KV policy by its {@code --method} name, with the defaults the presets use. */
public final class KvPolicies {
    /** Names accepted by {@link #create}. */
    public static final List<String> NAMES = List.of("none", "pivotkv", "snapkv", "h2o");
    /** SnapKV observation window (the question's last tokens) and pooling kernel; the paper's ranges are 8-64 and 5-7. */
    public static final int SNAPKV_WINDOW = 16;
    public static final int SNAPKV_KERNEL = 5;

    private KvPolicies() {
    }

    /** A fresh policy (policies hold per-prompt state: one per prefill), PivotKV with its defaults. */
    public static KvPolicy create(String name, KvBudget budget, LlamaTextConfig text) {
        return create(name, budget, PivotKv.DEFAULT_PIVOTS, PivotKv.DEFAULT_REFORGE, PivotKv.DEFAULT_FRAME_TEXT, text);
    }

    /** A fresh policy; {@code pivots}, {@code reforge} and {@code frameText} are PivotKV's knobs (ignored by the others). */
    public static KvPolicy create(String name, KvBudget budget, PivotKv.Pivots pivots, PositionReforge.Mode reforge,
                                  PivotKv.FrameText frameText, LlamaTextConfig text) {
        return switch (name) {
            case "none" -> KvPolicy.NONE;
            case "pivotkv" -> new PivotKv(budget, pivots, reforge, frameText, text.numAttentionHeads());
            case "snapkv" -> new SnapKv(budget, SNAPKV_WINDOW, SNAPKV_KERNEL);
            case "h2o" -> new H2o(budget, text.numHiddenLayers());
            default -> throw new IllegalArgumentException("unknown KV policy '" + name + "'; use one of " + NAMES);
        };
    }
}
