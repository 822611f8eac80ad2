package org.videollm4j.bench;

import org.videollm4j.util.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the bench finds the Python interpreter, the reference scripts and its generated checkpoints. */
public record BenchPaths(Path home, String python) {
    public BenchPaths {
        if (!Files.isRegularFile(home.resolve("training/bench_model.py"))) {
            throw new BadInputException(home + ": no training/bench_model.py here; run the bench from the project"
                    + " (the ./videollm4j launcher sets the project home)");
        }
    }

    public Path script(String name) {
        return home.resolve("training").resolve(name);
    }

    /** A generated random checkpoint (preset of bench_model.py) under target/bench-models/, made on first use. */
    public Path randomModel(String preset, String folderName) throws IOException, InterruptedException {
        Path dir = home.resolve("target/bench-models").resolve(folderName);
        if (Files.isRegularFile(dir.resolve("config.json"))) {
            return dir;
        }
        System.err.println("bench: generating random checkpoint " + dir + " (once)...");
        Process p = new ProcessBuilder(List.of(python, script("bench_model.py").toString(), "--make-random",
                dir.toString(), "--preset", preset)).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0 || !Files.isRegularFile(dir.resolve("config.json"))) {
            throw new BadInputException("bench_model.py --make-random " + dir + " failed: " + log.strip());
        }
        return dir;
    }
}
