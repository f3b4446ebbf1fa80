package org.ebmsim.session;

import java.util.List;
import org.ebmsim.dynamics.EnergyStatistics;
import org.ebmsim.dynamics.ais.AisEstimate;
import org.ebmsim.dynamics.state.LayerBlock;

/** Everything a session streams: who it is, progress, steering, then exactly one result. */
public sealed interface SessionEvent {

  /** True for the last event of a session (its result). */
  default boolean isFinal() {
    return false;
  }

  /**
   * Where the session stands after this event, for the registry's summary of it (ListSessions):
   * units of work done (sweeps, AIS temperatures, batches or steps), the temperature it is steered
   * by (NaN: not given), the energies (null: not given); null for events that say nothing of it.
   * Each kind of event says it here, so the registry needs no case per kind.
   */
  default Position position() {
    return null;
  }

  /** See {@link #position()}. */
  record Position(long done, double temperature, EnergyStatistics energy) {
    static EnergyStatistics single(double e) {
      return new EnergyStatistics(e, e, e);
    }
  }

  /** True for events an observer that falls behind may drop (progress); false for lifecycle and results. */
  default boolean droppable() {
    return false;
  }

  /** The first event of every session. */
  record Started(SessionInfo info) implements SessionEvent {}

  /** A steering command took effect from {@code sweep} on. */
  record Steered(long sweep, SteerCommand command) implements SessionEvent {}

  /** The session paused after {@code sweep}. */
  record Paused(long sweep) implements SessionEvent {}

  /** The session resumed at {@code sweep}. */
  record Resumed(long sweep) implements SessionEvent {}

  /**
   * Cluster mode: chain group {@code group} was moved from node {@code fromNode} to {@code toNode}
   * (its node died or left, or the cluster rebalanced) and resumed from its checkpoint after
   * {@code restoredSweep} sweeps (0: from the start), replaying to the session's round; seen
   * after {@code sweep} gathered sweeps. The session's results do not change.
   */
  record Rebalanced(long sweep, int group, String fromNode, String toNode, long restoredSweep)
      implements SessionEvent {}

  /** Annealing progress after {@code sweep} of {@code totalSweeps} sweeps. */
  record AnnealProgress(long sweep, long totalSweeps, int step, double temperature, EnergyStatistics energy,
      double flipRate, double bestEnergy, List<ChainSnapshot> samples, LiveDiagnostics diagnostics)
      implements SessionEvent {
    @Override
    public Position position() {
      return new Position(sweep, temperature, energy);
    }

    @Override
    public boolean droppable() {
      return true;
    }
  }

  /**
   * End of annealing: every chain's best energy, best states of the chains asked for, the overall
   * best, the final energies, and (detached, on request) every chain's final state per layer.
   */
  record AnnealResult(int chains, double[] bestEnergies, List<ChainSnapshot> bestStates, ChainSnapshot best,
      long sweeps, EnergyStatistics finalEnergy, List<LayerBlock> finalStates) implements SessionEvent {
    @Override
    public Position position() {
      return new Position(sweeps, Double.NaN, null);
    }

    @Override
    public boolean isFinal() {
      return true;
    }
  }

  /**
   * Completion progress of chain 0 (overlaps, Hamming distance, and the attention weights over
   * the patterns of a model that retrieves by attention, else empty) and all chains (energy;
   * convergence diagnostics when asked for and defined, else null).
   */
  record CompletionProgress(long sweep, long totalSweeps, double temperature, double meanEnergy, double[] overlaps,
      int hammingToCue, double flipRate, double[] patternWeights, LiveDiagnostics diagnostics)
      implements SessionEvent {
    @Override
    public Position position() {
      return new Position(sweep, temperature, Position.single(meanEnergy));
    }

    /** Progress without diagnostics. */
    public CompletionProgress(long sweep, long totalSweeps, double temperature, double meanEnergy, double[] overlaps,
        int hammingToCue, double flipRate, double[] patternWeights) {
      this(sweep, totalSweeps, temperature, meanEnergy, overlaps, hammingToCue, flipRate, patternWeights, null);
    }

    @Override
    public boolean droppable() {
      return true;
    }
  }

  /**
   * The completed visible layer and how it was reached.
   *
   * @param completed one-row block of the visible layer
   * @param unitMeans per unit: fraction at the high value (two-valued), at the completed level
   *     (categorical), or the mean (real)
   * @param bestPattern index of the stored pattern with the largest |overlap|, or −1
   * @param cue the cue actually used (one row; unknown units hold the layer's low value)
   * @param patternWeights attention weights of {@code completed} (models that retrieve by
   *     attention), else empty
   */
  record CompletionResult(LayerBlock completed, double[] unitMeans, int bestPattern, double bestOverlap,
      double[] overlaps, double energy, long sweeps, boolean converged, int hammingToCue, LayerBlock cue,
      boolean[] known, double[] patternWeights) implements SessionEvent {
    @Override
    public Position position() {
      return new Position(sweeps, Double.NaN, null);
    }

    @Override
    public boolean isFinal() {
      return true;
    }

    /** The completion matches the mirror image of the best pattern. */
    public boolean bestIsMirror() {
      return bestPattern >= 0 && bestOverlap < 0;
    }
  }

  /**
   * Running AIS estimate after {@code step} of {@code totalSteps} temperatures in one direction.
   *
   * @param logPartition forward: log Ẑ of the intermediate distribution at {@code beta}; reverse:
   *     NaN until the last step
   * @param logWeights per-chain log-weights, or an empty array when not requested
   */
  record PartitionProgress(AisEstimate.Direction direction, int step, int totalSteps, double beta,
      double logPartition, double standardError, double effectiveSampleSize, double[] logWeights)
      implements SessionEvent {
    @Override
    public Position position() {
      return new Position(step, beta, null);
    }

    @Override
    public boolean droppable() {
      return true;
    }
  }

  /** Final AIS estimates: forward always, reverse when asked for; the data's log-likelihood with data. */
  record PartitionResult(AisEstimate forward, AisEstimate reverse, AisEstimate.LogLikelihood logLikelihood)
      implements SessionEvent {
    @Override
    public boolean isFinal() {
      return true;
    }
  }

  /**
   * Training progress after {@code batches} of {@code totalBatches} updates.
   *
   * @param epoch epoch in progress or just ended (0-based)
   * @param heldOut null without a held-out split
   * @param ais null unless AIS ran at this boundary
   * @param version model version written here, 0 if none
   */
  record TrainProgress(long batches, long totalBatches, int epoch, int batchInEpoch, int batchesPerEpoch,
      boolean epochEnd, double learningRate, org.ebmsim.family.TrainingMetrics train, int trainRows,
      org.ebmsim.family.TrainingMetrics heldOut, int heldOutRows, TrainAis ais, long version,
      List<ChainSnapshot> samples, double elapsedSeconds) implements SessionEvent {
    @Override
    public Position position() {
      return new Position(batches, learningRate, null); // a training session is steered by its learning rate
    }

    @Override
    public boolean droppable() {
      // an epoch's end carries the version it wrote and, maybe, the AIS estimate: never dropped
      return !epochEnd;
    }
  }

  /** End of training: the last version written and the final metrics. */
  record TrainResult(String modelId, long version, long batches, int epochs,
      org.ebmsim.family.TrainingMetrics train, int trainRows, org.ebmsim.family.TrainingMetrics heldOut,
      int heldOutRows, TrainAis ais) implements SessionEvent {
    @Override
    public boolean isFinal() {
      return true;
    }
  }

  /**
   * Parallel tempering after {@code sweep} of {@code totalSweeps} sweeps. Pair k is levels (k, k+1)
   * of the ladder, level 0 the coldest; statistics are over all ladders.
   *
   * @param tuning the adaptive schedule is still re-placing the ladder (burn-in)
   * @param temperatures the current ladder, ascending
   * @param acceptance per pair, accepted / proposed since the previous progress event (NaN: none proposed)
   * @param cumulativeAcceptance per pair, since the start
   * @param rejection per pair, {@code 1 − mean acceptance probability} since the ladder last changed
   * @param barrier {@code Λ = Σ rejection} (NaN until every pair was proposed)
   * @param roundTrips replica round trips (coldest → hottest → coldest) completed, all ladders
   * @param swapRounds swap rounds done
   * @param energyPerLevel statistics over ladders of the joint energy at each level, after the latest sweep
   * @param samples states of the first ladders' chains, asked for by the request
   * @param sampleLevels level each sample ran at
   * @param diagnostics convergence diagnostics of the coldest level's energy, or null
   */
  record TemperProgress(long sweep, long totalSweeps, boolean tuning, double[] temperatures, double[] acceptance,
      double[] cumulativeAcceptance, double[] rejection, double barrier, long roundTrips, long swapRounds,
      int ladders, List<EnergyStatistics> energyPerLevel, List<ChainSnapshot> samples, int[] sampleLevels,
      LiveDiagnostics diagnostics) implements SessionEvent {
    @Override
    public Position position() {
      return new Position(sweep, temperatures[0], energyPerLevel.get(0)); // the coldest level: what it samples for
    }

    @Override
    public boolean droppable() {
      return true;
    }

    /** Round trips per swap round and ladder (NRPT tends to {@code 1/(2 + 2Λ)}). */
    public double roundTripRate() {
      return swapRounds == 0 ? 0 : (double) roundTrips / ((double) swapRounds * ladders);
    }
  }

  /**
   * End of parallel tempering: the final ladder and swap statistics, and the final states at
   * every level of the first ladders.
   *
   * @param states final states of the chains of the first {@code resultLadders} ladders
   * @param stateLevels level each state ran at (its temperature is {@code temperatures[level]})
   * @param energyPerLevel statistics over ladders of the final joint energy at each level
   */
  record TemperResult(long sweeps, int ladders, double[] temperatures, double[] acceptance, double[] rejection,
      double barrier, long roundTrips, long swapRounds, List<EnergyStatistics> energyPerLevel,
      List<ChainSnapshot> states, int[] stateLevels) implements SessionEvent {
    @Override
    public Position position() {
      return new Position(sweeps, Double.NaN, null);
    }

    @Override
    public boolean isFinal() {
      return true;
    }

    /** Round trips per swap round and ladder. */
    public double roundTripRate() {
      return swapRounds == 0 ? 0 : (double) roundTrips / ((double) swapRounds * ladders);
    }
  }

  /**
   * A hierarchical-associative-memory run after {@code step} of {@code totalSteps} steps: its
   * energy, the largest change of a unit over the step, and every layer's state (bottom first;
   * the arrays are copies owned by the event).
   */
  record HamProgress(long step, long totalSteps, double energy, double maxChange, double[][] states)
      implements SessionEvent {
    @Override
    public Position position() {
      return new Position(step, Double.NaN, Position.single(energy));
    }

    @Override
    public boolean droppable() {
      return true;
    }
  }

  /** End of a hierarchical-associative-memory run: steps taken, final energy and states. */
  record HamResult(long steps, double energy, double maxChange, boolean converged, double[][] states)
      implements SessionEvent {
    @Override
    public Position position() {
      return new Position(steps, Double.NaN, Position.single(energy));
    }

    @Override
    public boolean isFinal() {
      return true;
    }
  }
}
