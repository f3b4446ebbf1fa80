package org.ebmsim.cli;

import java.util.Locale;
import org.ebmsim.proto.v1.SamplePolicy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code --samples}: {@code none}, {@code every:K} (states every K sweeps) or
 * {@code best}. The cap on chains per event is a separate option.
 */
final class SamplePolicyOption implements ITypeConverter<SamplePolicy> {
  static final String FORMS = "none, every:K or best";

  @Override
  public SamplePolicy convert(String value) {
    return parse(value);
  }

  static SamplePolicy parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("none")) {
      return SamplePolicy.newBuilder().setMode(SamplePolicy.Mode.NONE).build();
    }
    if (v.equals("best")) {
      return SamplePolicy.newBuilder().setMode(SamplePolicy.Mode.BEST_ONLY).build();
    }
    if (v.startsWith("every:")) {
      String k = v.substring("every:".length());
      int sweeps;
      try {
        sweeps = Integer.parseInt(k);
      } catch (NumberFormatException e) {
        throw fail(value, "\"" + k + "\" is not a whole number of sweeps");
      }
      if (sweeps < 1) {
        throw fail(value, "K must be ≥ 1, got " + sweeps);
      }
      return SamplePolicy.newBuilder().setMode(SamplePolicy.Mode.EVERY).setEverySweeps(sweeps).build();
    }
    throw fail(value, "unknown policy");
  }

  private static TypeConversionException fail(String value, String why) {
    return new TypeConversionException("invalid samples '" + value + "': " + why + " (use " + FORMS + ")");
  }
}
