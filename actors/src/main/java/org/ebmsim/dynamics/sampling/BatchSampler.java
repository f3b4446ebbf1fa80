package org.ebmsim.dynamics.sampling;

import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.state.LayerBlock;

/**
 * A batch of chains of any model advanced sweep by sweep on the calling thread: the kernels of
 * every layer, the fields they exchange along the model's phases, and the chains' energies. The
 * engine's chain groups run the same kernels in the same order (one layer per actor when a model
 * has several), so what the statistical tests check here is what sessions run.
 *
 * <p>Order of calls: {@link #start} (primes the field exchange and the energies), then
 * {@link #sweep} any number of times, reading {@link #layer}, {@link #energies()} at will
 * (energies are computed when read).
 * Mutable, one owner.
 */
public final class BatchSampler {
  private final Sampling sampling;
  private final LayerKernel[] kernels;
  private final int chains;
  private final double[] energies;
  private final FieldBlock[][] fields; // [source layer][i]: its field on its i-th target
  /** Whether the states changed since {@link #energies} was computed (computed when read). */
  private boolean energiesStale = true;
  private long sweeps;

  private BatchSampler(Sampling sampling, LayerKernel[] kernels) {
    this.sampling = sampling;
    this.kernels = kernels;
    this.chains = kernels[0].chains();
    this.energies = new double[chains];
    this.fields = new FieldBlock[kernels.length][];
    for (int l = 0; l < kernels.length; l++) {
      emit(kernels[l], l);
    }
  }

  /**
   * Chains {@code firstChain .. firstChain+chains−1} started from {@code initial} (one block per
   * layer, rows = chains; the blocks become the kernels' states).
   */
  public static BatchSampler start(Sampling sampling, long seed, long firstChain, LayerBlock[] initial,
      SamplerKind sampler, Gemm gemm) {
    if (initial.length != sampling.layout().size()) {
      throw new IllegalArgumentException("need one initial block per layer: " + sampling.layout().size()
          + " (got " + initial.length + ")");
    }
    if (!sampling.samplers().contains(sampler)) {
      throw new IllegalArgumentException("this model does not support " + sampler + " updates");
    }
    LayerKernel[] kernels = new LayerKernel[initial.length];
    for (int l = 0; l < initial.length; l++) {
      kernels[l] = sampling.kernel(l, new KernelSetup(firstChain, initial[l].rows(), seed, sampler, initial[l], gemm));
      kernels[l].prepare(0, initial[l].rows());
    }
    return new BatchSampler(sampling, kernels);
  }

  /** Chains started from random states ({@link InitialStates#random}). */
  public static BatchSampler random(Sampling sampling, long seed, long firstChain, int chains, SamplerKind sampler,
      Gemm gemm) {
    if (chains < 1) {
      throw new IllegalArgumentException("chains must be >= 1 (got " + chains + ")");
    }
    return start(sampling, seed, firstChain, InitialStates.random(sampling, seed, firstChain, chains), sampler, gemm);
  }

  private void emit(LayerKernel k, int l) {
    int[] targets = k.targets();
    if (fields[l] == null) {
      fields[l] = new FieldBlock[targets.length];
      for (int i = 0; i < targets.length; i++) {
        fields[l][i] = k.newField(targets[i]);
      }
    }
    for (int i = 0; i < targets.length; i++) {
      // one block per (source, target), rewritten every sweep: a target reads its fields in its
      // update, before the source sends again, and a sweep allocates nothing (fields of 100
      // MNIST-sized chains are half a megabyte)
      FieldBlock f = fields[l][i];
      k.fieldOn(targets[i], 0, chains, f);
      kernels[targets[i]].receive(l, f);
    }
  }

  private void computeEnergies() {
    java.util.Arrays.fill(energies, 0);
    for (LayerKernel k : kernels) {
      k.addEnergies(0, chains, energies);
    }
    energiesStale = false;
  }

  /**
   * One sweep at temperature t: the model's phases in order, every layer of a phase updated and
   * its fields sent on. Returns the units changed.
   */
  public long sweep(double temperature) {
    long flips = 0;
    for (int[] phase : sampling.phases()) {
      for (int l : phase) {
        flips += kernels[l].update(0, chains, sweeps, temperature);
      }
      for (int l : phase) {
        emit(kernels[l], l);
      }
    }
    sweeps++;
    energiesStale = true;
    return flips;
  }

  /** {@code n} sweeps at temperature t. */
  public void sweep(int n, double temperature) {
    for (int k = 0; k < n; k++) {
      sweep(temperature);
    }
  }

  /** Sweeps done. */
  public long sweeps() {
    return sweeps;
  }

  public int chains() {
    return chains;
  }

  /** The kernel of layer l (for its live states, clamping). */
  public LayerKernel layer(int l) {
    return kernels[l];
  }

  /** Holds {@code unit} of layer l at {@code value}; the energies and fields follow at the next sweep. */
  public void clamp(int l, int unit, double value) {
    kernels[l].clamp(unit, value);
    emit(kernels[l], l);
    energiesStale = true;
  }

  /**
   * Each chain's energy after the last sweep (copy). Computed here, when read, from the states as
   * they are: a chain's energy can cost as much as a sweep's sampling (an RBM's free energy is a
   * softplus per hidden unit), so a caller that sweeps without reading does not pay for it.
   */
  public double[] energies() {
    if (energiesStale) {
      computeEnergies();
    }
    return energies.clone();
  }
}
