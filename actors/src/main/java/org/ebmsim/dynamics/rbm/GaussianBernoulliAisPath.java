package org.ebmsim.dynamics.rbm;

import org.ebmsim.dynamics.sampling.UnitSampling;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ais.AisPath;
import org.ebmsim.dynamics.blas.FloatMatrix;
import org.ebmsim.dynamics.blas.Gemm;

/**
 * AIS for a {@link GaussianBernoulliRbm} (MATH.md §7): the path scales the interaction,
 * {@code f_β(v) = exp(−Σ_i (v_i − b_i)²/(2σ_i²)) Π_j (1 + e^{c_j + β u_j})} with
 * {@code u = Wᵀ(v/σ²)} and hidden units summed out. At β = 0 it is the same model with W = 0
 * (v ~ N(b, diag σ²), h ~ Bernoulli(σ(c))), so {@code log Z_0 = Σ_i log(√(2π) σ_i) + Σ_j log(1 + e^{c_j})}.
 * {@code T_β} is block Gibbs on the joint at β: {@code h ~ σ(c + β u)}, then
 * {@code v ~ N(b + β W h, diag σ²)}.
 */
public final class GaussianBernoulliAisPath implements AisPath {
  private final GaussianBernoulliRbm rbm;
  private final int visible;
  private final int hidden;
  private final double[] sd;
  private final Gemm gemm;
  private final Gemm.FloatOperand hiddenWeights; // W/σ², N × p
  private final Gemm.FloatOperand weights; // W, N × p
  private final double logBase;

  private GaussianBernoulliAisPath(GaussianBernoulliRbm rbm, Gemm gemm) {
    if (gemm == null) {
      throw new IllegalArgumentException("gemm must not be null");
    }
    this.rbm = rbm;
    this.visible = rbm.visibleUnits();
    this.hidden = rbm.hiddenUnits();
    this.sd = rbm.visibleSd();
    this.gemm = gemm;
    this.hiddenWeights = gemm.operand(rbm.hiddenFieldWeights());
    this.weights = gemm.operand(rbm.weightsF);
    double lz = 0;
    for (double s : sd) {
      lz += RbmEnumeration.HALF_LOG_2PI + Math.log(s);
    }
    for (double c : rbm.hiddenBias) {
      lz += LogSpace.softplus(c);
    }
    this.logBase = lz;
  }

  public static GaussianBernoulliAisPath of(GaussianBernoulliRbm rbm, Gemm gemm) {
    return new GaussianBernoulliAisPath(rbm, gemm);
  }

  @Override
  public double logBasePartition() {
    return logBase;
  }

  @Override
  public double logVisibleOverTarget() {
    return 0;
  }

  @Override
  public Batch newBatch(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("chains must be >= 1 (got " + rows + ")");
    }
    return new RealBatch(rows);
  }

  private final class RealBatch implements Batch {
    final int rows;
    final float[] v;
    final float[] u;
    final float[] h;
    final float[] g;

    RealBatch(int rows) {
      this.rows = rows;
      this.v = new float[rows * visible];
      this.u = new float[rows * hidden];
      this.h = new float[rows * hidden];
      this.g = new float[rows * visible];
    }

    @Override
    public int rows() {
      return rows;
    }

    @Override
    public void sampleBase(SplittableRandom[] rngs) {
      DiscreteRbmAisPath.checkRngs(rngs, rows);
      for (int r = 0; r < rows; r++) {
        for (int i = 0; i < visible; i++) {
          v[r * visible + i] = (float) (rbm.visibleBias[i] + sd[i] * rngs[r].nextGaussian());
        }
      }
    }

    @Override
    public void setFromVisible(FloatMatrix data, SplittableRandom[] rngs) {
      if (data.rows() != rows || data.cols() != visible) {
        throw new IllegalArgumentException("visible must be " + rows + " × " + visible + " (chains × units) (got "
            + data.rows() + " × " + data.cols() + ")");
      }
      System.arraycopy(data.data(), 0, v, 0, v.length);
    }

    @Override
    public void step(double from, double to, double[] logWeights, SplittableRandom[] rngs) {
      DiscreteRbmAisPath.checkRngs(rngs, rows);
      gemm.sgemm(false, false, rows, hidden, visible, 1f, v, visible, hiddenWeights, hidden, 0f, u, hidden);
      double[] c = rbm.hiddenBias;
      for (int r = 0; r < rows; r++) {
        SplittableRandom rng = rngs[r];
        int ur = r * hidden;
        double delta = 0;
        for (int j = 0; j < hidden; j++) {
          double x = u[ur + j];
          // log f_to − log f_from = Σ_j [softplus(c_j + to·u_j) − softplus(c_j + from·u_j)]
          delta += LogSpace.softplus(c[j] + to * x) - LogSpace.softplus(c[j] + from * x);
          h[ur + j] = UnitSampling.bernoulliLogit(c[j] + to * x, rng) ? 1f : 0f;
        }
        logWeights[r] += delta;
      }
      gemm.sgemm(false, true, rows, visible, hidden, 1f, h, hidden, weights, hidden, 0f, g, visible);
      for (int r = 0; r < rows; r++) {
        SplittableRandom rng = rngs[r];
        int vr = r * visible;
        for (int i = 0; i < visible; i++) {
          v[vr + i] = (float) (rbm.visibleBias[i] + to * g[vr + i] + sd[i] * rng.nextGaussian());
        }
      }
    }

    @Override
    public FloatMatrix visibleSnapshot() {
      return FloatMatrix.wrap(rows, visible, v.clone());
    }

    /** The visible states: the hidden ones and the products are drawn anew from them at each step. */
    @Override
    public double[] state() {
      return FloatArrays.widened(v);
    }

    @Override
    public void restore(double[] state) {
      FloatArrays.restore(state, v);
    }
  }
}
