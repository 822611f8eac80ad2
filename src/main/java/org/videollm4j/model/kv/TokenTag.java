package org.videollm4j.model.kv;

/** Conventional tags carried by cached tokens: {@link #TEXT}, or a frame/image index >= 0 for visual tokens. */
public final class TokenTag {
    public static final int TEXT = -1;

    private TokenTag() {
    }

    public static boolean isVisual(int tag) {
        return tag >= 0;
    }
}
