package org.ebmsim.family;

import java.util.function.BooleanSupplier;
import org.ebmsim.errors.ResourceLimitException;

/**
 * Limits a model spec is checked against before anything of its size is allocated, and the
 * caller's cancellation (a storage rule on a large network checks it between blocks of work).
 *
 * @param maxUnits units per model over all layers
 * @param maxPatterns stored patterns per model
 */
public record CreateContext(int maxUnits, int maxPatterns, BooleanSupplier cancelled) {
  /** Limits without cancellation. */
  public static CreateContext of(int maxUnits, int maxPatterns) {
    return new CreateContext(maxUnits, maxPatterns, () -> false);
  }

  /** Throws {@link CancelledException} if the caller has gone. */
  public void checkCancelled() {
    if (cancelled.getAsBoolean()) {
      throw new CancelledException("model creation cancelled by the caller");
    }
  }

  /** Throws {@link ResourceLimitException} unless {@code units ≤ maxUnits}. */
  public void checkUnits(long units, String what) {
    ResourceLimitException.limit(units <= maxUnits, what + " has " + units + " units, above the limit of "
        + maxUnits + " (ebmsim.limits.max-units)");
  }

  /** The work was abandoned because the caller cancelled. */
  public static final class CancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CancelledException(String message) {
      super(message);
    }
  }
}
