package org.ebmsim.dynamics.sparse;

/**
 * One Metropolis sweep of 64 chains at once, multi-spin coded: spin i of the chains of one word
 * is the long {@code s[base + i]}, bit c = chain c's spin (1 ⇔ +1). Sites are visited in plain
 * sequential order 0 .. N−1 (every lane is updated by the same instructions, so the colouring
 * buys nothing; each single-site Metropolis step leaves e^{−E/T} invariant, hence so does the scan).
 * Like any fixed-order Metropolis scan it is not ergodic on states where every unit meets a zero
 * field when visited (possible only when every degree is even): the sweep flips them all, s → −s
 * → s; no other state leads there (see {@code MultiSpinSamplingTest.zeroFieldStates_flipForEver}).
 *
 * <p>Per site, for all 64 lanes at once: the unsatisfied bonds {@code x_k = s_i ^ s_j ^ sign_k}
 * go through a bit-sliced adder into the count u (bit planes c0, c1, … of u); lanes with
 * {@code 2u ≥ z_i} have ΔE = 2J(z_i − 2u) ≤ 0 and flip; lane c with {@code 2u < z_i} flips iff its
 * own uniform U_c is below {@code p = e^{−2J(z_i − 2u)/T}}. U_c is never formed: its binary digits
 * are bit c of the draws r_0, r_1, … ({@link LaneRandom}), and U_c < p is decided at the first digit
 * where U_c and p differ (U_c's digit 0, p's 1: below; 1 and 0: above), for every undecided lane in
 * parallel — the expected number of draws until 64 lanes are decided is about log₂ 64 + 1.3 ≈ 7.3.
 * Each lane selects the digit of its own class's p (classes u = 0 .. ⌈z/2⌉−1). The comparison is
 * exact: p is a double, whose binary expansion ends within {@value #CHUNKS}·64 digits; a lane still
 * undecided after p's last digit has U_c ≥ p (its remaining digits are compared with zeros), except
 * for p = 1 (only when 2J/T is below double resolution), where U_c < 1 always. No lane's decision
 * uses another lane's bits, so chains stay independent (Isakov et al. share one uniform across the
 * 64 lanes instead, which correlates them).
 */
final class MultiSpinSweep {
  /** Digits of p kept: 18 × 64 = 1152 ≥ 1074 + 53, the last binary digit a double can have. */
  static final int CHUNKS = 18;
  static final int DIGITS = 64 * CHUNKS;

  private final MultiSpinCouplings couplings;
  private final int[] start;
  private final int[] cols;
  private final byte[] signs;
  /** Row d (d = 1 .. maxDegree): the binary digits of p_d = e^{−2Jd/T}, 64 per long, first digit in bit 63. */
  private final long[] digits;
  /** p_d == 1 (2Jd/T below double resolution). */
  private final boolean[] one;
  /**
   * Leading zero digits of p_d among the first 64: while every class of a site is below 2^−m, a
   * digit only rejects the lanes whose draw bit is 1, and the class digits need not be formed.
   */
  private final int[] lead;
  private final long[] counter = new long[7]; // u ≤ 64 < 2^7
  private final long[] classes = new long[MultiSpinCouplings.MAX_DEGREE / 2 + 1];
  private double tableTemperature = Double.NaN;

  MultiSpinSweep(MultiSpinCouplings couplings) {
    this.couplings = couplings;
    this.start = couplings.rowStart();
    this.cols = couplings.columns();
    this.signs = couplings.signs();
    int rows = couplings.maxDegree() + 1;
    this.digits = new long[rows * CHUNKS];
    this.one = new boolean[rows];
    this.lead = new int[rows];
  }

  /** Sets p_d = e^{−2Jd/T} for every degree class (kept while T stays). */
  void temperature(double t) {
    if (t == tableTemperature) {
      return;
    }
    double j = couplings.magnitude();
    java.util.Arrays.fill(digits, 0);
    for (int d = 1; d < one.length; d++) {
      double p = Math.exp(-2 * j * d / t);
      one[d] = p >= 1;
      expand(one[d] ? 1 : p, digits, d * CHUNKS);
      lead[d] = Long.numberOfLeadingZeros(digits[d * CHUNKS]);
    }
    tableTemperature = t;
  }

  /**
   * Writes the binary digits of p ∈ [0, 1] after the point into {@code out[at .. at+CHUNKS)}, digit
   * k (weight 2^−k, k ≥ 1) at bit 63 − (k−1) mod 64 of long (k−1)/64; p = 1 is written as all ones
   * (the caller treats it apart).
   */
  static void expand(double p, long[] out, int at) {
    if (p >= 1) {
      java.util.Arrays.fill(out, at, at + CHUNKS, -1L);
      return;
    }
    long raw = Double.doubleToRawLongBits(p);
    int exponent = (int) (raw >>> 52) & 0x7ff;
    long mantissa = raw & ((1L << 52) - 1);
    int scale; // p = mantissa · 2^−scale
    if (exponent == 0) {
      scale = 1074;
    } else {
      mantissa |= 1L << 52;
      scale = 1075 - exponent;
    }
    while (mantissa != 0) {
      int b = Long.numberOfTrailingZeros(mantissa);
      mantissa &= mantissa - 1;
      int k = scale - b; // weight 2^−k, k ≥ 1 since p < 1
      out[at + ((k - 1) >>> 6)] |= 1L << (63 - ((k - 1) & 63));
    }
  }

  /**
   * Sweeps the word at {@code s[base .. base+N)} once.
   *
   * @param lanes the lanes to update (the chains of the batch's range); the others are left alone
   * @param wordKey {@link LaneRandom#wordKey} of this word and sweep
   * @param clamped units left alone, or null
   * @return lane-units flipped
   */
  long sweep(long[] s, int base, long lanes, long wordKey, boolean[] clamped) {
    final int n = couplings.units();
    final int[] start = this.start;
    final int[] cols = this.cols;
    final byte[] signs = this.signs;
    final long[] digits = this.digits;
    long flips = 0;
    for (int i = 0; i < n; i++) {
      if (clamped != null && clamped[i]) {
        continue;
      }
      final int k0 = start[i];
      final int z = start[i + 1] - k0;
      final long si = s[base + i];
      long accept;
      if (z <= 7) {
        // 3-bit counter: full adders over the z ≤ 7 unsatisfied-bond words
        long c0 = 0;
        long c1 = 0;
        long c2 = 0;
        for (int k = k0, end = k0 + z; k < end; k++) {
          long x = si ^ s[base + cols[k]] ^ signs[k];
          long carry0 = c0 & x;
          c0 ^= x;
          long carry1 = c1 & carry0;
          c1 ^= carry0;
          c2 |= carry1;
        }
        int nc = (z + 1) >>> 1; // classes u = 0 .. nc−1 draw; 2u ≥ z flips outright
        long n2 = ~c2;
        long e0 = nc > 0 ? ~c0 & ~c1 & n2 : 0;
        long e1 = nc > 1 ? c0 & ~c1 & n2 : 0;
        long e2 = nc > 2 ? ~c0 & c1 & n2 : 0;
        long e3 = nc > 3 ? c0 & c1 & n2 : 0;
        long drawing = e0 | e1 | e2 | e3;
        accept = ~drawing & lanes;
        long undecided = drawing & lanes;
        if (undecided != 0) {
          // digits 1..64 of each class's p (rows z, z−2, …; row 0 is all zeros, for absent classes)
          final long p0 = digits[z * CHUNKS];
          final long p1 = digits[Math.max(z - 2, 0) * CHUNKS];
          final long p2 = digits[Math.max(z - 4, 0) * CHUNKS];
          final long p3 = digits[Math.max(z - 6, 0) * CHUNKS];
          final long key = LaneRandom.siteKey(wordKey, i);
          int t = 0;
          // digits where every class's p is still 0 (the largest p is the smallest ΔE's, class nc−1)
          for (final int zeros = lead[z - 2 * (nc - 1)]; t < zeros && undecided != 0; t++) {
            undecided &= ~LaneRandom.draw(key, t);
          }
          for (; t < 64 && undecided != 0; t++) {
            long r = LaneRandom.draw(key, t);
            int shift = 63 - t;
            long p = (e0 & -((p0 >>> shift) & 1)) | (e1 & -((p1 >>> shift) & 1)) | (e2 & -((p2 >>> shift) & 1))
                | (e3 & -((p3 >>> shift) & 1));
            accept |= undecided & p & ~r;
            undecided &= ~(r ^ p);
          }
          if (undecided != 0) { // 64 equal digits: a chance of about 2^−58 per site-word
            long[] eq = classes;
            eq[0] = e0;
            eq[1] = e1;
            eq[2] = e2;
            eq[3] = e3;
            accept |= resolve(undecided, eq, nc, z, key, 64);
          }
        }
      } else {
        accept = general(s, base, i, k0, z, si, lanes, wordKey);
      }
      s[base + i] = si ^ accept;
      flips += Long.bitCount(accept);
    }
    return flips;
  }

  /** A site of degree 8 .. 64: the counter and the class masks in arrays. */
  private long general(long[] s, int base, int i, int k0, int z, long si, long lanes, long wordKey) {
    final long[] c = counter;
    final int bits = 32 - Integer.numberOfLeadingZeros(z);
    java.util.Arrays.fill(c, 0, bits, 0);
    for (int k = k0, end = k0 + z; k < end; k++) {
      long carry = si ^ s[base + cols[k]] ^ signs[k];
      for (int b = 0; carry != 0 && b < bits; b++) {
        long next = c[b] & carry;
        c[b] ^= carry;
        carry = next;
      }
    }
    int nc = (z + 1) >>> 1;
    long drawing = 0;
    for (int u = 0; u < nc; u++) {
      long m = -1;
      for (int b = 0; b < bits; b++) {
        m &= ((u >>> b) & 1) != 0 ? c[b] : ~c[b];
      }
      classes[u] = m;
      drawing |= m;
    }
    long accept = ~drawing & lanes;
    long undecided = drawing & lanes;
    if (undecided != 0) {
      accept |= resolve(undecided, classes, nc, z, LaneRandom.siteKey(wordKey, i), 0);
    }
    return accept;
  }

  /**
   * Lanes of {@code undecided} whose uniform is below their class's p, comparing digits from
   * {@code fromDigit} (0-based) on; {@code eq[u]} = lanes with u unsatisfied bonds.
   */
  private long resolve(long undecided, long[] eq, int nc, int z, long key, int fromDigit) {
    long accept = 0;
    int t = fromDigit;
    for (final int zeros = lead[z - 2 * (nc - 1)]; t < zeros && undecided != 0; t++) {
      undecided &= ~LaneRandom.draw(key, t); // every class's digit is 0 here
    }
    for (; undecided != 0 && t < DIGITS; t++) {
      long r = LaneRandom.draw(key, t);
      int chunk = t >>> 6;
      int shift = 63 - (t & 63);
      long p = 0;
      for (int u = 0; u < nc; u++) {
        p |= eq[u] & -((digits[(z - 2 * u) * CHUNKS + chunk] >>> shift) & 1);
      }
      accept |= undecided & p & ~r;
      undecided &= ~(r ^ p);
    }
    // past the last digit: U_c ≥ p unless p = 1
    for (int u = 0; u < nc && undecided != 0; u++) {
      if (one[z - 2 * u]) {
        accept |= undecided & eq[u];
      }
    }
    return accept;
  }
}
