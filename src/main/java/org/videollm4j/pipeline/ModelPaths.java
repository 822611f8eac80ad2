package org.videollm4j.pipeline;

import java.nio.file.Path;

/** Where the bundled demo model lives: {@code models/demo} under the project home. */
public final class ModelPaths {
    private ModelPaths() {
    }

    /** The project home: {@code -Dvideollm4j.home} (set by the launcher), else the current folder. */
    public static Path home() {
        return Path.of(System.getProperty("videollm4j.home", "."));
    }

    /** {@code <home>/models/demo}. */
    public static Path defaultModel() {
        return home().resolve("models").resolve("demo");
    }

    public static Path orDefault(Path model) {
        return model != null ? model : defaultModel();
    }
}
