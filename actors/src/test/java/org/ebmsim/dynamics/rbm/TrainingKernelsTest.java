package org.ebmsim.dynamics.rbm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.simd.CounterUniform;
import org.ebmsim.dynamics.train.MomentumSgd;
import org.junit.jupiter.api.Test;

/** The Bernoulli means and draws the RBM trainer uses, and the double-buffered optimizer step. */
class TrainingKernelsTest {
  @Test
  void bernoulliMeans_matchTheExactSigmoid_andDrawFromOneCounterKeyPerRow() {
    SplittableRandom r = new SplittableRandom(3);
    int rows = 7;
    int p = 33;
    float[] x = new float[rows * p];
    float[] c = new float[p];
    for (int k = 0; k < x.length; k++) {
      x[k] = (float) (30 * r.nextGaussian());
    }
    for (int j = 0; j < p; j++) {
      c[j] = (float) r.nextGaussian();
    }
    float[] mean = new float[rows * p];
    float[] sample = new float[rows * p];
    RbmTrainingRule.bernoulliHiddenMeans(x, 0, c, rows, p, mean, 0, sample, new SplittableRandom(9));
    SplittableRandom draws = new SplittableRandom(9);
    for (int row = 0; row < rows; row++) {
      long key = draws.nextLong(); // one key per row, the row's units drawn at counters 0 .. p-1
      for (int j = 0; j < p; j++) {
        int k = row * p + j;
        double exact = 1 / (1 + Math.exp(-(x[k] + c[j])));
        // float32 polynomial exponential: within 2e-7 relative of the exact logistic
        assertEquals(exact, mean[k], 2e-7 * exact + 1e-38, "mean " + k);
        assertEquals(CounterUniform.at(key, j) < mean[k] ? 1f : 0f, sample[k], "draw " + k);
      }
    }
  }

  @Test
  void stepInto_equalsTheStepInPlace_andLeavesItsInputsAloneWhenItOverflows() {
    SplittableRandom r = new SplittableRandom(5);
    int n = 1000;
    float[] w = new float[n];
    float[] v = new float[n];
    float[] g = new float[n];
    for (int k = 0; k < n; k++) {
      w[k] = (float) r.nextGaussian();
      v[k] = (float) r.nextGaussian();
      g[k] = (float) r.nextGaussian();
    }
    float[] wOut = new float[n];
    float[] vOut = new float[n];
    assertTrue(MomentumSgd.stepInto(w, v, g, n, 0.1f, 0.5f, 1e-3f, wOut, vOut));
    float[] w2 = w.clone();
    float[] v2 = v.clone();
    MomentumSgd.step(w2, v2, g, n, 0.1f, 0.5f, 1e-3f);
    assertArrayEquals(w2, wOut);
    assertArrayEquals(v2, vOut);
    float[] before = w.clone();
    g[17] = Float.MAX_VALUE;
    assertFalse(MomentumSgd.stepInto(w, v, g, n, 10f, 0.5f, 0f, wOut, vOut));
    assertArrayEquals(before, w);
    g[17] = Float.NaN;
    assertFalse(MomentumSgd.stepInto(w, v, g, n, 0.1f, 0.5f, 0f, wOut, vOut));
  }
}
