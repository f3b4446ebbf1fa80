package org.ebmsim.dynamics.dense;

import java.util.SplittableRandom;

/** Seeded random patterns and states for the dense-memory tests. */
final class DenseTestMemories {
  private DenseTestMemories() {}

  /** {@code rows × units} independent ±1 values, fair coins from {@code seed}. */
  static byte[] randomSpins(int rows, int units, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    byte[] out = new byte[rows * units];
    for (int k = 0; k < out.length; k++) {
      out[k] = rng.nextBoolean() ? (byte) 1 : (byte) -1;
    }
    return out;
  }

  static DenseMemory random(int count, int units, InteractionFunction f, long seed) {
    return DenseMemory.of(count, units, randomSpins(count, units, seed), f);
  }

  /** One of each kind of F the family offers. */
  static InteractionFunction[] allFunctions() {
    return new InteractionFunction[] {InteractionFunction.power(2), InteractionFunction.power(3),
        InteractionFunction.rectifiedPower(3), InteractionFunction.power(4), InteractionFunction.rectifiedPower(2),
        InteractionFunction.exponential()};
  }

  /** E(σ) straight from the definition: −Σ_μ F(ξ_μ·σ), or −log Σ_μ exp(ξ_μ·σ) for the exponential. */
  static double bruteForceEnergy(DenseMemory memory, byte[] s) {
    int p = memory.count();
    int n = memory.units();
    double[] m = new double[p];
    for (int mu = 0; mu < p; mu++) {
      for (int i = 0; i < n; i++) {
        m[mu] += memory.pattern(mu, i) * s[i];
      }
    }
    InteractionFunction f = memory.function();
    if (f.kind() == InteractionFunction.Kind.EXPONENTIAL) {
      // direct sum of e^m: only for N small enough that e^N is finite (callers keep N ≤ 700)
      double sum = 0;
      for (double x : m) {
        sum += Math.exp(x);
      }
      return -Math.log(sum);
    }
    double e = 0;
    for (double x : m) {
      e -= f.value(x);
    }
    return e;
  }
}
