package org.videollm4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.videollm4j.video.Prober;
import org.videollm4j.video.VideoProbe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code videollm4j probe VIDEO [--json]}: what a video file holds. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Show a video's duration, frame rate, frame count, size, rotation, codec and container.")
public final class ProbeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "VIDEO", description = "the video file")
    Path video;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Option(names = "--no-count", description = "trust the header instead of counting frames (faster on huge files)")
    boolean noCount;

    @Override
    public Integer call() throws Exception {
        VideoProbe p = noCount ? Prober.probe(video, false) : Prober.probe(video);
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(toMap(p)));
        } else {
            System.out.printf("%s%n  container  %s%n  codec      %s%n  size       %dx%d (rotation %d)%n"
                            + "  fps        %.3f%n  duration   %.3f s%n  frames     %d (%s)%n",
                    p.file(), p.container(), p.codec(), p.width(), p.height(), p.rotation(), p.fps(), p.durationS(),
                    p.frames(), p.framesExact() ? "counted" : "estimate from the header");
        }
        return 0;
    }

    static Map<String, Object> toMap(VideoProbe p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", p.file().toString());
        m.put("duration_s", p.durationS());
        m.put("fps", p.fps());
        m.put("frames", p.frames());
        m.put("frames_exact", p.framesExact());
        m.put("header_frames", p.headerFrames() < 0 ? null : p.headerFrames());
        m.put("width", p.width());
        m.put("height", p.height());
        m.put("rotation", p.rotation());
        m.put("codec", p.codec());
        m.put("container", p.container());
        return m;
    }
}
