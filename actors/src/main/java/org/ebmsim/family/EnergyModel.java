package org.ebmsim.family;

import com.google.protobuf.Message;
import java.util.Optional;
import org.ebmsim.dynamics.sampling.Sampling;

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
