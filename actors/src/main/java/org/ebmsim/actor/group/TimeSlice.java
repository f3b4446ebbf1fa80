package org.ebmsim.actor.group;

/**
 * Bounds the work an actor does per turn: {@link #exhausted} reads the clock only once enough
 * unit updates have been done since the last reading (the clock costs ~25 ns, a unit update a
 * few), and says whether the slice is used up. Splitting work by time never changes results:
 * actors only ever split it between chains or between sweeps.
 */
final class TimeSlice {
  /** Unit updates between clock readings. */
  private static final long CHECK_EVERY = 16_384;

  private final long nanos;
  private long deadline;
  private long sinceCheck;

  TimeSlice(long nanos) {
    this.nanos = nanos;
  }

  /** Starts a slice now. */
  void start() {
    deadline = System.nanoTime() + nanos;
    sinceCheck = 0;
  }

  /** Counts {@code work} unit updates; true once the slice's time is up. */
  boolean exhausted(long work) {
    sinceCheck += work;
    if (sinceCheck < CHECK_EVERY) {
      return false;
    }
    sinceCheck = 0;
    return System.nanoTime() >= deadline;
  }
}
