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
  public Reservation reserve(long bytes, String what) {
    take(bytes, what);
    return new Reservation(this, bytes);
  }

  private synchronized void take(long bytes, String what) {
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
  }

  private synchronized void release(long bytes) {
    used -= bytes;
  }

  static String mib(long bytes) {
    if (bytes >= 10L << 20) {
      return (bytes >> 20) + " MiB";
    }
    return bytes >= 1L << 20 ? String.format("%.2f MiB", bytes / 1048576.0)
        : bytes >= 1L << 10 ? String.format("%.1f KiB", bytes / 1024.0) : bytes + " bytes";
  }

  /**
   * Bytes held against a budget until closed (idempotent). It can grow as a request learns its
   * size (a model spec once its dimensions are checked) and shrink to what stays held (a
   * session's retained result), so one request holds one reservation from start to end.
   */
  public static final class Reservation implements AutoCloseable {
    private final MemoryBudget budget;
    private long bytes;
    private boolean closed;

    private Reservation(MemoryBudget budget, long bytes) {
      this.budget = budget;
      this.bytes = bytes;
    }

    public synchronized long bytes() {
      return closed ? 0 : bytes;
    }

    /**
     * Adds {@code extra} bytes for {@code what}.
     *
     * @throws ResourceLimitException if they do not fit (the reservation is unchanged)
     */
    public synchronized void grow(long extra, String what) {
      if (closed) {
        throw new IllegalStateException("reservation already closed");
      }
      budget.take(extra, what);
      bytes += extra;
    }

    /**
     * Sets the reservation to {@code size} bytes: gives back the difference, or takes it for
     * {@code what}.
     *
     * @throws ResourceLimitException if growing does not fit (the reservation is unchanged)
     */
    public synchronized void resize(long size, String what) {
      if (size >= bytes) {
        grow(size - bytes, what);
      } else if (!closed) {
        budget.release(bytes - size);
        bytes = size;
      }
    }

    @Override
    public void close() {
      long held;
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
        held = bytes;
      }
      budget.release(held);
    }
  }
}
