package org.videollm4j.bench.scaling;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The reason a failed cell gives, from the child's stderr. */
class ChildJvmTest {
    @Test
    void prefersTheCliErrorThenAnUncaughtThrowableThenTheLastLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("err");
        Files.writeString(f, "WARNING: Using incubator modules: jdk.incubator.vector\nerror: the prompt does not fit\nTry 'videollm4j ask --help'.\n");
        assertThat(ChildJvm.errorLine(f)).isEqualTo("the prompt does not fit");
        Files.writeString(f, "WARNING: Using incubator modules: jdk.incubator.vector\n"
                + "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n\tat a.B.c(B.java:1)\n");
        assertThat(ChildJvm.errorLine(f)).isEqualTo("java.lang.OutOfMemoryError: Java heap space");
        Files.writeString(f, "WARNING: Using incubator modules: jdk.incubator.vector\nsomething odd\n\n");
        assertThat(ChildJvm.errorLine(f)).isEqualTo("something odd");
        assertThat(ChildJvm.errorLine(dir.resolve("missing"))).isEmpty();
    }
}
