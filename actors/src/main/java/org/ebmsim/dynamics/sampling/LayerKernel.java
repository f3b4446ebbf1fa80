package org.ebmsim.dynamics.sampling;

import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerShape;

/**
 * One layer of a batch of chains: owns the layer's states, its per-chain random streams and
 * whatever it keeps to update fast (incremental fields, GEMM operands), and turns the fields its
 * neighbours send into new states and the fields it sends back.
 *
 * <p>Order of calls for one sweep, driven by the engine along {@link Sampling#phases()}: for each
 * phase, each of its layers gets {@link #receive} for every neighbour's latest field, then
 * {@link #update} over its chains (in one call or in consecutive chain ranges), then
 * {@link #fieldOn} for each of its {@link #targets()} and {@link #addEnergies}. After the last
 * phase the layers' energy terms add up to each chain's energy. Before the first sweep the engine
 * primes the exchange: every layer's {@link #fieldOn}, then every layer's {@link #receive} and
 * {@link #addEnergies}. Mutable, one owner.
 */
public interface LayerKernel {
  LayerShape shape();

  /**
   * Readies chains {@code [from, to)} for use, e.g. their local fields from scratch (O(N²) per
   * chain for a dense layer). The engine calls it over every chain, in consecutive ranges and in
   * time slices (so a stop is never far, however large the batch), before any other call but
   * {@link #states()}. Default: nothing to do.
   */
  default void prepare(int from, int to) {}

  int chains();

  /** Layers this one sends a field to, ascending; empty for a model with one layer. */
  int[] targets();

  /**
   * Replaces the field {@code source} puts on this layer (rows = chains). The block is read only
   * here: its source may keep reading it (an RBM's visible layer reads its free energies off the
   * field it sent), and an engine may hand the same block back to the source to rewrite after
   * this layer's next update.
   */
  void receive(int source, FieldBlock field);

  /**
   * Updates every unclamped unit of chains {@code [from, to)} once, leaving other chains as they
   * are (every kernel honours the range, row-independent or not: parallel tempering updates runs
   * of chains at different temperatures).
   *
   * @param sweep 0-based index of the sweep (for refresh policies that must not depend on batching)
   * @param temperature T > 0 of this sweep (ignored by zero-temperature kernels)
   * @return units whose value changed
   */
  long update(int from, int to, long sweep, double temperature);

  /**
   * Writes the field the current states of chains {@code [from, to)} put on layer {@code target}
   * into the same rows of {@code out} (chains × units of the target). {@code out} may be a block
   * this kernel wrote before (engines reuse blocks once the target has read them).
   */
  void fieldOn(int target, int from, int to, FieldBlock out);

  /** A field block of the right shape and precision for {@link #fieldOn}{@code (target, ...)}. */
  FieldBlock newField(int target);

  /** {@code out[c] += } this layer's energy term, for chains {@code [from, to)}. */
  void addEnergies(int from, int to, double[] out);

  /** The live states (chains × units); read only. */
  LayerBlock states();

  /** Units that are not clamped. */
  int freeUnits();

  /** Holds {@code unit} of every chain at {@code value} (in the layer's domain) from now on. */
  void clamp(int unit, double value);

  /** Lets {@code unit} evolve again. */
  void release(int unit);

  /**
   * True if updating and emitting fields for a chain range gives bit for bit what the whole
   * batch would give for those chains, so the engine may split the batch by time; false for
   * kernels whose matrix products depend on the batch height (native BLAS).
   */
  boolean rowIndependent();

  /**
   * The kernel's per-chain random streams (live, indexed like the chains), for checkpoints that
   * save and restore them with the states; null if the kernel cannot be checkpointed.
   */
  default java.util.SplittableRandom[] randomStreams() {
    return null;
  }

  /**
   * Whether the states and {@link #randomStreams} after {@code sweeps} completed sweeps are all of
   * the kernel's history: a kernel rebuilt from them (and {@link #prepare}d) continues bit-identically.
   */
  default boolean resumableAfter(long sweeps) {
    return false;
  }
}
