package org.videollm4j.synth;

/**
 * How long things last in a synthetic world, in milliseconds. The defaults keep every event on screen
 * for at least one full second, so a sampler at 1 fps sees each shape and card at least once
 * (an interval of length >= 1 s contains a sample whatever the sampling phase).
 */
public record Pacing(long shapeMinMs, long shapeMaxMs, long gapMinMs, long gapMaxMs,
                     long cardMinMs, long cardMaxMs, long sceneMinMs, long sceneMaxMs, int extraCardsMax) {

    public static final Pacing DEFAULT = new Pacing(2000, 8000, 1000, 3000, 1000, 2000, 5000, 40000, 2);
    /** Short clips (8-30 s, early curriculum stages): more events per second, still >= 1 s each. */
    public static final Pacing BRISK = new Pacing(1500, 4000, 500, 1500, 1000, 1500, 4000, 12000, 2);

    /** "default" or "brisk". */
    public static Pacing named(String name) {
        return switch (name) {
            case "default" -> DEFAULT;
            case "brisk" -> BRISK;
            default -> throw new IllegalArgumentException("unknown pacing '" + name + "' (known: default, brisk)");
        };
    }

    public Pacing {
        checkRange("shape", shapeMinMs, shapeMaxMs);
        checkRange("gap", gapMinMs, gapMaxMs);
        checkRange("card", cardMinMs, cardMaxMs);
        checkRange("scene", sceneMinMs, sceneMaxMs);
        if (gapMinMs < 100) {
            throw new IllegalArgumentException("gapMinMs must be at least 100 so events never touch, got " + gapMinMs);
        }
        if (extraCardsMax < 0 || extraCardsMax > CardKind.values().length - 1) {
            throw new IllegalArgumentException("extraCardsMax must be in 0.." + (CardKind.values().length - 1)
                    + " (one card per kind), got " + extraCardsMax);
        }
    }

    private static void checkRange(String what, long min, long max) {
        if (min < 100 || max < min) {
            throw new IllegalArgumentException(what + " duration range must satisfy 100 <= min <= max (ms), got "
                    + min + ".." + max);
        }
    }
}
