package org.ebmsim.server.grpc;

import org.ebmsim.dynamics.Schedule;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.errors.ResourceLimitException;
import org.ebmsim.server.ServerConfig.Limits;

/**
 * Edge checks of session requests shared by the services. Every failure names the field and the
 * rule: {@link InvalidRequestException} for malformed input (INVALID_ARGUMENT),
 * {@link ResourceLimitException} for input over a configured limit (RESOURCE_EXHAUSTED). Sizes
 * are checked before anything proportional to them is allocated, and unsigned wire integers are
 * read as unsigned, so 4294967295 is "above the limit", not "below 1".
 */
final class RequestValidation {
  /**
   * Temperatures a schedule accepts. Samplers only use T through β·(field or ΔE), where an
   * overflow to ±∞ still decides a unit correctly, so the whole normal float64 range is allowed.
   */
  static final double MIN_TEMPERATURE = 1e-300;
  static final double MAX_TEMPERATURE = 1e300;
  /**
   * Temperatures ExactSummary and steering accept: β·E must stay finite for log Z, and energies
   * reach units² × 1e100 (the largest accepted weight), so T stays within [1e-100, 1e100].
   */
  static final double MIN_EXACT_TEMPERATURE = 1e-100;
  static final double MAX_EXACT_TEMPERATURE = 1e100;

  private RequestValidation() {}

  static void require(boolean ok, String message) {
    InvalidRequestException.require(ok, message);
  }

  static void limit(boolean ok, String message) {
    ResourceLimitException.limit(ok, message);
  }

  /** Whether {@link #temperature} accepts {@code t}; for loops, which build a field name only on failure. */
  static boolean acceptableTemperature(double t) {
    return t >= MIN_TEMPERATURE && t <= MAX_TEMPERATURE; // false for NaN
  }

  /** A schedule's temperature: finite, > 0, within [1e-300, 1e300]. */
  static void temperature(double t, String field) {
    require(Double.isFinite(t) && t > 0, field + " must be finite and > 0 (got " + t + ")");
    require(t >= MIN_TEMPERATURE && t <= MAX_TEMPERATURE, field + " must be in [1e-300, 1e300] (got " + t + ")");
  }

  /**
   * A temperature the model's kernels can sample at: at most {@code maxTemperature} (above it
   * float32 real units would overflow), and one {@code problem} has nothing against (e.g. an exact
   * mixture sampler that exists only where β/T is an integer).
   */
  static void modelTemperature(double t, double maxTemperature,
      java.util.function.DoubleFunction<java.util.Optional<String>> problem, String field) {
    require(t <= maxTemperature, field + " must be at most " + maxTemperature + " for this model: its real-valued"
        + " units are sampled in float32 and would overflow above that temperature (got " + t + ")");
    problem.apply(t).ifPresent(why -> {
      throw new org.ebmsim.errors.InvalidRequestException(field + " = " + t + " cannot be sampled: " + why);
    });
  }

  /** Every temperature of {@code built} (from the wire schedule {@code s} at {@code field}) samplable by the model. */
  static void modelTemperatures(Schedule built, org.ebmsim.proto.v1.Schedule s, String field,
      org.ebmsim.dynamics.sampling.Sampling sampling) {
    double maxTemperature = sampling.maxTemperature();
    double last = Double.NaN;
    for (int k = 0; k < built.steps(); k++) {
      double t = built.temperature(k);
      if (t == last) { // schedules repeat temperatures step after step; check each run once
        continue;
      }
      last = t;
      // linear and geometric schedules are monotone: one of their ends is the highest
      String at = t > maxTemperature ? switch (s.getKindCase()) {
        case LINEAR -> field + ".linear." + (t == s.getLinear().getTStart() ? "t_start" : "t_end");
        case GEOMETRIC -> field + ".geometric." + (t == s.getGeometric().getTStart() ? "t_start" : "t_end");
        default -> field + ".explicit.temperatures[" + k + "]";
      } : field + " temperature " + k;
      modelTemperature(t, maxTemperature, sampling::temperatureProblem, at);
    }
  }

  /** A temperature exact statistics are computed at: finite, > 0, within [1e-100, 1e100]. */
  static void exactTemperature(double t, String field) {
    require(Double.isFinite(t) && t > 0, field + " must be finite and > 0 (got " + t + ")");
    require(t >= MIN_EXACT_TEMPERATURE && t <= MAX_EXACT_TEMPERATURE, field + " must be in [1e-100, 1e100] so that"
        + " log Z stays finite (got " + t + ")");
  }

  /** An unsigned count in [1, max]: "above the limit" when too large, "must be >= 1" only for 0. */
  static int count(int value, String field, long max) {
    return count(value, field, max, null);
  }

  /**
   * {@link #count(int, String, long)} for a limit set by {@code setting} (named in the message so
   * that an operator knows what to raise), or a fixed one when {@code setting} is null.
   */
  static int count(int value, String field, long max, String setting) {
    long v = Integer.toUnsignedLong(value);
    limit(v <= max, field + " is " + v + ", above the limit of " + max + (setting == null ? "" : " (" + setting + ")"));
    require(v >= 1, field + " must be >= 1 (got 0)");
    return (int) v;
  }

  /** The setting that bounds the temperatures of one schedule. */
  static final String MAX_SCHEDULE_STEPS = "ebmsim.limits.max-schedule-steps";
  /** The setting that bounds the sweeps of one session. */
  static final String MAX_TOTAL_SWEEPS = "ebmsim.limits.max-total-sweeps";

  /** The schedule, with sweeps_per_temperature defaulting to 1 and limits on its length. */
  static Schedule schedule(org.ebmsim.proto.v1.Schedule s, String field, Limits limits) {
    long sweepsPer = Integer.toUnsignedLong(s.getSweepsPerTemperature());
    if (sweepsPer == 0) {
      sweepsPer = 1;
    }
    limit(sweepsPer <= 1_000_000, field + ".sweeps_per_temperature is " + sweepsPer + ", above the limit of 1000000");
    Schedule out;
    switch (s.getKindCase()) {
      case LINEAR -> {
        int steps = count(s.getLinear().getSteps(), field + ".linear.steps", limits.maxScheduleSteps(),
            MAX_SCHEDULE_STEPS);
        temperature(s.getLinear().getTStart(), field + ".linear.t_start");
        temperature(s.getLinear().getTEnd(), field + ".linear.t_end");
        out = Schedule.linear(s.getLinear().getTStart(), s.getLinear().getTEnd(), steps, (int) sweepsPer);
      }
      case GEOMETRIC -> {
        int steps = count(s.getGeometric().getSteps(), field + ".geometric.steps", limits.maxScheduleSteps(),
            MAX_SCHEDULE_STEPS);
        temperature(s.getGeometric().getTStart(), field + ".geometric.t_start");
        temperature(s.getGeometric().getTEnd(), field + ".geometric.t_end");
        out = Schedule.geometric(s.getGeometric().getTStart(), s.getGeometric().getTEnd(), steps, (int) sweepsPer);
      }
      case EXPLICIT -> {
        int n = s.getExplicit().getTemperaturesCount();
        require(n >= 1, field + ".explicit.temperatures must not be empty");
        limit(n <= limits.maxScheduleSteps(), field + ".explicit.temperatures has " + n
            + " entries, above the limit of " + limits.maxScheduleSteps() + " (" + MAX_SCHEDULE_STEPS + ")");
        double[] t = new double[n];
        for (int k = 0; k < n; k++) {
          t[k] = s.getExplicit().getTemperatures(k);
          if (!acceptableTemperature(t[k])) { // the field name is built on failure only
            temperature(t[k], field + ".explicit.temperatures[" + k + "]");
          }
        }
        out = Schedule.explicit(t, (int) sweepsPer);
      }
      default -> throw new InvalidRequestException(field + " must set one of linear, geometric or explicit");
    }
    limit(out.totalSweeps() <= limits.maxTotalSweeps(), field + " runs " + out.totalSweeps()
        + " sweeps, above the limit of " + limits.maxTotalSweeps() + " (" + MAX_TOTAL_SWEEPS + ")");
    return out;
  }
}
