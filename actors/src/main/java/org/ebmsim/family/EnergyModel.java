package org.ebmsim.family;

import com.google.protobuf.Message;
import java.util.Optional;
import org.ebmsim.dynamics.diagnostics.StateOverlaps;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.dynamics.state.LayerShape;
import org.ebmsim.dynamics.state.ValueType;

/**
 * A model of some family, immutable once built: what sessions sample and what the server shows
 * of it. Thread-safe.
 */
public interface EnergyModel {
  ModelFamily family();

  /** How chains of this model are sampled (layers, phases, kernels). */
  Sampling sampling();

  /** Variant (may be empty) and a one-line description. */
  ModelSummary summary();

  /** The stored parameters, encoded in the family's parameters message (made on demand). */
  Message parameters();

  /** ±1 patterns over the visible layer (possibly none). */
  StoredPatterns patterns();

  /** Bytes this model holds in memory (parameters and whatever sampling shares between batches). */
  long heapBytes();

  /** Exact statistics by enumeration, if the family offers them. */
  default Optional<ExactSolver> exact() {
    return Optional.empty();
  }

  /**
   * The single-layer ±1 network view of this model (its stored patterns and bias), if it is one:
   * what the Hopfield → RBM mapping starts from.
   */
  default Optional<SpinNetwork> spinNetwork() {
    return Optional.empty();
  }

  /** A single layer of ±1 spins with stored patterns and a bias (length = units). */
  record SpinNetwork(StoredPatterns patterns, double[] bias) {}

  /**
   * Why sessions may not sample this model, or empty; the engine and the services refuse its
   * sessions with FAILED_PRECONDITION quoting it. Two cases: a model stored under older rules
   * (before a bound was introduced; creation refuses new ones) still loads, so that its file and
   * its exact statistics stay available; and a family whose models have no chain sampler at all
   * (attnbm), which offers its other requests only.
   */
  default Optional<String> samplingProblem() {
    return Optional.empty();
  }

  /**
   * The real-valued patterns this model retrieves by attention, when it has them (the modern
   * continuous Hopfield network): completions then report cosines and attention weights against
   * them, and a noisy cue may start from one. Default: none.
   */
  default Optional<RealPatterns> realPatterns() {
    return Optional.empty();
  }

  /**
   * How many stored patterns the overlaps of this model's visible states are measured against
   * (convergence diagnostics): its real patterns when it retrieves by attention on a real visible
   * layer, else its ±1 patterns; 0 for a categorical visible layer, whose states have no overlap.
   */
  default int overlapPatternCount() {
    LayerShape visible = sampling().layout().visible();
    if (visible.type() == ValueType.CATEGORICAL) {
      return 0;
    }
    if (visible.type() == ValueType.REAL && realPatterns().isPresent()) {
      return realPatterns().get().count();
    }
    return patterns().count();
  }

  /**
   * The overlaps of visible states with the {@code chosen} ones of the patterns
   * {@link #overlapPatternCount()} counts.
   *
   * @throws IllegalArgumentException for an index outside them
   */
  default StateOverlaps overlaps(int[] chosen) {
    int count = overlapPatternCount();
    for (int mu : chosen) {
      if (mu < 0 || mu >= count) {
        throw new IllegalArgumentException("pattern " + mu + " is not among this model's " + count + " patterns");
      }
    }
    LayerShape visible = sampling().layout().visible();
    if (visible.type() == ValueType.REAL && realPatterns().isPresent()) {
      RealPatterns real = realPatterns().get();
      float[][] rows = new float[real.count()][];
      for (int mu = 0; mu < rows.length; mu++) {
        rows[mu] = real.pattern(mu);
      }
      return StateOverlaps.ofReals(rows, chosen);
    }
    return StateOverlaps.ofSpins(patterns().values(), patterns().units(), chosen);
  }

  /** The likelihood of visible rows (SimulationService.Evaluate), if the family offers it. */
  default Optional<Likelihood> likelihood() {
    return Optional.empty();
  }

  /** Reconstruction of missing visible units (SimulationService.Reconstruct), if the family offers it. */
  default Optional<Reconstruction> reconstruction() {
    return Optional.empty();
  }

  /** A path for annealed importance sampling, if the family offers one. */
  default Optional<AisSupport> ais() {
    return Optional.empty();
  }

  /**
   * A learner that trains a copy of this model's parameters with {@code settings}, if the family
   * can be trained with that method.
   *
   * @throws org.ebmsim.errors.InvalidRequestException if the settings are invalid for this model
   */
  default Optional<Learner> learner(LearnerSettings settings) {
    return Optional.empty();
  }
}
