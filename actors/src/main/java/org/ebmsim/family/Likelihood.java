package org.ebmsim.family;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The likelihood of visible rows under a model, for families that compute it (exactly, or from a
 * log Z they know). What {@code SimulationService.Evaluate} serves; plain data in and out.
 */
public interface Likelihood {
  /**
   * Refuses, before any work, a model whose likelihood cannot be computed as it stands: e.g. an
   * exactness that needs an integer β ({@link org.ebmsim.errors.InvalidRequestException}) or a
   * computation above its size limit ({@link org.ebmsim.errors.ResourceLimitException}).
   *
   * @param maxExactUnits the server's enumeration limit, for families whose log Z enumerates states
   * @param rows rows to evaluate, for the family's bound on the work of one request
   * @param logPartitionGiven a log Z comes with the request (nothing is enumerated)
   */
  void check(int maxExactUnits, int rows, boolean logPartitionGiven);

  /**
   * Whether a log Z given by the client (e.g. an AIS estimate) may replace the family's own:
   * true where log p = −F(v) − log Z with F computable without Z.
   */
  default boolean acceptsGivenLogPartition() {
    return false;
  }

  /** Whether {@link #evaluate} computes the gradient (else only the likelihood is offered). */
  boolean offersGradient();

  /**
   * log p of every row and, if {@code gradient}, the gradient of the mean negative
   * log-likelihood {@code −(1/R) Σ_r log p(v_r)} with respect to each parameter.
   *
   * @param rows count × units row-major visible states, already checked finite and of the right width
   *     (a family checks its own domain, e.g. ±1, with INVALID_ARGUMENT naming the entry)
   * @param gradient only if {@link #offersGradient}
   * @param givenLogPartition the client's log Z (only if {@link #acceptsGivenLogPartition}), or empty
   */
  Evaluation evaluate(double[] rows, int count, boolean gradient, int maxExactUnits,
      OptionalDouble givenLogPartition);

  /**
   * @param logDensities log p(v_r) per row
   * @param logPartition the log Z used
   * @param gradient one entry per parameter (empty when not asked for)
   * @param method how it was computed, one line
   */
  record Evaluation(double[] logDensities, double logPartition, List<Gradient> gradient, String method) {}

  /**
   * The gradient with respect to one parameter, named as the field of the family's parameters
   * message, shaped {@code rows × cols} like it (vectors are 1 × length).
   */
  record Gradient(String parameter, int rows, int cols, double[] values) {}
}
