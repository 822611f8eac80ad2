package org.videollm4j.model.kv;

/**
 * Called by the decoder after each layer of a forward call, with the hidden states that go into the
 * next layer: it may drop tokens ({@link TokenStates#keepRows}) so later layers never see them (FastV,
 * LP-Comp), or edit the cache of layers already run. Dropped tokens leave no entry in later layers'
 * caches, so per-layer cache sizes differ afterwards. The default does nothing.
 */
@FunctionalInterface
public interface LayerHook {
    LayerHook NONE = (layer, states, cache) -> { };

    void afterLayer(int layer, TokenStates states, KvCache cache);
}
