package org.videollm4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.videollm4j.image.RgbImage;
import org.videollm4j.util.BadInputException;
import org.videollm4j.video.DecodedFrame;
import org.videollm4j.video.FrameStream;
import org.videollm4j.video.Prober;
import org.videollm4j.video.SamplingPlan;
import org.videollm4j.video.SamplingPlans;
import org.videollm4j.video.Size;
import org.videollm4j.video.VideoProbe;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code videollm4j frames VIDEO (--fps F | --count N [--midpoints] | --all) --out DIR [--size WxH]}:
 * samples frames to PNG files plus DIR/frames.json. The folder is written under a temporary name and
 * renamed into place only when complete, so a failure never leaves a folder that looks finished.
 */
@Command(name = "frames", mixinStandardHelpOptions = true,
        description = "Sample frames from a video into PNG files and DIR/frames.json.")
public final class FramesCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "VIDEO", description = "the video file")
    Path video;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--fps", paramLabel = "F", description = "frames per second (e.g. 1)")
        Double fps;
        @Option(names = "--count", paramLabel = "N", description = "N frames spread over the video")
        Integer count;
        @Option(names = "--all", description = "every frame")
        boolean all;
    }

    @Option(names = "--midpoints", description = "with --count: the midpoints of N equal segments (LongVLM)")
    boolean midpoints;

    @Option(names = "--max-frames", paramLabel = "M", defaultValue = "100000",
            description = "with --fps: at most M frames, spread uniformly when more (default ${DEFAULT-VALUE})")
    int maxFrames;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (new or empty)")
    Path out;

    @Option(names = "--size", paramLabel = "WxH", description = "resize frames (swscale bicubic); default native size")
    String size;

    @Option(names = "--mode", defaultValue = "AUTO", description = "decoding: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    FrameStream.Mode mode;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "20",
            description = "fail when no frame is decoded for S seconds (default ${DEFAULT-VALUE})")
    double timeout;

    @Override
    public Integer call() throws Exception {
        Optional<Size> outSize = Optional.empty();
        try {
            if (size != null) {
                outSize = Optional.of(Size.parse(size));
            }
            if (midpoints && which.count == null) {
                throw new UsageException("--midpoints goes with --count");
            }
            if (timeout <= 0) {
                throw new UsageException("--timeout must be positive, got " + timeout);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        checkOutputFolder(out);
        VideoProbe probe = Prober.probe(video);
        SamplingPlan plan;
        try {
            plan = which.all ? SamplingPlans.allFrames()
                    : which.fps != null ? SamplingPlans.byFps(probe, which.fps, maxFrames)
                    : midpoints ? SamplingPlans.midpoints(probe, which.count)
                    : SamplingPlans.uniform(probe, which.count);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Path abs = out.toAbsolutePath().normalize();
        Path tmp = Files.createTempDirectory(abs.getParent(), "." + abs.getFileName() + ".partial-");
        try {
            List<Map<String, Object>> index = new ArrayList<>();
            FrameStream.Options opts = new FrameStream.Options(outSize, mode, timeout, 2.0);
            int damaged, skipped;
            Optional<String> readError;
            try (FrameStream frames = FrameStream.open(video, probe, plan, opts)) {
                for (DecodedFrame f : frames) {
                    String name = String.format("frame_%06d.png", f.index());
                    writePng(f.image(), tmp.resolve(name));
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("index", f.index());
                    e.put("pts_s", f.ptsS());
                    e.put("requested_s", f.requestedS());
                    e.put("file", name);
                    index.add(e);
                }
                damaged = frames.damagedPackets();
                skipped = frames.skippedTargets();
                readError = frames.readError();
            }
            if (index.isEmpty()) {
                throw BadInputException.file(video, "no frame could be decoded");
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(tmp.resolve("frames.json").toFile(), index);
            if (Files.isDirectory(out)) {
                Files.delete(out); // checked empty above
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            if (probe.headerFrames() > probe.frames() && probe.framesExact()) {
                System.err.println("warning: " + video + ": the header claims " + probe.headerFrames()
                        + " frames; the file holds " + probe.frames());
            }
            if (damaged > 0) {
                System.err.println("warning: " + video + ": " + damaged + " damaged packets or frames skipped");
            }
            if (readError.isPresent()) {
                System.err.println("warning: " + video + ": reading stopped early (" + readError.get() + ")");
            }
            if (skipped > 0) {
                System.err.println("warning: " + video + ": " + skipped
                        + " requested times lie past the last decodable frame and were skipped");
            }
            System.out.println("wrote " + index.size() + " frames to " + out);
            return 0;
        } finally {
            deleteTree(tmp);
        }
    }

    private static void checkOutputFolder(Path out) throws IOException {
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) {
                throw BadInputException.file(out, "exists and is not a folder");
            }
            try (Stream<Path> s = Files.list(out)) {
                if (s.findAny().isPresent()) {
                    throw BadInputException.file(out, "output folder is not empty; remove it or choose another");
                }
            }
        }
        Path parent = out.toAbsolutePath().normalize().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw BadInputException.file(out, "the parent folder does not exist");
        }
    }

    static void writePng(RgbImage img, Path file) throws IOException {
        BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
        int[] row = new int[img.width()];
        byte[] p = img.pixels();
        for (int y = 0; y < img.height(); y++) {
            int o = y * img.width() * 3;
            for (int x = 0; x < img.width(); x++, o += 3) {
                row[x] = (p[o] & 0xFF) << 16 | (p[o + 1] & 0xFF) << 8 | (p[o + 2] & 0xFF);
            }
            bi.setRGB(0, y, img.width(), 1, row, 0, img.width());
        }
        if (!ImageIO.write(bi, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
