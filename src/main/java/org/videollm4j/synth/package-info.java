/**
 * The synthetic long-video world the demo model is trained and evaluated on (V-NIAH-style needle
 * retrieval plus attribute, order and count questions).
 *
 * <p>Layers, each usable alone:
 * <ul>
 *   <li>{@link org.videollm4j.synth.Scenario#generate} — pure, seeded timeline: scenes with backgrounds,
 *       one shape at a time gliding for 2-8 s, cards (digit / letter / word, one of each kind at most,
 *       the needle at a chosen depth) for 1-2 s. Every event lasts at least 1 s, so 1 fps sampling sees it.</li>
 *   <li>{@link org.videollm4j.synth.Questions#generate} — pure: questions with short answers, the events
 *       they rest on (ground-truth times) and the closed answer set; unambiguous by construction.</li>
 *   <li>{@link org.videollm4j.synth.FrameRenderer} — the frame at any time and size as an
 *       {@link org.videollm4j.image.RgbImage}, with no encoding (for training data);
 *       {@link org.videollm4j.synth.Scenario#captionAt} says what that frame shows (dense captions).</li>
 *   <li>{@link org.videollm4j.synth.VideoWriter} / {@link org.videollm4j.synth.SynthOutput} — H.264 MP4
 *       through JavaCV plus {@code questions.jsonl} and {@code world.json}, written atomically
 *       ({@code videollm4j synth}).</li>
 * </ul>
 * The same seed and options give identical worlds, questions and frames on every machine: only
 * {@link java.util.SplittableRandom}, our own bitmap font and non-antialiased drawing are used.
 */
package org.videollm4j.synth;
