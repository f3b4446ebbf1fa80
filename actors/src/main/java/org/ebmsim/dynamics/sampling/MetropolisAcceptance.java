package org.ebmsim.dynamics.sampling;

import java.util.SplittableRandom;

/**
 * The Metropolis test for an uphill move, {@code u < e^{−x}} with x = βΔE > 0 and
 * u = {@code rng.nextDouble()}, decided mostly without {@code exp}: the same idea as
 * {@link UnitSampling}'s Bernoulli draws. {@code nextDouble()} is (bits >>> 11)·2⁻⁵³ for
 * bits = {@code nextLong()}, so the top 12 bits put u in the bin [k, k+1)/2¹²; then
 * x ≤ −ln((k+1)/2¹²) accepts and x ≥ −ln(k/2¹²) rejects whatever the other bits are. Only when x
 * falls inside the bin's interval (probability 2⁻¹² per test for a smooth law of x) is
 * {@code Math.exp} computed. The edges are widened by a margin far above the rounding of
 * {@code Math.log} and {@code Math.exp}, so the decision is bit for bit that of
 * {@code rng.nextDouble() < Math.exp(-x)}, one {@code nextLong()} consumed either way: chains keep
 * their streams and trajectories. The exp was about a fifth of an update on a Boltzmann machine
 * with hidden units (53.6 against 45.1 ns for the heat bath, which already used its table).
 */
public final class MetropolisAcceptance {
  private MetropolisAcceptance() {}

  private static final int BIN_BITS = 12; // 4097 doubles = 32 KB, small enough for L1
  private static final int BINS = 1 << BIN_BITS;
  /** {@code EDGES[k] = −ln(k/2¹²)}: decreasing, +∞ at k = 0 (kept as MAX_VALUE), 0 at k = 2¹². */
  private static final double[] EDGES = new double[BINS + 1];
  private static final double MARGIN = 1e-9;

  static {
    EDGES[0] = Double.MAX_VALUE;
    for (int k = 1; k <= BINS; k++) {
      EDGES[k] = -Math.log((double) k / BINS);
    }
  }

  /**
   * Whether an uphill move of {@code x = βΔE} (> 0; +∞ rejects) is accepted: exactly
   * {@code rng.nextDouble() < Math.exp(-x)}, consuming one {@code nextLong()}.
   */
  public static boolean acceptUphill(double x, SplittableRandom rng) {
    return acceptUphill(x, rng.nextLong());
  }

  /** {@link #acceptUphill(double, SplittableRandom)} decided by the 64 random bits {@code bits}. */
  public static boolean acceptUphill(double x, long bits) {
    int k = (int) (bits >>> (64 - BIN_BITS));
    if (x < EDGES[k + 1] - MARGIN) {
      return true; // e^{−x} > (k+1)/2¹² > u
    }
    if (x > EDGES[k] + MARGIN) {
      return false; // e^{−x} < k/2¹² ≤ u
    }
    return (bits >>> 11) * 0x1.0p-53 < Math.exp(-x);
  }
}
