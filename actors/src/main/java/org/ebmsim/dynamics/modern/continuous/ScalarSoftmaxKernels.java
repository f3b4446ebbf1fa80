package org.ebmsim.dynamics.modern.continuous;

import org.ebmsim.dynamics.simd.FloatExp;

/** The definition of {@link SoftmaxKernels}: one element at a time. */
final class ScalarSoftmaxKernels implements SoftmaxKernels {

  @Override
  public float max(float[] z, int from, int to) {
    float max = Float.NEGATIVE_INFINITY;
    for (int k = from; k < to; k++) {
      max = Math.max(max, z[k]);
    }
    return max;
  }

  @Override
  public int indexOf(float[] z, int from, int to, float value) {
    int k = from;
    while (k < to && z[k] != value) {
      k++;
    }
    return k;
  }

  @Override
  public void shiftedExp(float[] z, int from, int to, float shift) {
    for (int k = from; k < to; k++) {
      z[k] = FloatExp.exp(z[k] - shift);
    }
  }
}
