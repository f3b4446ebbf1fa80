package org.ebmsim.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code --lr-decay}: {@code exp:F} (the rate of epoch e is η₀ · F^e) or
 * {@code step:F:E} (η₀ · F^⌊e / E⌋), with F in (0, 1] and E ≥ 1.
 */
final class LearningRateDecayOption implements ITypeConverter<LearningRateDecayOption.Decay> {
  static final String FORMS = "exp:F or step:F:E, F in (0, 1], E ≥ 1 epochs";

  /** A decay: {@code everyEpochs} is 0 for exponential decay. */
  record Decay(double factor, int everyEpochs) {
    boolean step() {
      return everyEpochs > 0;
    }
  }

  @Override
  public Decay convert(String value) {
    return parse(value);
  }

  static Decay parse(String value) {
    String[] parts = value.trim().split(":", -1);
    String kind = parts[0].toLowerCase(Locale.ROOT);
    switch (kind) {
      case "exp", "exponential" -> {
        if (parts.length != 2) {
          throw fail(value, "exp needs one field, exp:F");
        }
        return new Decay(factor(value, parts[1]), 0);
      }
      case "step" -> {
        if (parts.length != 3) {
          throw fail(value, "step needs two fields, step:F:E");
        }
        double f = factor(value, parts[1]);
        int every;
        try {
          every = Integer.parseInt(parts[2].trim());
        } catch (NumberFormatException e) {
          throw fail(value, "\"" + parts[2] + "\" is not a whole number of epochs");
        }
        if (every < 1) {
          throw fail(value, "E must be ≥ 1 epoch, got " + every);
        }
        return new Decay(f, every);
      }
      default -> throw fail(value, "unknown decay \"" + parts[0] + "\"");
    }
  }

  private static double factor(String value, String text) {
    double f;
    try {
      f = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw fail(value, "\"" + text + "\" is not a factor");
    }
    // NaN fails both comparisons
    if (!(f > 0 && f <= 1)) {
      throw fail(value, "the factor must be in (0, 1] so that the rate does not grow, got " + text.trim());
    }
    return f;
  }

  private static TypeConversionException fail(String value, String why) {
    return new TypeConversionException("invalid learning-rate decay '" + value + "': " + why + " (use " + FORMS + ")");
  }
}
