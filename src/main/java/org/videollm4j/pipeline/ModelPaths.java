package org.videollm4j.pipeline;

import java.nio.file.Path;

/** Where the bundled demo model lives: {@code models/demo} under the project home. */
public final class ModelPaths {
    private ModelPaths() {
    }

    /** {@code <home>/models/demo}; home is {@code -Dvideollm4j.home} (set by the launcher), else the current folder. */
    public static Path defaultModel() {
        return Path.of(System.getProperty("videollm4j.home", "."), "models", "demo");
    }

    public static Path orDefault(Path model) {
        return model != null ? model : defaultModel();
    }
}
