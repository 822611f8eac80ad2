package org.videollm4j.pipeline;

import org.videollm4j.image.RgbImage;
import org.videollm4j.memory.Thumbnails;
import org.videollm4j.model.smolvlm.SmolVlmModel;
import org.videollm4j.preprocess.PixelBatch;
import org.videollm4j.preprocess.SmolVlmImageProcessor;

import java.util.ArrayList;
import java.util.List;

/**
 * Preprocesses and encodes frames while a video is decoded ({@link SampledVideo#read(java.nio.file.Path,
 * SampledVideo.Sampling, java.util.function.UnaryOperator, org.videollm4j.util.StepProgress)}): per frame only its visual tokens and a thumbnail
 * stay in memory, never the native-size frame nor more than one batch of preprocessed pictures. The features
 * equal those of preprocessing and encoding all frames at once (frames are encoded independently).
 */
final class StreamingEncoder {
    /** Frames per vision call: a multiple of the model's own frame batch, so the batches line up. */
    static final int BATCH = 64;

    private final SmolVlmModel model;
    private final SmolVlmImageProcessor processor;
    private final int batch;
    private final List<RgbImage> pending = new ArrayList<>(); // (<= batch) M x M pictures waiting for the encoder
    private final List<float[]> done = new ArrayList<>();     // per batch: (batch frames, tokensPerImage, hidden)
    private int frames;
    private long preprocessNs;
    private long visionNs;

    StreamingEncoder(SmolVlmModel model, SmolVlmImageProcessor processor) {
        this(model, processor, BATCH);
    }

    /** @param batch frames per vision call (tests use small ones to cross batch boundaries) */
    StreamingEncoder(SmolVlmModel model, SmolVlmImageProcessor processor, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
        this.model = model;
        this.processor = processor;
        this.batch = batch;
    }

    /** Takes one decoded frame; returns its thumbnail, what the sampled video keeps. */
    RgbImage accept(RgbImage frame) {
        long t0 = System.nanoTime();
        pending.add(processor.framePicture(frame));
        RgbImage thumb = Thumbnails.shrink(frame);
        preprocessNs += System.nanoTime() - t0;
        frames++;
        if (pending.size() == batch) {
            flush();
        }
        return thumb;
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        PixelBatch px = processor.packFrames(pending);
        long t1 = System.nanoTime();
        done.add(model.encodeImages(px.pixelValues(), px.count()));
        visionNs += System.nanoTime() - t1;
        preprocessNs += t1 - t0;
        pending.clear();
    }

    /** (frames, tokensPerImage, hidden) features of every frame taken, in order. */
    float[] features() {
        flush();
        long total = 0;
        for (float[] b : done) {
            total += b.length;
        }
        float[] out = new float[Math.toIntExact(total)]; // (frames, tokensPerImage, hidden)
        int at = 0;
        for (float[] b : done) {
            System.arraycopy(b, 0, out, at, b.length);
            at += b.length;
        }
        done.clear();
        return out;
    }

    int frames() {
        return frames;
    }

    long preprocessMs() {
        return preprocessNs / 1_000_000;
    }

    long visionMs() {
        return visionNs / 1_000_000;
    }
}
