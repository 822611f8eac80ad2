package org.videollm4j.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Manual timing (not a test): load time and golden-corpus encode time of a tokenizer folder.
 * {@code java -cp target/classes:target/test-classes:CP org.videollm4j.tokenizer.TokenizerBench ../shared/tokenizers/qwen3}
 */
public final class TokenizerBench {
    private TokenizerBench() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "../shared/tokenizers/qwen3");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        List<String> texts = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(folder.resolve("golden-ids.jsonl"))) {
            texts.add(json.readTree(line).get("text").asText());
        }
        for (int round = 0; round < 3; round++) {
            long cpu = mx.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            Tokenizer tok = Tokenizer.load(folder);
            System.out.printf("load %d: %.0f ms wall, %.0f ms cpu (this thread), vocab %d%n", round,
                    (System.nanoTime() - wall) / 1e6, (mx.getCurrentThreadCpuTime() - cpu) / 1e6, tok.vocabSize());
            for (int pass = 0; pass < 5; pass++) {
                long t = System.nanoTime();
                long n = 0;
                for (String text : texts) {
                    n += tok.encode(text).length;
                }
                System.out.printf("  encode %d lines pass %d: %.1f ms, %d tokens%n", texts.size(), pass,
                        (System.nanoTime() - t) / 1e6, n);
            }
        }
    }
}
