package org.ebmsim.dynamics;

import java.util.Arrays;

/**
 * The temperature of every sweep of a session: a {@link Schedule} with the overrides that
 * steering applied, each "from sweep k on, temperature T". The schedule's length (total sweeps)
 * is unchanged by overrides. Immutable plain data: a new plan is made per change and sent to
 * chain groups with their next advance.
 */
public final class TemperaturePlan {
  private final Schedule schedule;
  private final long[] from; // ascending
  private final double[] temperature;

  private TemperaturePlan(Schedule schedule, long[] from, double[] temperature) {
    this.schedule = schedule;
    this.from = from;
    this.temperature = temperature;
  }

  /** The schedule without overrides. */
  public static TemperaturePlan of(Schedule schedule) {
    return new TemperaturePlan(schedule, new long[0], new double[0]);
  }

  /**
   * This plan with temperature {@code t} from sweep {@code sweep} on (later overrides drop any
   * at or after {@code sweep}).
   */
  public TemperaturePlan withTemperature(long sweep, double t) {
    if (!(t > 0) || !Double.isFinite(t)) {
      throw new IllegalArgumentException("temperature must be finite and > 0 (got " + t + ")");
    }
    int keep = 0;
    while (keep < from.length && from[keep] < sweep) {
      keep++;
    }
    long[] f = Arrays.copyOf(from, keep + 1);
    double[] v = Arrays.copyOf(temperature, keep + 1);
    f[keep] = sweep;
    v[keep] = t;
    return new TemperaturePlan(schedule, f, v);
  }

  /** The sweeps at which steering overrides start, ascending (a copy; with {@link #overrideTemperatures} they rebuild the plan). */
  public long[] overrideSweeps() {
    return from.clone();
  }

  /** The temperature of each override, in the order of {@link #overrideSweeps} (a copy). */
  public double[] overrideTemperatures() {
    return temperature.clone();
  }

  public Schedule schedule() {
    return schedule;
  }

  public long totalSweeps() {
    return schedule.totalSweeps();
  }

  /** Temperature of sweep {@code sweep} (0-based). */
  public double temperatureOfSweep(long sweep) {
    for (int k = from.length - 1; k >= 0; k--) {
      if (sweep >= from[k]) {
        return temperature[k];
      }
    }
    return schedule.temperatureOfSweep(sweep);
  }

  /** Index of the schedule's temperature step sweep {@code sweep} falls in (overrides do not change it). */
  public int stepOfSweep(long sweep) {
    return schedule.stepOfSweep(sweep);
  }
}
