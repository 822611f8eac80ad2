package org.videollm4j.tensor;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The kernels with 128- and 256-bit vectors (ARM NEON, AVX2), each in a child JVM: see {@link NarrowVectorsCheck}. */
class NarrowVectorsTest {
    @Test
    void kernelsAgreeWithTheScalarReferencesAtEveryVectorWidth() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        for (int bits : new int[]{128, 256}) {
            Process p = new ProcessBuilder(List.of(java, "--add-modules", "jdk.incubator.vector",
                    "--enable-native-access=ALL-UNNAMED", "-Dvideollm4j.vectorBits=" + bits, "-Xmx512m",
                    "-cp", System.getProperty("java.class.path"), NarrowVectorsCheck.class.getName()))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("%d-bit vectors: %s", bits, out).isZero();
            assertThat(out).as("species in the child").contains("lanes " + bits / 32);
        }
    }
}
