package org.ebmsim.server.grpc;

import java.util.List;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.server.ServerConfig.Limits;

/**
 * Edge checks shared by the services. Every failure names the field and the rule:
 * {@link IllegalArgumentException} for malformed input (INVALID_ARGUMENT),
 * {@link LimitExceededException} for input over a configured limit (RESOURCE_EXHAUSTED). Sizes
 * are checked before anything proportional to them is allocated.
 */
final class RequestValidation {
  private RequestValidation() {}

  static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  static void limit(boolean ok, String message) {
    if (!ok) {
      throw new LimitExceededException(message);
    }
  }

  /** Row-major values of {@code m}, checked for shape, limits and finiteness. */
  static double[] matrix(Matrix m, String field, int maxRows, int maxCols) {
    shape(m.getRows(), m.getCols(), m.getValuesCount(), field, "values", maxRows, maxCols);
    double[] out = new double[m.getValuesCount()];
    for (int k = 0; k < out.length; k++) {
      double v = m.getValues(k);
      require(Double.isFinite(v), field + "[" + k / m.getCols() + "][" + k % m.getCols() + "] must be finite (got "
          + v + ")");
      out[k] = v;
    }
    return out;
  }

  /** ±1 entries of {@code m}, checked for shape and limits. */
  static byte[] spins(SpinMatrix m, String field, int maxRows, int maxCols) {
    shape(m.getRows(), m.getCols(), m.getSpinsCount(), field, "spins", maxRows, maxCols);
    byte[] out = new byte[m.getSpinsCount()];
    for (int k = 0; k < out.length; k++) {
      int s = m.getSpins(k);
      require(s == 1 || s == -1, field + ".spins[" + k + "] must be -1 or +1 (got " + s + ")");
      out[k] = (byte) s;
    }
    return out;
  }

  /** Rows and columns ≥ 1, within the limits (checked before any allocation), and rows·cols entries. */
  private static void shape(int rows, int cols, int entries, String field, String entriesName, int maxRows,
      int maxCols) {
    require(rows != 0 && cols != 0, field + " must have at least one row and one column (got "
        + Integer.toUnsignedString(rows) + " x " + Integer.toUnsignedString(cols) + ")");
    limit(Integer.toUnsignedLong(rows) <= maxRows && Integer.toUnsignedLong(cols) <= maxCols,
        field + " is " + Integer.toUnsignedString(rows) + " x " + Integer.toUnsignedString(cols)
            + ", above the limit of " + maxRows + " x " + maxCols);
    long expected = Integer.toUnsignedLong(rows) * Integer.toUnsignedLong(cols);
    require(entries == expected, field + "." + entriesName + " must have rows*cols = " + expected
        + " entries (got " + entries + ")");
  }

  /** A vector of exactly {@code length} finite entries, or {@code null} when empty. */
  static double[] optionalVector(List<Double> values, String field, int length) {
    if (values.isEmpty()) {
      return null;
    }
    require(values.size() == length, field + " must have " + length + " entries (got " + values.size() + ")");
    double[] out = new double[length];
    for (int i = 0; i < length; i++) {
      double v = values.get(i);
      require(Double.isFinite(v), field + "[" + i + "] must be finite (got " + v + ")");
      out[i] = v;
    }
    return out;
  }

  static void temperature(double t, String field) {
    require(Double.isFinite(t) && t > 0, field + " must be finite and > 0 (got " + t + ")");
  }

  /** The schedule, with sweeps_per_temperature defaulting to 1 and limits on its length. */
  static Schedule schedule(org.ebmsim.proto.v1.Schedule s, String field, Limits limits) {
    long sweepsPer = Integer.toUnsignedLong(s.getSweepsPerTemperature());
    if (sweepsPer == 0) {
      sweepsPer = 1;
    }
    require(sweepsPer <= 1_000_000, field + ".sweeps_per_temperature must be <= 1000000 (got " + sweepsPer + ")");
    Schedule out;
    switch (s.getKindCase()) {
      case LINEAR -> {
        steps(s.getLinear().getSteps(), field + ".linear.steps", limits);
        temperature(s.getLinear().getTStart(), field + ".linear.t_start");
        temperature(s.getLinear().getTEnd(), field + ".linear.t_end");
        out = Schedule.linear(s.getLinear().getTStart(), s.getLinear().getTEnd(), s.getLinear().getSteps(),
            (int) sweepsPer);
      }
      case GEOMETRIC -> {
        steps(s.getGeometric().getSteps(), field + ".geometric.steps", limits);
        temperature(s.getGeometric().getTStart(), field + ".geometric.t_start");
        temperature(s.getGeometric().getTEnd(), field + ".geometric.t_end");
        out = Schedule.geometric(s.getGeometric().getTStart(), s.getGeometric().getTEnd(),
            s.getGeometric().getSteps(), (int) sweepsPer);
      }
      case EXPLICIT -> {
        int n = s.getExplicit().getTemperaturesCount();
        require(n >= 1, field + ".explicit.temperatures must not be empty");
        limit(n <= limits.maxScheduleSteps(), field + ".explicit.temperatures has " + n
            + " entries, above the limit of " + limits.maxScheduleSteps());
        double[] t = new double[n];
        for (int k = 0; k < n; k++) {
          t[k] = s.getExplicit().getTemperatures(k);
          temperature(t[k], field + ".explicit.temperatures[" + k + "]");
        }
        out = Schedule.explicit(t, (int) sweepsPer);
      }
      default -> throw new IllegalArgumentException(field + " must set one of linear, geometric or explicit");
    }
    limit(out.totalSweeps() <= limits.maxTotalSweeps(), field + " runs " + out.totalSweeps()
        + " sweeps, above the limit of " + limits.maxTotalSweeps());
    return out;
  }

  private static void steps(int steps, String field, Limits limits) {
    require(steps >= 1, field + " must be >= 1 (got " + Integer.toUnsignedString(steps) + ")");
    limit(steps <= limits.maxScheduleSteps(), field + " is " + steps + ", above the limit of "
        + limits.maxScheduleSteps());
  }
}
