package org.ebmsim.dynamics.modern.attnbm;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Attentional Boltzmann machine (MATH.md §5; Ota &amp; Karakida): real visible units v ∈ ℝᴺ, p
 * stored patterns ξ_μ (the rows of ξ, p × N), optional visible bias b and hidden bias c, and
 * {@code p(v) = e^{−βE(v)}/Z} with the model-B energy
 * {@code E(v) = ½‖u‖² − log Σ_μ e^{ξ_μ·u + c_μ}}, {@code u = v − b}.
 * With b = c = 0 this is exactly the paper's {@code E_B}; b shifts the origin and c the mixture
 * weights (the paper's "straightforward" bias terms, and what makes conditionals AttnBMs again).
 *
 * <p>For a positive integer β = k the law is the Gaussian mixture of {@link TupleExpansion}:
 * {@code Z = (2π/k)^{N/2} Σ_τ e^{a_τ}}, components {@code N(b + S_τ/k, I/k)}. Everything exact
 * ({@link #logPartition}, {@link #meanLogLikelihood}, {@link #negativeLogLikelihoodGradient},
 * {@link #sample}, {@link #mean}, {@link #covariance}, {@link #conditional}) needs an integer β and
 * throws {@link IllegalArgumentException} otherwise; the energy, the score, the retrieval update
 * and denoising score matching work at any β &gt; 0.
 *
 * <p>Immutable; the tuple statistics are computed on first use and cached (thread-safe: a race
 * computes them twice, identically).
 */
public final class AttnBm {
  private static final double LOG_TWO_PI = Math.log(2 * Math.PI);

  private final int visible;
  private final int hidden;
  private final double[] patterns;
  private final double[] visibleBias;
  private final double[] hiddenBias;
  private final double inverseTemperature;
  private volatile TupleStatistics statistics;

  private AttnBm(int visible, int hidden, double[] patterns, double[] visibleBias, double[] hiddenBias, double beta) {
    if (visible < 1) {
      throw new IllegalArgumentException("visibleUnits must be >= 1 (got " + visible + ")");
    }
    if (hidden < 1) {
      throw new IllegalArgumentException("hiddenUnits (stored patterns) must be >= 1 (got " + hidden + ")");
    }
    if (!(beta > 0) || !Double.isFinite(beta)) {
      throw new IllegalArgumentException("inverseTemperature β must be finite and > 0 (got " + beta + ")");
    }
    if (patterns == null || patterns.length != (long) visible * hidden) {
      throw new IllegalArgumentException("patterns must have hiddenUnits*visibleUnits = " + hidden + "*" + visible
          + " entries, row-major (one pattern ξ_μ per row) (got " + (patterns == null ? "null" : patterns.length) + ")");
    }
    for (int k = 0; k < patterns.length; k++) {
      if (!Double.isFinite(patterns[k])) {
        throw new IllegalArgumentException("patterns[" + k / visible + "][" + k % visible + "] must be finite (got "
            + patterns[k] + ")");
      }
    }
    this.visible = visible;
    this.hidden = hidden;
    this.patterns = patterns.clone();
    this.visibleBias = finiteOrZero("visibleBias", visibleBias, visible);
    this.hiddenBias = finiteOrZero("hiddenBias", hiddenBias, hidden);
    this.inverseTemperature = beta;
  }

  /**
   * Validates and copies the parameters.
   *
   * @param patterns ξ, p × N row-major (pattern μ is {@code patterns[μN .. μN+N)})
   * @param visibleBias b, length N, or null for zeros
   * @param hiddenBias c, length p, or null for zeros
   * @param inverseTemperature β &gt; 0
   */
  public static AttnBm of(int visibleUnits, int hiddenUnits, double[] patterns, double[] visibleBias,
      double[] hiddenBias, double inverseTemperature) {
    return new AttnBm(visibleUnits, hiddenUnits, patterns, visibleBias, hiddenBias, inverseTemperature);
  }

  /** The paper's model: no biases. */
  public static AttnBm of(int visibleUnits, int hiddenUnits, double[] patterns, double inverseTemperature) {
    return of(visibleUnits, hiddenUnits, patterns, null, null, inverseTemperature);
  }

  /** The same model with other parameters (validated again), e.g. after a training step. */
  public AttnBm withParameters(double[] patterns, double[] visibleBias, double[] hiddenBias) {
    return of(visible, hidden, patterns, visibleBias, hiddenBias, inverseTemperature);
  }

  public int visibleUnits() {
    return visible;
  }

  public int hiddenUnits() {
    return hidden;
  }

  public double inverseTemperature() {
    return inverseTemperature;
  }

  /** A copy of ξ (p × N row-major). */
  public double[] patterns() {
    return patterns.clone();
  }

  public double[] visibleBias() {
    return visibleBias.clone();
  }

  public double[] hiddenBias() {
    return hiddenBias.clone();
  }

  /** True if β is a positive integer, so that the exact computations apply. */
  public boolean hasIntegerInverseTemperature() {
    return inverseTemperature == Math.rint(inverseTemperature) && inverseTemperature <= Integer.MAX_VALUE;
  }

  // ---------------------------------------------------------------- energy and score (any β)

  /** {@code E(v) = ½‖u‖² − log Σ_μ e^{ξ_μ·u + c_μ}}, u = v − b. */
  public double energy(double[] v) {
    checkRow("v", v, visible);
    double[] u = new double[visible];
    double[] z = new double[hidden];
    return energyOfRow(v, 0, u, z);
  }

  /**
   * The score {@code ∇_v log p(v) = −β(u − ξᵀ softmax(ξu + c))}, written to a new array (needs no Z,
   * so any β).
   */
  public double[] score(double[] v) {
    checkRow("v", v, visible);
    double[] u = new double[visible];
    double[] z = new double[hidden];
    energyOfRow(v, 0, u, z);
    double[] out = new double[visible];
    for (int i = 0; i < visible; i++) {
      out[i] = -inverseTemperature * u[i];
    }
    for (int mu = 0; mu < hidden; mu++) {
      double s = inverseTemperature * z[mu];
      for (int i = 0; i < visible; i++) {
        out[i] += s * patterns[mu * visible + i];
      }
    }
    return out;
  }

  /**
   * Energy of row {@code r} of {@code rows}; leaves {@code u = v − b} in {@code u} and
   * {@code softmax(ξu + c)} in {@code z}.
   */
  double energyOfRow(double[] rows, int r, double[] u, double[] z) {
    double half = 0;
    int off = r * visible;
    for (int i = 0; i < visible; i++) {
      double d = rows[off + i] - visibleBias[i];
      u[i] = d;
      half += d * d;
    }
    double lse = softmaxOfInput(u, z);
    return 0.5 * half - lse;
  }

  /** {@code z ← softmax(ξu + c)}; returns {@code log Σ_μ e^{ξ_μ·u + c_μ}}. */
  double softmaxOfInput(double[] u, double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (int mu = 0; mu < hidden; mu++) {
      double h = hiddenBias[mu];
      int off = mu * visible;
      for (int i = 0; i < visible; i++) {
        h += patterns[off + i] * u[i];
      }
      z[mu] = h;
      max = Math.max(max, h);
    }
    double sum = 0;
    for (int mu = 0; mu < hidden; mu++) {
      double e = Math.exp(z[mu] - max);
      z[mu] = e;
      sum += e;
    }
    for (int mu = 0; mu < hidden; mu++) {
      z[mu] /= sum;
    }
    return max + Math.log(sum);
  }

  // ---------------------------------------------------------------- model-B retrieval (any β)

  /**
   * The modern Hopfield energy at β whose descent {@link #retrieve} is (Ramsauer et al.):
   * {@code E_β(v) = ½‖u‖² − β⁻¹ log Σ_μ e^{β(ξ_μ·u + c_μ)}}; equal to {@link #energy} at β = 1.
   */
  public double hopfieldEnergy(double[] v) {
    checkRow("v", v, visible);
    double[] u = new double[visible];
    double half = 0;
    for (int i = 0; i < visible; i++) {
      u[i] = v[i] - visibleBias[i];
      half += u[i] * u[i];
    }
    double[] z = new double[hidden];
    return 0.5 * half - retrievalWeights(u, z) / inverseTemperature;
  }

  /**
   * One model-B retrieval update of every row: {@code v ← b + ξᵀ softmax(β(ξ(v − b) + c))} (MATH.md §4,
   * the attention step). It is the concave–convex step on {@link #hopfieldEnergy}, so it never
   * raises that energy. Returns new rows; {@code rows} is not modified.
   *
   * @param rows count × N row-major states
   */
  public double[] retrieve(double[] rows, int count) {
    checkRows("rows", rows, count, visible);
    double[] out = new double[count * visible];
    double[] u = new double[visible];
    double[] z = new double[hidden];
    for (int r = 0; r < count; r++) {
      int off = r * visible;
      for (int i = 0; i < visible; i++) {
        u[i] = rows[off + i] - visibleBias[i];
        out[off + i] = visibleBias[i];
      }
      retrievalWeights(u, z);
      for (int mu = 0; mu < hidden; mu++) {
        double s = z[mu];
        if (s == 0) {
          continue;
        }
        int p = mu * visible;
        for (int i = 0; i < visible; i++) {
          out[off + i] += s * patterns[p + i];
        }
      }
    }
    return out;
  }

  /** {@code z ← softmax(β(ξu + c))}; returns {@code log Σ_μ e^{β(ξ_μ·u + c_μ)}}. */
  private double retrievalWeights(double[] u, double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (int mu = 0; mu < hidden; mu++) {
      double h = hiddenBias[mu];
      int off = mu * visible;
      for (int i = 0; i < visible; i++) {
        h += patterns[off + i] * u[i];
      }
      z[mu] = inverseTemperature * h;
      max = Math.max(max, z[mu]);
    }
    double sum = 0;
    for (int mu = 0; mu < hidden; mu++) {
      z[mu] = Math.exp(z[mu] - max);
      sum += z[mu];
    }
    for (int mu = 0; mu < hidden; mu++) {
      z[mu] /= sum;
    }
    return max + Math.log(sum);
  }

  // ---------------------------------------------------------------- exact (integer β)

  /** β as the tuple size k, or {@link IllegalArgumentException} naming {@code what} needed it. */
  int tupleOrder(String what) {
    if (!hasIntegerInverseTemperature()) {
      long below = (long) Math.floor(inverseTemperature);
      String nearest = below < 1 ? "β = 1" : "β = " + below + " or " + (below + 1);
      throw new IllegalArgumentException(what + " of an AttnBM is exact only for a positive integer inverse"
          + " temperature β (the β-tuple expansion turns e^{−βE} into a mixture of p^β Gaussians only when β = 1, 2,"
          + " 3, …; got β = " + inverseTemperature + "); use " + nearest);
    }
    return (int) inverseTemperature;
  }

  TupleStatistics statistics(String what) {
    int k = tupleOrder(what);
    TupleStatistics s = statistics;
    if (s == null) {
      s = TupleStatistics.of(new TupleExpansion(visible, hidden, patterns, hiddenBias, k), hidden);
      statistics = s;
    }
    return s;
  }

  /**
   * {@code log Z = (N/2) log(2π/k) + log Σ_τ e^{‖S_τ‖²/(2k) + C_τ}} over the β-tuples (k = β);
   * for k = 1 {@code log Z = (N/2) log 2π + log Σ_μ e^{‖ξ_μ‖²/2 + c_μ}}.
   */
  public double logPartition() {
    TupleStatistics s = statistics("log Z");
    int k = (int) inverseTemperature;
    return 0.5 * visible * (LOG_TWO_PI - Math.log(k)) + s.logWeightSum;
  }

  /**
   * The number of Gaussians in the exact mixture, checking without computing anything that the
   * exact quantities apply: {@link IllegalArgumentException} naming {@code what} for a non-integer
   * β, {@link org.ebmsim.dynamics.ModelTooLargeException} above the expansion's size limits.
   */
  /**
   * Why the law at temperature T, {@code e^{−βE/T}}, has no exact sampler, or empty when β/T is a
   * positive integer whose β-tuple expansion is within the limits. Cheap: no model is built.
   */
  public java.util.Optional<String> samplingProblemAt(double temperature) {
    double k = inverseTemperature / temperature;
    if (!(k == Math.rint(k) && k >= 1 && k <= Integer.MAX_VALUE)) {
      return java.util.Optional.of("an AttnBM is sampled exactly only where β/T is a positive integer (β = "
          + inverseTemperature + ", β/T = " + k + "); use T = β/1, β/2, β/3, …");
    }
    try {
      TupleExpansion.checkSize(hidden, (int) k);
      return java.util.Optional.empty();
    } catch (RuntimeException e) {
      return java.util.Optional.of(e.getMessage());
    }
  }

  /** This model at another inverse temperature (same parameters). */
  public AttnBm atInverseTemperature(double beta) {
    return beta == inverseTemperature ? this : new AttnBm(visible, hidden, patterns, visibleBias, hiddenBias, beta);
  }

  public long exactComponents(String what) {
    return TupleExpansion.checkSize(hidden, tupleOrder(what));
  }

  /** {@code log p(v_r) = −βE(v_r) − log Z} of each of {@code count} rows (count × N row-major). */
  public double[] logDensities(double[] rows, int count) {
    checkRows("rows", rows, count, visible);
    double logZ = logPartition();
    double[] u = new double[visible];
    double[] z = new double[hidden];
    double[] out = new double[count];
    for (int r = 0; r < count; r++) {
      out[r] = -inverseTemperature * energyOfRow(rows, r, u, z) - logZ;
    }
    return out;
  }

  /** {@code log p(v) = −βE(v) − log Z} of one state. */
  public double logDensity(double[] v) {
    double logZ = logPartition();
    return -inverseTemperature * energy(v) - logZ;
  }

  /** {@code (1/R) Σ_r log p(v_r)} over {@code count} rows (count × N row-major). */
  public double meanLogLikelihood(double[] rows, int count) {
    checkRows("rows", rows, count, visible);
    double logZ = logPartition();
    double[] u = new double[visible];
    double[] z = new double[hidden];
    double sum = 0;
    for (int r = 0; r < count; r++) {
      sum += energyOfRow(rows, r, u, z);
    }
    return -inverseTemperature * sum / count - logZ;
  }

  /**
   * The mean negative log-likelihood {@code L = β⟨E⟩_data + log Z} of the rows and its exact gradient
   * (MATH.md §5; paper eq. 29–30, with biases):
   * <pre>
   * ∂L/∂ξ_μ = −β⟨softmax_μ(ξu + c) u⟩_data + (1/k) Σ_ν M_μν ξ_ν
   * ∂L/∂c_μ = −β⟨softmax_μ(ξu + c)⟩_data + m_μ
   * ∂L/∂b   = −β⟨u − ξᵀ softmax(ξu + c)⟩_data        (Z does not depend on b)
   * </pre>
   * with m, M the multiplicity moments of {@link TupleStatistics}; for k = 1 the last term of the
   * first line is the paper's {@code ξ_μ softmax_μ(‖ξ‖²/2 + c)}.
   */
  public AttnBmObjective negativeLogLikelihoodGradient(double[] rows, int count) {
    checkRows("rows", rows, count, visible);
    TupleStatistics s = statistics("the likelihood gradient");
    double logZ = logPartition();
    int k = (int) inverseTemperature;
    double[] dXi = new double[hidden * visible];
    double[] dB = new double[visible];
    double[] dC = new double[hidden];
    double[] u = new double[visible];
    double[] z = new double[hidden];
    double energySum = 0;
    for (int r = 0; r < count; r++) {
      energySum += energyOfRow(rows, r, u, z);
      for (int i = 0; i < visible; i++) {
        dB[i] -= u[i];
      }
      for (int mu = 0; mu < hidden; mu++) {
        double w = z[mu];
        dC[mu] -= w;
        int off = mu * visible;
        for (int i = 0; i < visible; i++) {
          dXi[off + i] -= w * u[i];
          dB[i] += w * patterns[off + i];
        }
      }
    }
    double scale = inverseTemperature / count;
    for (int j = 0; j < dXi.length; j++) {
      dXi[j] *= scale;
    }
    for (int i = 0; i < visible; i++) {
      dB[i] *= scale;
    }
    for (int mu = 0; mu < hidden; mu++) {
      dC[mu] = dC[mu] * scale + s.multiplicityMean[mu];
    }
    addModelPhase(s, k, dXi);
    return new AttnBmObjective(inverseTemperature * energySum / count + logZ, dXi, dB, dC);
  }

  /**
   * {@code dXi_μ += (1/k) Σ_ν M_μν ξ_ν} with k the divisor (diagonal M when the model's order is 1);
   * {@link #covariance} passes 1 to get {@code Mξ}.
   */
  private void addModelPhase(TupleStatistics s, int k, double[] dXi) {
    for (int mu = 0; mu < hidden; mu++) {
      int off = mu * visible;
      if (s.multiplicitySecondMoment == null) {
        double w = s.multiplicityMean[mu] / k;
        for (int i = 0; i < visible; i++) {
          dXi[off + i] += w * patterns[off + i];
        }
        continue;
      }
      for (int nu = 0; nu < hidden; nu++) {
        double w = s.multiplicitySecondMoment[mu * hidden + nu] / k;
        if (w == 0) {
          continue;
        }
        int p = nu * visible;
        for (int i = 0; i < visible; i++) {
          dXi[off + i] += w * patterns[p + i];
        }
      }
    }
  }

  /** The model mean {@code ⟨v⟩ = b + ξᵀm/k} (each component's mean is b + S_τ/k). */
  public double[] mean() {
    TupleStatistics s = statistics("the mean");
    int k = (int) inverseTemperature;
    double[] out = visibleBias.clone();
    for (int mu = 0; mu < hidden; mu++) {
      double w = s.multiplicityMean[mu] / k;
      for (int i = 0; i < visible; i++) {
        out[i] += w * patterns[mu * visible + i];
      }
    }
    return out;
  }

  /**
   * The model covariance (N × N row-major) by the law of total covariance:
   * {@code I/k + ξᵀ(M − m mᵀ)ξ / k²}, evaluated as {@code T = (M − m mᵀ)ξ} then {@code ξᵀT}:
   * O(p²N + pN²), and O(pN + pN²) for k = 1 where {@code Mξ} is {@code m∘ξ} row by row.
   */
  public double[] covariance() {
    TupleStatistics s = statistics("the covariance");
    int k = (int) inverseTemperature;
    // mξ = Σ_μ m_μ ξ_μ, the (unscaled) spread of the component means about their average
    double[] mXi = new double[visible];
    for (int mu = 0; mu < hidden; mu++) {
      for (int i = 0; i < visible; i++) {
        mXi[i] += s.multiplicityMean[mu] * patterns[mu * visible + i];
      }
    }
    double[] t = new double[hidden * visible];
    addModelPhase(s, 1, t); // t = Mξ
    for (int mu = 0; mu < hidden; mu++) {
      double m = s.multiplicityMean[mu];
      for (int i = 0; i < visible; i++) {
        t[mu * visible + i] -= m * mXi[i];
      }
    }
    double[] cov = new double[visible * visible];
    double scale = 1.0 / ((double) k * k);
    for (int mu = 0; mu < hidden; mu++) {
      for (int i = 0; i < visible; i++) {
        double a = scale * patterns[mu * visible + i];
        if (a == 0) {
          continue;
        }
        int row = i * visible;
        int off = mu * visible;
        for (int j = 0; j < visible; j++) {
          cov[row + j] += a * t[off + j];
        }
      }
    }
    for (int i = 0; i < visible; i++) {
      cov[i * visible + i] += 1.0 / k;
    }
    return cov;
  }

  /**
   * The law of the missing units given the observed ones, itself an AttnBM: with
   * {@code v = [v_o; v_m]}, {@code p(v_m | v_o) ∝ e^{−(β/2)‖u_m‖²} (Σ_μ e^{ξ_{μ,m}·u_m + c_μ + ξ_{μ,o}·u_o})^β},
   * i.e. patterns {@code ξ_{·,m}}, visible bias {@code b_m}, hidden bias {@code c_μ + ξ_{μ,o}·(v_o − b_o)}
   * and the same β. Its {@link #mean} is the paper's reconstruction (eq. 39) for β = 1, b = c = 0.
   *
   * @param observed one flag per unit; at least one unit must be missing
   * @param values a full-length state whose observed entries are read (the others are ignored)
   */
  public AttnBm conditional(boolean[] observed, double[] values) {
    if (observed == null || observed.length != visible) {
      throw new IllegalArgumentException("observed must have one flag per visible unit: " + visible + " (got "
          + (observed == null ? "null" : observed.length) + ")");
    }
    checkRow("values", values, visible);
    int missing = 0;
    for (boolean o : observed) {
      missing += o ? 0 : 1;
    }
    if (missing == 0) {
      throw new IllegalArgumentException("observed marks every unit observed; at least one unit must be missing");
    }
    double[] xi = new double[hidden * missing];
    double[] b = new double[missing];
    double[] c = hiddenBias.clone();
    for (int mu = 0; mu < hidden; mu++) {
      int m = 0;
      for (int i = 0; i < visible; i++) {
        double x = patterns[mu * visible + i];
        if (observed[i]) {
          c[mu] += x * (values[i] - visibleBias[i]);
        } else {
          xi[mu * missing + m++] = x;
        }
      }
    }
    int m = 0;
    for (int i = 0; i < visible; i++) {
      if (!observed[i]) {
        b[m++] = visibleBias[i];
      }
    }
    return new AttnBm(missing, hidden, xi, b, c, inverseTemperature);
  }

  /**
   * Conditional reconstruction of every row: observed units kept, each missing unit replaced by
   * {@code ⟨v_m | v_o⟩} (the mean of {@link #conditional}). Returns new rows.
   */
  public double[] reconstruct(double[] rows, int count, boolean[] observed) {
    checkRows("rows", rows, count, visible);
    tupleOrder("the conditional mean");
    double[] out = rows.clone();
    double[] row = new double[visible];
    for (int r = 0; r < count; r++) {
      System.arraycopy(rows, r * visible, row, 0, visible);
      double[] m = conditional(observed, row).mean();
      int j = 0;
      for (int i = 0; i < visible; i++) {
        if (!observed[i]) {
          out[r * visible + i] = m[j++];
        }
      }
    }
    return out;
  }

  /**
   * {@code count} exact independent samples (count × N row-major): a component τ with probability
   * {@code w_τ}, then {@code v = b + S_τ/k + z/√k}, z standard normal.
   *
   * <p>Components are drawn by inversion with sorted uniforms in one pass over the expansion (no
   * table of the up to 2^24 components), then the rows are put in a uniformly random order, which
   * makes them i.i.d. again. Deterministic given the state of {@code rng}.
   */
  public double[] sample(int count, SplittableRandom rng) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1 (got " + count + ")");
    }
    TupleStatistics s = statistics("sampling");
    int k = (int) inverseTemperature;
    double[] uniforms = new double[count];
    for (int r = 0; r < count; r++) {
      uniforms[r] = rng.nextDouble();
    }
    Arrays.sort(uniforms);
    double[] out = new double[count * visible];
    int[] last = new int[k];
    double[] state = {0.0, 0.0}; // cumulative weight, index of the next uniform
    new TupleExpansion(visible, hidden, patterns, hiddenBias, k).forEach((members, a) -> {
      state[0] += Math.exp(a - s.logWeightSum);
      int next = (int) state[1];
      while (next < count && uniforms[next] < state[0]) {
        writeComponentMean(members, k, out, next++);
      }
      state[1] = next;
      System.arraycopy(members, 0, last, 0, k);
    });
    // rounding may leave the cumulative weight a few ulps below 1: the rest belong to the last component
    for (int next = (int) state[1]; next < count; next++) {
      writeComponentMean(last, k, out, next);
    }
    // Fisher–Yates over rows: sorted uniforms put the components in order
    for (int r = count - 1; r > 0; r--) {
      int j = rng.nextInt(r + 1);
      if (j != r) {
        for (int i = 0; i < visible; i++) {
          double t = out[r * visible + i];
          out[r * visible + i] = out[j * visible + i];
          out[j * visible + i] = t;
        }
      }
    }
    double sd = 1 / Math.sqrt(k);
    for (int j = 0; j < out.length; j++) {
      out[j] += sd * rng.nextGaussian();
    }
    return out;
  }

  /** Row {@code r} of {@code out} ← {@code b + S_τ/k}. */
  private void writeComponentMean(int[] members, int k, double[] out, int r) {
    int off = r * visible;
    for (int i = 0; i < visible; i++) {
      double sum = 0;
      for (int j = 0; j < k; j++) {
        sum += patterns[members[j] * visible + i];
      }
      out[off + i] = visibleBias[i] + sum / k;
    }
  }

  // ---------------------------------------------------------------- validation

  private static double[] finiteOrZero(String field, double[] values, int length) {
    if (values == null) {
      return new double[length];
    }
    if (values.length != length) {
      throw new IllegalArgumentException(field + " must have " + length + " entries (got " + values.length + ")");
    }
    for (int i = 0; i < length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(field + "[" + i + "] must be finite (got " + values[i] + ")");
      }
    }
    return values.clone();
  }

  static void checkRow(String field, double[] v, int length) {
    if (v == null || v.length != length) {
      throw new IllegalArgumentException(field + " must have " + length + " entries (one per visible unit) (got "
          + (v == null ? "null" : v.length) + ")");
    }
  }

  static void checkRows(String field, double[] rows, int count, int length) {
    if (count < 1) {
      throw new IllegalArgumentException(field + ": count must be >= 1 (got " + count + ")");
    }
    if (rows == null || rows.length != (long) count * length) {
      throw new IllegalArgumentException(field + " must hold count × visibleUnits = " + count + " × " + length
          + " values, row-major (got " + (rows == null ? "null" : rows.length) + ")");
    }
    for (int j = 0; j < rows.length; j++) {
      if (!Double.isFinite(rows[j])) {
        throw new IllegalArgumentException(field + "[" + j / length + "][" + j % length + "] must be finite (got "
            + rows[j] + ")");
      }
    }
  }
}
