package org.ebmsim.actor.cluster;

import java.util.Arrays;
import java.util.List;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.session.ChainSnapshot;
import org.ebmsim.session.SessionEvent;

/**
 * Every number a session streamed, as text (arrays by value, doubles exactly), so that two runs
 * compare bit for bit; lifecycle events (started, rebalanced) are left out.
 */
final class SessionFingerprints {
  private SessionFingerprints() {}

  static String of(List<SessionEvent> events) {
    StringBuilder b = new StringBuilder();
    for (SessionEvent e : events) {
      if (e instanceof SessionEvent.AnnealProgress p) {
        b.append("progress ").append(p.sweep()).append(' ').append(p.energy()).append(' ')
            .append(Double.doubleToLongBits(p.flipRate())).append(' ').append(Double.doubleToLongBits(p.bestEnergy()));
        p.samples().forEach(s -> snapshot(b, s));
      } else if (e instanceof SessionEvent.AnnealResult r) {
        b.append("result ").append(Arrays.toString(r.bestEnergies())).append(' ').append(r.finalEnergy());
        snapshot(b, r.best());
        r.bestStates().forEach(s -> snapshot(b, s));
      } else if (e instanceof SessionEvent.PartitionProgress p) {
        b.append("ais ").append(p.direction()).append(p.step()).append(' ').append(p.logPartition()).append(' ')
            .append(Arrays.toString(p.logWeights()));
      } else if (e instanceof SessionEvent.PartitionResult r) {
        b.append("ais result ").append(r.forward()).append(' ').append(r.reverse()).append(' ')
            .append(r.logLikelihood());
      } else if (e instanceof SessionEvent.TemperProgress p) {
        b.append("temper ").append(p.sweep()).append(' ').append(p.tuning()).append(' ')
            .append(Arrays.toString(p.temperatures())).append(Arrays.toString(p.acceptance()))
            .append(Arrays.toString(p.cumulativeAcceptance())).append(Arrays.toString(p.rejection())).append(' ')
            .append(p.barrier()).append(' ').append(p.roundTrips()).append(' ').append(p.swapRounds()).append(' ')
            .append(p.energyPerLevel()).append(Arrays.toString(p.sampleLevels()));
        p.samples().forEach(s -> snapshot(b, s));
      } else if (e instanceof SessionEvent.TemperResult r) {
        b.append("temper result ").append(r.sweeps()).append(' ').append(Arrays.toString(r.temperatures()))
            .append(Arrays.toString(r.acceptance())).append(Arrays.toString(r.rejection())).append(' ')
            .append(r.barrier()).append(' ').append(r.roundTrips()).append(' ').append(r.swapRounds()).append(' ')
            .append(r.energyPerLevel()).append(Arrays.toString(r.stateLevels()));
        r.states().forEach(s -> snapshot(b, s));
      } else if (e instanceof SessionEvent.Started || e instanceof SessionEvent.Rebalanced) {
        continue;
      } else {
        b.append(e.getClass().getSimpleName());
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static void snapshot(StringBuilder b, ChainSnapshot s) {
    b.append(" [chain ").append(s.chain()).append(' ').append(Double.doubleToLongBits(s.energy()));
    for (LayerBlock l : s.layers()) {
      b.append(' ').append(l.isFloat() ? Arrays.toString(l.floats()) : Arrays.toString(l.bytes()));
    }
    b.append(']');
  }
}
