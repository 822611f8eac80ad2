package org.videollm4j.preprocess;

import java.util.List;

/**
 * Model-ready pixels of one request: every tile, global image or video frame, in prompt order.
 *
 * @param pixelValues (count, 3, size, size) float32, normalised (SmolVLM: [-1, 1])
 * @param count       number of size x size pictures
 * @param size        M, the vision encoder's input side
 * @param grids       per input image or frame, its tile grid (pictures of image k follow those of image k-1)
 */
public record PixelBatch(float[] pixelValues, int count, int size, List<ImageGrid> grids) {
    public PixelBatch {
        if ((long) count * 3 * size * size != pixelValues.length) {
            throw new IllegalArgumentException("pixelValues holds " + pixelValues.length + " floats, expected "
                    + count + " x 3 x " + size + " x " + size);
        }
        int sum = grids.stream().mapToInt(ImageGrid::pictures).sum();
        if (sum != count) {
            throw new IllegalArgumentException("grids describe " + sum + " pictures but the batch has " + count);
        }
        grids = List.copyOf(grids);
    }

    /**
     * How an image was cut: {@code rows x cols} tiles plus a global image, or (0, 0) for a single square image.
     */
    public record ImageGrid(int rows, int cols) {
        public static final ImageGrid SINGLE = new ImageGrid(0, 0);

        public ImageGrid {
            if (rows < 0 || cols < 0 || (rows == 0) != (cols == 0)) {
                throw new IllegalArgumentException("a tile grid is (0, 0) or positive rows and cols, got " + rows + "x" + cols);
            }
        }

        public boolean split() {
            return rows > 0;
        }

        /** Pictures this image contributes: the tiles plus the global image. */
        public int pictures() {
            return rows * cols + 1;
        }
    }
}
