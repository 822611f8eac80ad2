package org.videollm4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.videollm4j.util.BadInputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The PyTorch reference model in a child process ({@code training/bench_model.py --serve}), kept alive
 * so its runs can alternate with ours: one JSON request line in, one JSON reply line out.
 */
public final class TorchWorker implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final JsonNode ready;
    private final Path stderr;

    private TorchWorker(Process process, Path stderr) throws IOException {
        this.process = process;
        this.stderr = stderr;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.ready = readReply().path("ready");
    }

    /** Starts the reference on {@code model} with {@code threads} torch threads; fails if OpenBLAS is not loaded. */
    public static TorchWorker start(BenchPaths paths, Path model, int threads) throws IOException {
        Path err = Files.createTempFile("videollm4j-bench-torch", ".log");
        ProcessBuilder pb = new ProcessBuilder(List.of(paths.python(), paths.script("bench_model.py").toString(),
                "--model", model.toString(), "--serve", "--threads", Integer.toString(threads)))
                .redirectError(err.toFile());
        pb.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        // Passive OpenMP waiting: with the default spin-then-yield, torch's elementwise ops collapse (10-50x)
        // when other processes share the cores; passive is the reference's best setting on a shared machine.
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        return new TorchWorker(pb.start(), err);
    }

    /** torch version, threads, BLAS libraries loaded, load time: what the reference reported at start. */
    public JsonNode info() {
        return ready;
    }

    public double vision(int frames) throws IOException {
        return request("{\"op\":\"vision\",\"frames\":" + frames + "}");
    }

    public double prefill(int tokens) throws IOException {
        return request("{\"op\":\"prefill\",\"tokens\":" + tokens + "}");
    }

    public double decode(int prefill, int tokens) throws IOException {
        return request("{\"op\":\"decode\",\"prefill\":" + prefill + ",\"tokens\":" + tokens + "}");
    }

    private double request(String line) throws IOException {
        in.write(line + "\n");
        in.flush();
        JsonNode r = readReply();
        if (!r.has("seconds")) {
            throw new IOException("bench_model.py: unexpected reply " + r);
        }
        return r.get("seconds").asDouble();
    }

    private JsonNode readReply() throws IOException {
        String line = out.readLine();
        if (line == null) {
            String log = Files.exists(stderr) ? Files.readString(stderr).strip() : "";
            throw new BadInputException("the PyTorch reference (training/bench_model.py) stopped: "
                    + (log.isEmpty() ? "no message" : log.lines().reduce((a, b) -> b).orElse(log)));
        }
        return JSON.readTree(line);
    }

    @Override
    public void close() throws IOException {
        try {
            in.write("{\"op\":\"quit\"}\n");
            in.flush();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroy();
            }
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
        } finally {
            Files.deleteIfExists(stderr);
        }
    }
}
