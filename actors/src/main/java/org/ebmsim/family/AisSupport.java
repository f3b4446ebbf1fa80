package org.ebmsim.family;

import org.ebmsim.dynamics.ais.AisPath;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.state.LayerBlock;

/**
 * Annealed importance sampling for a model: which bases its path may start from, the path
 * itself, and the free energies that turn log Z into a data log-likelihood. Data are rows of the
 * visible layer (a {@link LayerBlock} of the visible shape, values in its domain).
 *
 * <p>Order of calls: {@link #pathSpec} and {@link #constants} at the edge (plain data), then
 * {@link #path} in each chain group from that spec, then {@link #negativeFreeEnergies} for the
 * result.
 */
public interface AisSupport {
  /** The base the path starts from: the family's default, uniform, or fitted to data marginals. */
  enum Base { DEFAULT, UNIFORM, DATA_BASE_RATE }

  /**
   * The path's plain-data description for {@code base} (data may be null).
   *
   * @throws org.ebmsim.errors.InvalidRequestException if this model's path cannot start from
   *     {@code base} or the base needs data that are missing
   */
  AisPathSpec pathSpec(Base base, LayerBlock data);

  /** The path for {@code spec} whose products run on {@code gemm}. */
  AisPath path(AisPathSpec spec, Gemm gemm);

  /** The path's normalising constants (the same on every node for a given spec). */
  default PathConstants constants(AisPathSpec spec) {
    AisPath p = path(spec, Gemm.javaFallback());
    return new PathConstants(p.logBasePartition(), p.logVisibleOverTarget(), p.logVisibleOverJoint());
  }

  /** {@code −F(v_r)} of each data row (the free energy with hidden units summed out). */
  double[] negativeFreeEnergies(LayerBlock data);

  /** What a path starts from, as plain data: base-rate biases of the visible units, or null for the default base. */
  record AisPathSpec(double[] baseVisibleBias) {}

  /** {@code log Z_0}, {@code log Z_visible − log Z_target} and {@code log Z_visible − log Z_joint} of a path. */
  record PathConstants(double logBasePartition, double logVisibleOverTarget, double logVisibleOverJoint) {}
}
