package org.videollm4j.video;

import java.nio.file.Path;
import java.util.Optional;

/** Child-process entry point of {@link BoundedMemoryTest}: streams a plan and prints "frames bytes". */
public final class StreamAll {
    private StreamAll() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        VideoProbe probe = Prober.probe(file);
        long frames = 0, bytes = 0;
        try (FrameStream s = FrameStream.open(file, probe, SamplingPlans.byFps(probe, Double.parseDouble(args[1]), 100000),
                Optional.empty())) {
            for (DecodedFrame f : s) {
                frames++;
                bytes += f.image().pixels().length;
            }
        }
        System.out.println(frames + " " + bytes);
    }
}
