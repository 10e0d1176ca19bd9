package io.mre4j.model.fewshot;

/** The little vector arithmetic of the prototype classifiers, on {@code float[]}. */
final class Vectors {
    private Vectors() {
    }

    /** {@code v} scaled to unit length, in place; a zero vector stays zero. */
    static float[] normalise(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] / norm);
            }
        }
        return v;
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    /** {@code sum += weight * v}, in place. */
    static void addScaled(double[] sum, float[] v, double weight) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += weight * v[i];
        }
    }

    static float[] toUnitFloat(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return normalise(out);
    }
}
