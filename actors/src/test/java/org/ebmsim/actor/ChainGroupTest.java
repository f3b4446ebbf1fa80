package org.ebmsim.actor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.ebmsim.dynamics.InitialStates;
import org.ebmsim.dynamics.IsingModel;
import org.ebmsim.dynamics.LayerCouplings;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.session.SamplerKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The chain-group protocol with probes: queued Advances, reports, Finish. */
class ChainGroupTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  private static IsingModel model(int n) {
    Random r = new Random(2);
    double[] w = new double[n * n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = 0.2 * r.nextGaussian();
      for (int j = i + 1; j < n; j++) {
        w[i * n + j] = w[j * n + i] = 0.4 * r.nextGaussian();
      }
    }
    return IsingModel.of(n, w, b);
  }

  private static ActorRef<ChainGroup.Command> spawn(IsingModel m, LayerCouplings[] layers, int chains) {
    byte[] init = InitialStates.random(5, 0, chains, m.units());
    return KIT.spawn(ChainGroup.create(new ChainGroup.Setup(0, 0, chains, layers, SamplerKind.GIBBS, null,
        Schedule.constant(1.0, 100), 5, init, 50, 64, 1000)));
  }

  @Test
  void queuedAdvances_areAnsweredInOrder_withEnergiesOfTheReportedStates() {
    IsingModel m = model(9);
    for (LayerCouplings[] layers : new LayerCouplings[][] {
        {LayerCouplings.single(m)}, LayerCouplings.visibleHidden(m, 5)}) {
      ActorRef<ChainGroup.Command> group = spawn(m, layers, 6);
      TestProbe<ChainGroup.Advanced> probe = KIT.createTestProbe();
      group.tell(new ChainGroup.Advance(10, new int[] {0, 5}, probe.getRef()));
      group.tell(new ChainGroup.Advance(25, new int[] {2}, probe.getRef())); // queued behind the first
      ChainGroup.Advanced first = probe.receiveMessage();
      ChainGroup.Advanced second = probe.receiveMessage();
      assertEquals(10, first.sweep());
      assertEquals(25, second.sweep());
      assertEquals(6L * 9 * 15, second.updates(), "updates count only the second Advance's sweeps");
      assertEquals(m.energy(first.samples()[1]), first.energies()[5], 1e-9);
      assertEquals(m.energy(second.samples()[0]), second.energies()[2], 1e-9);
      assertEquals(m.energy(second.bestState()), second.bestEnergy(), 1e-9);

      TestProbe<ChainGroup.Finished> done = KIT.createTestProbe();
      group.tell(new ChainGroup.Finish(new int[] {2}, done.getRef()));
      ChainGroup.Finished finished = done.receiveMessage();
      assertArrayEquals(second.samples()[0], finished.finalStates()[0]);
      assertEquals(m.energy(finished.bestStates()[0]), finished.bestEnergies()[2], 1e-9);
      // averaging window: sweeps 50.. never reached, so nothing averaged
      assertEquals(0, finished.averagedStates());
      group.tell(ChainGroup.Stop.INSTANCE);
      probe.expectTerminated(group);
    }
  }
}
