package org.ebmsim.dynamics.rbm;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.simd.CounterUniform;
import org.ebmsim.dynamics.simd.ElementwiseKernels;
import org.ebmsim.dynamics.simd.Kernels;

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

  /**
   * Bernoulli hidden units ({0,1}): means {@code σ(x + c)} row by row, then, if {@code sample} is
   * not null, draws {@code h ~ Bernoulli(m)}, each row from its own {@link CounterUniform} key (one
   * {@code nextLong} of {@code rng} per row). Both passes run on SIMD lanes ({@link Kernels}); a PCD
   * epoch of a 784 × 500 RBM spent a third of its non-GEMM time here with {@code Math.exp} and
   * one {@code nextInt} per unit.
   */
  static void bernoulliHiddenMeans(float[] x, int xOffset, float[] c, int rows, int p, float[] mean, int meanOffset,
      float[] sample, SplittableRandom rng) {
    ElementwiseKernels kernels = Kernels.get();
    for (int r = 0; r < rows; r++) {
      int mo = meanOffset + r * p;
      kernels.sigmoid(x, xOffset + r * p, c, mean, mo, p);
      if (sample != null) {
        kernels.bernoulli(mean, mo, sample, r * p, p, rng.nextLong());
      }
    }
  }
}
