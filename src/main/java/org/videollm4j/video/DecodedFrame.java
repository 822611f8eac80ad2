package org.videollm4j.video;

import org.videollm4j.image.RgbImage;

/**
 * One sampled frame.
 *
 * @param index      position in the output, 0, 1, 2, ... in time order
 * @param requestedS the plan's target time in seconds (equals {@code ptsS} for an every-frame plan)
 * @param ptsS       presentation time of the frame actually shown at the requested time, seconds from
 *                   the video stream's start
 * @param image      the frame as RGB, at the native or requested size; frames returned for several
 *                   targets (a plan denser than the video) share one image, so treat it as read-only
 */
public record DecodedFrame(int index, double requestedS, double ptsS, RgbImage image) {
}
