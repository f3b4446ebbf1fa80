package org.ebmsim.dynamics.rbm;

import org.ebmsim.dynamics.ais.AisPath;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.FloatMatrix;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.rbm.LogSpace;
import org.ebmsim.dynamics.rbm.Rbm;

/**
 * The base-rate path of Salakhutdinov &amp; Murray (2008) for RBMs with discrete units, hidden units
 * summed out analytically: {@code f_β(v) = exp(((1−β) b_A + β b)ᵀv) Π_j φ(β(c_j + (Wᵀv)_j))} with
 * {@code φ(x) = 1 + eˣ} for {0,1} hidden units and {@code 2 cosh x} for ±1 hidden units. At β = 0 the
 * visible units are independent with biases b_A and the hidden units uniform, so
 * {@code Z_0 = Π_i Σ_{v_i} e^{b_A,i v_i} · 2^p}. {@code T_β} is block Gibbs on the joint at β:
 * {@code h ~ p_β(h|v)}, then {@code v ~ p_β(v|h)} with visible logits {@code (1−β) b_A + β(b + Wh)}.
 */
abstract class DiscreteRbmAisPath implements AisPath {
  final int visible;
  final int hidden;
  final float[] weights; // N × p
  final float[] augmented; // N × (p+2): [W | b | b_A], so one GEMM gives Wᵀv, bᵀv and b_Aᵀv
  final double[] hiddenBias;
  final double[] visibleBias;
  final double[] baseBias;
  final Gemm gemm;
  final boolean spins;
  final double logBase;

  DiscreteRbmAisPath(Rbm rbm, double[] baseVisibleBias, Gemm gemm, boolean spins) {
    this.visible = rbm.visibleUnits();
    this.hidden = rbm.hiddenUnits();
    if (baseVisibleBias == null || baseVisibleBias.length != visible) {
      throw new IllegalArgumentException("baseVisibleBias must have " + visible + " entries (got "
          + (baseVisibleBias == null ? "null" : baseVisibleBias.length) + ")");
    }
    for (int i = 0; i < visible; i++) {
      if (!Double.isFinite(baseVisibleBias[i])) {
        throw new IllegalArgumentException("baseVisibleBias[" + i + "] must be finite (got " + baseVisibleBias[i] + ")");
      }
    }
    if (gemm == null) {
      throw new IllegalArgumentException("gemm must not be null");
    }
    this.gemm = gemm;
    this.spins = spins;
    double[] w = rbm.weights();
    this.visibleBias = rbm.visibleBias();
    this.hiddenBias = rbm.hiddenBias();
    this.baseBias = baseVisibleBias.clone();
    this.weights = new float[visible * hidden];
    int q = hidden + 2;
    this.augmented = new float[visible * q];
    for (int i = 0; i < visible; i++) {
      for (int j = 0; j < hidden; j++) {
        weights[i * hidden + j] = (float) w[i * hidden + j];
        augmented[i * q + j] = (float) w[i * hidden + j];
      }
      augmented[i * q + hidden] = (float) visibleBias[i];
      augmented[i * q + hidden + 1] = (float) baseBias[i];
    }
    double lz = hidden * Math.log(2);
    for (double ba : baseBias) {
      lz += spins ? LogSpace.logTwoCosh(ba) : LogSpace.softplus(ba);
    }
    this.logBase = lz;
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
    return new DiscreteBatch(rows);
  }

  private final class DiscreteBatch implements Batch {
    final int rows;
    final float[] v;
    final float[] u;
    final float[] h;
    final float[] g;

    DiscreteBatch(int rows) {
      this.rows = rows;
      this.v = new float[rows * visible];
      this.u = new float[rows * (hidden + 2)];
      this.h = new float[rows * hidden];
      this.g = new float[rows * visible];
    }

    @Override
    public int rows() {
      return rows;
    }

    @Override
    public void sampleBase(SplittableRandom[] rngs) {
      checkRngs(rngs, rows);
      for (int r = 0; r < rows; r++) {
        for (int i = 0; i < visible; i++) {
          v[r * visible + i] = draw(baseBias[i], rngs[r]);
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

    /** A unit with logit-field x: {0,1} with P(1) = σ(x), or ±1 with P(+1) = σ(2x). */
    private float draw(double x, SplittableRandom rng) {
      double p = 1 / (1 + Math.exp(spins ? -2 * x : -x));
      return rng.nextDouble() < p ? 1f : (spins ? -1f : 0f);
    }

    @Override
    public void step(double from, double to, double[] logWeights, SplittableRandom[] rngs) {
      checkRngs(rngs, rows);
      int q = hidden + 2;
      gemm.sgemm(false, false, rows, q, visible, 1f, v, visible, augmented, q, 0f, u, q);
      double dBeta = to - from;
      for (int r = 0; r < rows; r++) {
        SplittableRandom rng = rngs[r];
        int ur = r * q;
        // log f_to − log f_from = (to − from)(bᵀv − b_Aᵀv) + Σ_j [log φ(to·x_j) − log φ(from·x_j)]
        double delta = dBeta * ((double) u[ur + hidden] - u[ur + hidden + 1]);
        for (int j = 0; j < hidden; j++) {
          double x = u[ur + j] + hiddenBias[j];
          if (spins) {
            delta += LogSpace.logTwoCosh(to * x) - LogSpace.logTwoCosh(from * x);
          } else {
            delta += LogSpace.softplus(to * x) - LogSpace.softplus(from * x);
          }
          h[r * hidden + j] = draw(to * x, rng);
        }
        logWeights[r] += delta;
      }
      gemm.sgemm(false, true, rows, visible, hidden, 1f, h, hidden, weights, hidden, 0f, g, visible);
      double keep = 1 - to;
      for (int r = 0; r < rows; r++) {
        SplittableRandom rng = rngs[r];
        int vr = r * visible;
        for (int i = 0; i < visible; i++) {
          v[vr + i] = draw(keep * baseBias[i] + to * (visibleBias[i] + g[vr + i]), rng);
        }
      }
    }

    @Override
    public FloatMatrix visibleSnapshot() {
      return FloatMatrix.wrap(rows, visible, v.clone());
    }
  }

  static void checkRngs(SplittableRandom[] rngs, int rows) {
    if (rngs == null || rngs.length != rows) {
      throw new IllegalArgumentException("rngs must have one stream per chain: " + rows + " (got "
          + (rngs == null ? "null" : rngs.length) + ")");
    }
  }
}
