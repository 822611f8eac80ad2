package org.videollm4j.preprocess;

import org.videollm4j.util.BadInputException;
import org.videollm4j.util.JsonFields;
import org.videollm4j.util.ModelFiles;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The SmolVLM processor settings of a model folder: {@code preprocessor_config.json} (image processor) merged
 * with {@code processor_config.json} (which holds {@code image_seq_len}; either file may hold any key, the
 * processor file wins, like transformers' processor kwargs). Defaults are those of transformers'
 * SmolVLMImageProcessor / SmolVLMProcessor where a key is absent.
 *
 * @param longestEdge      size.longest_edge: first resize target of an image's longest edge (A8 step 1)
 * @param maxImageSize     max_image_size.longest_edge = M, the vision encoder's square input size
 * @param video            video_sampling
 * @param resample         PIL resample code; 3 = BICUBIC, 1 = LANCZOS (both run as BICUBIC + antialias, see
 *                         {@link SmolVlmImageProcessor})
 * @param imageMean        per-channel mean (R, G, B)
 * @param imageStd         per-channel std (R, G, B)
 * @param imageSeqLen      image_seq_len: {@code <image>} tokens per image/tile/frame, if the folder states it
 */
public record ProcessorConfig(int longestEdge, int maxImageSize, VideoSampling video, int resample,
                              boolean doResize, boolean doRescale, double rescaleFactor, boolean doNormalize,
                              double[] imageMean, double[] imageStd, boolean doImageSplitting,
                              OptionalInt imageSeqLen) {

    public static final String PREPROCESSOR_CONFIG = "preprocessor_config.json";
    public static final String PROCESSOR_CONFIG = "processor_config.json";
    /** PIL.Image.Resampling codes that this processor accepts. */
    public static final int LANCZOS = 1;
    public static final int BICUBIC = 3;

    /** video_sampling: fps and max_frames for frame sampling, video_size.longest_edge for the first frame resize. */
    public record VideoSampling(double fps, int maxFrames, int longestEdge) {
        public VideoSampling {
            if (!(fps > 0) || maxFrames <= 0 || longestEdge <= 0) {
                throw new IllegalArgumentException("video_sampling needs fps > 0, max_frames > 0, video_size > 0, got fps "
                        + fps + ", max_frames " + maxFrames + ", video_size " + longestEdge);
            }
        }
    }

    public ProcessorConfig {
        if (longestEdge <= 0 || maxImageSize <= 0) {
            throw new IllegalArgumentException("size.longest_edge and max_image_size.longest_edge must be positive, got "
                    + longestEdge + " and " + maxImageSize);
        }
        if (resample != BICUBIC && resample != LANCZOS) {
            throw new IllegalArgumentException("resample " + resample + " is not supported (3 = BICUBIC; 1 = LANCZOS"
                    + " runs as BICUBIC like transformers' fast processor)");
        }
        if (!(rescaleFactor > 0) || imageMean.length != 3 || imageStd.length != 3) {
            throw new IllegalArgumentException("rescale_factor must be > 0 and image_mean/image_std 3 numbers, got "
                    + rescaleFactor + ", " + Arrays.toString(imageMean) + ", " + Arrays.toString(imageStd));
        }
        for (double s : imageStd) {
            if (s == 0 || !Double.isFinite(s)) {
                throw new IllegalArgumentException("image_std must be finite and non-zero, got " + Arrays.toString(imageStd));
            }
        }
        imageMean = imageMean.clone();
        imageStd = imageStd.clone();
        if (imageSeqLen.isPresent() && imageSeqLen.getAsInt() <= 0) {
            throw new IllegalArgumentException("image_seq_len must be positive, got " + imageSeqLen.getAsInt());
        }
    }

    @Override
    public double[] imageMean() {
        return imageMean.clone();
    }

    @Override
    public double[] imageStd() {
        return imageStd.clone();
    }

    /** Same settings with image splitting switched on or off (the CLI may override the folder's choice). */
    public ProcessorConfig withImageSplitting(boolean split) {
        return new ProcessorConfig(longestEdge, maxImageSize, video, resample, doResize, doRescale, rescaleFactor,
                doNormalize, imageMean, imageStd, split, imageSeqLen);
    }

    /**
     * {@code <image>} tokens per image: image_seq_len when stated, else what the vision tower produces,
     * {@code (imageSize / patchSize)^2 / scaleFactor^2} (transformers Idefics3/SmolVLM processor comment).
     */
    public int imageSeqLen(int imageSize, int patchSize, int scaleFactor) {
        if (imageSeqLen.isPresent()) {
            return imageSeqLen.getAsInt();
        }
        int side = imageSize / patchSize;
        return side * side / (scaleFactor * scaleFactor);
    }

    /** Reads the folder's preprocessor_config.json (required) and processor_config.json (optional). */
    public static ProcessorConfig load(ModelFiles files) {
        JsonFields pre = files.readJson(PREPROCESSOR_CONFIG, "image preprocessing");
        Optional<JsonFields> proc = files.readJsonIfPresent(PROCESSOR_CONFIG);
        return from(pre, proc);
    }

    static ProcessorConfig from(JsonFields pre, Optional<JsonFields> proc) {
        JsonFields f = pre;
        int maxImage = f.optInt("max_image_size.longest_edge").orElseThrow(
                () -> f.missing("max_image_size.longest_edge", "the vision encoder's image size"));
        int longest = f.optInt("size.longest_edge").orElseThrow(
                () -> f.missing("size.longest_edge", "an integer"));
        int videoEdge = f.intOr("video_sampling.video_size.longest_edge", maxImage);
        double fps = f.doubleOr("video_sampling.fps", 1.0);
        int maxFrames = f.intOr("video_sampling.max_frames", 64);
        OptionalInt seq = f.optInt("image_seq_len");
        if (proc.isPresent() && proc.get().optInt("image_seq_len").isPresent()) {
            seq = proc.get().optInt("image_seq_len");
        }
        double[] half = {0.5, 0.5, 0.5};
        try {
            return new ProcessorConfig(longest, maxImage, new VideoSampling(fps, maxFrames, videoEdge),
                    f.intOr("resample", LANCZOS), f.boolOr("do_resize", true), f.boolOr("do_rescale", true),
                    f.doubleOr("rescale_factor", 1 / 255.0), f.boolOr("do_normalize", true),
                    f.doublesOr("image_mean", 3, half), f.doublesOr("image_std", 3, half),
                    f.boolOr("do_image_splitting", true), seq);
        } catch (IllegalArgumentException e) {
            throw BadInputException.file(f.file(), e.getMessage(), e);
        }
    }
}
