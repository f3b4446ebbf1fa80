package org.ebmsim.server.grpc;

import org.ebmsim.dynamics.EnergyStatistics;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealProgress;
import org.ebmsim.proto.v1.AnnealResult;
import org.ebmsim.proto.v1.ChainState;
import org.ebmsim.proto.v1.CompleteEvent;
import org.ebmsim.proto.v1.CompleteProgress;
import org.ebmsim.proto.v1.CompleteResult;
import org.ebmsim.proto.v1.EnergyStats;
import org.ebmsim.session.SessionEvent;

/** Session events (domain) to their wire messages. */
final class SessionEventMapping {
  private SessionEventMapping() {}

  static AnnealEvent anneal(SessionEvent event) {
    if (event instanceof SessionEvent.AnnealProgress p) {
      AnnealProgress.Builder b = AnnealProgress.newBuilder()
          .setSweep(p.sweep())
          .setTotalSweeps(p.totalSweeps())
          .setStep(p.step())
          .setTemperature(p.temperature())
          .setEnergy(stats(p.energy()))
          .setFlipRate(p.flipRate())
          .setBestEnergy(p.bestEnergy());
      p.samples().forEach(s -> b.addSamples(chain(s)));
      return AnnealEvent.newBuilder().setProgress(b).build();
    }
    SessionEvent.AnnealResult r = (SessionEvent.AnnealResult) event;
    AnnealResult.Builder b = AnnealResult.newBuilder()
        .setBest(chain(r.best()))
        .setSweeps(r.sweeps())
        .setFinalEnergy(stats(r.finalEnergy()));
    for (double e : r.bestEnergies()) {
      b.addBestEnergies(e);
    }
    r.bestStates().forEach(s -> b.addBestPerChain(chain(s)));
    return AnnealEvent.newBuilder().setResult(b).build();
  }

  static CompleteEvent complete(SessionEvent event) {
    if (event instanceof SessionEvent.CompletionProgress p) {
      CompleteProgress.Builder b = CompleteProgress.newBuilder()
          .setSweep(p.sweep())
          .setTotalSweeps(p.totalSweeps())
          .setEnergy(p.meanEnergy())
          .setHammingToCue(p.hammingToCue())
          .setTemperature(p.temperature())
          .setFlipRate(p.flipRate());
      for (double m : p.overlaps()) {
        b.addOverlaps(m);
      }
      return CompleteEvent.newBuilder().setProgress(b).build();
    }
    SessionEvent.CompletionResult r = (SessionEvent.CompletionResult) event;
    CompleteResult.Builder b = CompleteResult.newBuilder()
        .setBestPattern(r.bestPattern())
        .setBestOverlap(r.bestOverlap())
        .setEnergy(r.energy())
        .setSweeps(r.sweeps())
        .setConverged(r.converged())
        .setHammingToCue(r.hammingToCue());
    for (byte s : r.completed()) {
      b.addCompleted(s);
    }
    for (double q : r.probabilityPlus()) {
      b.addProbabilityPlus(q);
    }
    for (double m : r.overlaps()) {
      b.addOverlaps(m);
    }
    for (byte s : r.cue()) {
      b.addCue(s);
    }
    return CompleteEvent.newBuilder().setResult(b).build();
  }

  private static EnergyStats stats(EnergyStatistics s) {
    return EnergyStats.newBuilder().setMin(s.min()).setMean(s.mean()).setMax(s.max()).build();
  }

  private static ChainState chain(org.ebmsim.session.ChainState s) {
    ChainState.Builder b = ChainState.newBuilder().setChain(s.chain()).setEnergy(s.energy());
    for (byte x : s.spins()) {
      b.addSpins(x);
    }
    return b.build();
  }
}
