package org.videollm4j.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videollm4j.cli.Main;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's API example, extracted, compiled against the project and run on a generated video. */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void readmeExampleCompilesAndAnswers() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("<!-- api-example -->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(m.find()).as("README.md has an <!-- api-example --> java block").isTrue();
        String source = m.group(1);
        Matcher cls = Pattern.compile("public class (\\w+)").matcher(source);
        assertThat(cls.find()).isTrue();
        Path src = dir.resolve("src").resolve(cls.group(1) + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diag = new ByteArrayOutputStream();
        int rc = javac.run(null, diag, diag, "-cp", System.getProperty("java.class.path"), "-d", classes.toString(),
                src.toString());
        assertThat(rc).as(diag.toString()).isEqualTo(0);

        Path world = dir.resolve("w");
        assertThat(Main.execute("synth", "--seed", "3", "--frames", "24", "--fps", "4", "--size", "64", "--pacing", "brisk",
                "--out", world.toString())).isEqualTo(0);
        String oldCache = System.getProperty("videollm4j.cache");
        System.setProperty("videollm4j.cache", dir.resolve("cache").toString());
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader cl = new URLClassLoader(new URL[]{classes.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = cl.loadClass(cls.group(1)).getMethod("main", String[].class);
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            for (int run = 0; run < 2; run++) {
                main.invoke(null, (Object) new String[]{world.resolve("video.mp4").toString(), "testdata/models/tiny-gqa-f32"});
            }
        } finally {
            System.setOut(oldOut);
            if (oldCache == null) {
                System.clearProperty("videollm4j.cache");
            } else {
                System.setProperty("videollm4j.cache", oldCache);
            }
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(6);
        assertThat(lines[2]).startsWith("visual tokens {sampled=").endsWith("cache hit false");
        assertThat(lines[5]).endsWith("cache hit true");
        assertThat(lines[3]).isEqualTo(lines[0]); // same video, same question: the same answer from the cache
    }
}
