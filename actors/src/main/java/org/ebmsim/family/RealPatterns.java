package org.ebmsim.family;

/**
 * Real-valued stored patterns that a model retrieves by attention (the modern continuous Hopfield
 * network): what a completion reports its states against. {@link StoredPatterns} holds ±1
 * patterns only; these are float rows.
 */
public interface RealPatterns {
  /** Number of patterns p. */
  int count();

  /** Units per pattern N. */
  int units();

  /** A copy of pattern μ. */
  float[] pattern(int mu);

  /** The attention weights of {@code state} over the patterns (p values summing to 1). */
  double[] weights(float[] state);

  /** Cosine of {@code state} with each pattern (0 where either is the zero vector). */
  default double[] cosines(float[] state) {
    double vv = 0;
    for (float x : state) {
      vv += (double) x * x;
    }
    double[] out = new double[count()];
    for (int mu = 0; mu < out.length; mu++) {
      float[] xi = pattern(mu);
      double dot = 0;
      double xx = 0;
      for (int i = 0; i < xi.length; i++) {
        dot += (double) xi[i] * state[i];
        xx += (double) xi[i] * xi[i];
      }
      out[mu] = vv == 0 || xx == 0 ? 0 : dot / Math.sqrt(vv * xx);
    }
    return out;
  }
}
