package org.ebmsim.dynamics.ising;

import org.ebmsim.dynamics.ModelTooLargeException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ebmsim.dynamics.SpinEnumeration;
import org.junit.jupiter.api.Test;

/** Gray-code enumeration against a direct sum over all states with {@link IsingModel#energy}. */
class IsingEnumerationTest {
  private static final int N = 10;

  /** Direct sums over the 2^N states, in log-sum-exp form. */
  private record BruteForce(double logZ, double meanEnergy, double heatCapacity, double entropy, double[] marginal,
      double groundEnergy, List<byte[]> groundStates, double[] probabilities) {}

  private static BruteForce bruteForce(IsingModel model, double beta) {
    int n = model.units();
    int states = 1 << n;
    double[] e = new double[states];
    double min = Double.POSITIVE_INFINITY;
    for (int k = 0; k < states; k++) {
      e[k] = model.energy(TestModels.stateOfIndex(k, n));
      min = Math.min(min, e[k]);
    }
    double z = 0;
    for (int k = 0; k < states; k++) {
      z += Math.exp(-beta * (e[k] - min));
    }
    double logZ = Math.log(z) - beta * min;
    double[] p = new double[states];
    double mean = 0;
    double second = 0;
    double entropy = 0;
    double[] marginal = new double[n];
    List<byte[]> ground = new ArrayList<>();
    for (int k = 0; k < states; k++) {
      p[k] = Math.exp(-beta * e[k] - logZ);
      mean += p[k] * e[k];
      second += p[k] * e[k] * e[k];
      entropy -= p[k] * Math.log(p[k]);
      for (int i = 0; i < n; i++) {
        if (((k >>> i) & 1) != 0) {
          marginal[i] += p[k];
        }
      }
      if (e[k] - min <= 1e-9 * (1 + Math.abs(min))) {
        ground.add(TestModels.stateOfIndex(k, n));
      }
    }
    return new BruteForce(logZ, mean, beta * beta * (second - mean * mean), entropy, marginal, min, ground, p);
  }

  @Test
  void summarize_randomModel_matchesBruteForceSums() {
    IsingModel model = TestModels.gaussian(N, 0.7, 0.4, 0.25, 31);
    for (double beta : new double[] {0.3, 1.0, 2.5}) {
      BruteForce expected = bruteForce(model, beta);
      SpinEnumeration.Summary got = IsingEnumeration.summarize(model, beta, 4);
      String at = "β = " + beta;
      assertEquals(expected.logZ(), got.logPartition(), 1e-10, at);
      assertEquals(expected.meanEnergy(), got.meanEnergy(), 1e-10, at);
      assertEquals(expected.heatCapacity(), got.heatCapacity(), 1e-9, at);
      assertEquals(expected.entropy(), got.entropy(), 1e-10, at);
      assertArrayEquals(expected.marginal(), got.marginalPlus(), 1e-12, at);
      assertEquals(expected.groundEnergy(), got.groundEnergy(), 1e-10, at);
      assertEquals(1, got.groundStateCount(), at + ": random biases make the ground state unique");
      assertArrayEquals(expected.groundStates().get(0), got.groundStates().get(0), at);
      assertArrayEquals(expected.probabilities(), IsingEnumeration.stateProbabilities(model, beta), 1e-14, at);
    }
  }

  @Test
  void stateEnergies_everyIndex_equalsModelEnergyOfThatState() {
    IsingModel model = TestModels.gaussian(N, 1.0, 1.0, 0.5, 2);
    double[] energies = IsingEnumeration.stateEnergies(model);
    for (int k = 0; k < energies.length; k++) {
      byte[] s = TestModels.stateOfIndex(k, N);
      assertEquals(model.energy(s), energies[k], 1e-10, "state " + k);
      assertEquals(k, IsingEnumeration.stateIndex(s, 0, N));
    }
  }

  @Test
  void summarize_zeroBias_findsBothMirrorGroundStates() {
    IsingModel model = TestModels.gaussian(N, 1.0, 0.0, 0.0, 5); // E(s) = E(-s)
    BruteForce expected = bruteForce(model, 1.0);
    SpinEnumeration.Summary got = IsingEnumeration.summarize(model, 1.0, 10);
    assertEquals(2, expected.groundStates().size(), "brute force: a pair s, -s");
    assertEquals(2, got.groundStateCount());
    byte[] a = got.groundStates().get(0);
    byte[] b = got.groundStates().get(1);
    for (int i = 0; i < N; i++) {
      assertEquals(-a[i], b[i], "ground states are mirror images at unit " + i);
    }
    assertEquals(expected.groundEnergy(), model.energy(a), 1e-10);
    assertTrue(containsState(expected.groundStates(), a) && containsState(expected.groundStates(), b));
    for (int i = 0; i < N; i++) {
      assertEquals(0.5, got.marginalPlus()[i], 1e-12, "±symmetry gives P(s_i = +1) = 1/2 at unit " + i);
    }
  }

  @Test
  void summarize_freeSpins_countsEveryStateAsGround_butListsAtMostTheLimit() {
    IsingModel free = IsingModel.of(N, new double[N * N], null);
    SpinEnumeration.Summary got = IsingEnumeration.summarize(free, 2.0, 7);
    assertEquals(1 << N, got.groundStateCount());
    assertEquals(7, got.groundStates().size());
    assertEquals(N * Math.log(2), got.logPartition(), 1e-12);
    assertEquals(N * Math.log(2), got.entropy(), 1e-12);
    assertEquals(0, got.heatCapacity(), 1e-12);
  }

  @Test
  void summarize_independentSpins_matchClosedForm() {
    // E = -Σ b_i s_i: log Z = Σ log 2cosh(βb_i), P(+1) = σ(2βb_i).
    double[] b = {0.3, -1.2, 0.7, 2.0, -0.1};
    IsingModel model = IsingModel.of(5, new double[25], b);
    double beta = 0.9;
    SpinEnumeration.Summary got = IsingEnumeration.summarize(model, beta, 1);
    double logZ = 0;
    for (int i = 0; i < 5; i++) {
      logZ += Math.log(2 * Math.cosh(beta * b[i]));
      assertEquals(1 / (1 + Math.exp(-2 * beta * b[i])), got.marginalPlus()[i], 1e-12, "unit " + i);
    }
    assertEquals(logZ, got.logPartition(), 1e-12);
  }

  @Test
  void checkSize_aboveLimit_throwsModelTooLarge() {
    IsingEnumeration.checkSize(10, 10); // at the limit: fine
    ModelTooLargeException e = assertThrows(ModelTooLargeException.class, () -> IsingEnumeration.checkSize(11, 10));
    assertTrue(e.getMessage().contains("11") && e.getMessage().contains("10"), e.getMessage());
    assertThrows(ModelTooLargeException.class,
        () -> IsingEnumeration.checkSize(IsingEnumeration.ABSOLUTE_MAX_UNITS + 1, 1000),
        "the absolute ceiling holds whatever limit the caller asks for");
    IsingModel big = IsingModel.of(IsingEnumeration.DEFAULT_MAX_UNITS + 1,
        new double[(IsingEnumeration.DEFAULT_MAX_UNITS + 1) * (IsingEnumeration.DEFAULT_MAX_UNITS + 1)], null);
    assertThrows(ModelTooLargeException.class, () -> IsingEnumeration.summarize(big, 1.0, 1));
    assertThrows(ModelTooLargeException.class, () -> IsingEnumeration.stateProbabilities(big, 1.0));
    IsingModel eleven = IsingModel.of(11, new double[121], null);
    assertThrows(ModelTooLargeException.class, () -> IsingEnumeration.summarize(eleven, 1.0, 1, 10));
  }

  @Test
  void summarize_nonPositiveOrNonFiniteBeta_isRejected() {
    IsingModel model = TestModels.gaussian(4, 1, 1, 0, 1);
    for (double beta : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThrows(IllegalArgumentException.class, () -> IsingEnumeration.summarize(model, beta, 1), "β = " + beta);
    }
  }

  private static boolean containsState(List<byte[]> states, byte[] s) {
    return states.stream().anyMatch(x -> Arrays.equals(x, s));
  }
}
