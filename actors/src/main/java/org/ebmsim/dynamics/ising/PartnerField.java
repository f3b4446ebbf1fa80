package org.ebmsim.dynamics.ising;

import java.util.Arrays;
import org.ebmsim.dynamics.simd.ElementwiseKernels;
import org.ebmsim.dynamics.simd.Kernels;

/**
 * The field one layer of a Boltzmann machine puts on its partner, {@code W_{L,P}ᵀ s_L} per chain,
 * kept up to date by the rows of the units that changed since it was last computed instead of
 * being recomputed from every unit after each half-sweep. At usual flip rates (a quarter of the
 * units) that is a quarter of the work; the full product was 60% of a 500 + 500 unit machine's
 * sweep. A chain's field is recomputed in full when asked to (at sweeps fixed by the schedule,
 * so that the result never depends on how chains are batched) and the first time.
 */
final class PartnerField {
  private final LayerCouplings layer;
  private final int units;
  private final int partnerUnits;
  private final double[] field; // chains × partnerUnits: the field of lastSpins
  private final byte[] lastSpins; // chains × units: the states the field is of
  private final boolean[] known; // chains whose field has been computed once
  private final ElementwiseKernels kernels = Kernels.get();

  PartnerField(LayerCouplings layer, int chains) {
    this.layer = layer;
    this.units = layer.units();
    this.partnerUnits = layer.partnerUnits();
    this.field = new double[chains * partnerUnits];
    this.lastSpins = new byte[chains * units];
    this.known = new boolean[chains];
  }

  /**
   * Writes the field of chains {@code [from, to)} of {@code state} into those rows of {@code out}
   * (chains × partnerUnits): in full if {@code recompute} or not yet known, else by adding
   * {@code (s_i − s_i^old)·W_i} for every unit i that changed.
   */
  void write(SpinChains state, int from, int to, boolean recompute, double[] out) {
    byte[] spins = state.spins();
    double[] rows = layer.toPartner();
    int p = partnerUnits;
    for (int c = from; c < to; c++) {
      int sBase = c * units;
      int fBase = c * p;
      if (recompute || !known[c]) {
        layer.fieldOnPartner(state, c, c + 1, field);
        known[c] = true;
      } else {
        for (int i = 0; i < units; i++) {
          byte s = spins[sBase + i];
          if (s != lastSpins[sBase + i]) {
            kernels.addScaled(rows, i * p, s - lastSpins[sBase + i], field, fBase, p);
          }
        }
      }
      System.arraycopy(spins, sBase, lastSpins, sBase, units);
      System.arraycopy(field, fBase, out, fBase, p);
    }
  }

  /** Bytes held. */
  long heapBytes() {
    return 8L * field.length + lastSpins.length + known.length + 64;
  }

  @Override
  public String toString() {
    return "PartnerField[" + known.length + " chains, " + units + " -> " + partnerUnits + ", known "
        + Arrays.toString(Arrays.copyOf(known, Math.min(4, known.length))) + "]";
  }
}
