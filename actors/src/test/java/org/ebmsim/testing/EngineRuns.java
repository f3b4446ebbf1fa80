package org.ebmsim.testing;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.session.AnnealCoordinator;
import org.ebmsim.session.GroupSizing;
import org.ebmsim.session.Coordinator;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.stream.LaunchedSession;
import org.ebmsim.stream.SimulationEngine;

/** Runs sessions on an engine and collects their events (test support). */
public final class EngineRuns {
  private EngineRuns() {}

  /** Every event of an attached session, in order (the first is {@link SessionEvent.Started}). */
  /** An engine on {@code system} with the given group sizing and otherwise default settings. */
  public static SimulationEngine engine(ActorSystem<?> system, int chainsPerGroup, int maxGroups) {
    return new SimulationEngine(system, EngineSettings.defaults()
        .withSizing(new GroupSizing(chainsPerGroup, maxGroups, 100, 100)));
  }

  public static List<SessionEvent> run(SimulationEngine engine, Coordinator c, EnergyModel m, ActorSystem<?> system)
      throws Exception {
    LaunchedSession s = engine.start(c, m, false, 8);
    return s.events().runWith(Sink.seq(), system).toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  /** The events without lifecycle ones (started, steered, paused, resumed). */
  public static List<SessionEvent> data(List<SessionEvent> events) {
    return events.stream().filter(e -> !(e instanceof SessionEvent.Started || e instanceof SessionEvent.Steered
        || e instanceof SessionEvent.Paused || e instanceof SessionEvent.Resumed)).toList();
  }

  /** The last event, cast to its type. */
  @SuppressWarnings("unchecked")
  public static <T extends SessionEvent> T last(List<SessionEvent> events) {
    return (T) events.get(events.size() - 1);
  }

  /** An annealing request with the given settings. */
  public static AnnealCoordinator anneal(EnergyModel m, int chains, long seed, Schedule schedule, SamplerKind kind,
      LayerBlock[] initial, long reportEvery, AnnealCoordinator.SampleMode mode, long sampleEvery, int maxSample,
      int resultStates) {
    return new AnnealCoordinator(new AnnealCoordinator.Request(TestEnergyModels.ref(m), m.sampling(), chains, seed,
        schedule, kind, initial, reportEvery, mode, sampleEvery, maxSample, resultStates, false, false));
  }
}
