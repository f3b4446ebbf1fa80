package org.ebmsim.dynamics.ising;

import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.Schedule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.SpinEnumeration;
import org.junit.jupiter.api.Test;

/** Simulated annealing with {@link GibbsSampler} along a {@link Schedule} finds exact ground states. */
class AnnealingTest {
  @Test
  void gibbsAlongGeometricSchedule_sherringtonKirkpatrick16_findsGroundStateInAtLeast95PercentOfChains() {
    int n = 16;
    int chains = 200;
    IsingModel model = TestModels.sherringtonKirkpatrick(n, 2);
    SpinEnumeration.Summary exact = IsingEnumeration.summarize(model, 1.0, 4);
    // Zero bias: E(s) = E(-s), so the ground state is a mirror pair; success = reaching either.
    assertEquals(2, exact.groundStateCount(), "the instance should have a unique ground state up to global flip");
    double ground = exact.groundEnergy();
    // Even perfect annealing ends in the Boltzmann law at T_min: the target needs an instance whose
    // ground pair carries almost all of it (instances with a gap ≪ T_min cap the success rate).
    double tMin = 0.05;
    double[] atTmin = IsingEnumeration.stateProbabilities(model, 1 / tMin);
    double[] energies = IsingEnumeration.stateEnergies(model);
    double groundWeight = 0;
    for (int k = 0; k < energies.length; k++) {
      groundWeight += energies[k] - ground < 1e-9 ? atTmin[k] : 0;
    }
    assertTrue(groundWeight > 0.99, "equilibrium weight of the ground pair at T_min: " + groundWeight);

    Schedule schedule = Schedule.geometric(5.0, tMin, 40, 10);
    SpinChains state = new SpinChains(LayerCouplings.single(model), chains, TestModels.randomStates(chains, n, 31));
    SplittableRandom[] rngs = ChainRandom.forChains(31, ChainRandom.STREAM_LAYER_BASE, 0, chains);
    GibbsSampler gibbs = new GibbsSampler();
    for (long sweep = 0; sweep < schedule.totalSweeps(); sweep++) {
      gibbs.sweep(state, 0, chains, 1.0 / schedule.temperatureOfSweep(sweep), rngs, null);
    }
    int found = 0;
    for (int c = 0; c < chains; c++) {
      double e = model.energy(state.spins(), c * n);
      assertTrue(e >= ground - 1e-9, "chain " + c + " below the exact ground energy: " + e + " < " + ground);
      if (e - ground < 1e-9) {
        found++;
      }
    }
    assertTrue(found >= 0.95 * chains, "ground state (E0 = " + ground + ") found by " + found + " of " + chains
        + " chains");
  }
}
