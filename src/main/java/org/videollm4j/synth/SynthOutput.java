package org.videollm4j.synth;

import org.videollm4j.image.RgbImage;
import org.videollm4j.util.BadInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes a world as {@code video.mp4}, {@code questions.jsonl} and {@code world.json} into a folder.
 * Everything is written into a hidden temporary folder beside the target first and moved in only when
 * complete, so a failure never leaves half-written files in the target.
 */
public final class SynthOutput {
    public static final String VIDEO = "video.mp4";
    public static final String QUESTIONS = "questions.jsonl";
    public static final String WORLD = "world.json";
    /** Mixed into the seed for question sampling, so questions do not reuse the world's random stream. */
    private static final long QUESTION_SALT = 0x5DEECE66DL;

    /** What was written, for the caller's summary line. */
    public record Result(Scenario scenario, List<Question> questions, Path dir) {
    }

    private SynthOutput() {
    }

    /**
     * @param backgroundVideo a real video for scene backgrounds, or null for procedural backgrounds only
     */
    public static Result write(SynthOptions options, long seed, Set<QuestionKind> kinds, Path backgroundVideo,
                               Path outDir, int maxPerKind, int crf, Duration timeLimit) throws IOException {
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw BadInputException.file(outDir, "exists and is not a folder");
        }
        VideoBackgroundSource source = backgroundVideo == null ? null : new VideoBackgroundSource(backgroundVideo);
        try {
            SynthOptions o = source == null ? options.withVideoBackgroundShare(0) : options;
            Scenario scenario = Scenario.generate(o, seed);
            List<Question> questions = Questions.generate(scenario, kinds, new SplittableRandom(seed ^ QUESTION_SALT),
                    maxPerKind);
            Path parent = outDir.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempDirectory(parent, "." + outDir.getFileName() + ".synth-");
            readable(tmp, "rwxr-xr-x"); // temp folders start private; the result should not
            try {
                Files.writeString(tmp.resolve(WORLD), SynthJson.world(scenario,
                        backgroundVideo == null ? null : backgroundVideo.getFileName().toString()), StandardCharsets.UTF_8);
                Files.writeString(tmp.resolve(QUESTIONS), SynthJson.questions(questions), StandardCharsets.UTF_8);
                FrameRenderer renderer = new FrameRenderer(scenario, source);
                VideoWriter.write(tmp.resolve(VIDEO), o.width(), o.height(), o.fps(), o.frameCount(),
                        i -> frame(renderer, o, i), crf, timeLimit);
                readable(tmp.resolve(VIDEO), "rw-r--r--");
                publish(tmp, outDir);
            } finally {
                deleteTree(tmp);
            }
            return new Result(scenario, questions, outDir);
        } finally {
            if (source != null) {
                source.close();
            }
        }
    }

    private static RgbImage frame(FrameRenderer r, SynthOptions o, int i) {
        return r.render(i / o.fps(), o.width(), o.height());
    }

    /** Moves the finished files in: the whole folder when the target is new, else file by file. */
    private static void publish(Path tmp, Path outDir) throws IOException {
        if (!Files.exists(outDir)) {
            try {
                Files.move(tmp, outDir, StandardCopyOption.ATOMIC_MOVE);
                return;
            } catch (IOException raced) {
                Files.createDirectories(outDir); // someone created it meanwhile: fall through
            }
        }
        for (String name : List.of(WORLD, QUESTIONS, VIDEO)) {
            Files.move(tmp.resolve(name), outDir.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void readable(Path p, String perms) throws IOException {
        if (Files.getFileStore(p).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(perms));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}
