package org.ebmsim.cli;

import org.ebmsim.client.Schedules;
import org.ebmsim.proto.v1.Schedule;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code --schedule}: {@code linear:T0:T1:STEPS}, {@code geometric:T0:T1:STEPS} or
 * {@code list:T0,T1,...}. Sweeps per temperature are a separate option.
 */
final class ScheduleOption implements ITypeConverter<Schedule> {
  static final String FORMS = "linear:T0:T1:STEPS, geometric:T0:T1:STEPS or list:T0,T1,...";

  @Override
  public Schedule convert(String value) {
    return parse(value);
  }

  static Schedule parse(String value) {
    String[] parts = value.trim().split(":", -1);
    String kind = parts[0].toLowerCase(java.util.Locale.ROOT);
    try {
      switch (kind) {
        case "linear", "geometric" -> {
          if (parts.length != 4) {
            throw fail(value, kind + " needs three fields, " + kind + ":T0:T1:STEPS");
          }
          double t0 = temperature(value, parts[1]);
          double t1 = temperature(value, parts[2]);
          int steps = steps(value, parts[3]);
          return kind.equals("linear") ? Schedules.linear(t0, t1, steps) : Schedules.geometric(t0, t1, steps);
        }
        case "list" -> {
          if (parts.length != 2 || parts[1].isBlank()) {
            throw fail(value, "list needs temperatures, list:T0,T1,...");
          }
          String[] items = parts[1].split(",", -1);
          double[] ts = new double[items.length];
          for (int i = 0; i < items.length; i++) {
            ts[i] = temperature(value, items[i]);
          }
          return Schedules.explicit(ts);
        }
        default -> throw fail(value, "unknown schedule kind \"" + parts[0] + "\"");
      }
    } catch (IllegalArgumentException e) {
      // Checks of Schedules beyond those above (none today) keep the same message form.
      throw fail(value, e.getMessage());
    }
  }

  private static double temperature(String value, String text) {
    double t;
    try {
      t = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw fail(value, "\"" + text + "\" is not a temperature");
    }
    if (!(t > 0) || Double.isInfinite(t)) {
      throw fail(value, "temperatures must be finite and > 0, got " + text.trim());
    }
    return t;
  }

  private static int steps(String value, String text) {
    int steps;
    try {
      steps = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw fail(value, "\"" + text + "\" is not a whole number of steps");
    }
    if (steps < 1) {
      throw fail(value, "STEPS must be ≥ 1, got " + steps);
    }
    return steps;
  }

  private static TypeConversionException fail(String value, String why) {
    return new TypeConversionException(
        "invalid schedule '" + value + "': " + why + " (use " + FORMS + ")");
  }
}
