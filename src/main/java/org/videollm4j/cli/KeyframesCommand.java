package org.videollm4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.videollm4j.compress.select.DpSelect;
import org.videollm4j.compress.select.VideoKeyframes;
import org.videollm4j.model.smolvlm.SmolVlmModel;
import org.videollm4j.preprocess.ProcessorConfig;
import org.videollm4j.preprocess.SmolVlmImageProcessor;
import org.videollm4j.util.BadInputException;
import org.videollm4j.util.ModelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code videollm4j keyframes VIDEO [--fps F] [--model DIR] [--json] [--ratio R] [--variant patch|frame]}:
 * DPSelect keyframes computed on the model's visual features. Without --ratio it lists the keyframes
 * (peaks of feature change; see {@link DpSelect}); with --ratio R the round(R * T) frames DPSelect keeps.
 */
@Command(name = "keyframes", mixinStandardHelpOptions = true,
        description = "List DPSelect keyframes (peaks of visual-feature change) of a video.")
public final class KeyframesCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "VIDEO", description = "the video file")
    Path video;

    @Option(names = "--fps", paramLabel = "F", defaultValue = "1",
            description = "frames sampled per second (default ${DEFAULT-VALUE})")
    double fps;

    @Option(names = "--max-frames", paramLabel = "M", defaultValue = "100000",
            description = "at most M frames, spread uniformly when --fps gives more (default ${DEFAULT-VALUE})")
    int maxFrames;

    @Mixin
    ModelOption model = new ModelOption();

    @Option(names = "--json", description = "print a JSON array [{\"index\", \"pts_s\", \"score\", ...}]")
    boolean json;

    @Option(names = "--ratio", paramLabel = "R",
            description = "list the round(R * frames) frames DPSelect keeps, R in (0, 1], instead of the keyframes")
    Double ratio;

    @Option(names = "--variant", paramLabel = "V", defaultValue = "patch",
            description = "peaks per spatial token (patch, ReTaKe's default) or of the frame mean (frame)")
    String variant;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "16",
            description = "frames decoded and encoded together (memory bound; default ${DEFAULT-VALUE})")
    int batch;

    @Override
    public Integer call() throws Exception {
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new UsageException("--fps must be a positive number, got " + fps);
        }
        if (ratio != null && !(ratio > 0 && ratio <= 1)) {
            throw new UsageException("--ratio must be in (0, 1], got " + ratio);
        }
        if (maxFrames <= 0) {
            throw new UsageException("--max-frames must be >= 1, got " + maxFrames);
        }
        if (batch <= 0) {
            throw new UsageException("--batch must be >= 1, got " + batch);
        }
        DpSelect.Variant v = switch (variant.toLowerCase(Locale.ROOT)) {
            case "patch" -> DpSelect.Variant.PATCH;
            case "frame" -> DpSelect.Variant.FRAME;
            default -> throw new UsageException("--variant must be patch or frame, got '" + variant + "'");
        };
        if (!Files.isRegularFile(video)) {
            throw BadInputException.file(video, Files.exists(video) ? "not a regular file" : "video file not found");
        }
        Path dir = model.dir();
        VideoKeyframes.Result r;
        try (SmolVlmModel m = SmolVlmModel.load(dir)) {
            SmolVlmImageProcessor images = new SmolVlmImageProcessor(ProcessorConfig.load(ModelFiles.of(dir)));
            r = VideoKeyframes.run(video, m, images, fps, maxFrames, ratio == null ? 1.0 : ratio, v, batch);
        }
        DpSelect.Result s = r.selection();
        List<Integer> listed = new ArrayList<>();
        if (ratio != null) {
            for (int i : s.kept()) {
                listed.add(i);
            }
        } else {
            for (int i = 0; i < s.keyframes().length; i++) {
                if (s.keyframes()[i]) {
                    listed.add(i);
                }
            }
        }
        if (json) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (int i : listed) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("index", i);
                e.put("pts_s", r.timestampsS()[i]);
                e.put("score", s.frameScores()[i]);
                e.put("keyframe", s.keyframes()[i]);
                e.put("peak_fraction", s.peakFraction()[i]);
                out.add(e);
            }
            System.out.println(new ObjectMapper().writeValueAsString(out));
        } else {
            System.out.printf(Locale.ROOT, "%s: %d of %d sampled frames (%s, %s)%n", video, listed.size(),
                    s.frameScores().length, ratio == null ? "keyframes" : "ratio " + ratio, v.name().toLowerCase(Locale.ROOT));
            System.out.printf("%7s %10s %8s %9s%n", "index", "pts_s", "score", "keyframe");
            for (int i : listed) {
                System.out.printf(Locale.ROOT, "%7d %10.3f %8.4f %9s%n", i, r.timestampsS()[i], s.frameScores()[i],
                        s.keyframes()[i] ? "yes" : "no");
            }
        }
        return 0;
    }
}
