package org.ebmsim.dynamics.rbm;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ais.AisPath;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.blas.SubsetSumTable;
import org.ebmsim.dynamics.state.LayerShape;
import org.ebmsim.dynamics.state.ValueType;

/**
 * A restricted Boltzmann machine: visible layer (N units), hidden layer (p units), weights W
 * (N × p, row-major: {@code W[i*p + j]} couples visible i to hidden j) and the two biases.
 *
 * <p>Immutable; parameters are validated and copied on construction and kept in float64 for exact
 * computations plus float32 copies for sampling. The layers exchange only fields: the hidden
 * input {@code x = c + V·W_h} (at T = 1) and the visible product {@code H·Wᵀ}, where
 * {@code W_h = W} except for {@link GaussianBernoulliRbm} ({@code W_h = diag(1/σ²) W}). Everything
 * that differs between variants is a method of the variant: the conditionals at temperature T
 * ({@link #sampleHidden}, {@link #sampleVisible}), the free energy, the enumeration of one layer,
 * the visible moments given the other layer and the AIS path. {@link RbmSampling} samples it.
 */
public abstract sealed class Rbm permits BinaryRbm, SpinRbm, BinaryGaussianRbm, GaussianBernoulliRbm {
  final int visible;
  final int hidden;
  final double[] weights;
  final double[] visibleBias;
  final double[] hiddenBias;
  final float[] weightsF;
  final float[] visibleBiasF;
  final float[] hiddenBiasF;

  Rbm(int visible, int hidden, double[] weights, double[] visibleBias, double[] hiddenBias) {
    Checks.positiveUnits("visibleUnits", visible);
    Checks.positiveUnits("hiddenUnits", hidden);
    this.visible = visible;
    this.hidden = hidden;
    this.weights = Checks.weights(weights, visible, hidden);
    this.visibleBias = Checks.finiteVector("visibleBias", visibleBias, visible);
    this.hiddenBias = Checks.finiteVector("hiddenBias", hiddenBias, hidden);
    this.weightsF = toFloat(this.weights);
    this.visibleBiasF = toFloat(this.visibleBias);
    this.hiddenBiasF = toFloat(this.hiddenBias);
  }

  static float[] toFloat(double[] x) {
    float[] f = new float[x.length];
    for (int k = 0; k < x.length; k++) {
      f[k] = (float) x[k];
    }
    return f;
  }

  public final int visibleUnits() {
    return visible;
  }

  public final int hiddenUnits() {
    return hidden;
  }

  /** A copy of W, row-major visible × hidden. */
  public final double[] weights() {
    return weights.clone();
  }

  /** W_ij. */
  public final double weight(int i, int j) {
    return weights[i * hidden + j];
  }

  /** A copy of b. */
  public final double[] visibleBias() {
    return visibleBias.clone();
  }

  /** A copy of c. */
  public final double[] hiddenBias() {
    return hiddenBias.clone();
  }

  /** Bytes the parameters hold (float64 originals, float32 sampling copies). */
  public long heapBytes() {
    return 12L * weights.length + 12L * (visible + hidden) + 128;
  }

  /**
   * The energy {@code E(v, h)} of one joint state; the law is {@code ∝ exp(−β E)} with β = 1 except
   * for {@link BinaryGaussianRbm}, whose energy is its Hamiltonian H.
   */
  public abstract double energy(double[] visible, double[] hidden);

  /**
   * The energy whose law the kernels sample at temperature T as {@code ∝ exp(−E(v, h)/T)}:
   * {@link #energy}, scaled by the model's own β where it has one ({@link BinaryGaussianRbm}).
   */
  public double samplingEnergy(double[] visible, double[] hidden) {
    return energy(visible, hidden);
  }

  /**
   * The dimensionless free energy {@code F(v)}, with {@code p(v) = e^{−F(v)} / Z_visible}
   * (hidden units summed or integrated out, temperature included).
   */
  public abstract double freeEnergy(double[] visible);

  /** Value type of the visible units. */
  public abstract ValueType visibleType();

  /** Value type of the hidden units. */
  public abstract ValueType hiddenType();

  /** True if visible units take the values {@code {−1,+1}}, false if {@code {0,1}} or real. */
  public final boolean spinVisible() {
    return visibleType() == ValueType.SPIN;
  }

  /** True if visible units are discrete (binary or spin), false if real-valued. */
  public final boolean discreteVisible() {
    return visibleType() != ValueType.REAL;
  }

  /** True if hidden units are discrete (binary or spin), false if real-valued. */
  public final boolean discreteHidden() {
    return hiddenType() != ValueType.REAL;
  }

  // ---------------------------------------------------------------------------------------------
  // Float32 range. Sampling runs on float32 copies of the parameters and float32 states: a field
  // (or a real-valued unit) beyond float32's 3.4e38 becomes ±∞, and ∞ − ∞ in a sum makes the
  // NaN energies and log-weights that defect 9 of issue 6 reported. Every bound below is on the
  // largest magnitude a field or a unit can reach, so it holds for every state.

  /**
   * Largest field (bias plus the couplings to every neighbour) or real unit value a float32
   * sampler may reach: a 34th of float32's 3.4e38, so that adding a bias, the ×2 of spin
   * conditionals and the rounding of long sums stay finite.
   */
  public static final double MAX_FLOAT32_FIELD = 1e37;
  /** Gaussian draws are taken to stay within this many standard deviations (beyond: P < 1e-340). */
  public static final double GAUSSIAN_REACH = 40;

  /** Per visible unit: {@code |b_i| + Σ_j |W_ij|}, the largest field a discrete hidden layer sends it. */
  final double[] visibleReach() {
    double[] r = new double[visible];
    for (int i = 0; i < visible; i++) {
      double s = Math.abs(visibleBias[i]);
      for (int j = 0; j < hidden; j++) {
        s += Math.abs(weights[i * hidden + j]);
      }
      r[i] = s;
    }
    return r;
  }

  /** Per hidden unit: {@code |c_j| + Σ_i |W_ij|}, the largest field a discrete visible layer sends it. */
  final double[] hiddenReach() {
    double[] r = new double[hidden];
    for (int j = 0; j < hidden; j++) {
      double s = Math.abs(hiddenBias[j]);
      for (int i = 0; i < visible; i++) {
        s += Math.abs(weights[i * hidden + j]);
      }
      r[j] = s;
    }
    return r;
  }

  /** Index of the largest entry. */
  static int argMax(double[] x) {
    int k = 0;
    for (int i = 1; i < x.length; i++) {
      if (x[i] > x[k] || Double.isNaN(x[i])) {
        k = i;
      }
    }
    return k;
  }

  /**
   * Why sampling this RBM in float32 would overflow at its own temperature (and on its AIS path),
   * naming the parameters of {@code field} (e.g. "rbm") and the bound; null when every field and
   * unit stays within {@link #MAX_FLOAT32_FIELD}. Discrete layers: each unit's bias plus the sum
   * of its |weights|.
   */
  public String float32Problem(String field) {
    double[] h = hiddenReach();
    int j = argMax(h);
    if (!(h[j] <= MAX_FLOAT32_FIELD)) {
      return field + ".weights, " + field + ".hidden_bias: hidden unit " + j + " can receive a field of up to |c_" + j
          + "| + Σ_i |W_i" + j + "| = " + h[j] + ", above " + MAX_FLOAT32_FIELD + ", the most a unit sampled in"
          + " float32 may receive; scale the weights and biases down";
    }
    double[] v = visibleReach();
    int i = argMax(v);
    if (!(v[i] <= MAX_FLOAT32_FIELD)) {
      return field + ".weights, " + field + ".visible_bias: visible unit " + i + " can receive a field of up to |b_" + i
          + "| + Σ_j |W_" + i + "j| = " + v[i] + ", above " + MAX_FLOAT32_FIELD + ", the most a unit sampled in"
          + " float32 may receive; scale the weights and biases down";
    }
    return null;
  }

  /**
   * Highest temperature at which float32 sampling stays finite: +∞ for discrete layers (a
   * temperature only scales a field in float64 before the unit is drawn); finite for real-valued
   * units, whose spread grows with T. At least 1 when {@link #float32Problem} is null.
   */
  public double maxSamplingTemperature() {
    return Double.POSITIVE_INFINITY;
  }

  /**
   * The largest magnitude of a real visible value given by a client (cue, data, clamp) that keeps
   * every field within float32 (see {@link LayerShape#maxAbs}); float32's largest for discrete
   * visible units.
   */
  public double maxVisibleValue() {
    return Float.MAX_VALUE;
  }

  /** {@code log Z_visible − log Z_joint}: 0 except for binary–Gaussian RBMs. */
  public double logVisibleOverJoint() {
    return 0;
  }

  /**
   * Subset-sum tables ({@link SubsetSumTable}) for the products whose left factor is a two-valued
   * layer: {@code hiddenInput} for {@code V·W_h} (visible units 0/1 or ±1), {@code visibleInput} for
   * {@code H·Wᵀ} (hidden units 0/1 or ±1); null where the layer is real-valued or the table would
   * exceed {@link SubsetSumTable#MAX_BYTES}, and that product goes through BLAS. Kernels use them
   * only where {@link SubsetSumTable#wanted} (by default: when BLAS is not native).
   */
  record Tables(SubsetSumTable hiddenInput, SubsetSumTable visibleInput) {}

  private Tables tables;

  /** The tables, made on first use (about 16·N·p bytes each, charged with the model: {@link #tableBytes}). */
  synchronized Tables tables() {
    if (tables == null) {
      int nv = visibleUnits();
      int nh = hiddenUnits();
      SubsetSumTable hiddenInput = tabled(visibleType(), nv, nh)
          ? SubsetSumTable.of(hiddenFieldWeights(), nv, nh, false, visibleType().low(), 1f) : null;
      SubsetSumTable visibleInput = tabled(hiddenType(), nh, nv)
          ? SubsetSumTable.of(weightsF, nh, nv, true, hiddenType().low(), 1f) : null;
      tables = new Tables(hiddenInput, visibleInput);
    }
    return tables;
  }

  private static boolean tabled(ValueType left, int rows, int cols) {
    return left.twoValued() && SubsetSumTable.fits(rows, cols);
  }

  /** Bytes of the {@link #tables} sessions will make ({@link SubsetSumTable#wantedBySessions}), made yet or not. */
  public final long tableBytes() {
    if (!SubsetSumTable.wantedBySessions()) {
      return 0;
    }
    int nv = visibleUnits();
    int nh = hiddenUnits();
    return (tabled(visibleType(), nv, nh) ? SubsetSumTable.bytes(nv, nh) : 0)
        + (tabled(hiddenType(), nh, nv) ? SubsetSumTable.bytes(nh, nv) : 0);
  }

  /** Weights used for the hidden input {@code c + V·W_h} (N × p). */
  float[] hiddenFieldWeights() {
    return weightsF;
  }

  /**
   * Hidden half-step at temperature t for rows {@code [fromRow, toRow)} (other rows untouched, so
   * consecutive runs of chains may use different temperatures): {@code out ~ p_t(h | v)} from the product {@code v·W_h}
   * (rows × p, no bias: the hidden input c + v·W_h is formed in the sampling loop, in float, as
   * the free energies form it); modifies {@code out} and the rngs.
   */
  abstract void sampleHidden(float[] x, int fromRow, int toRow, double t, SplittableRandom[] rngs, float[] out);

  /**
   * Visible half-step at temperature t for rows {@code [fromRow, toRow)}: {@code out ~ p_t(v | h)} from {@code wh = h·Wᵀ} (rows × N,
   * no bias; the bias is added in the sampling loop); units with {@code clamped[i]} keep their
   * value in {@code out} and draw nothing. Modifies {@code out} and the rngs.
   */
  abstract void sampleVisible(float[] wh, int fromRow, int toRow, double t, SplittableRandom[] rngs,
      boolean[] clamped,
      float[] out);

  /**
   * Free energies {@code F(v)} of a batch from the product {@code x = v·W_h} (no bias; the
   * sampler computes it anyway), in O(N + p) per row: {@code out[r] = F(v_r)}.
   */
  abstract void freeEnergies(float[] v, float[] x, int rows, double[] out);

  /** Draws an initial visible state (independent of W) into {@code out[offset .. offset+N)}. */
  abstract void randomVisible(SplittableRandom rng, float[] out, int offset);

  /** Draws an initial hidden state (from the hidden prior, W ignored) into {@code out[offset ..)}. */
  abstract void randomHidden(SplittableRandom rng, float[] out, int offset);

  /**
   * The terms of an enumeration over one discrete layer with the other summed or integrated out
   * analytically; {@link RbmEnumeration} walks the states. {@code visibleLayer} says which layer is
   * enumerated (see {@link #enumeratesVisible}).
   */
  abstract RbmEnumeration.Terms enumerationTerms(boolean visibleLayer);

  /**
   * Which layer enumeration walks: the visible one if {@code mustEnumerateVisible} or if the
   * hidden layer is continuous, the hidden one if the visible layer is continuous, else the
   * smaller.
   */
  boolean enumeratesVisible(boolean mustEnumerateVisible) {
    if (mustEnumerateVisible || !discreteHidden()) {
      return true;
    }
    if (!discreteVisible()) {
      return false;
    }
    return visible <= hidden;
  }

  /**
   * Adds {@code p·E[v_i | h]} and {@code p·E[v_i² | h]} to the moment sums, given the visible field
   * {@code b + Wh} of one enumerated hidden state of probability p.
   */
  abstract void addConditionalVisibleMoments(double[] field, double p, double[] first, double[] second);

  /**
   * The AIS path of this variant: from a base distribution with known normaliser to this model.
   *
   * @param baseVisibleBias the base-rate biases b_A of discrete variants (null: the variant's
   *     default base); variants with a fixed base refuse a non-null value
   */
  public abstract AisPath aisPath(double[] baseVisibleBias, Gemm gemm);

  /** This variant's conditionals and gradient factors for {@link RbmTrainer} (fixed σ, β taken from here). */
  abstract RbmTrainingRule trainingRule();

  /** True if {@link #aisPath} accepts base-rate biases (binary and spin RBMs). */
  public boolean acceptsBaseRates() {
    return false;
  }

  /** {@code (Wᵀv)_j + c_j} for one visible state, in float64. */
  final double[] hiddenInput(double[] v) {
    double[] u = hiddenBias.clone();
    for (int i = 0; i < visible; i++) {
      double vi = v[i];
      if (vi == 0) {
        continue;
      }
      int row = i * hidden;
      for (int j = 0; j < hidden; j++) {
        u[j] += vi * weights[row + j];
      }
    }
    return u;
  }

  final void checkVisible(double[] v) {
    if (v == null || v.length != visible) {
      throw new IllegalArgumentException("visible state must have " + visible + " entries (got "
          + (v == null ? "null" : v.length) + ")");
    }
  }

  final void checkHidden(double[] h) {
    if (h == null || h.length != hidden) {
      throw new IllegalArgumentException("hidden state must have " + hidden + " entries (got "
          + (h == null ? "null" : h.length) + ")");
    }
  }

  /** {@code vᵀWh}. */
  final double coupling(double[] v, double[] h) {
    double s = 0;
    for (int i = 0; i < visible; i++) {
      if (v[i] == 0) {
        continue;
      }
      int row = i * hidden;
      double wi = 0;
      for (int j = 0; j < hidden; j++) {
        wi += weights[row + j] * h[j];
      }
      s += v[i] * wi;
    }
    return s;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** {@code Σ_i b_i v[offset + i]} in float64. */
  static double dot(double[] b, float[] v, int offset) {
    double s = 0;
    for (int i = 0; i < b.length; i++) {
      s += b[i] * v[offset + i];
    }
    return s;
  }
}
