package org.ebmsim.actor.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.actor.ModelCache;
import org.ebmsim.dynamics.ais.AisSchedule;
import org.ebmsim.dynamics.ais.AnnealedImportanceSampler;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.rbm.BinaryRbm;
import org.ebmsim.family.AisSupport;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.session.GroupReport;
import org.ebmsim.session.GroupSpec;
import org.ebmsim.testing.TestEnergyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** An AIS group's protocol with probes: queued advances answered in order, weights as the sampler's, stop. */
class AisChainGroupTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  @Test
  void queuedAdvances_areAnsweredInOrder_withTheSamplersLogWeights() {
    Random r = new Random(3);
    double[] w = new double[8 * 5];
    for (int k = 0; k < w.length; k++) {
      w[k] = 0.5 * r.nextGaussian();
    }
    BinaryRbm rbm = BinaryRbm.of(8, 5, w, null, null);
    EnergyModel m = TestEnergyModels.rbm(rbm);
    ModelCache cache = new ModelCache();
    cache.pin(TestEnergyModels.ref(m), m);
    AisSupport.AisPathSpec spec = m.ais().orElseThrow().pathSpec(AisSupport.Base.DEFAULT, null);
    AisSchedule schedule = AisSchedule.uniform(40);
    ActorRef<ChainGroup.Command> group = KIT.spawn(AisChainGroup.create(new GroupSpec.Ais(3, TestEnergyModels.ref(m),
        false, 20, 10, 9L, spec, schedule.betas(), null), cache, EngineSettings.defaults().withNativeBlas(false)));
    TestProbe<GroupReport> probe = KIT.createTestProbe();
    group.tell(new ChainGroup.Advance(15, null, probe.getRef()));
    group.tell(new ChainGroup.Advance(40, null, probe.getRef()));
    GroupReport.AisSteps first = (GroupReport.AisSteps) probe.receiveMessage();
    GroupReport.AisSteps second = (GroupReport.AisSteps) probe.receiveMessage();
    assertEquals(3, first.group());
    assertEquals(15, first.step());
    assertEquals(40, second.step());
    AnnealedImportanceSampler direct = AnnealedImportanceSampler.forward(rbm.aisPath(null, Gemm.javaFallback()),
        schedule, 10, 9L, 20);
    direct.advance(40);
    assertArrayEquals(direct.logWeights(), second.logWeights());
    group.tell(ChainGroup.Stop.INSTANCE);
    probe.expectTerminated(group);
  }

  @Test
  void stop_inTheMiddleOfALongAdvance_isHandledWithinASlice_andAReverseGroupWithoutDataFails() {
    Random r = new Random(4);
    double[] w = new double[400 * 300];
    for (int k = 0; k < w.length; k++) {
      w[k] = 0.05 * r.nextGaussian();
    }
    EnergyModel m = TestEnergyModels.rbm(BinaryRbm.of(400, 300, w, null, null));
    ModelCache cache = new ModelCache();
    cache.pin(TestEnergyModels.ref(m), m);
    AisSupport.AisPathSpec spec = m.ais().orElseThrow().pathSpec(AisSupport.Base.DEFAULT, null);
    double[] betas = AisSchedule.uniform(100_000).betas();
    EngineSettings settings = EngineSettings.defaults().withNativeBlas(false);
    ActorRef<ChainGroup.Command> group = KIT.spawn(AisChainGroup.create(new GroupSpec.Ais(0, TestEnergyModels.ref(m),
        false, 0, 100, 1L, spec, betas, null), cache, settings));
    TestProbe<GroupReport> probe = KIT.createTestProbe();
    group.tell(new ChainGroup.Advance(2, null, probe.getRef()));
    probe.receiveMessage(Duration.ofSeconds(30)); // running
    group.tell(new ChainGroup.Advance(100_000, null, probe.getRef())); // minutes of work
    group.tell(ChainGroup.Stop.INSTANCE);
    probe.expectTerminated(group, Duration.ofMillis(400));
    probe.expectNoMessage(Duration.ofMillis(50));

    // reverse AIS starts from data states; without them the group cannot exist and fails at once
    ActorRef<ChainGroup.Command> broken = KIT.spawn(AisChainGroup.create(new GroupSpec.Ais(1, TestEnergyModels.ref(m),
        true, 0, 10, 1L, spec, betas, null), cache, settings));
    probe.expectTerminated(broken, Duration.ofSeconds(10));
  }
}
