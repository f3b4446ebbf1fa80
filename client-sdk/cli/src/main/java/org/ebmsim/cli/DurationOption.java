package org.ebmsim.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code --deadline}: a number with unit {@code ms}, {@code s}, {@code m} or {@code h}
 * (e.g. {@code 500ms}, {@code 30s}, {@code 1.5m}), a bare number of seconds, or ISO-8601
 * ({@code PT30S}).
 */
final class DurationOption implements ITypeConverter<Duration> {
  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  static Duration parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    Duration d;
    if (v.startsWith("pt")) {
      try {
        d = Duration.parse(v.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw fail(value);
      }
    } else {
      Matcher m = FORM.matcher(v);
      if (!m.matches()) {
        throw fail(value);
      }
      double amount = Double.parseDouble(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      double millis = switch (unit) {
        case "ms" -> amount;
        case "m" -> amount * 60_000;
        case "h" -> amount * 3_600_000;
        default -> amount * 1_000;
      };
      d = Duration.ofNanos(Math.round(millis * 1e6));
    }
    if (d.isZero() || d.isNegative()) {
      throw new TypeConversionException("invalid duration '" + value + "': must be > 0");
    }
    return d;
  }

  private static TypeConversionException fail(String value) {
    return new TypeConversionException(
        "invalid duration '" + value + "': use e.g. 500ms, 30s, 2m, 1h or PT30S");
  }
}
