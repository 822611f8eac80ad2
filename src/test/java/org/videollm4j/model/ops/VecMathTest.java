package org.videollm4j.model.ops;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class VecMathTest {
    @Test
    void vectorLoopsMatchScalarOnRandomShapesAndOffsets() {
        Random r = new Random(5);
        for (int trial = 0; trial < 300; trial++) {
            int len = r.nextInt(150);
            int ao = r.nextInt(7);
            int bo = r.nextInt(7);
            float[] a = new float[ao + len];
            float[] b = new float[bo + len];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextFloat() * 2 - 1;
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextFloat() * 2 - 1;
            }
            float ref = VecMath.dotScalar(a, ao, b, bo, len);
            assertThat(VecMath.dot(a, ao, b, bo, len)).isCloseTo(ref, offset(1e-5f * (1 + len)));
            float alpha = r.nextFloat() - 0.5f;
            float[] y1 = b.clone();
            float[] y2 = b.clone();
            VecMath.axpy(alpha, a, ao, y1, bo, len);
            VecMath.axpyScalar(alpha, a, ao, y2, bo, len);
            for (int i = 0; i < y1.length; i++) {
                assertThat(y1[i]).isCloseTo(y2[i], offset(1e-6f));
            }
        }
    }
}
