package org.ebmsim.actor.registry;

import java.util.List;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.session.ChainSnapshot;
import org.ebmsim.session.SessionEvent;

/** Approximate bytes an event holds (its states and per-chain arrays), for buffer bounds and accounting. */
public final class EventSizes {
  private EventSizes() {}

  public static long bytes(SessionEvent e) {
    long n = 128;
    if (e instanceof SessionEvent.AnnealProgress p) {
      n += chains(p.samples());
    } else if (e instanceof SessionEvent.AnnealResult r) {
      n += 8L * r.bestEnergies().length + chains(r.bestStates()) + chains(List.of(r.best())) + blocks(r.finalStates());
    } else if (e instanceof SessionEvent.TemperProgress p) {
      n += chains(p.samples()) + 64L * p.temperatures().length;
    } else if (e instanceof SessionEvent.TemperResult r) {
      n += chains(r.states()) + 64L * r.temperatures().length;
    } else if (e instanceof SessionEvent.CompletionProgress p) {
      n += 8L * p.overlaps().length;
    } else if (e instanceof SessionEvent.CompletionResult r) {
      n += r.completed().heapBytes() + r.cue().heapBytes() + 8L * (r.unitMeans().length + r.overlaps().length);
    } else if (e instanceof SessionEvent.PartitionProgress p) {
      n += 8L * p.logWeights().length;
    } else if (e instanceof SessionEvent.TrainProgress p) {
      n += chains(p.samples()) + 64L * (p.train() == null ? 0 : p.train().weightNorms().size());
    } else if (e instanceof SessionEvent.HamProgress p) {
      n += layers(p.states());
    } else if (e instanceof SessionEvent.HamResult r) {
      n += layers(r.states());
    }
    return n;
  }

  private static long layers(double[][] states) {
    long n = 0;
    for (double[] x : states) {
      n += 16 + 8L * x.length;
    }
    return n;
  }

  private static long chains(List<ChainSnapshot> chains) {
    long n = 0;
    for (ChainSnapshot c : chains) {
      n += 32 + blocks(c.layers());
    }
    return n;
  }

  private static long blocks(List<LayerBlock> blocks) {
    long n = 0;
    for (LayerBlock b : blocks) {
      n += b.heapBytes();
    }
    return n;
  }
}
