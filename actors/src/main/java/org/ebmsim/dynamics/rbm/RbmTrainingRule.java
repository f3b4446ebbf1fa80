package org.ebmsim.dynamics.rbm;

import java.util.SplittableRandom;

/**
 * What one RBM variant contributes to training ({@link RbmTrainer}): its conditionals on float32
 * batches drawn from a single random stream, the factors of its log-likelihood gradient, its
 * pseudo-log-likelihood and the model its trained parameters make. Fixed parameters (σ, β) come
 * from the model the rule was made for; they are not learned.
 *
 * <p>Every variant's gradient has the same shape, so {@link RbmTrainer} computes it once:
 * {@code ∂ log p(v)/∂W_ij = g·(a_i v_i · m_j(v))_data − g·(…)_model},
 * {@code ∂/∂b_i = g·a_i (v_i)_data − g·a_i (v_i)_model}, {@code ∂/∂c_j = g·(m_j)_data − g·(m_j)_model},
 * with the hidden mean {@code m(v) = E[h | v]}, the visible scale {@code a_i} (1, or 1/σ_i²) and
 * the gradient scale g (1, or β). Each subclass derives its factors in its own comment.
 */
abstract sealed class RbmTrainingRule
    permits BinaryRbmTrainingRule, SpinRbmTrainingRule, BinaryGaussianRbmTrainingRule,
    GaussianBernoulliRbmTrainingRule {

  /** Rows of visible values whose hidden input is {@code c + (a∘v)·W}: a per unit, or null for a = 1. */
  float[] visibleScale() {
    return null;
  }

  /** g, the factor of the whole gradient. */
  double gradientScale() {
    return 1;
  }

  /**
   * Hidden means {@code m = E[h | v]} from the fields {@code x = (a∘v)·W} (rows × p, bias c not
   * included) into {@code mean}, and, if {@code sample} is not null, a draw {@code h ~ p(h | v)}
   * into it, consuming {@code rng} row by row in unit order.
   */
  abstract void hiddenMeans(float[] x, int xOffset, float[] c, int rows, int p, float[] mean, int meanOffset,
      float[] sample, SplittableRandom rng);

  /** A draw {@code v ~ p(v | h)} from {@code y = h·Wᵀ} (rows × N, bias b not included). */
  abstract void sampleVisible(float[] y, float[] b, int rows, int n, float[] out, int outOffset, SplittableRandom rng);

  /** The visible means {@code E[v | h]} from {@code y = h·Wᵀ} (rows × N, no bias), for reconstructions. */
  abstract void visibleMeans(float[] y, float[] b, int rows, int n, float[] out);

  /**
   * {@code Σ_i log p(v_i | v_−i)} of one discrete row {@code v[offset .. offset+N)} whose hidden
   * input is {@code u = c + Wᵀv} (float64, length p), from the free-energy change of flipping
   * each unit: {@code log p(v_i | v_−i) = log σ(F(v with i flipped) − F(v))}. NaN for real units.
   */
  abstract double pseudoLogLikelihood(float[] v, int offset, double[] u, float[] w, float[] b, int n, int p);

  /** A random visible state (the start of a persistent chain). */
  abstract void randomVisible(SplittableRandom rng, float[] out, int offset);

  /** The model of this variant with these parameters (validated by the variant's factory). */
  abstract Rbm build(int n, int p, double[] w, double[] b, double[] c);

  /** A uniform draw in [0, 1) with float resolution: 24 random bits, one {@code nextInt}. */
  static float uniform(SplittableRandom rng) {
    return (rng.nextInt() >>> 8) * 0x1.0p-24f;
  }

  static float sigmoid(float z) {
    return (float) (1 / (1 + Math.exp(-z)));
  }

  /**
   * Bernoulli hidden units ({0,1}): means {@code σ(x + c)} row by row, then, if {@code sample} is
   * not null, draws {@code h ~ Bernoulli(m)} in unit order. The means come first in a loop of
   * their own, free of the random stream, with a branch-free float exponential ({@link #fastExp}):
   * σ for every hidden unit of every chain and batch row took about a sixth of a PCD epoch with
   * {@code Math.exp} in a loop interleaved with the draws; this way the epoch is ~5% faster.
   */
  static void bernoulliHiddenMeans(float[] x, int xOffset, float[] c, int rows, int p, float[] mean, int meanOffset,
      float[] sample, SplittableRandom rng) {
    for (int r = 0; r < rows; r++) {
      int xo = xOffset + r * p;
      int mo = meanOffset + r * p;
      for (int j = 0; j < p; j++) {
        mean[mo + j] = 1f / (1f + fastExp(-(x[xo + j] + c[j])));
      }
      if (sample != null) {
        int so = r * p;
        for (int j = 0; j < p; j++) {
          sample[so + j] = uniform(rng) < mean[mo + j] ? 1f : 0f;
        }
      }
    }
  }

  private static final float ROUND = 12582912f; // 1.5 · 2^23: adding it rounds to an integer
  private static final int ROUND_BITS = 0x4B400000; // bits of ROUND
  private static final float LN2_HI = 0.693359375f; // few bits: i · LN2_HI is exact
  private static final float LN2_LO = -2.12194440e-4f; // ln 2 − LN2_HI

  /**
   * e^x in float32 without branches or calls: e^x = 2^i · e^y with i = round(x / ln 2) (by the
   * 1.5·2^23 trick), y = x − i ln 2 (Cody–Waite, two constants, so |y| ≤ ½ ln 2 stays accurate for
   * large x) and e^y by its degree-6 Taylor polynomial; relative error below 3e-7. x is clamped to
   * [−87, 88], so the result is a normal float, never 0 or ∞.
   */
  static float fastExp(float x) {
    float z = Math.max(-87f, Math.min(88f, x));
    float shifted = z * 1.44269504f + ROUND;
    float i = shifted - ROUND;
    int ii = Float.floatToRawIntBits(shifted) - ROUND_BITS;
    float y = z - i * LN2_HI - i * LN2_LO;
    float poly = 1f + y * (1f + y * (0.5f + y * (0.166666672f + y * (0.0416666679f + y * (0.00833333377f
        + y * 0.00138888892f)))));
    return Float.intBitsToFloat((ii + 127) << 23) * poly;
  }
}
