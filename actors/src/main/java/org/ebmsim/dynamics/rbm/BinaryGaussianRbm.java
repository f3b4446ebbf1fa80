package org.ebmsim.dynamics.rbm;

import org.ebmsim.dynamics.sampling.UnitSampling;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ais.AisPath;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.state.ValueType;

/**
 * Binary–Gaussian RBM of Smart &amp; Zilman (the Hopfield-equivalent RBM): N visible spins s ∈ {−1,+1},
 * p real hidden λ, Hamiltonian {@code H(s,λ) = ½‖λ − c‖² − bᵀs − sᵀWλ} and law {@code ∝ exp(−βH)}.
 *
 * <p>Conditionals: {@code λ | s ~ N(c + Wᵀs, 1/β)} (the hidden field is the mean {@code c + Wᵀs});
 * {@code P(s_i=+1 | λ) = σ(2β(b_i + (Wλ)_i))} (the visible field is {@code b + Wλ}). Integrating λ out
 * gives the Ising model {@code H(s) = −bᵀs − ½‖Wᵀs‖² − cᵀWᵀs} with couplings {@code J = WWᵀ}
 * (self-couplings kept), and {@code Z_visible = Σ_s e^{−βH(s)} = Z_joint·(β/2π)^{p/2}}.
 * {@link #freeEnergy} is {@code βH(s)}, so it pairs with {@code Z_visible}.
 */
public final class BinaryGaussianRbm extends Rbm {
  private final double inverseTemperature;
  private final double hiddenSd;

  private BinaryGaussianRbm(int visible, int hidden, double[] weights, double[] visibleBias, double[] hiddenBias,
      double inverseTemperature) {
    super(visible, hidden, weights, visibleBias, hiddenBias);
    Checks.positiveFinite("inverseTemperature", inverseTemperature);
    this.inverseTemperature = inverseTemperature;
    this.hiddenSd = 1 / Math.sqrt(inverseTemperature);
  }

  /**
   * Validates and copies the parameters.
   *
   * @param weights W, row-major N × p
   * @param visibleBias b (length N) or null for zeros
   * @param hiddenBias c (length p) or null for zeros
   * @param inverseTemperature β, finite and > 0
   */
  public static BinaryGaussianRbm of(int visibleUnits, int hiddenUnits, double[] weights, double[] visibleBias,
      double[] hiddenBias, double inverseTemperature) {
    return new BinaryGaussianRbm(visibleUnits, hiddenUnits, weights, visibleBias, hiddenBias, inverseTemperature);
  }

  /** β. */
  public double inverseTemperature() {
    return inverseTemperature;
  }

  /** {@code H(s,λ) = ½‖λ − c‖² − bᵀs − sᵀWλ}. */
  @Override
  public double energy(double[] s, double[] lambda) {
    checkVisible(s);
    checkHidden(lambda);
    double q = 0;
    for (int m = 0; m < hidden; m++) {
      double d = lambda[m] - hiddenBias[m];
      q += d * d;
    }
    return 0.5 * q - dot(visibleBias, s) - coupling(s, lambda);
  }

  /** {@code βH(s, λ)}: the kernels at T sample ∝ exp(−βH/T). */
  @Override
  public double samplingEnergy(double[] s, double[] lambda) {
    return inverseTemperature * energy(s, lambda);
  }

  /** The marginal Ising Hamiltonian {@code H(s) = −bᵀs − ½‖Wᵀs‖² − cᵀWᵀs}. */
  public double isingEnergy(double[] s) {
    checkVisible(s);
    double[] cu = hiddenInput(s); // c + Wᵀs
    // −½‖u‖² − cᵀu = −½‖c+u‖² + ½‖c‖²
    double h = -dot(visibleBias, s) + 0.5 * dot(hiddenBias, hiddenBias);
    for (double x : cu) {
      h -= 0.5 * x * x;
    }
    return h;
  }

  /** {@code F(s) = β H(s)}. */
  @Override
  public double freeEnergy(double[] s) {
    return inverseTemperature * isingEnergy(s);
  }

  /** The couplings {@code J = WWᵀ} (N × N, row-major) of the marginal Ising model. */
  public double[] couplings() {
    double[] j = new double[visible * visible];
    for (int a = 0; a < visible; a++) {
      for (int b = 0; b < visible; b++) {
        double s = 0;
        for (int m = 0; m < hidden; m++) {
          s += weights[a * hidden + m] * weights[b * hidden + m];
        }
        j[a * visible + b] = s;
      }
    }
    return j;
  }

  /**
   * Float32 range: λ_j reaches {@code M_j + 40·sd} with {@code M_j = |c_j| + Σ_i |W_ij|} and
   * {@code sd = √(T/β)}, and visible unit i then receives up to {@code |b_i| + Σ_j |W_ij|(M_j + 40·sd)}
   * (quadratic in W: the couplings are WWᵀ). Checked with the spread of the model's own temperature
   * and of its AIS path, {@code sd = max(1/√β, 1)}.
   */
  @Override
  public String float32Problem(String field) {
    double sd = Math.max(1 / Math.sqrt(inverseTemperature), 1);
    double[] m = hiddenReach();
    int j = argMax(m);
    double lambda = m[j] + GAUSSIAN_REACH * sd;
    if (!(lambda <= MAX_FLOAT32_FIELD)) {
      return field + ".weights, " + field + ".hidden_bias, " + field + ".inverse_temperature: the real-valued hidden"
          + " unit " + j + " reaches |c_" + j + "| + Σ_i |W_i" + j + "| + " + GAUSSIAN_REACH + "·max(1/√β, 1) = "
          + lambda + ", above " + MAX_FLOAT32_FIELD + ", the most a unit sampled in float32 may hold";
    }
    double[] f = visibleFieldReach(m, sd);
    int i = argMax(f);
    if (!(f[i] <= MAX_FLOAT32_FIELD)) {
      return field + ".weights, " + field + ".visible_bias, " + field + ".hidden_bias, " + field
          + ".inverse_temperature: visible unit " + i + " can receive a field of up to |b_" + i + "| + Σ_j |W_" + i
          + "j| (|c_j| + Σ_k |W_kj| + " + GAUSSIAN_REACH + "·max(1/√β, 1)) = " + f[i] + ", above "
          + MAX_FLOAT32_FIELD + ", the most a unit sampled in float32 may receive; scale W down (the couplings"
          + " are WWᵀ)";
    }
    return null;
  }

  /** Per visible unit: {@code |b_i| + Σ_j |W_ij| (m_j + 40·sd)}. */
  private double[] visibleFieldReach(double[] m, double sd) {
    double[] f = new double[visible];
    for (int i = 0; i < visible; i++) {
      double s = Math.abs(visibleBias[i]);
      for (int j = 0; j < hidden; j++) {
        s += Math.abs(weights[i * hidden + j]) * (m[j] + GAUSSIAN_REACH * sd);
      }
      f[i] = s;
    }
    return f;
  }

  /**
   * The largest T with {@code sd = √(T/β)} keeping λ and every visible field within
   * {@link #MAX_FLOAT32_FIELD}: {@code β·sd_max²}.
   */
  @Override
  public double maxSamplingTemperature() {
    double[] m = hiddenReach();
    double sdMax = Double.POSITIVE_INFINITY;
    for (double mj : m) {
      sdMax = Math.min(sdMax, (MAX_FLOAT32_FIELD - mj) / GAUSSIAN_REACH);
    }
    for (int i = 0; i < visible; i++) {
      double rest = Math.abs(visibleBias[i]);
      double gain = 0;
      for (int j = 0; j < hidden; j++) {
        double w = Math.abs(weights[i * hidden + j]);
        rest += w * m[j];
        gain += w;
      }
      if (gain > 0) {
        sdMax = Math.min(sdMax, (MAX_FLOAT32_FIELD - rest) / (GAUSSIAN_REACH * gain));
      }
    }
    return sdMax <= 0 ? 0 : inverseTemperature * sdMax * sdMax;
  }

  @Override
  public ValueType visibleType() {
    return ValueType.SPIN;
  }

  @Override
  public ValueType hiddenType() {
    return ValueType.REAL;
  }

  @Override
  public double logVisibleOverJoint() {
    return 0.5 * hidden * Math.log(inverseTemperature / (2 * Math.PI));
  }

  /**
   * {@code λ | s ~ N(x, t/β)}: the law at temperature t is {@code e^{−βH/t}}, so the mean
   * {@code x = c + Wᵀs} does not move and only the variance grows with t.
   */
  @Override
  void sampleHidden(float[] x, int fromRow, int toRow, double t, SplittableRandom[] rngs, float[] out) {
    UnitSampling.gaussian(x, hiddenBiasF, fromRow, toRow, hidden, null, Math.sqrt(t / inverseTemperature), rngs, null,
        out);
  }

  /** {@code P_t(s_i = +1 | λ) = σ(2(β/t)(b_i + (Wλ)_i))}. */
  @Override
  void sampleVisible(float[] wh, int fromRow, int toRow, double t, SplittableRandom[] rngs, boolean[] clamped, float[] out) {
    UnitSampling.spin(wh, visibleBiasF, fromRow, toRow, visible, inverseTemperature / t, rngs, clamped, out);
  }

  /** {@code F(s) = β(−bᵀs + ½‖c‖² − ½‖x‖²)} (= βH(s) of the marginal Ising model). */
  @Override
  void freeEnergies(float[] v, float[] x, int rows, double[] out) {
    double cc = dot(hiddenBias, hiddenBias);
    for (int r = 0; r < rows; r++) {
      double xx = 0;
      int xo = r * hidden;
      for (int j = 0; j < hidden; j++) {
        double u = x[xo + j] + hiddenBiasF[j];
        xx += u * u;
      }
      out[r] = inverseTemperature * (-dot(visibleBias, v, r * visible) + 0.5 * cc - 0.5 * xx);
    }
  }

  @Override
  void randomVisible(SplittableRandom rng, float[] out, int offset) {
    for (int i = 0; i < visible; i++) {
      out[offset + i] = rng.nextBoolean() ? 1f : -1f;
    }
  }

  @Override
  void randomHidden(SplittableRandom rng, float[] out, int offset) {
    for (int j = 0; j < hidden; j++) {
      out[offset + j] = (float) (hiddenBias[j] + hiddenSd * rng.nextGaussian());
    }
  }

  /** The spins are enumerated, λ integrated: {@code log w(s) = −βH(s) = β bᵀs + (β/2)(‖c + Wᵀs‖² − ‖c‖²)}. */
  @Override
  RbmEnumeration.Terms enumerationTerms(boolean visibleLayer) {
    if (!visibleLayer) {
      throw new IllegalStateException("a binary-Gaussian RBM's real hidden layer cannot be enumerated");
    }
    double beta = inverseTemperature;
    double cc = dot(hiddenBias, hiddenBias);
    return new RbmEnumeration.Terms(-1, (x, f) -> beta * dot(visibleBias, x) + 0.5 * beta * (dot(f, f) - cc), 0);
  }

  @Override
  void addConditionalVisibleMoments(double[] field, double p, double[] first, double[] second) {
    throw new IllegalStateException("a binary-Gaussian RBM enumerates its visible layer");
  }

  /** The continuous-representation path with base N(0, I) ({@link BinaryGaussianAisPath}). */
  @Override
  public AisPath aisPath(double[] baseVisibleBias, Gemm gemm) {
    if (baseVisibleBias != null) {
      throw new IllegalArgumentException("a binary-Gaussian RBM's AIS runs on the continuous hidden representation"
          + " with an N(0, I) base; base rates do not apply");
    }
    return BinaryGaussianAisPath.of(this, gemm);
  }

  @Override
  RbmTrainingRule trainingRule() {
    return new BinaryGaussianRbmTrainingRule(this);
  }
}
