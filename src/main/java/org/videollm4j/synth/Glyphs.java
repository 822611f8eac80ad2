package org.videollm4j.synth;

import java.util.Map;

/**
 * A 5x7 bitmap font for card texts (digits and capital letters). Our own pixels instead of a system
 * font: the frames are then identical on every machine, need no installed fonts, and the strokes stay
 * solid blocks that survive downscaling to 32x32.
 */
final class Glyphs {
    static final int COLS = 5;
    static final int ROWS = 7;

    // Each glyph: 7 rows, top to bottom; bit 4 of a row is the leftmost column.
    private static final Map<Character, int[]> FONT = Map.ofEntries(
            entry('0', 0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110),
            entry('1', 0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110),
            entry('2', 0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b01000, 0b11111),
            entry('3', 0b11111, 0b00010, 0b00100, 0b00010, 0b00001, 0b10001, 0b01110),
            entry('4', 0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010),
            entry('5', 0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110),
            entry('6', 0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110),
            entry('7', 0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000),
            entry('8', 0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110),
            entry('9', 0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100),
            entry('A', 0b01110, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001),
            entry('B', 0b11110, 0b10001, 0b10001, 0b11110, 0b10001, 0b10001, 0b11110),
            entry('C', 0b01110, 0b10001, 0b10000, 0b10000, 0b10000, 0b10001, 0b01110),
            entry('D', 0b11110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b11110),
            entry('E', 0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b11111),
            entry('F', 0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b10000),
            entry('G', 0b01110, 0b10001, 0b10000, 0b10111, 0b10001, 0b10001, 0b01111),
            entry('H', 0b10001, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001),
            entry('I', 0b01110, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110),
            entry('J', 0b00111, 0b00010, 0b00010, 0b00010, 0b00010, 0b10010, 0b01100),
            entry('K', 0b10001, 0b10010, 0b10100, 0b11000, 0b10100, 0b10010, 0b10001),
            entry('L', 0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b11111),
            entry('M', 0b10001, 0b11011, 0b10101, 0b10101, 0b10001, 0b10001, 0b10001),
            entry('N', 0b10001, 0b10001, 0b11001, 0b10101, 0b10011, 0b10001, 0b10001),
            entry('O', 0b01110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110),
            entry('P', 0b11110, 0b10001, 0b10001, 0b11110, 0b10000, 0b10000, 0b10000),
            entry('Q', 0b01110, 0b10001, 0b10001, 0b10001, 0b10101, 0b10010, 0b01101),
            entry('R', 0b11110, 0b10001, 0b10001, 0b11110, 0b10100, 0b10010, 0b10001),
            entry('S', 0b01111, 0b10000, 0b10000, 0b01110, 0b00001, 0b00001, 0b11110),
            entry('T', 0b11111, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100),
            entry('U', 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110),
            entry('V', 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01010, 0b00100),
            entry('W', 0b10001, 0b10001, 0b10001, 0b10101, 0b10101, 0b10101, 0b01010),
            entry('X', 0b10001, 0b10001, 0b01010, 0b00100, 0b01010, 0b10001, 0b10001),
            entry('Y', 0b10001, 0b10001, 0b01010, 0b00100, 0b00100, 0b00100, 0b00100),
            entry('Z', 0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b10000, 0b11111));

    private Glyphs() {
    }

    /** Whether cell (col, row) of character c is ink. */
    static boolean ink(char c, int col, int row) {
        int[] rows = FONT.get(c);
        if (rows == null) {
            throw new IllegalArgumentException("no glyph for '" + c + "'");
        }
        return ((rows[row] >> (COLS - 1 - col)) & 1) != 0;
    }

    private static Map.Entry<Character, int[]> entry(char c, int... rows) {
        return Map.entry(c, rows);
    }
}
