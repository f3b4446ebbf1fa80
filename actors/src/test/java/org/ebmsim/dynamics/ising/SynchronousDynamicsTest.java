package org.ebmsim.dynamics.ising;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.ising.SynchronousDynamics.Convergence;
import org.junit.jupiter.api.Test;

/** Synchronous updates: period at most 2 for symmetric couplings, with a constructed 2-cycle. */
class SynchronousDynamicsTest {
  private final SynchronousDynamics dynamics = new SynchronousDynamics();

  /** Complete ferromagnet: W_ij = 1 for i ≠ j, no bias. */
  private static IsingModel ferromagnet(int n) {
    double[] w = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        w[i * n + j] = i == j ? 0 : 1;
      }
    }
    return IsingModel.of(n, w, null);
  }

  @Test
  void run_ferromagnetSplitInHalves_twoCycles_whileAsynchronousReachesFixedPoint() {
    // (+,+,-,-): each unit sees one like and two unlike neighbours, so all flip at once, forever.
    IsingModel model = ferromagnet(4);
    byte[] start = {1, 1, -1, -1};
    SpinChains state = new SpinChains(LayerCouplings.single(model), 1, start);
    SynchronousDynamics.Result result = dynamics.run(state, 50, null);
    assertEquals(Convergence.TWO_CYCLE, result.outcomes()[0]);
    assertEquals(2, result.steps()[0], "the state two steps later is the start");
    assertArrayEquals(start, state.state(0));
    dynamics.step(state, 0, 1, null);
    assertArrayEquals(new byte[] {-1, -1, 1, 1}, state.state(0), "one step reverses every spin");

    SpinChains async = new SpinChains(LayerCouplings.single(model), 1, start);
    AsynchronousDynamics fixedOrder = new AsynchronousDynamics(AsynchronousDynamics.Order.FIXED);
    int sweeps = 0;
    while (fixedOrder.sweep(async, 0, 1, 1.0, null, null) > 0) {
      sweeps++;
      assertTrue(sweeps < 10, "asynchronous dynamics should converge");
    }
    byte[] s = async.state(0);
    assertTrue(Arrays.equals(s, new byte[] {1, 1, 1, 1}) || Arrays.equals(s, new byte[] {-1, -1, -1, -1}),
        "asynchronous dynamics ends in a ferromagnetic ground state, got " + Arrays.toString(s));
  }

  @Test
  void run_storedPattern_isFixedPointAfterOneStep() {
    SplittableRandom rng = new SplittableRandom(3);
    int n = 50;
    byte[] xi = TestModels.randomPatterns(3, n, rng);
    IsingModel model = TestModels.hopfield(n, HopfieldRules.hebbian(3, n, xi));
    SpinChains state = new SpinChains(LayerCouplings.single(model), 1, Arrays.copyOf(xi, n));
    SynchronousDynamics.Result result = dynamics.run(state, 10, null);
    assertEquals(Convergence.FIXED_POINT, result.outcomes()[0]);
    assertEquals(1, result.steps()[0]);
    assertArrayEquals(Arrays.copyOf(xi, n), state.state(0));
  }

  @Test
  void run_randomSymmetricModels_everyChainEndsInFixedPointOrTwoCycle() {
    int n = 40;
    int chains = 64;
    int cycles = 0;
    int fixedPoints = 0;
    for (int m = 0; m < 5; m++) {
      IsingModel model = TestModels.gaussian(n, 1.0, 0.2, 0, 500 + m);
      SpinChains state = new SpinChains(LayerCouplings.single(model), chains, TestModels.randomStates(chains, n, m));
      SynchronousDynamics.Result result = dynamics.run(state, 500, null);
      assertTrue(result.allConverged(), "model " + m + ": " + Arrays.toString(result.outcomes()));
      for (int c = 0; c < chains; c++) {
        byte[] end = state.state(c);
        SpinChains probe = new SpinChains(LayerCouplings.single(model), 1, end);
        long firstFlips = dynamics.step(probe, 0, 1, null);
        byte[] next = probe.state(0);
        dynamics.step(probe, 0, 1, null);
        byte[] afterTwo = probe.state(0);
        String at = "model " + m + ", chain " + c + " (" + result.outcomes()[c] + ")";
        if (result.outcomes()[c] == Convergence.FIXED_POINT) {
          fixedPoints++;
          assertEquals(0, firstFlips, at);
        } else {
          cycles++;
          assertFalse(Arrays.equals(end, next), at + ": a 2-cycle moves");
          assertArrayEquals(end, afterTwo, at + ": and returns after two steps");
        }
      }
    }
    assertTrue(cycles > 0 && fixedPoints > 0, "random Gaussian models show both outcomes (fixed points "
        + fixedPoints + ", 2-cycles " + cycles + ")");
  }

  @Test
  void step_keepsFieldsEqualToModelFields_andRespectsClampAndExternalField() {
    IsingModel model = ferromagnet(2);
    SpinChains state = new SpinChains(LayerCouplings.single(model), 2, new byte[] {1, -1, 1, -1});
    boolean[] clampFirst = {true, false};
    SynchronousDynamics.Result result = dynamics.run(state, 10, clampFirst);
    for (int c = 0; c < 2; c++) {
      assertEquals(Convergence.FIXED_POINT, result.outcomes()[c]);
      assertArrayEquals(new byte[] {1, 1}, state.state(c), "the free unit follows the clamped one");
      for (int i = 0; i < 2; i++) {
        assertEquals(model.localField(state.spins(), 2 * c, i), state.localField(c, i), 1e-12);
      }
    }
    // A strong external field on unit 1 of chain 1 only overrides its neighbour.
    state.setExternalField(new double[] {0, 0, 0, -5});
    dynamics.step(state, 0, 2, clampFirst);
    assertArrayEquals(new byte[] {1, 1}, state.state(0));
    assertArrayEquals(new byte[] {1, -1}, state.state(1));
  }

  @Test
  void step_invalidArguments_areRejected() {
    SpinChains state = new SpinChains(LayerCouplings.single(ferromagnet(3)), 2, new byte[] {1, 1, 1, 1, 1, 1});
    assertThrows(IllegalArgumentException.class, () -> dynamics.step(state, 0, 3, null));
    assertThrows(IllegalArgumentException.class, () -> dynamics.step(state, 0, 2, new boolean[2]));
    assertThrows(IllegalArgumentException.class, () -> dynamics.run(state, 0, null));
  }
}
