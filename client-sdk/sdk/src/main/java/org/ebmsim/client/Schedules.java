package org.ebmsim.client;

import org.ebmsim.proto.v1.ExplicitSchedule;
import org.ebmsim.proto.v1.GeometricSchedule;
import org.ebmsim.proto.v1.LinearSchedule;
import org.ebmsim.proto.v1.Schedule;

/**
 * Builders of temperature {@link Schedule}s. Temperatures must be finite and &gt; 0; the
 * sweeps per temperature default to 1 unless set with {@link #withSweepsPerTemperature}.
 */
public final class Schedules {
  private Schedules() {}

  /** {@code steps} temperatures evenly spaced from {@code tStart} to {@code tEnd}. */
  public static Schedule linear(double tStart, double tEnd, int steps) {
    checkTemperature(tStart);
    checkTemperature(tEnd);
    checkSteps(steps);
    return Schedule.newBuilder()
        .setLinear(LinearSchedule.newBuilder().setTStart(tStart).setTEnd(tEnd).setSteps(steps))
        .build();
  }

  /** {@code steps} temperatures in geometric progression from {@code tStart} to {@code tEnd}. */
  public static Schedule geometric(double tStart, double tEnd, int steps) {
    checkTemperature(tStart);
    checkTemperature(tEnd);
    checkSteps(steps);
    return Schedule.newBuilder()
        .setGeometric(GeometricSchedule.newBuilder().setTStart(tStart).setTEnd(tEnd).setSteps(steps))
        .build();
  }

  /** The given temperatures, in order. */
  public static Schedule explicit(double... temperatures) {
    if (temperatures.length == 0) {
      throw new IllegalArgumentException("an explicit schedule needs at least one temperature");
    }
    ExplicitSchedule.Builder b = ExplicitSchedule.newBuilder();
    for (double t : temperatures) {
      checkTemperature(t);
      b.addTemperatures(t);
    }
    return Schedule.newBuilder().setExplicit(b).build();
  }

  /** A copy of {@code schedule} that runs {@code sweeps} sweeps at every temperature (≥ 1). */
  public static Schedule withSweepsPerTemperature(Schedule schedule, int sweeps) {
    if (sweeps < 1) {
      throw new IllegalArgumentException("sweeps per temperature must be ≥ 1, got " + sweeps);
    }
    return schedule.toBuilder().setSweepsPerTemperature(sweeps).build();
  }

  /** Number of temperatures the schedule visits. */
  public static int steps(Schedule schedule) {
    return switch (schedule.getKindCase()) {
      case LINEAR -> schedule.getLinear().getSteps();
      case GEOMETRIC -> schedule.getGeometric().getSteps();
      case EXPLICIT -> schedule.getExplicit().getTemperaturesCount();
      case KIND_NOT_SET -> 0;
    };
  }

  /** Total sweeps the schedule runs: steps × sweeps per temperature (0 counts as 1). */
  public static long totalSweeps(Schedule schedule) {
    return (long) steps(schedule) * Math.max(1, schedule.getSweepsPerTemperature());
  }

  private static void checkTemperature(double t) {
    if (!(t > 0) || !Double.isFinite(t)) {
      throw new IllegalArgumentException("temperatures must be finite and > 0, got " + t);
    }
  }

  private static void checkSteps(int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("a schedule needs at least 1 step, got " + steps);
    }
  }
}
