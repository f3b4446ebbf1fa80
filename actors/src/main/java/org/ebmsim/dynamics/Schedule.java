package org.ebmsim.dynamics;

/**
 * An annealing schedule: temperatures {@code T_0, T_1, …} each held for
 * {@code sweepsPerTemperature} sweeps. Sweep k (0-based) runs at
 * {@code T_{k / sweepsPerTemperature}}. Immutable.
 */
public final class Schedule {
  private final double[] temperatures;
  private final int sweepsPerTemperature;

  private Schedule(double[] temperatures, int sweepsPerTemperature) {
    if (temperatures.length == 0) {
      throw new IllegalArgumentException("schedule needs at least one temperature");
    }
    for (int k = 0; k < temperatures.length; k++) {
      if (!(temperatures[k] > 0) || !Double.isFinite(temperatures[k])) {
        throw new IllegalArgumentException(
            "temperature " + k + " must be finite and > 0 (got " + temperatures[k] + ")");
      }
    }
    if (sweepsPerTemperature < 1) {
      throw new IllegalArgumentException("sweeps per temperature must be >= 1 (got " + sweepsPerTemperature + ")");
    }
    this.temperatures = temperatures;
    this.sweepsPerTemperature = sweepsPerTemperature;
  }

  /**
   * {@code T_k = t0 + (t1 − t0)·k/(steps − 1)}, the ends exactly {@code t0} and {@code t1}: from
   * 1e300 down to 1e-300 the formula's last step is 1e300 − 1e300 = 0, not 1e-300.
   */
  public static Schedule linear(double t0, double t1, int steps, int sweepsPerTemperature) {
    checkSteps(steps);
    double[] t = new double[steps];
    for (int k = 0; k < steps; k++) {
      t[k] = k == 0 ? t0 : k == steps - 1 ? t1 : t0 + (t1 - t0) * k / (steps - 1);
    }
    return new Schedule(t, sweepsPerTemperature);
  }

  /** {@code T_k = t0·(t1/t0)^{k/(steps − 1)}}, the ends exactly {@code t0} and {@code t1}. */
  public static Schedule geometric(double t0, double t1, int steps, int sweepsPerTemperature) {
    checkSteps(steps);
    if (!(t0 > 0) || !(t1 > 0) || !Double.isFinite(t0) || !Double.isFinite(t1)) {
      throw new IllegalArgumentException("geometric schedule needs t_start > 0 and t_end > 0 (got "
          + t0 + ", " + t1 + ")");
    }
    double[] t = new double[steps];
    for (int k = 0; k < steps; k++) {
      t[k] = k == 0 ? t0 : k == steps - 1 ? t1 : geometricStep(t0, t1, (double) k / (steps - 1));
    }
    return new Schedule(t, sweepsPerTemperature);
  }

  /**
   * {@code t0·(t1/t0)^f}; in log space when the ratio itself under- or overflows (1e-300/1e300),
   * so that every temperature between two representable ends is representable.
   */
  private static double geometricStep(double t0, double t1, double f) {
    double ratio = t1 / t0;
    if (ratio >= Double.MIN_NORMAL && Double.isFinite(ratio)) {
      return t0 * Math.pow(ratio, f);
    }
    return Math.exp(Math.log(t0) + (Math.log(t1) - Math.log(t0)) * f);
  }

  /** The given temperatures in order. */
  public static Schedule explicit(double[] temperatures, int sweepsPerTemperature) {
    return new Schedule(temperatures.clone(), sweepsPerTemperature);
  }

  /** A single temperature for {@code sweeps} sweeps. */
  public static Schedule constant(double temperature, int sweeps) {
    return new Schedule(new double[] {temperature}, sweeps);
  }

  private static void checkSteps(int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("schedule steps must be >= 1 (got " + steps + ")");
    }
  }

  public int steps() {
    return temperatures.length;
  }

  public int sweepsPerTemperature() {
    return sweepsPerTemperature;
  }

  public long totalSweeps() {
    return (long) temperatures.length * sweepsPerTemperature;
  }

  public double temperature(int step) {
    return temperatures[step];
  }

  /**
   * Index of the temperature sweep {@code sweep} (0-based) runs at; sweeps past the end stay at
   * the last temperature.
   */
  public int stepOfSweep(long sweep) {
    if (sweep < 0) {
      throw new IllegalArgumentException("sweep must be >= 0 (got " + sweep + ")");
    }
    return (int) Math.min(temperatures.length - 1, sweep / sweepsPerTemperature);
  }

  public double temperatureOfSweep(long sweep) {
    return temperatures[stepOfSweep(sweep)];
  }
}
