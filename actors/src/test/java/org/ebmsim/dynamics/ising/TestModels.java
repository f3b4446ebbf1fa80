package org.ebmsim.dynamics.ising;

import org.ebmsim.dynamics.ChainRandom;
import java.util.SplittableRandom;

/** Seeded random models, states and patterns shared by the dynamics tests. */
final class TestModels {
  private TestModels() {}

  /**
   * Couplings {@code W_ij ~ N(0, couplingScale²)} (i < j, mirrored), biases
   * {@code b_i ~ N(0, biasScale²)}, diagonal {@code W_ii ~ N(0, diagonalScale²)}.
   */
  static IsingModel gaussian(int n, double couplingScale, double biasScale, double diagonalScale, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] w = new double[n * n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      w[i * n + i] = diagonalScale * rng.nextGaussian();
      for (int j = i + 1; j < n; j++) {
        double x = couplingScale * rng.nextGaussian();
        w[i * n + j] = x;
        w[j * n + i] = x;
      }
      b[i] = biasScale * rng.nextGaussian();
    }
    return IsingModel.of(n, w, b);
  }

  /** Sherrington–Kirkpatrick couplings {@code N(0, 1/N)}, zero bias. */
  static IsingModel sherringtonKirkpatrick(int n, long seed) {
    return gaussian(n, 1.0 / Math.sqrt(n), 0.0, 0.0, seed);
  }

  /** Hopfield network with the given weights (zero bias). */
  static IsingModel hopfield(int n, double[] weights) {
    return IsingModel.of(n, weights, null);
  }

  /** Uniform ±1 states of chains {@code 0..chains-1}, chain c from its own initial-state stream. */
  static byte[] randomStates(int chains, int n, long seed) {
    return randomStates(0, chains, n, seed);
  }

  /** Uniform ±1 states of chains {@code first..first+count-1} (row k = chain first+k). */
  static byte[] randomStates(long first, int count, int n, long seed) {
    byte[] s = new byte[count * n];
    for (int c = 0; c < count; c++) {
      SplittableRandom rng = ChainRandom.forChain(seed, ChainRandom.STREAM_INITIAL_STATE, first + c);
      for (int i = 0; i < n; i++) {
        s[c * n + i] = rng.nextBoolean() ? (byte) 1 : (byte) -1;
      }
    }
    return s;
  }

  /** p uniform random ±1 patterns of N units, row-major. */
  static byte[] randomPatterns(int p, int n, SplittableRandom rng) {
    byte[] xi = new byte[p * n];
    for (int k = 0; k < xi.length; k++) {
      xi[k] = rng.nextBoolean() ? (byte) 1 : (byte) -1;
    }
    return xi;
  }

  /** Copy of {@code state} with exactly {@code flips} distinct units (chosen at random) reversed. */
  static byte[] flipRandomUnits(byte[] state, int flips, SplittableRandom rng) {
    int n = state.length;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int k = 0; k < flips; k++) { // partial Fisher–Yates
      int r = k + rng.nextInt(n - k);
      int t = order[k];
      order[k] = order[r];
      order[r] = t;
    }
    byte[] out = state.clone();
    for (int k = 0; k < flips; k++) {
      out[order[k]] = (byte) -out[order[k]];
    }
    return out;
  }

  /** A mask with only unit {@code free} unclamped. */
  static boolean[] allClampedBut(int n, int free) {
    boolean[] m = new boolean[n];
    java.util.Arrays.fill(m, true);
    m[free] = false;
    return m;
  }

  /** The state with index {@code k} (bit i set iff s_i = +1), as IsingEnumeration numbers them. */
  static byte[] stateOfIndex(int k, int n) {
    byte[] s = new byte[n];
    for (int i = 0; i < n; i++) {
      s[i] = ((k >>> i) & 1) != 0 ? (byte) 1 : (byte) -1;
    }
    return s;
  }
}
