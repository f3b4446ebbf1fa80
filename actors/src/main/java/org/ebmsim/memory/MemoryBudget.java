package org.ebmsim.memory;

import org.ebmsim.errors.ResourceLimitException;

/**
 * A budget of heap bytes shared by everything the server holds on behalf of requests. A request
 * {@link #reserve}s its estimated cost before it allocates; a request that does not fit is
 * refused with RESOURCE_EXHAUSTED naming the budget, what is in use and what it would cost.
 * {@link Reservation#close} gives the bytes back. Thread-safe.
 */
public final class MemoryBudget {
  private final long total;
  private long used;

  /** @param total bytes, ≥ 0 */
  public MemoryBudget(long total) {
    if (total < 0) {
      throw new IllegalArgumentException("budget must be >= 0 bytes (got " + total + ")");
    }
    this.total = total;
  }

  /**
   * A budget of {@code fraction} of the JVM's maximum heap ({@code -Xmx}).
   *
   * @param fraction in (0, 1]
   */
  public static MemoryBudget ofHeap(double fraction) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("heap fraction must be in (0, 1] (got " + fraction + ")");
    }
    return new MemoryBudget((long) (Runtime.getRuntime().maxMemory() * fraction));
  }

  public long total() {
    return total;
  }

  public synchronized long used() {
    return used;
  }

  /**
   * Reserves {@code bytes} for {@code what} ("a session of 10000 chains x 2000 units").
   *
   * @throws ResourceLimitException if they do not fit
   */
  public synchronized Reservation reserve(long bytes, String what) {
    if (bytes < 0) {
      throw new IllegalArgumentException("cannot reserve a negative size");
    }
    if (bytes > total - used) {
      throw new ResourceLimitException(what + " needs about " + mib(bytes) + " of memory, but only " + mib(total - used)
          + " of the server's memory budget of " + mib(total) + " is free (" + mib(used) + " in use by models,"
          + " sessions and results); free some or give the server more heap (-Xmx) or a larger"
          + " ebmsim.limits.memory-fraction");
    }
    used += bytes;
    return new Reservation(this, bytes);
  }

  private synchronized void release(long bytes) {
    used -= bytes;
  }

  static String mib(long bytes) {
    return bytes >= 10L << 20 ? (bytes >> 20) + " MiB" : String.format("%.2f MiB", bytes / 1048576.0);
  }

  /** Bytes held against a budget until closed (idempotent). */
  public static final class Reservation implements AutoCloseable {
    private final MemoryBudget budget;
    private final long bytes;
    private boolean closed;

    private Reservation(MemoryBudget budget, long bytes) {
      this.budget = budget;
      this.bytes = bytes;
    }

    public long bytes() {
      return bytes;
    }

    @Override
    public void close() {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
      }
      budget.release(bytes);
    }
  }
}
