package org.videollm4j.compress.select;

import org.videollm4j.image.RgbImage;
import org.videollm4j.model.smolvlm.SmolVlmModel;
import org.videollm4j.preprocess.PixelBatch;
import org.videollm4j.preprocess.SmolVlmImageProcessor;
import org.videollm4j.util.BadInputException;
import org.videollm4j.video.DecodedFrame;
import org.videollm4j.video.FrameStream;
import org.videollm4j.video.Prober;
import org.videollm4j.video.SamplingPlan;
import org.videollm4j.video.SamplingPlans;
import org.videollm4j.video.VideoProbe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * DPSelect on a video file in bounded memory: decode at a frame rate (native size), preprocess and
 * encode frames in batches, and keep only the feature change d (frames, tokensPerFrame) and the previous
 * frame's tokens ({@link FeatureChange}), never all frames' pixels or features.
 */
public final class VideoKeyframes {
    /** @param timestampsS (frames) presentation time of each sampled frame */
    public record Result(DpSelect.Result selection, double[] timestampsS, VideoProbe probe) {
    }

    private VideoKeyframes() {
    }

    public static Result run(Path video, SmolVlmModel model, SmolVlmImageProcessor images, double fps, int maxFrames,
                             double ratio, DpSelect.Variant variant, int batchFrames) {
        if (batchFrames <= 0) {
            throw new IllegalArgumentException("batch frames must be >= 1, got " + batchFrames);
        }
        VideoProbe probe = Prober.probe(video);
        SamplingPlan plan = SamplingPlans.byFps(probe, fps, maxFrames);
        FeatureChange change = new FeatureChange(model.tokensPerImage(), model.config().text().hiddenSize());
        List<Double> times = new ArrayList<>();
        List<RgbImage> batch = new ArrayList<>(batchFrames);
        try (FrameStream frames = FrameStream.open(video, probe, plan, Optional.empty())) {
            for (DecodedFrame f : frames) {
                batch.add(f.image());
                times.add(f.ptsS());
                if (batch.size() == batchFrames) {
                    encode(model, images, batch, change);
                }
            }
        }
        encode(model, images, batch, change);
        if (change.frames() == 0) {
            throw BadInputException.file(video, "no frame could be decoded");
        }
        double[] ts = times.stream().mapToDouble(Double::doubleValue).toArray();
        DpSelect.Result r = DpSelect.select(change.distances(), change.frames(), change.tokensPerFrame(), ratio, variant);
        return new Result(r, ts, probe);
    }

    private static void encode(SmolVlmModel model, SmolVlmImageProcessor images, List<RgbImage> batch,
                               FeatureChange change) {
        if (batch.isEmpty()) {
            return;
        }
        PixelBatch px = images.processFrames(batch);
        change.add(model.encodeImages(px.pixelValues(), px.count()), px.count());
        batch.clear();
    }
}
