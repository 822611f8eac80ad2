package org.videollm4j.tokenizer;

import java.util.Arrays;

/**
 * Open-addressing hash map from a token pair (left id, right id) to its merge rank. Avoids boxing 280k
 * {@code Long} keys; lookups are the inner loop of BPE.
 */
final class PairRankMap {
    private static final long EMPTY = -1L; // never a key: ids are non-negative

    private final long[] keys;   // (capacity) packed pairs, EMPTY where free
    private final int[] values;  // (capacity) ranks
    private final int mask;

    PairRankMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new int[capacity];
        mask = capacity - 1;
        Arrays.fill(keys, EMPTY);
    }

    static long pack(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    /** Sets the rank of a pair; a later put of the same pair replaces the earlier one. */
    void put(int left, int right, int rank) {
        long key = pack(left, right);
        int slot = slot(key);
        while (keys[slot] != EMPTY && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = rank;
    }

    /** The rank of the pair, or -1 if the pair never merges. */
    int get(int left, int right) {
        long key = pack(left, right);
        int slot = slot(key);
        while (true) {
            long k = keys[slot];
            if (k == key) {
                return values[slot];
            }
            if (k == EMPTY) {
                return -1;
            }
            slot = (slot + 1) & mask;
        }
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 33) & mask;
    }
}
