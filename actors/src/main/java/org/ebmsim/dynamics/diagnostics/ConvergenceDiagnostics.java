package org.ebmsim.dynamics.diagnostics;

/**
 * Split-R̂, integrated autocorrelation time and effective sample size of m chains' traces of one
 * scalar (Gelman et al., BDA3 §11.4–11.5, with the Geyer initial-positive-sequence truncation Stan
 * uses). Each trace is split in halves, so a chain that drifts within itself also raises R̂:
 * with M = 2m half-chains of n points, W the mean within-half variance and B/n the variance of
 * their means, {@code var⁺ = (n−1)/n·W + B/n} and {@code R̂ = √(var⁺/W)}. The combined autocorrelation
 * {@code ρ_t = 1 − (W − mean_j γ_{t,j})/var⁺} (ρ_0 = 1) is summed in pairs {@code P_k = ρ_{2k} + ρ_{2k+1}} while
 * positive (and made monotone), {@code τ = −1 + 2 Σ_k P_k} in trace steps, and
 * {@code ESS = M·n/τ}.
 *
 * @param splitRHat R̂ (1 at convergence; above ~1.01 the chains disagree)
 * @param effectiveSampleSize independent draws the M·n points are worth
 * @param autocorrelationTime τ, in steps of the trace
 * @param chains chains used (m)
 * @param length points per chain used (2n)
 */
public record ConvergenceDiagnostics(double splitRHat, double effectiveSampleSize, double autocorrelationTime,
    int chains, int length) {

  /** Fewest points per chain that give a diagnosis (two halves of 4). */
  public static final int MIN_LENGTH = 8;

  /**
   * The diagnostics of {@code traces[c][0 .. length)} for each chain c, or null when they are
   * undefined: fewer than {@link #MIN_LENGTH} points, or no variation within the halves (frozen
   * chains, W = 0).
   *
   * @throws IllegalArgumentException for no chains or a trace shorter than {@code length}
   */
  public static ConvergenceDiagnostics of(double[][] traces, int length) {
    if (traces.length == 0) {
      throw new IllegalArgumentException("diagnostics need at least one chain");
    }
    for (double[] t : traces) {
      if (t.length < length) {
        throw new IllegalArgumentException("a trace holds " + t.length + " points, fewer than " + length);
      }
    }
    if (length < MIN_LENGTH) {
      return null;
    }
    int n = length / 2;
    int halves = 2 * traces.length;
    double[] means = new double[halves];
    double[][] gammas = new double[halves][];
    double within = 0;
    for (int c = 0; c < traces.length; c++) {
      double[][] pair = Autocovariance.ofPair(traces[c], 0, length - n, n); // an odd length drops its middle point
      for (int h = 0; h < 2; h++) {
        int from = h == 0 ? 0 : length - n;
        int j = 2 * c + h;
        double sum = 0;
        for (int i = 0; i < n; i++) {
          sum += traces[c][from + i];
        }
        means[j] = sum / n;
        gammas[j] = pair[h];
        within += gammas[j][0] * n / (n - 1); // the unbiased within-half variance
      }
    }
    within /= halves;
    if (!(within > 0) || !Double.isFinite(within)) {
      return null;
    }
    double grand = 0;
    for (double m : means) {
      grand += m;
    }
    grand /= halves;
    double betweenOverN = 0;
    for (double m : means) {
      betweenOverN += (m - grand) * (m - grand);
    }
    betweenOverN /= halves - 1;
    double varPlus = (n - 1.0) / n * within + betweenOverN;
    double rHat = Math.sqrt(varPlus / within);

    double tau = -1;
    double previous = Double.POSITIVE_INFINITY;
    for (int t = 0; t + 1 < n; t += 2) {
      double pair = (t == 0 ? 1 : rho(gammas, t, within, varPlus)) + rho(gammas, t + 1, within, varPlus);
      if (!(pair > 0)) {
        break;
      }
      pair = Math.min(pair, previous); // Geyer's monotone sequence
      previous = pair;
      tau += 2 * pair;
    }
    tau = Math.max(tau, 1.0 / Math.log10(halves * (double) n)); // Stan's floor: ESS ≤ M·n·log10(M·n)
    return new ConvergenceDiagnostics(rHat, halves * (double) n / tau, tau, traces.length, 2 * n);
  }

  /** The combined autocorrelation at lag t. */
  private static double rho(double[][] gammas, int t, double within, double varPlus) {
    double mean = 0;
    for (double[] g : gammas) {
      mean += g[t];
    }
    mean /= gammas.length;
    // γ_t uses 1/n; W the unbiased variance: BDA3/Stan combine them exactly so
    return 1 - (within - mean) / varPlus;
  }
}
