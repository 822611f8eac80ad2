package org.videollm4j.synth;

import org.videollm4j.image.RgbImage;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Draws the world at any time and size, straight into pixels (no encoding): the video writer and the
 * training-data pipeline both use it. Antialiasing is off on purpose: hard edges keep colours exact
 * (a shape's pixels are exactly its colour, a card's panel exactly white or black) and make frames
 * identical everywhere; smoothing is the downscaler's job.
 *
 * <p>Not thread-safe (it caches backgrounds); use one renderer per thread.
 */
public final class FrameRenderer {
    /** The card panel covers this margin..1-margin of the frame in both directions. */
    public static final double CARD_MARGIN = 0.08;

    private final Scenario scenario;
    private final BackgroundSource source;
    private final Map<String, int[]> backgrounds = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, int[]> eldest) {
            return size() > 8;
        }
    };

    /** @param source frames for {@link BackgroundKind#VIDEO} scenes; may be null when there are none */
    public FrameRenderer(Scenario scenario, BackgroundSource source) {
        this.scenario = scenario;
        this.source = source;
    }

    public FrameRenderer(Scenario scenario) {
        this(scenario, null);
    }

    /** One-off rendering of a world with procedural backgrounds only. */
    public static RgbImage render(Scenario scenario, double tSeconds, int width, int height) {
        return new FrameRenderer(scenario).render(tSeconds, width, height);
    }

    /** The frame at time t (seconds) at width x height. */
    public RgbImage render(double tSeconds, int width, int height) {
        int[] px = renderPacked(tSeconds, width, height); // (h, w) 0xRRGGBB
        byte[] rgb = new byte[width * height * 3]; // (h, w, 3)
        for (int i = 0; i < px.length; i++) {
            rgb[3 * i] = (byte) (px[i] >> 16);
            rgb[3 * i + 1] = (byte) (px[i] >> 8);
            rgb[3 * i + 2] = (byte) px[i];
        }
        return new RgbImage(width, height, rgb);
    }

    private int[] renderPacked(double t, int w, int h) {
        if (w <= 0 || h <= 0) {
            throw new IllegalArgumentException("frame size must be positive, got " + w + "x" + h);
        }
        Scene scene = scenario.sceneAt(t);
        int[] bg = backgrounds.computeIfAbsent(scene.index() + "@" + w + "x" + h,
                k -> Backgrounds.paint(scene, w, h, source));
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData(); // (h, w)
        System.arraycopy(bg, 0, px, 0, px.length);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            for (ShapeEvent s : scenario.shapesAt(t)) {
                drawShape(g, s, t, w, h);
            }
            for (CardEvent c : scenario.cardsAt(t)) {
                drawCard(g, c, w, h);
            }
        } finally {
            g.dispose();
        }
        return px;
    }

    /** The outline of a shape event at time t in pixel coordinates. */
    static Shape outline(ShapeEvent s, double t, int w, int h) {
        double[] c = s.centreAt(t);
        double cx = c[0] * w;
        double cy = c[1] * h;
        double r = s.radius() * Math.min(w, h);
        return switch (s.shape()) {
            case CIRCLE -> new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r);
            case SQUARE -> polygon(cx, cy, r * Math.sqrt(2) * 0.85, 4, Math.PI / 4, 1);
            case TRIANGLE -> polygon(cx, cy + 0.15 * r, r * 1.1, 3, -Math.PI / 2, 1);
            case STAR -> polygon(cx, cy, r * 1.05, 10, -Math.PI / 2, 0.45);
            case CROSS -> cross(cx, cy, r * 0.95);
        };
    }

    private static Polygon polygon(double cx, double cy, double r, int n, double phase, double innerRatio) {
        Polygon p = new Polygon();
        for (int i = 0; i < n; i++) {
            double a = phase + 2 * Math.PI * i / n;
            double rr = (innerRatio != 1 && i % 2 == 1) ? r * innerRatio : r;
            p.addPoint((int) Math.round(cx + rr * Math.cos(a)), (int) Math.round(cy + rr * Math.sin(a)));
        }
        return p;
    }

    private static Polygon cross(double cx, double cy, double r) {
        double a = r * 0.36; // half the arm width
        double[][] pts = {{-a, -r}, {a, -r}, {a, -a}, {r, -a}, {r, a}, {a, a}, {a, r}, {-a, r}, {-a, a},
                {-r, a}, {-r, -a}, {-a, -a}};
        Polygon p = new Polygon();
        for (double[] q : pts) {
            p.addPoint((int) Math.round(cx + q[0]), (int) Math.round(cy + q[1]));
        }
        return p;
    }

    private static void drawShape(Graphics2D g, ShapeEvent s, double t, int w, int h) {
        Shape shape = outline(s, t, w, h);
        g.setColor(new Color(s.colour().rgb()));
        g.fill(shape);
        g.setColor(Color.BLACK); // a dark outline keeps the shape apart from any background
        g.setStroke(new BasicStroke(Math.max(1f, Math.min(w, h) / 48f)));
        g.draw(shape);
    }

    private static void drawCard(Graphics2D g, CardEvent c, int w, int h) {
        int x0 = (int) Math.round(CARD_MARGIN * w);
        int y0 = (int) Math.round(CARD_MARGIN * h);
        int x1 = w - x0;
        int y1 = h - y0;
        g.setColor(c.inverted() ? Color.BLACK : Color.WHITE);
        g.fillRect(x0, y0, x1 - x0, y1 - y0);
        g.setColor(c.inverted() ? Color.WHITE : Color.BLACK);
        String text = c.text();
        int cols = text.length() * (Glyphs.COLS + 1) - 1;
        double pad = 0.12 * Math.min(x1 - x0, y1 - y0);
        double cell = Math.min((x1 - x0 - 2 * pad) / cols, (y1 - y0 - 2 * pad) / Glyphs.ROWS);
        double ox = (x0 + x1) / 2.0 - cell * cols / 2.0;
        double oy = (y0 + y1) / 2.0 - cell * Glyphs.ROWS / 2.0;
        for (int i = 0; i < text.length(); i++) {
            for (int row = 0; row < Glyphs.ROWS; row++) {
                for (int col = 0; col < Glyphs.COLS; col++) {
                    if (Glyphs.ink(text.charAt(i), col, row)) {
                        int gx = i * (Glyphs.COLS + 1) + col;
                        int ax = (int) Math.round(ox + gx * cell);
                        int bx = (int) Math.round(ox + (gx + 1) * cell);
                        int ay = (int) Math.round(oy + row * cell);
                        int by = (int) Math.round(oy + (row + 1) * cell);
                        g.fillRect(ax, ay, Math.max(1, bx - ax), Math.max(1, by - ay));
                    }
                }
            }
        }
    }
}
