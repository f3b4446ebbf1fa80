package org.ebmsim.dynamics;

/**
 * Compares states with a set of stored ±1 patterns: overlaps {@code m_μ = (1/N) ξ^μ·s}, the
 * best-matching pattern, and Hamming distances that skip unknown units.
 *
 * <p>Patterns are a row-major {@code p × N} byte array (one pattern per row, entries ±1), as for
 * {@link HopfieldRules}; they are copied on construction. States may contain 0 for an unknown
 * unit (as in a cue), which contributes nothing to an overlap. Immutable.
 */
public final class PatternOverlaps {
  private final int patternCount;
  private final int units;
  private final byte[] patterns;

  /** The best-matching pattern: its index and signed overlap {@code m_μ}. */
  public record Match(int pattern, double overlap) {}

  /**
   * @param patterns row-major {@code patternCount × units}, entries ±1
   * @throws IllegalArgumentException naming the offending entry
   */
  public PatternOverlaps(int patternCount, int units, byte[] patterns) {
    if (patternCount < 1) {
      throw new IllegalArgumentException("at least one pattern is needed (got " + patternCount + ")");
    }
    if (units < 1) {
      throw new IllegalArgumentException("patterns need at least 1 unit (got " + units + ")");
    }
    if (patterns.length != (long) patternCount * units) {
      throw new IllegalArgumentException("patterns must have p*N = " + ((long) patternCount * units)
          + " entries (got " + patterns.length + ")");
    }
    for (int k = 0; k < patterns.length; k++) {
      if (patterns[k] != 1 && patterns[k] != -1) {
        throw new IllegalArgumentException("patterns[" + k / units + "][" + k % units
            + "] must be -1 or +1 (got " + patterns[k] + ")");
      }
    }
    this.patternCount = patternCount;
    this.units = units;
    this.patterns = patterns.clone();
  }

  public int patternCount() {
    return patternCount;
  }

  public int units() {
    return units;
  }

  /** {@code m_μ = (1/N) Σ_i ξ^μ_i s_i} for the state at {@code state[offset .. offset+N)}. */
  public double overlap(int pattern, byte[] state, int offset) {
    if (pattern < 0 || pattern >= patternCount) {
      throw new IllegalArgumentException("pattern must be in [0, " + patternCount + ") (got " + pattern + ")");
    }
    checkState(state, offset);
    int row = pattern * units;
    long dot = 0;
    for (int i = 0; i < units; i++) {
      dot += patterns[row + i] * state[offset + i];
    }
    return (double) dot / units;
  }

  /** Overlaps with every pattern, {@code out[μ] = m_μ}. */
  public double[] overlaps(byte[] state, int offset) {
    double[] out = new double[patternCount];
    for (int mu = 0; mu < patternCount; mu++) {
      out[mu] = overlap(mu, state, offset);
    }
    return out;
  }

  /** {@link #overlaps(byte[], int)} of a whole array. */
  public double[] overlaps(byte[] state) {
    return overlaps(state, 0);
  }

  /**
   * The pattern with the largest {@code |m_μ|} (a reversed pattern, an attractor of every
   * symmetric network too, matches with negative overlap); ties go to the lowest index.
   */
  public Match bestMatch(byte[] state, int offset) {
    int best = 0;
    double bestOverlap = overlap(0, state, offset);
    for (int mu = 1; mu < patternCount; mu++) {
      double m = overlap(mu, state, offset);
      if (Math.abs(m) > Math.abs(bestOverlap)) {
        best = mu;
        bestOverlap = m;
      }
    }
    return new Match(best, bestOverlap);
  }

  /** {@link #bestMatch(byte[], int)} of a whole array. */
  public Match bestMatch(byte[] state) {
    return bestMatch(state, 0);
  }

  /** A copy of pattern μ. */
  public byte[] pattern(int mu) {
    if (mu < 0 || mu >= patternCount) {
      throw new IllegalArgumentException("pattern must be in [0, " + patternCount + ") (got " + mu + ")");
    }
    return java.util.Arrays.copyOfRange(patterns, mu * units, (mu + 1) * units);
  }

  /**
   * Number of units where both states are known (non-zero) and differ; units that are 0 in
   * either state (unknown in a cue) are ignored.
   */
  public static int hammingDistance(byte[] a, int aOffset, byte[] b, int bOffset, int units) {
    if (units < 0 || aOffset < 0 || bOffset < 0 || aOffset + units > a.length || bOffset + units > b.length) {
      throw new IllegalArgumentException("ranges [" + aOffset + ", " + (aOffset + units) + ") of " + a.length
          + " and [" + bOffset + ", " + (bOffset + units) + ") of " + b.length + " entries are out of bounds");
    }
    int d = 0;
    for (int i = 0; i < units; i++) {
      byte x = a[aOffset + i];
      byte y = b[bOffset + i];
      if (x != 0 && y != 0 && x != y) {
        d++;
      }
    }
    return d;
  }

  /** {@link #hammingDistance(byte[], int, byte[], int, int)} of two equally long arrays. */
  public static int hammingDistance(byte[] a, byte[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("states must have equal length (got " + a.length + " and " + b.length + ")");
    }
    return hammingDistance(a, 0, b, 0, a.length);
  }

  private void checkState(byte[] state, int offset) {
    if (offset < 0 || offset + units > state.length) {
      throw new IllegalArgumentException("state needs " + units + " entries from offset " + offset + " (array has "
          + state.length + ")");
    }
  }
}
