package org.ebmsim.session;

import org.ebmsim.dynamics.blas.FloatMatrix;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.family.AisSupport;

/**
 * What a chain group is made from: plain data only (model reference, chain range, seed,
 * settings), so a group can be built on any node from its model cache.
 */
public sealed interface GroupSpec extends ClusterSerializable {
  /** Index of the group in its session, 0-based. */
  int index();

  /** Global index of the group's first chain. */
  long firstChain();

  /** Chains in the group. */
  int chains();

  ModelRef model();

  /**
   * Chains sampled sweep by sweep (anneal, complete).
   *
   * @param averageFromSweep completed-sweep count from which states enter the averaging window
   *     ({@code Long.MAX_VALUE}: no window)
   */
  record Sampling(int index, ModelRef model, long firstChain, int chains, long seed, SamplerKind sampler,
      InitialState initial, long averageFromSweep) implements GroupSpec {}

  /**
   * AIS chains along {@code betas}, forward from the base or, with {@code reverse}, backward from
   * {@code reverseStart} (one visible row per chain of this group).
   */
  record Ais(int index, ModelRef model, boolean reverse, long firstChain, int chains, long seed,
      AisSupport.AisPathSpec path, double[] betas, FloatMatrix reverseStart) implements GroupSpec {}

  /**
   * The training group of a training session: one learner over the whole dataset (updates are
   * sequential, so a session has exactly one), starting from {@code model} or, with
   * {@code resume}, from a checkpoint's state.
   *
   * @param totalBatches updates the session runs (epochs × batches per epoch)
   */
  record Training(int index, ModelRef model, TrainingPlan plan, long totalBatches, TrainingResume resume)
      implements GroupSpec {
    @Override
    public long firstChain() {
      return 0;
    }

    @Override
    public int chains() {
      return 1;
    }
  }
}
