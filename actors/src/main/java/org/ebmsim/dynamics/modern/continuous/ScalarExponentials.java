package org.ebmsim.dynamics.modern.continuous;

import org.ebmsim.dynamics.simd.FloatExp;

/** The definition of {@link Exponentials}: {@link FloatExp#exp} one element at a time. */
final class ScalarExponentials implements Exponentials {

  @Override
  public void shiftedExp(float[] z, int from, int to, float shift) {
    for (int k = from; k < to; k++) {
      z[k] = FloatExp.exp(z[k] - shift);
    }
  }
}
