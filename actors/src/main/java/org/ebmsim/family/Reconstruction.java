package org.ebmsim.family;

/**
 * Filling in missing visible units of given rows from the known ones, for families that can:
 * what {@code SimulationService.Reconstruct} serves. Unlike Complete it is not a session: one
 * deterministic computation per row.
 */
public interface Reconstruction {
  /** How missing units are filled in. */
  enum Method {
    /** ⟨v_m | v_o⟩ under the model's law. */
    CONDITIONAL_MEAN,
    /** One deterministic retrieval update from the row as given; known units keep their values. */
    ONE_STEP_RETRIEVAL
  }

  /**
   * Refuses, before any work, a method this model cannot apply as it stands, or to {@code rows}
   * rows within the family's work bound ({@link org.ebmsim.errors.InvalidRequestException},
   * {@link org.ebmsim.errors.ResourceLimitException}).
   */
  void check(Method method, int rows);

  /**
   * The rows with their missing units filled in (a new array; known units unchanged).
   *
   * @param rows count × units row-major, checked finite and of the right width
   * @param known units flags (one mask for every row) or count × units (one per row); every row
   *     has at least one missing unit (checked by the caller)
   */
  double[] reconstruct(double[] rows, int count, boolean[] known, Method method);
}
