package org.videollm4j.compress.layer;

import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.kv.LayerHook;
import org.videollm4j.model.kv.TokenStates;
import org.videollm4j.model.kv.TokenTag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * LP-Comp's progressive drop as a {@link LayerHook} (XComp, training-free form): after layer l, each
 * frame (tokens sharing a visual tag) keeps its LAST schedule[l+1] tokens (suffix keep; XComp found it
 * better than uniform keep), so layer l+1 and later never see the rest.
 * <p>Positions: XComp compacts position ids to 0..len-1 after each drop. Here each layer's cache stores
 * the positions that layer saw, so compaction is: a token surviving the drop after layer l moves down by
 * the number of tokens dropped there before it, counting earlier forward calls (chunks); a later token
 * (the question, each decoded token) therefore moves down by everything dropped at that layer, which is
 * the reference's "each drop layer shifts positions by the tokens it removed". Positions handed in are
 * layer 0's (un-compacted); layer l sees them minus all drops at layers before l. Assumes forward calls
 * come in position order (prefill chunks, then decoding), as they do. One hook instance per sequence.
 */
public final class LpCompHook implements LayerHook {
    private final int[] schedule;  // (layers) tokens per frame entering each layer
    private final long[] removed;  // (layers) tokens dropped after each layer so far
    private final int[] keptPerLayer; // (layers) visual tokens that entered each layer (trace)

    public LpCompHook(int[] schedule) {
        this.schedule = schedule.clone();
        this.removed = new long[schedule.length];
        this.keptPerLayer = new int[schedule.length];
    }

    /** The training-free XComp schedule for a model: N1 tokens per frame, {@code layers} decoder layers. */
    public static LpCompHook cosine(int tokensPerFrame, int layers) {
        return new LpCompHook(LpCompSchedule.applied(tokensPerFrame, layers));
    }

    /** Visual tokens that entered each layer over all calls so far, (layers). */
    public int[] visualPerLayer() {
        return keptPerLayer.clone();
    }

    @Override
    public void afterLayer(int layer, TokenStates states, KvCache cache) {
        int n = states.size();
        int[] tags = states.tags();
        for (int t : tags) {
            if (TokenTag.isVisual(t)) {
                keptPerLayer[layer]++;
            }
        }
        if (layer + 1 >= schedule.length) {
            return;
        }
        int target = schedule[layer + 1];
        Map<Integer, Integer> frameCount = new HashMap<>(); // frame tag -> its tokens among the states
        for (int t : tags) {
            if (TokenTag.isVisual(t)) {
                frameCount.merge(t, 1, Integer::sum);
            }
        }
        Map<Integer, Integer> seen = new HashMap<>();
        List<Integer> keep = new ArrayList<>();
        boolean[] dropped = new boolean[n];
        for (int i = 0; i < n; i++) {
            int t = tags[i];
            if (TokenTag.isVisual(t)) {
                int idx = seen.merge(t, 1, Integer::sum) - 1; // 0-based index within its frame
                if (idx < frameCount.get(t) - target) {
                    dropped[i] = true;
                    continue;
                }
            }
            keep.add(i);
        }
        int[] pos = states.positions();
        int[] newPos = new int[n];
        long before = removed[layer];
        for (int i = 0; i < n; i++) {
            if (dropped[i]) {
                before++;
            } else {
                newPos[i] = Math.toIntExact(pos[i] - before);
            }
        }
        removed[layer] = before;
        if (keep.size() < n) {
            states.keepRows(keep.stream().mapToInt(Integer::intValue).toArray());
        }
        int[] p = states.positions(); // live array of the (possibly new) states
        for (int j = 0; j < keep.size(); j++) {
            p[j] = newPos[keep.get(j)];
        }
    }
}
