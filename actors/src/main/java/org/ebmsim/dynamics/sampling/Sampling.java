package org.ebmsim.dynamics.sampling;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerLayout;

/**
 * How the chains of one model are sampled: its layers, the phases of a sweep (the layers of a
 * phase are updated independently, each from its neighbours' latest fields), the update rules it
 * supports and a {@link LayerKernel} per layer. Implemented by each family's model; immutable and
 * shared by every batch.
 */
public interface Sampling {
  LayerLayout layout();

  /**
   * Layer indices updated in each phase of a sweep, in order; every layer appears exactly once.
   * A single-site model has one phase {@code {{0}}}; an RBM {@code {{1}, {0}}} (hidden, then visible).
   */
  int[][] phases();

  /** Update rules this model's kernels implement. */
  Set<SamplerKind> samplers();

  /**
   * Why this model's kernels do not implement {@code kind}, or empty when {@link #samplers()}
   * has it: for the error a refused request names. Default: a generic reason.
   */
  default java.util.Optional<String> samplerProblem(SamplerKind kind) {
    if (samplers().contains(kind)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(kind == SamplerKind.METROPOLIS_MULTISPIN
        ? "only the sparse family has a multi-spin kernel (for ±J models of spins without biases or hidden units)"
        : "this model's kernels do not implement " + kind);
  }

  /**
   * True if the kernels multiply batches by matrices through BLAS: the engine then gives every
   * chain group the same fixed number of chains (from configuration), because native BLAS may
   * round differently for different batch heights.
   */
  boolean usesBlas();

  /** Storage for {@code chains} initial states of layer {@code layer} (bytes or floats, as the kernel wants). */
  LayerBlock newStates(int layer, int chains);

  /** Draws a random starting state of layer {@code layer} into row {@code row} of {@code out}, from {@code rng}. */
  void randomState(int layer, SplittableRandom rng, LayerBlock out, int row);

  /** Whether units of layer {@code layer} may be clamped (RBMs: the visible layer only). */
  default boolean clampable(int layer) {
    return true;
  }

  /** The kernel of layer {@code layer} for one batch. */
  LayerKernel kernel(int layer, KernelSetup setup);

  /**
   * The highest temperature the kernels sample without overflow: +∞ unless real-valued units,
   * held in float32 and spreading with T, would leave float32's range above it. Sessions are
   * refused temperatures above it (INVALID_ARGUMENT naming the bound).
   */
  default double maxTemperature() {
    return Double.POSITIVE_INFINITY;
  }

  /**
   * Why the kernels cannot sample at temperature T (which is finite, positive and at most
   * {@link #maxTemperature()}), or empty when they can: e.g. an exact mixture sampler that exists
   * only where β/T is a positive integer. Sessions and steering are refused such temperatures
   * (INVALID_ARGUMENT with this text). Default: every temperature.
   */
  default java.util.Optional<String> temperatureProblem(double temperature) {
    return java.util.Optional.empty();
  }

  /**
   * Bytes a chain's kernels hold beyond the per-unit allowance of the sessions' estimate (its
   * states and float64 fields): e.g. a dense associative memory's p pattern overlaps per chain,
   * which grow with the patterns, not the units. Counted when a session is admitted.
   */
  default long extraBytesPerChain() {
    return 0;
  }

  /**
   * The energy parallel tempering swaps with, or empty when this model's kernels do not sample a
   * joint law {@code ∝ e^{−E(x)/T}} of a known E (such sessions are refused). Default: empty.
   */
  default java.util.Optional<TemperingEnergy> temperingEnergy() {
    return java.util.Optional.empty();
  }

  /** What the energy reported for a chain is, e.g. "E(s) = -½ sᵀWs - bᵀs". */
  String energyMeaning();

  /**
   * The energy of one chain state (one single-row block per layer) computed in float64 from the
   * model's float64 parameters, or NaN when the kernels' own energies already are. Kernels that
   * multiply float32 operands track energies to about 1e-7 relative; every state a session
   * shows is re-evaluated here, so its quoted energy is the model's energy of that state.
   */
  default double exactEnergy(List<LayerBlock> chain) {
    return Double.NaN;
  }
}
