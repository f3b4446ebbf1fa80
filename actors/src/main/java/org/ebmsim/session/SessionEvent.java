package org.ebmsim.session;

import java.util.List;
import org.ebmsim.dynamics.EnergyStatistics;
import org.ebmsim.dynamics.ais.AisEstimate;

/** Everything a session streams: progress while it runs, then exactly one result. */
public sealed interface SessionEvent {

  /** True for the last event of a session. */
  default boolean isFinal() {
    return false;
  }

  /** Annealing progress after {@code sweep} of {@code totalSweeps} sweeps. */
  record AnnealProgress(long sweep, long totalSweeps, int step, double temperature,
      EnergyStatistics energy, double flipRate, double bestEnergy, List<ChainState> samples)
      implements SessionEvent {}

  /**
   * End of annealing: every chain's best energy, best states of the chains asked for, the
   * overall best, and the final energies.
   */
  record AnnealResult(double[] bestEnergies, List<ChainState> bestStates, ChainState best, long sweeps,
      EnergyStatistics finalEnergy) implements SessionEvent {
    @Override
    public boolean isFinal() {
      return true;
    }
  }

  /** Completion progress of chain 0 (overlaps, Hamming distance) and all chains (energy). */
  record CompletionProgress(long sweep, long totalSweeps, double temperature, double meanEnergy,
      double[] overlaps, int hammingToCue, double flipRate) implements SessionEvent {}

  /** The completed pattern and how it was reached. */
  record CompletionResult(byte[] completed, double[] probabilityPlus, int bestPattern, double bestOverlap,
      double[] overlaps, double energy, long sweeps, boolean converged, int hammingToCue, byte[] cue)
      implements SessionEvent {
    @Override
    public boolean isFinal() {
      return true;
    }
  }

  /**
   * Running AIS estimate after {@code step} of {@code totalSteps} temperatures in one direction:
   * {@code logPartition} estimates log Z at the current β (forward: of the intermediate
   * distribution; reverse: of the base, read backwards).
   *
   * @param logWeights per-chain log-weights, or an empty array when not requested
   */
  record PartitionProgress(AisEstimate.Direction direction, int step, int totalSteps, double beta,
      double logPartition, double standardError, double effectiveSampleSize, double[] logWeights)
      implements SessionEvent {}

  /**
   * Final AIS estimates: forward always, reverse when asked for; the data's mean log-likelihood
   * when data were given.
   */
  record PartitionResult(AisEstimate forward, AisEstimate reverse, AisEstimate.LogLikelihood logLikelihood)
      implements SessionEvent {
    @Override
    public boolean isFinal() {
      return true;
    }
  }
}
