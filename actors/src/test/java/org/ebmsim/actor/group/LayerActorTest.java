package org.ebmsim.actor.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.sampling.InitialStates;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.session.ClampChange;
import org.ebmsim.testing.TestEnergyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A layer actor's protocol with probes: priming, updates with bookkeeping, clamps, snapshots, stop. */
class LayerActorTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  @Test
  void primeUpdateClampSnapshotStop_onBothLayersOfABoltzmannMachine() {
    EnergyModel m = TestEnergyModels.boltzmann(ChainGroupTest.ising(7, 8), 4);
    Sampling sampling = m.sampling();
    int chains = 5;
    LayerBlock[] init = InitialStates.random(sampling, 2, 0, chains);
    LayerKernel[] kernels = new LayerKernel[2];
    for (int l = 0; l < 2; l++) {
      kernels[l] = sampling.kernel(l, new KernelSetup(0, chains, 2, SamplerKind.GIBBS, init[l], Gemm.javaFallback()));
    }
    // the layer actors prepare their kernels themselves, in slices
    ActorRef<LayerActor.Command> visible = KIT.spawn(LayerActor.create(0, kernels[0], 20_000_000));
    ActorRef<LayerActor.Command> hidden = KIT.spawn(LayerActor.create(1, kernels[1], 20_000_000));
    TestProbe<LayerActor.Reply> probe = KIT.createTestProbe();

    visible.tell(new LayerActor.EmitFields(probe.getRef()));
    LayerActor.Fields onHidden = assertInstanceOf(LayerActor.Fields.class, probe.receiveMessage());
    hidden.tell(new LayerActor.EmitFields(probe.getRef()));
    LayerActor.Fields onVisible = assertInstanceOf(LayerActor.Fields.class, probe.receiveMessage());
    assertEquals(1, onHidden.fields().length);
    assertEquals(chains * 3, onHidden.fields()[0].doubles().length, "visible → hidden field: chains × 3");

    hidden.tell(new LayerActor.ReportEnergies(List.of(new LayerActor.FieldIn(0, onHidden.fields()[0])),
        probe.getRef()));
    assertEquals(chains, assertInstanceOf(LayerActor.Energies.class, probe.receiveMessage()).energies().length);

    visible.tell(new LayerActor.ApplyClamps(List.of(new ClampChange(0, new int[] {2}, new double[] {-1})),
        probe.getRef()));
    assertInstanceOf(LayerActor.Fields.class, probe.receiveMessage());
    visible.tell(new LayerActor.Update(0, 1.0, List.of(new LayerActor.FieldIn(1, onVisible.fields()[0])),
        new int[] {0, 1, 2, 3, 4}, false, probe.getRef()));
    LayerActor.Updated updated = assertInstanceOf(LayerActor.Updated.class, probe.receiveMessage());
    assertEquals(0, updated.layer());
    assertEquals((long) chains * 3, updated.updates(), "4 units, one clamped: 3 updated per chain");

    visible.tell(new LayerActor.Snapshot(new int[0], true, new int[] {1, 3}, new int[] {0}, true, true,
        probe.getRef()));
    LayerActor.Snapshotted snap = assertInstanceOf(LayerActor.Snapshotted.class, probe.receiveMessage());
    assertEquals(2, snap.current().rows());
    assertEquals(-1, snap.current().get(0, 2), "the clamped unit");
    assertEquals(-1, snap.current().get(1, 2), "the clamped unit");
    assertArrayEquals(init[0].copyRows(new int[] {0}).bytes(), snap.best().bytes(),
        "best state recorded before the update: the initial state");
    assertEquals(chains, snap.averaged(), "one accumulation of every chain");
    assertEquals(chains, snap.all().rows());

    visible.tell(LayerActor.Stop.INSTANCE);
    hidden.tell(LayerActor.Stop.INSTANCE);
    probe.expectTerminated(visible);
    probe.expectTerminated(hidden);
  }

  private static LayerKernel[] kernels(EnergyModel m, int chains) {
    Sampling sampling = m.sampling();
    LayerBlock[] init = InitialStates.random(sampling, 2, 0, chains);
    LayerKernel[] k = new LayerKernel[init.length];
    for (int l = 0; l < k.length; l++) {
      k[l] = sampling.kernel(l, new KernelSetup(0, chains, 2, SamplerKind.GIBBS, init[l], Gemm.javaFallback()));
    }
    return k;
  }

  @Test
  void stop_whilePreparing_isHandledWithinASlice_andHeldBackMessagesAreNeverAnswered() {
    // the visible layer of a Boltzmann machine with 1500 visible units, 500 chains: ~1.1 G multiply-adds to prepare
    LayerKernel[] k = kernels(TestEnergyModels.boltzmann(ChainGroupTest.ising(1600, 9), 1500), 500);
    ActorRef<LayerActor.Command> visible = KIT.spawn(LayerActor.create(0, k[0], 20_000_000));
    TestProbe<LayerActor.Reply> probe = KIT.createTestProbe();
    visible.tell(new LayerActor.EmitFields(probe.getRef())); // held back until prepared
    visible.tell(LayerActor.Stop.INSTANCE);
    probe.expectTerminated(visible, Duration.ofMillis(400));
    probe.expectNoMessage(Duration.ofMillis(50));
  }

  @Test
  void aKernelThatThrows_inPrepareOrUpdate_failsTheLayerActor() {
    EnergyModel real = TestEnergyModels.boltzmann(ChainGroupTest.ising(9, 4), 5);
    for (long failAt : new long[] {-1, 0}) {
      LayerKernel[] k = kernels(TestEnergyModels.faulty(real, 1, failAt), 4);
      ActorRef<LayerActor.Command> hidden = KIT.spawn(LayerActor.create(1, k[1], 20_000_000));
      TestProbe<LayerActor.Reply> probe = KIT.createTestProbe();
      hidden.tell(new LayerActor.Update(0, 1.0, List.of(), new int[0], false, probe.getRef()));
      probe.expectTerminated(hidden, Duration.ofSeconds(10));
      probe.expectNoMessage(Duration.ofMillis(50));
    }
  }
}
