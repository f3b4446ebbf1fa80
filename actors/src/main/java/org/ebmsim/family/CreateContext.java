package org.ebmsim.family;

import java.util.function.BooleanSupplier;
import org.ebmsim.errors.ResourceLimitException;
import org.ebmsim.memory.MemoryBudget;

/**
 * Limits a model spec is checked against before anything of its size is allocated, the memory
 * the creation may take, and the caller's cancellation (a storage rule on a large network checks
 * it between blocks of work).
 *
 * @param maxUnits units per model over all layers
 * @param maxPatterns stored patterns per model
 * @param cancelled true once the caller has gone
 * @param memory the creation's reservation: a family {@link #charge}s what it is about to allocate
 * @param datasets stored datasets, for specs that initialise a model from data
 * @param maxSparseUnits units per sparse model (ebmsim.limits.max-sparse-units): sparse models are
 *     charged by their couplings, not N², so they get a limit of their own
 * @param maxSparseCouplings edges {i, j} per sparse model (ebmsim.limits.max-sparse-couplings)
 */
public record CreateContext(int maxUnits, int maxPatterns, BooleanSupplier cancelled,
    MemoryBudget.Reservation memory, DatasetLookup datasets, int maxSparseUnits, long maxSparseCouplings) {
  /** A context whose sparse limits are the dense ones: max-units units and 32 couplings per unit. */
  public CreateContext(int maxUnits, int maxPatterns, BooleanSupplier cancelled, MemoryBudget.Reservation memory,
      DatasetLookup datasets) {
    this(maxUnits, maxPatterns, cancelled, memory, datasets, maxUnits, 32L * maxUnits);
  }

  /** A context without datasets. */
  public CreateContext(int maxUnits, int maxPatterns, BooleanSupplier cancelled, MemoryBudget.Reservation memory) {
    this(maxUnits, maxPatterns, cancelled, memory, DatasetLookup.NONE);
  }

  /** Limits without cancellation or memory budget. */
  public static CreateContext of(int maxUnits, int maxPatterns) {
    return new CreateContext(maxUnits, maxPatterns, () -> false,
        new MemoryBudget(Long.MAX_VALUE).reserve(0, "model creation"));
  }

  /**
   * Charges {@code bytes} that the family is about to allocate for {@code what} (its parameters,
   * a storage rule's workspace), once the spec's dimensions are checked and before allocating.
   *
   * @throws ResourceLimitException if they do not fit the server's memory budget
   */
  public void charge(long bytes, String what) {
    memory.grow(bytes, what);
  }

  /** Throws {@link ResourceLimitException} unless {@code units ≤ maxSparseUnits}. */
  public void checkSparseUnits(long units, String what) {
    ResourceLimitException.limit(units <= maxSparseUnits, what + " has " + units + " units, above the limit of "
        + maxSparseUnits + " (ebmsim.limits.max-sparse-units)");
  }

  /** Throws {@link ResourceLimitException} unless {@code edges ≤ maxSparseCouplings}. */
  public void checkSparseCouplings(long edges, String what) {
    ResourceLimitException.limit(edges <= maxSparseCouplings, what + " has " + edges + " couplings, above the limit"
        + " of " + maxSparseCouplings + " (ebmsim.limits.max-sparse-couplings)");
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
