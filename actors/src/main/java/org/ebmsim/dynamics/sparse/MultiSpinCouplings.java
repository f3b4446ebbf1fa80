package org.ebmsim.dynamics.sparse;

import java.util.Optional;
import org.ebmsim.dynamics.state.ValueType;

/**
 * The couplings of a ±J sparse network in the form the multi-spin-coded kernel reads: each row's
 * neighbours (the CSR columns, shared) and, per stored entry, a bond sign that widens to a word
 * of all ones for an antiferromagnetic bond (J_ij = −J) and zero for a ferromagnetic one (J_ij = +J). With spins
 * stored as bits (1 ⇔ +1), the bond i–j is unsatisfied ({@code J_ij s_i s_j < 0}) in the lanes of
 * {@code s_i ^ s_j ^ sign}. Built once per model; immutable.
 *
 * <p>It exists only for networks where that description is the whole energy: spin units, all
 * visible, no biases, and every coupling ±J with one magnitude J > 0 ({@link #problem}). Then
 * {@code E = J·(2U − M)} with M the number of bonds and U the unsatisfied ones, and flipping unit
 * i with u of its z_i bonds unsatisfied changes E by {@code 2J·(z_i − 2u)}.
 */
public final class MultiSpinCouplings {
  /** Largest degree the kernel's per-site counter and acceptance classes are sized for. */
  public static final int MAX_DEGREE = 64;

  private final int units;
  private final int[] rowStart;
  private final int[] columns;
  private final byte[] signs;
  private final double magnitude;
  private final long edges;
  private final int maxDegree;

  private MultiSpinCouplings(SparseCouplings j, double magnitude, int maxDegree) {
    this.units = j.units();
    this.rowStart = j.rowStart();
    this.columns = j.columns();
    double[] v = j.values();
    this.signs = new byte[v.length];
    for (int k = 0; k < v.length; k++) {
      signs[k] = v[k] < 0 ? (byte) -1 : 0;
    }
    this.magnitude = magnitude;
    this.edges = j.edges();
    this.maxDegree = maxDegree;
  }

  /** Why the multi-spin kernel cannot sample {@code network}, or empty when it can. */
  public static Optional<String> problem(SparseNetwork network) {
    if (network.values() != ValueType.SPIN) {
      return Optional.of("it needs spin units (unit_values SPARSE_SPIN), not 0/1 units");
    }
    if (network.visibleUnits() != network.units()) {
      return Optional.of("it needs every unit visible (visible_units 0), not hidden units");
    }
    for (double b : network.bias()) {
      if (b != 0) {
        return Optional.of("it needs a model without biases");
      }
    }
    SparseCouplings j = network.couplings();
    double[] v = j.values();
    double magnitude = v.length == 0 ? 1 : Math.abs(v[0]);
    for (double x : v) {
      if (Math.abs(x) != magnitude || x == 0) {
        return Optional.of("it needs every coupling to be +J or -J with one magnitude J > 0 (a ±J glass or a"
            + " ferromagnet; found |J| = " + magnitude + " and " + Math.abs(x) + ")");
      }
    }
    for (int i = 0; i < j.units(); i++) {
      if (j.degree(i) > MAX_DEGREE) {
        return Optional.of("it needs at most " + MAX_DEGREE + " couplings per unit (unit " + i + " has "
            + j.degree(i) + ")");
      }
    }
    return Optional.empty();
  }

  /** @throws IllegalArgumentException if {@link #problem} is not empty */
  public static MultiSpinCouplings of(SparseNetwork network) {
    problem(network).ifPresent(p -> {
      throw new IllegalArgumentException("the multi-spin kernel cannot sample this network: " + p);
    });
    SparseCouplings j = network.couplings();
    double magnitude = j.values().length == 0 ? 1 : Math.abs(j.values()[0]);
    int max = 0;
    for (int i = 0; i < j.units(); i++) {
      max = Math.max(max, j.degree(i));
    }
    return new MultiSpinCouplings(j, magnitude, max);
  }

  public int units() {
    return units;
  }

  /** CSR row starts (read only). */
  int[] rowStart() {
    return rowStart;
  }

  /** CSR columns (read only). */
  int[] columns() {
    return columns;
  }

  /**
   * Per stored entry: −1 for a −J bond, 0 for a +J bond (read only); a byte, widened to the
   * all-ones or zero word where it is used (a byte per entry keeps a 3D lattice's signs in cache).
   */
  byte[] signs() {
    return signs;
  }

  /** J > 0. */
  public double magnitude() {
    return magnitude;
  }

  /** Number of bonds M (each stored twice in the CSR). */
  public long edges() {
    return edges;
  }

  public int maxDegree() {
    return maxDegree;
  }

  /** Bytes held beyond the network's CSR (the signs). */
  public long heapBytes() {
    return signs.length + 64L;
  }
}
