package org.ebmsim.cli;

import java.util.Locale;
import org.ebmsim.proto.v1.CompletionMode;
import org.ebmsim.proto.v1.Dynamics;
import org.ebmsim.proto.v1.StorageRule;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters from lower-case option words to proto enums. The proto enums also hold
 * {@code *_UNSPECIFIED} and {@code UNRECOGNIZED}, which must not be offered to users, so the
 * words are listed here rather than taken from the enums.
 */
final class ProtoEnumOptions {
  private ProtoEnumOptions() {}

  /** {@code gibbs} or {@code metropolis}. */
  static final class DynamicsConverter implements ITypeConverter<Dynamics> {
    @Override
    public Dynamics convert(String value) {
      return switch (word(value)) {
        case "gibbs" -> Dynamics.GIBBS;
        case "metropolis" -> Dynamics.METROPOLIS;
        default -> throw fail("dynamics", value, "gibbs or metropolis");
      };
    }
  }

  /** {@code hebbian} or {@code projection}. */
  static final class RuleConverter implements ITypeConverter<StorageRule> {
    @Override
    public StorageRule convert(String value) {
      return switch (word(value)) {
        case "hebbian" -> StorageRule.HEBBIAN;
        case "projection", "pseudo-inverse", "pseudoinverse" -> StorageRule.PROJECTION;
        default -> throw fail("rule", value, "hebbian or projection");
      };
    }
  }

  /** {@code deterministic}, {@code stochastic} or {@code annealed}. */
  static final class CompletionModeConverter implements ITypeConverter<CompletionMode> {
    @Override
    public CompletionMode convert(String value) {
      return switch (word(value)) {
        case "deterministic" -> CompletionMode.DETERMINISTIC;
        case "stochastic" -> CompletionMode.STOCHASTIC;
        case "annealed" -> CompletionMode.ANNEALED;
        default -> throw fail("mode", value, "deterministic, stochastic or annealed");
      };
    }
  }

  private static String word(String value) {
    return value.trim().toLowerCase(Locale.ROOT);
  }

  private static TypeConversionException fail(String what, String value, String choices) {
    return new TypeConversionException("invalid " + what + " '" + value + "': use " + choices);
  }
}
