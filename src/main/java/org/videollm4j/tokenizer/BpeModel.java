package org.videollm4j.tokenizer;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-pair encoding of one pre-tokenised word into ids, as HF tokenizers' {@code models/bpe/model.rs}
 * ({@code BPE::merge_word}) and {@code models/bpe/word.rs} ({@code Word::merge_all}) do it: start from one
 * symbol per character, then repeatedly apply the lowest-ranked merge present, leftmost first, until none
 * applies. Thread-safe; results for short words are cached.
 */
final class BpeModel {
    private static final int CACHE_CAPACITY = 10_000; // words, as HF's default BPE cache
    private static final int CACHE_MAX_WORD = 256;    // chars; longer words are rare and not worth keeping

    private final Map<String, Integer> vocab;
    private final PairRankMap ranks;
    private final int[] mergeResult; // (merges) rank -> id of the merged token
    private final int unkId;         // -1 when the model has no unk_token
    private final boolean fuseUnk;
    private final boolean ignoreMerges;
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

    BpeModel(Map<String, Integer> vocab, PairRankMap ranks, int[] mergeResult, int unkId, boolean fuseUnk,
             boolean ignoreMerges) {
        this.vocab = vocab;
        this.ranks = ranks;
        this.mergeResult = mergeResult;
        this.unkId = unkId;
        this.fuseUnk = fuseUnk;
        this.ignoreMerges = ignoreMerges;
    }

    /** The ids of one word (already byte-level mapped when the pre-tokenizer does that). */
    int[] encodeWord(String word) {
        int[] cached = cache.get(word);
        if (cached != null) {
            return cached;
        }
        int[] ids = computeWord(word);
        if (word.length() <= CACHE_MAX_WORD && cache.size() < CACHE_CAPACITY) {
            cache.put(word, ids);
        }
        return ids;
    }

    private int[] computeWord(String word) {
        if (ignoreMerges) {
            Integer whole = vocab.get(word);
            if (whole != null) {
                return new int[] {whole};
            }
        }
        // Symbols as a doubly linked list over arrays, one per character at first.
        int n = word.codePointCount(0, word.length());
        int[] id = new int[n];
        int count = 0;
        boolean lastWasUnk = false;
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            int len = Character.charCount(cp);
            Integer tokenId = vocab.get(word.substring(i, i + len));
            i += len;
            if (tokenId != null) {
                id[count++] = tokenId;
                lastWasUnk = false;
            } else if (unkId >= 0) {
                if (!(fuseUnk && lastWasUnk)) {
                    id[count++] = unkId;
                }
                lastWasUnk = true;
            } // else: HF drops a character that has no token and no unk to stand for it
        }
        if (count < 2) {
            return Arrays.copyOf(id, count);
        }
        int[] prev = new int[count];
        int[] next = new int[count];
        boolean[] removed = new boolean[count];
        LongMinHeap heap = new LongMinHeap(count);
        for (int i = 0; i < count; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < count ? i + 1 : -1;
            if (i + 1 < count) {
                push(heap, id[i], id[i + 1], i);
            }
        }
        int alive = count;
        while (!heap.isEmpty()) {
            long top = heap.pop();
            int rank = (int) (top >>> 32);
            int pos = (int) top;
            if (removed[pos] || next[pos] < 0) {
                continue;
            }
            int right = next[pos];
            int currentRank = ranks.get(id[pos], id[right]);
            // stale entry: the pair at pos changed since it was queued (HF compares the merged id)
            if (currentRank < 0 || mergeResult[currentRank] != mergeResult[rank]) {
                continue;
            }
            id[pos] = mergeResult[rank];
            removed[right] = true;
            alive--;
            next[pos] = next[right];
            if (next[pos] >= 0) {
                prev[next[pos]] = pos;
                push(heap, id[pos], id[next[pos]], pos);
            }
            if (prev[pos] >= 0) {
                push(heap, id[prev[pos]], id[pos], prev[pos]);
            }
        }
        int[] out = new int[alive];
        int k = 0;
        for (int i = 0; i >= 0; i = next[i]) {
            out[k++] = id[i];
        }
        return out;
    }

    private void push(LongMinHeap heap, int left, int right, int pos) {
        int rank = ranks.get(left, right);
        if (rank >= 0) {
            heap.push(((long) rank << 32) | pos); // ordered by rank, then leftmost position
        }
    }

    /** A binary min-heap of longs, growing as needed. */
    private static final class LongMinHeap {
        private long[] a;
        private int size;

        LongMinHeap(int capacity) {
            a = new long[Math.max(4, capacity)];
        }

        boolean isEmpty() {
            return size == 0;
        }

        void push(long v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (a[parent] <= v) {
                    break;
                }
                a[i] = a[parent];
                i = parent;
            }
            a[i] = v;
        }

        long pop() {
            long top = a[0];
            long last = a[--size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && a[child + 1] < a[child]) {
                    child++;
                }
                if (a[child] >= last) {
                    break;
                }
                a[i] = a[child];
                i = child;
            }
            a[i] = last;
            return top;
        }
    }
}
