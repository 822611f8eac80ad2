package org.videollm4j.synth;

/**
 * A shape that appears at {@code startMs}, glides in a straight line and disappears at {@code endMs}
 * (exclusive). Positions are fractions of the frame (0..1, centre of the shape); {@code radius} is a
 * fraction of the frame's smaller side. The generator keeps the whole shape inside the frame.
 */
public record ShapeEvent(int id, ShapeKind shape, ShapeColour colour, long startMs, long endMs,
                         double x0, double y0, double x1, double y1, double radius) implements TimedEvent {

    public ShapeEvent {
        if (endMs <= startMs) {
            throw new IllegalArgumentException("shape event " + id + " ends (" + endMs + ") before it starts (" + startMs + ")");
        }
    }

    /** Centre at time t (seconds), as {x, y} fractions of the frame; linear motion over the lifetime. */
    public double[] centreAt(double tSeconds) {
        double a = (tSeconds * 1000.0 - startMs) / (endMs - startMs);
        a = Math.max(0, Math.min(1, a));
        return new double[] {x0 + a * (x1 - x0), y0 + a * (y1 - y0)};
    }

    /** "red circle". */
    public String label() {
        return colour.word() + " " + shape.word();
    }
}
