package org.ebmsim.family;

import org.ebmsim.dynamics.ais.AisPath;
import org.ebmsim.dynamics.blas.FloatMatrix;
import org.ebmsim.dynamics.blas.Gemm;

/**
 * Annealed importance sampling for a model: which bases its path may start from, the path
 * itself, and the free energies that turn log Z into a data log-likelihood.
 *
 * <p>Order of calls: {@link #checkData} and {@link #pathSpec} at the edge (plain data, cheap),
 * then {@link #path} in each chain group from that spec, then {@link #negativeFreeEnergies} for
 * the result.
 */
public interface AisSupport {
  /** The base the path starts from: the family's default, uniform, or fitted to data marginals. */
  enum Base { DEFAULT, UNIFORM, DATA_BASE_RATE }

  /**
   * Throws {@link org.ebmsim.errors.InvalidRequestException} naming the first data entry outside
   * the visible layer's domain (rows × visible units).
   */
  void checkData(FloatMatrix data);

  /**
   * The path's plain-data description for {@code base} (data may be null).
   *
   * @throws org.ebmsim.errors.InvalidRequestException if this model's path cannot start from
   *     {@code base} or the base needs data that are missing
   */
  AisPathSpec pathSpec(Base base, FloatMatrix data);

  /** The path for {@code spec} whose products run on {@code gemm}. */
  AisPath path(AisPathSpec spec, Gemm gemm);

  /** {@code −F(v_r)} of each data row (the free energy with hidden units summed out). */
  double[] negativeFreeEnergies(FloatMatrix data);

  /** What a path starts from, as plain data: base-rate biases of the visible units, or null for the default base. */
  record AisPathSpec(double[] baseVisibleBias) {}
}
