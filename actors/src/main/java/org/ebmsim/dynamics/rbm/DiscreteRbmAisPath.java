package org.ebmsim.dynamics.rbm;

import org.ebmsim.dynamics.ais.AisPath;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.blas.FloatMatrix;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.blas.SubsetSumTable;
import org.ebmsim.dynamics.rbm.LogSpace;
import org.ebmsim.dynamics.rbm.Rbm;
import org.ebmsim.dynamics.sampling.UnitSampling;

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
  /**
   * N × (p+2): [W | b | b_A], so one GEMM gives Wᵀv, bᵀv and b_Aᵀv, and its first p columns
   * (leading dimension p+2) are the W of the visible field H·Wᵀ: one copy of the weights, made
   * once in the memory the GEMM reads (no 1.5 MB copy per product for a 784 × 500 model).
   */
  final Gemm.FloatOperand augmentedOperand;
  /**
   * The model's subset-sum tables for V·W and H·Wᵀ (both layers are discrete here), or null when
   * they would be too large or are not {@link SubsetSumTable#wanted} next to this GEMM (native
   * BLAS, by default): then both products go through {@link #augmentedOperand}.
   */
  final SubsetSumTable hiddenInput;
  final SubsetSumTable visibleInput;
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
    Rbm.Tables tables = SubsetSumTable.wanted(gemm) ? rbm.tables() : null;
    this.hiddenInput = tables == null ? null : tables.hiddenInput();
    this.visibleInput = tables == null ? null : tables.visibleInput();
    int q = hidden + 2;
    if (hiddenInput != null && visibleInput != null) {
      this.augmentedOperand = null;
    } else {
      this.augmentedOperand = gemm.operand(augmented(w, q));
    }
    double lz = hidden * Math.log(2);
    for (double ba : baseBias) {
      lz += spins ? LogSpace.logTwoCosh(ba) : LogSpace.softplus(ba);
    }
    this.logBase = lz;
  }

  /** [W | b | b_A], N × (p+2), in float. */
  private float[] augmented(double[] w, int q) {
    float[] augmented = new float[visible * q];
    for (int i = 0; i < visible; i++) {
      for (int j = 0; j < hidden; j++) {
        augmented[i * q + j] = (float) w[i * hidden + j];
      }
      augmented[i * q + hidden] = (float) visibleBias[i];
      augmented[i * q + hidden + 1] = (float) baseBias[i];
    }
    return augmented;
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
    final SubsetSumTable.Scratch hiddenScratch;
    final SubsetSumTable.Scratch visibleScratch;

    DiscreteBatch(int rows) {
      this.rows = rows;
      this.v = new float[rows * visible];
      this.u = new float[rows * (hidden + 2)];
      this.h = new float[rows * hidden];
      this.g = new float[rows * visible];
      this.hiddenScratch = augmentedOperand == null ? hiddenInput.newScratch(rows) : null;
      this.visibleScratch = augmentedOperand == null ? visibleInput.newScratch(rows) : null;
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

    /**
     * Per hidden unit the log-weight needs {@code log φ(to·x) − log φ(from·x)} and the draw needs
     * σ(to·x) (σ(2·to·x) for spins). Writing {@code log φ(βx) = β·lin(x) + log(1 + e^{β·t(x)})}
     * with {@code t ≤ 0} ({0,1}: lin = max(x, 0), t = −|x|; ±1: lin = |x|, t = −2|x|), each factor
     * {@code 1 + e^{βt}} lies in [1, 2], so the factors of a row are multiplied (at most 2^512 per
     * chunk of 512) and one log per chunk replaces a log per unit: two exps per hidden unit instead
     * of two exps and two logs (log1p), with a rounding error below 1e-13 per row and temperature.
     * The draws take the exp-free table decision of {@link UnitSampling}, which consumes one
     * {@code nextLong} per unit and decides exactly as {@code nextDouble() < σ(z)}.
     */
    @Override
    public void step(double from, double to, double[] logWeights, SplittableRandom[] rngs) {
      checkRngs(rngs, rows);
      int q = hidden + 2;
      if (augmentedOperand == null) {
        // Wᵀv by the table; bᵀv and b_Aᵀv in double into the last two columns (rounded to float there,
        // as the GEMM's were)
        hiddenInput.multiply(v, visible, 0, rows, u, q, hiddenScratch);
        for (int r = 0; r < rows; r++) {
          double vb = 0;
          double vba = 0;
          int vr = r * visible;
          for (int i = 0; i < visible; i++) {
            vb += v[vr + i] * visibleBias[i];
            vba += v[vr + i] * baseBias[i];
          }
          u[r * q + hidden] = (float) vb;
          u[r * q + hidden + 1] = (float) vba;
        }
      } else {
        gemm.sgemm(false, false, rows, q, visible, 1f, v, visible, augmentedOperand, q, 0f, u, q);
      }
      double dBeta = to - from;
      double tScale = spins ? -2 : -1;
      double hiddenGain = spins ? 2 * to : to;
      float low = spins ? -1f : 0f;
      float span = 1f - low;
      for (int r = 0; r < rows; r++) {
        SplittableRandom rng = rngs[r];
        int ur = r * q;
        int hr = r * hidden;
        double sum = 0;
        double sumAbs = 0;
        double factorsTo = 1;
        double factorsFrom = 1;
        double logRatio = 0;
        for (int j = 0; j < hidden; j++) {
          double x = u[ur + j] + hiddenBias[j];
          double t = tScale * Math.abs(x);
          sum += x;
          sumAbs += Math.abs(x);
          factorsTo *= 1 + Math.exp(to * t);
          factorsFrom *= 1 + Math.exp(from * t);
          if ((j & 511) == 511) {
            logRatio += Math.log(factorsTo) - Math.log(factorsFrom);
            factorsTo = 1;
            factorsFrom = 1;
          }
          double z = hiddenGain * x;
          long bits = rng.nextLong();
          h[hr + j] = low + span * UnitSampling.tableDecision(z, bits);
          if (UnitSampling.insideBin(z, bits)) {
            h[hr + j] = low + span * UnitSampling.exactDecision(z, bits);
          }
        }
        logRatio += Math.log(factorsTo) - Math.log(factorsFrom);
        double lin = spins ? sumAbs : 0.5 * (sum + sumAbs); // Σ max(x, 0) = ½ Σ (x + |x|)
        // log f_to − log f_from = (to − from)(bᵀv − b_Aᵀv + Σ lin) + Σ_j log of the factors' ratio
        logWeights[r] += dBeta * (((double) u[ur + hidden] - u[ur + hidden + 1]) + lin) + logRatio;
      }
      if (augmentedOperand == null) {
        visibleInput.multiply(h, hidden, 0, rows, g, visible, visibleScratch);
      } else {
        gemm.sgemm(false, true, rows, visible, hidden, 1f, h, hidden, augmentedOperand, q, 0f, g, visible);
      }
      double keep = 1 - to;
      double visibleGain = spins ? 2 : 1;
      for (int r = 0; r < rows; r++) {
        SplittableRandom rng = rngs[r];
        int vr = r * visible;
        for (int i = 0; i < visible; i++) {
          double z = visibleGain * (keep * baseBias[i] + to * (visibleBias[i] + g[vr + i]));
          long bits = rng.nextLong();
          v[vr + i] = low + span * UnitSampling.tableDecision(z, bits);
          if (UnitSampling.insideBin(z, bits)) {
            v[vr + i] = low + span * UnitSampling.exactDecision(z, bits);
          }
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

  static void checkRngs(SplittableRandom[] rngs, int rows) {
    if (rngs == null || rngs.length != rows) {
      throw new IllegalArgumentException("rngs must have one stream per chain: " + rows + " (got "
          + (rngs == null ? "null" : rngs.length) + ")");
    }
  }
}
