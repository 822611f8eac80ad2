package org.videollm4j.compress.select;

import org.videollm4j.compress.FrameSelection;
import org.videollm4j.compress.VisualFeatures;

/**
 * Frame-level selection over the sampled frames' visual tokens (the "select" arrow of the data flow).
 * Question-conditioned selectors (QC-Comp) are built for one question and hold it.
 */
public interface FrameSelector {
    FrameSelection select(VisualFeatures features);
}
