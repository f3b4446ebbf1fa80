package org.ebmsim.dynamics.diagnostics;

/**
 * Autocovariances {@code γ_t = (1/n) Σ_{i<n−t} (x_i − x̄)(x_{i+t} − x̄)} of a trace for every lag, by
 * a radix-2 FFT of the zero-padded, centred trace: O(n log n), where the direct sum is O(n²) (a
 * trace of 4096 points over 64 chains would be 10⁹ multiply-adds per evaluation).
 */
final class Autocovariance {
  private Autocovariance() {}

  /** γ_0 .. γ_{n−1} of {@code x[from .. from+n)} (the biased estimator, divided by n). */
  static double[] of(double[] x, int from, int n) {
    int size = Integer.highestOneBit(Math.max(1, 2 * n - 1));
    if (size < 2 * n) {
      size <<= 1;
    }
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += x[from + i];
    }
    mean /= n;
    double[] re = new double[size];
    double[] im = new double[size];
    for (int i = 0; i < n; i++) {
      re[i] = x[from + i] - mean;
    }
    fft(re, im, false);
    for (int k = 0; k < size; k++) { // |X_k|² is the transform of the circular autocorrelation
      re[k] = re[k] * re[k] + im[k] * im[k];
      im[k] = 0;
    }
    fft(re, im, true);
    double[] gamma = new double[n];
    for (int t = 0; t < n; t++) {
      gamma[t] = re[t] / size / n; // the inverse transform's 1/size, then the estimator's 1/n
    }
    return gamma;
  }

  /**
   * The autocovariances of two traces of equal length n at once, {@code x[fromA ..]} and
   * {@code x[fromB ..]} (a chain's two halves): one complex transform of {@code a + i·b} gives
   * both spectra ({@code A_k = (Z_k + Z̄_{−k})/2}, {@code B_k = (Z_k − Z̄_{−k})/2i}), and one inverse
   * transform of {@code |A|² + i|B|²} both autocovariances, since each is real. Half the work of
   * two calls to {@link #of}, with the same results up to rounding.
   *
   * @return {γ of a, γ of b}, each γ_0 .. γ_{n−1}
   */
  static double[][] ofPair(double[] x, int fromA, int fromB, int n) {
    int size = Integer.highestOneBit(Math.max(1, 2 * n - 1));
    if (size < 2 * n) {
      size <<= 1;
    }
    double meanA = 0;
    double meanB = 0;
    for (int i = 0; i < n; i++) {
      meanA += x[fromA + i];
      meanB += x[fromB + i];
    }
    meanA /= n;
    meanB /= n;
    double[] re = new double[size];
    double[] im = new double[size];
    for (int i = 0; i < n; i++) {
      re[i] = x[fromA + i] - meanA;
      im[i] = x[fromB + i] - meanB;
    }
    fft(re, im, false);
    double[] powerA = new double[size];
    double[] powerB = new double[size];
    for (int k = 0; k < size; k++) {
      int minus = (size - k) & (size - 1);
      double sr = re[k] + re[minus]; // Z_k + conj(Z_{-k}) = 2 A_k
      double si = im[k] - im[minus];
      double dr = re[k] - re[minus]; // Z_k − conj(Z_{-k}) = 2i B_k
      double di = im[k] + im[minus];
      powerA[k] = (sr * sr + si * si) / 4;
      powerB[k] = (dr * dr + di * di) / 4;
    }
    fft(powerA, powerB, true); // both inverses are real: a's in the real part, b's in the imaginary
    double[] gammaA = new double[n];
    double[] gammaB = new double[n];
    for (int t = 0; t < n; t++) {
      gammaA[t] = powerA[t] / size / n;
      gammaB[t] = powerB[t] / size / n;
    }
    return new double[][] {gammaA, gammaB};
  }

  /** In-place iterative radix-2 FFT (length a power of two); {@code inverse} flips the sign of the exponent. */
  static void fft(double[] re, double[] im, boolean inverse) {
    int n = re.length;
    for (int i = 1, j = 0; i < n; i++) { // bit-reversal permutation
      int bit = n >> 1;
      for (; (j & bit) != 0; bit >>= 1) {
        j ^= bit;
      }
      j ^= bit;
      if (i < j) {
        double t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    for (int len = 2; len <= n; len <<= 1) {
      double angle = (inverse ? 2 : -2) * Math.PI / len;
      double wr = Math.cos(angle);
      double wi = Math.sin(angle);
      for (int start = 0; start < n; start += len) {
        double cr = 1;
        double ci = 0;
        for (int k = 0; k < len / 2; k++) {
          int a = start + k;
          int b = a + len / 2;
          double xr = re[b] * cr - im[b] * ci;
          double xi = re[b] * ci + im[b] * cr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
          double next = cr * wr - ci * wi;
          ci = cr * wi + ci * wr;
          cr = next;
        }
      }
    }
  }
}
