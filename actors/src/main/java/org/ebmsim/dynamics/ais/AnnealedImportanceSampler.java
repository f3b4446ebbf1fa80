package org.ebmsim.dynamics.ais;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.blas.FloatMatrix;

/**
 * Annealed importance sampling over one batch of chains, advanced a few temperatures at a time.
 *
 * <p>State: the chains' current states (in an {@link AisPath.Batch}), their log-weights (float64),
 * one random stream per chain (stream {@link #AIS_STREAM} of the chain's global index, so results
 * depend only on the seed and chain index, not on batching) and the position in the schedule.
 * Order of calls: {@link #forward} or {@link #reverse}, then {@link #advance} until
 * {@link #finished()}, reading {@link #progress()} at will; then {@link #estimate()}. Several
 * batches of one run are combined with {@link AisEstimate#fromLogWeights} on their concatenated
 * {@link #logWeights()}. Mutable, not thread-safe.
 */
public final class AnnealedImportanceSampler {
  /** Stream id of AIS noise (distinct from the ids in {@link ChainRandom}). */
  public static final long AIS_STREAM = 9;

  private final AisPath path;
  private final AisEstimate.Direction direction;
  private final double[] betas; // in the order walked
  private final AisPath.Batch batch;
  private final double[] logWeights;
  private final SplittableRandom[] rngs;
  private final double logVisibleOverJoint;
  private int done;

  private AnnealedImportanceSampler(AisPath path, AisEstimate.Direction direction, double[] betas,
      AisPath.Batch batch, SplittableRandom[] rngs, double logVisibleOverJoint) {
    this.path = path;
    this.direction = direction;
    this.betas = betas;
    this.batch = batch;
    this.rngs = rngs;
    this.logWeights = new double[batch.rows()];
    this.logVisibleOverJoint = logVisibleOverJoint;
  }

  /** log(Z_visible / Z_joint) of the path's target: non-zero only for binary–Gaussian RBMs. */
  public static double visibleOverJoint(AisPath path) {
    return path.logVisibleOverJoint();
  }

  /**
   * Forward AIS from the base: chains {@code firstChain .. firstChain+chains−1} start at
   * {@code x_0 ~ f_0}.
   *
   * @throws IllegalArgumentException if {@code chains < 1} or {@code firstChain < 0}
   */
  public static AnnealedImportanceSampler forward(AisPath path, AisSchedule schedule, int chains, long seed,
      long firstChain) {
    checkCommon(path, schedule, chains, firstChain);
    AisPath.Batch batch = path.newBatch(chains);
    SplittableRandom[] rngs = ChainRandom.forChains(seed, AIS_STREAM, firstChain, chains);
    batch.sampleBase(rngs);
    return new AnnealedImportanceSampler(path, AisEstimate.Direction.FORWARD, schedule.betas(), batch, rngs,
        visibleOverJoint(path));
  }

  /**
   * Reverse AIS from the target: chains start at the given visible rows (exact samples give a
   * stochastic upper bound on log Z; data rows give the data-initialised variant, Burda et al. 2015)
   * and anneal back to the base along the reversed schedule.
   *
   * @throws IllegalArgumentException if the rows do not match the model
   */
  public static AnnealedImportanceSampler reverse(AisPath path, AisSchedule schedule, FloatMatrix visibleAtTarget,
      long seed, long firstChain) {
    if (visibleAtTarget == null) {
      throw new IllegalArgumentException("visibleAtTarget must not be null");
    }
    checkCommon(path, schedule, visibleAtTarget.rows(), firstChain);
    AisPath.Batch batch = path.newBatch(visibleAtTarget.rows());
    SplittableRandom[] rngs = ChainRandom.forChains(seed, AIS_STREAM, firstChain, visibleAtTarget.rows());
    batch.setFromVisible(visibleAtTarget, rngs);
    return new AnnealedImportanceSampler(path, AisEstimate.Direction.REVERSE, schedule.reversedBetas(), batch, rngs,
        visibleOverJoint(path));
  }

  private static void checkCommon(AisPath path, AisSchedule schedule, int chains, long firstChain) {
    if (path == null || schedule == null) {
      throw new IllegalArgumentException("path and schedule must not be null");
    }
    if (chains < 1) {
      throw new IllegalArgumentException("chains must be >= 1 (got " + chains + ")");
    }
    if (firstChain < 0) {
      throw new IllegalArgumentException("firstChain must be >= 0 (got " + firstChain + ")");
    }
  }

  /**
   * Advances up to {@code temperatures} steps: for each, {@code log w += log f_k(x) − log f_{k−1}(x)}
   * then {@code x ~ T_k(·|x)}. Modifies the chains and their log-weights.
   *
   * @return the number of steps actually taken (fewer at the end of the schedule)
   */
  public int advance(int temperatures) {
    if (temperatures < 0) {
      throw new IllegalArgumentException("temperatures must be >= 0 (got " + temperatures + ")");
    }
    int n = Math.min(temperatures, totalSteps() - done);
    for (int t = 0; t < n; t++) {
      batch.step(betas[done], betas[done + 1], logWeights, rngs);
      done++;
    }
    return n;
  }

  public boolean finished() {
    return done == totalSteps();
  }

  public int stepsDone() {
    return done;
  }

  public int totalSteps() {
    return betas.length - 1;
  }

  public int chains() {
    return logWeights.length;
  }

  public AisEstimate.Direction direction() {
    return direction;
  }

  /** A copy of the per-chain log-weights so far. */
  public double[] logWeights() {
    return logWeights.clone();
  }

  /** The chains' current visible states (a copy). */
  public FloatMatrix visibleSnapshot() {
    return batch.visibleSnapshot();
  }

  /** The chains' random streams (live), for a checkpoint that saves them with {@link #batchState()}. */
  public SplittableRandom[] randomStreams() {
    return rngs;
  }

  /** The chains' states between steps (see {@link AisPath.Batch#state}). */
  public double[] batchState() {
    return batch.state();
  }

  /**
   * Continues from a checkpoint of a sampler built like this one: {@code stepsDone} temperatures
   * walked, the chains' log-weights, states ({@link #batchState()}) and random streams (already
   * restored into {@link #randomStreams()}) as they were there.
   *
   * @throws IllegalArgumentException if the checkpoint does not fit this sampler
   */
  public void resume(int stepsDone, double[] savedLogWeights, double[] savedBatchState) {
    if (stepsDone < 0 || stepsDone > totalSteps() || savedLogWeights.length != logWeights.length) {
      throw new IllegalArgumentException("checkpoint after " + stepsDone + " of " + totalSteps() + " steps with "
          + savedLogWeights.length + " log-weights does not fit " + logWeights.length + " chains");
    }
    batch.restore(savedBatchState);
    System.arraycopy(savedLogWeights, 0, logWeights, 0, logWeights.length);
    done = stepsDone;
  }

  /** Running estimate; see {@link AisProgress}. */
  public AisProgress progress() {
    AisEstimate e = AisEstimate.fromLogWeights(AisEstimate.Direction.FORWARD, logWeights, 0, 0, 0);
    double logMean = e.logPartitionTarget();
    double logZ;
    if (direction == AisEstimate.Direction.FORWARD) {
      logZ = path.logBasePartition() + logMean;
    } else {
      logZ = finished() ? path.logBasePartition() - logMean : Double.NaN;
    }
    return new AisProgress(done, totalSteps(), betas[done], logMean, logZ, e.standardError(),
        e.effectiveSampleSize());
  }

  /**
   * The final estimate (joint and visible log Z, named).
   *
   * @throws IllegalStateException if the schedule has not been walked to its end
   */
  public AisEstimate estimate() {
    if (!finished()) {
      throw new IllegalStateException("AIS not finished: " + done + " of " + totalSteps() + " steps done");
    }
    return AisEstimate.fromLogWeights(direction, logWeights, path.logBasePartition(), path.logVisibleOverTarget(),
        logVisibleOverJoint);
  }

  /** Forward and reverse estimates of one model side by side (lower and upper stochastic bounds). */
  public record Bracket(AisEstimate forward, AisEstimate reverse) {}

  /**
   * Runs forward AIS with {@code chains} chains and reverse AIS from {@code visibleAtTarget} to the end
   * (for callers without an actor layer).
   */
  public static Bracket bracket(AisPath path, AisSchedule schedule, int chains, FloatMatrix visibleAtTarget,
      long seed) {
    AnnealedImportanceSampler f = forward(path, schedule, chains, seed, 0);
    f.advance(f.totalSteps());
    // reverse chains take global indices after the forward ones so their streams differ
    AnnealedImportanceSampler r = reverse(path, schedule, visibleAtTarget, seed, chains);
    r.advance(r.totalSteps());
    return new Bracket(f.estimate(), r.estimate());
  }
}
