package org.videollm4j.video;

/** An output frame size in pixels, e.g. parsed from "384x384". */
public record Size(int width, int height) {
    public Size {
        if (width < 1 || height < 1 || width > MediaFile.MAX_SIDE || height > MediaFile.MAX_SIDE) {
            throw new IllegalArgumentException("frame size must be between 1x1 and " + MediaFile.MAX_SIDE + "x"
                    + MediaFile.MAX_SIDE + ", got " + width + "x" + height);
        }
    }

    /** Parses "WxH" (e.g. "384x384"); the message names the bad text. */
    public static Size parse(String text) {
        String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("size must look like WIDTHxHEIGHT (e.g. 384x384), got '" + text + "'");
        }
        try {
            return new Size(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size must look like WIDTHxHEIGHT (e.g. 384x384), got '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
