package org.videollm4j.bench.scaling;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap figures from a unified GC log ({@code -Xlog:gc}), whose pause lines read e.g.
 * {@code [1.234s][info][gc] GC(3) Pause Young (Allocation Failure) 513M->12M(1963M) 3.456ms}: the heap in use
 * before the pause (allocation high-water mark, garbage included) and after it (what survived: the live set).
 *
 * @param pauses          GC pauses seen
 * @param maxBeforeBytes  largest heap in use before a pause
 * @param maxAfterBytes   largest heap in use after a pause (peak live heap as far as the collector saw it)
 * @param maxCommittedBytes largest committed heap
 */
public record GcLog(int pauses, long maxBeforeBytes, long maxAfterBytes, long maxCommittedBytes) {
    private static final Pattern PAUSE = Pattern.compile(
            "Pause .*?(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    /** Parses the text of a GC log; lines that are not pauses are ignored. */
    public static GcLog parse(String log) {
        int n = 0;
        long before = 0, after = 0, committed = 0;
        for (String line : log.split("\n")) {
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                n++;
                before = Math.max(before, bytes(m.group(1), m.group(2)));
                after = Math.max(after, bytes(m.group(3), m.group(4)));
                committed = Math.max(committed, bytes(m.group(5), m.group(6)));
            }
        }
        return new GcLog(n, before, after, committed);
    }

    private static long bytes(String number, String unit) {
        long v = Long.parseLong(number);
        return switch (unit) {
            case "K" -> v << 10;
            case "M" -> v << 20;
            default -> v << 30;
        };
    }
}
