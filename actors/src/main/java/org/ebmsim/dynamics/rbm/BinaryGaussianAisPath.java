package org.ebmsim.dynamics.rbm;

import org.ebmsim.dynamics.ais.AisPath;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.FloatMatrix;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.rbm.BinaryGaussianRbm;
import org.ebmsim.dynamics.rbm.LogSpace;

/**
 * AIS for the binary–Gaussian RBM on its continuous p-dimensional representation (spins summed
 * out; Smart &amp; Zilman eq. 7–8), target {@code Z_joint = ∫dλ e^{−B‖λ−c‖²/2} Π_i 2cosh(B(b_i + (Wλ)_i))}
 * (B = the model's inverse temperature), base N(0, I).
 *
 * <p>Path: {@code f_β(λ) = e^{−(1−β)‖λ‖²/2 − βB‖λ−c‖²/2} Π_i 2cosh(βB(b_i + (Wλ)_i))}. This is the
 * geometric path {@code f_0^{1−β} f*^{β}} taken in the joint (s, λ) space between
 * {@code e^{−‖λ‖²/2}} (s uniform) and {@code e^{−B H(s,λ)}}, with s then summed out; at β = 0 it is
 * {@code 2^N e^{−‖λ‖²/2}}, so {@code log Z_0 = N log 2 + (p/2) log 2π}. Why this path rather than the
 * geometric one on λ alone: its joint form lets {@code T_β} be an exact two-block Gibbs sweep,
 * {@code s_i ~ P(+1) = σ(2βB(b_i + (Wλ)_i))}, then
 * {@code λ ~ N(βB(c + Wᵀs)/a, 1/a)} with {@code a = 1 − β + βB}; a Gibbs sweep on the joint leaves
 * the joint at β invariant and therefore its λ-marginal {@code f_β}, with no step size to tune (as
 * HMC or Metropolis would need), while the weights use the s-summed marginal (Rao–Blackwellised).
 */
public final class BinaryGaussianAisPath implements AisPath {
  private static final double LOG_2 = Math.log(2);

  private final int visible;
  private final int hidden;
  private final double[] weights; // N × p
  private final double[] visibleBias;
  private final double[] hiddenBias;
  private final double modelBeta;
  private final double logVisibleOverJoint;
  private final Gemm gemm;

  private BinaryGaussianAisPath(BinaryGaussianRbm rbm, Gemm gemm) {
    if (gemm == null) {
      throw new IllegalArgumentException("gemm must not be null");
    }
    this.visible = rbm.visibleUnits();
    this.hidden = rbm.hiddenUnits();
    this.weights = rbm.weights();
    this.visibleBias = rbm.visibleBias();
    this.hiddenBias = rbm.hiddenBias();
    this.modelBeta = rbm.inverseTemperature();
    this.logVisibleOverJoint = rbm.logVisibleOverJoint();
    this.gemm = gemm;
  }

  public static BinaryGaussianAisPath of(BinaryGaussianRbm rbm, Gemm gemm) {
    return new BinaryGaussianAisPath(rbm, gemm);
  }

  @Override
  public double logBasePartition() {
    return visible * LOG_2 + 0.5 * hidden * Math.log(2 * Math.PI);
  }

  @Override
  public double logVisibleOverTarget() {
    return logVisibleOverJoint;
  }

  /** The target is Z_joint, so visible over joint is visible over target. */
  @Override
  public double logVisibleOverJoint() {
    return logVisibleOverJoint;
  }

  @Override
  public Batch newBatch(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("chains must be >= 1 (got " + rows + ")");
    }
    return new ContinuousBatch(rows);
  }

  private final class ContinuousBatch implements Batch {
    final int rows;
    final double[] lambda; // rows × p
    final double[] spins; // rows × N, last drawn
    final double[] wl; // rows × N: Λ Wᵀ
    final double[] ws; // rows × p: S W

    ContinuousBatch(int rows) {
      this.rows = rows;
      this.lambda = new double[rows * hidden];
      this.spins = new double[rows * visible];
      this.wl = new double[rows * visible];
      this.ws = new double[rows * hidden];
    }

    @Override
    public int rows() {
      return rows;
    }

    @Override
    public void sampleBase(SplittableRandom[] rngs) {
      DiscreteRbmAisPath.checkRngs(rngs, rows);
      for (int r = 0; r < rows; r++) {
        for (int m = 0; m < hidden; m++) {
          lambda[r * hidden + m] = rngs[r].nextGaussian();
        }
      }
    }

    @Override
    public void setFromVisible(FloatMatrix data, SplittableRandom[] rngs) {
      DiscreteRbmAisPath.checkRngs(rngs, rows);
      if (data.rows() != rows || data.cols() != visible) {
        throw new IllegalArgumentException("visible must be " + rows + " × " + visible + " (chains × units) (got "
            + data.rows() + " × " + data.cols() + ")");
      }
      for (int k = 0; k < spins.length; k++) {
        spins[k] = data.data()[k];
      }
      // λ | s ~ N(c + Wᵀs, 1/B): exact at β = 1
      gemm.dgemm(false, false, rows, hidden, visible, 1, spins, visible, weights, hidden, 0, ws, hidden);
      double sd = 1 / Math.sqrt(modelBeta);
      for (int r = 0; r < rows; r++) {
        for (int m = 0; m < hidden; m++) {
          int k = r * hidden + m;
          lambda[k] = hiddenBias[m] + ws[k] + sd * rngs[r].nextGaussian();
        }
      }
    }

    @Override
    public void step(double from, double to, double[] logWeights, SplittableRandom[] rngs) {
      DiscreteRbmAisPath.checkRngs(rngs, rows);
      gemm.dgemm(false, true, rows, visible, hidden, 1, lambda, hidden, weights, hidden, 0, wl, visible);
      double bFrom = from * modelBeta;
      double bTo = to * modelBeta;
      for (int r = 0; r < rows; r++) {
        SplittableRandom rng = rngs[r];
        double norm = 0;
        double normC = 0;
        for (int m = 0; m < hidden; m++) {
          double l = lambda[r * hidden + m];
          double d = l - hiddenBias[m];
          norm += l * l;
          normC += d * d;
        }
        // log f_to − log f_from = (to − from)(‖λ‖²/2 − B‖λ−c‖²/2) + Σ_i [log 2cosh(to·B·g_i) − log 2cosh(from·B·g_i)]
        double delta = (to - from) * (0.5 * norm - 0.5 * modelBeta * normC);
        for (int i = 0; i < visible; i++) {
          int k = r * visible + i;
          double g = visibleBias[i] + wl[k];
          delta += LogSpace.logTwoCosh(bTo * g) - LogSpace.logTwoCosh(bFrom * g);
          double p = 1 / (1 + Math.exp(-2 * bTo * g));
          spins[k] = rng.nextDouble() < p ? 1 : -1;
        }
        logWeights[r] += delta;
      }
      gemm.dgemm(false, false, rows, hidden, visible, 1, spins, visible, weights, hidden, 0, ws, hidden);
      double precision = 1 - to + bTo;
      double sd = 1 / Math.sqrt(precision);
      for (int r = 0; r < rows; r++) {
        SplittableRandom rng = rngs[r];
        for (int m = 0; m < hidden; m++) {
          int k = r * hidden + m;
          lambda[k] = bTo * (hiddenBias[m] + ws[k]) / precision + sd * rng.nextGaussian();
        }
      }
    }

    @Override
    public FloatMatrix visibleSnapshot() {
      return FloatMatrix.fromDoubles(rows, visible, spins);
    }

    /** λ then the last spins (the products wl and ws are recomputed at each step). */
    @Override
    public double[] state() {
      double[] out = java.util.Arrays.copyOf(lambda, lambda.length + spins.length);
      System.arraycopy(spins, 0, out, lambda.length, spins.length);
      return out;
    }

    @Override
    public void restore(double[] state) {
      if (state.length != lambda.length + spins.length) {
        throw new IllegalArgumentException("saved AIS state has " + state.length + " values, not "
            + (lambda.length + spins.length));
      }
      System.arraycopy(state, 0, lambda, 0, lambda.length);
      System.arraycopy(state, lambda.length, spins, 0, spins.length);
    }
  }
}
