package org.ebmsim.cli;

import java.util.Locale;
import org.ebmsim.proto.v1.AisBase;
import org.ebmsim.proto.v1.CompletionMode;
import org.ebmsim.proto.v1.DbmUnits;
import org.ebmsim.proto.v1.Dynamics;
import org.ebmsim.proto.v1.MapRbmToHopfieldRequest;
import org.ebmsim.proto.v1.Orthogonalization;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.StorageRule;
import org.ebmsim.proto.v1.TrainingMethod;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters from lower-case option words to proto enums. The proto enums also hold
 * {@code *_UNSPECIFIED} and {@code UNRECOGNIZED}, which must not be offered to users, so the
 * words are listed here rather than taken from the enums.
 */
final class ProtoEnumOptions {
  private ProtoEnumOptions() {}

  /** {@code gibbs}, {@code metropolis} or {@code metropolis-multispin} (sparse ±J models only). */
  static final class DynamicsConverter implements ITypeConverter<Dynamics> {
    @Override
    public Dynamics convert(String value) {
      return switch (word(value)) {
        case "gibbs" -> Dynamics.GIBBS;
        case "metropolis" -> Dynamics.METROPOLIS;
        case "metropolis-multispin" -> Dynamics.METROPOLIS_MULTISPIN;
        default -> throw fail("dynamics", value, "gibbs, metropolis or metropolis-multispin");
      };
    }
  }

  /** {@code cd}, {@code pcd} or {@code valleys}. */
  static final class TrainingMethodConverter implements ITypeConverter<TrainingMethod> {
    @Override
    public TrainingMethod convert(String value) {
      return switch (word(value)) {
        case "cd" -> TrainingMethod.CD;
        case "pcd" -> TrainingMethod.PCD;
        case "valleys" -> TrainingMethod.VALLEYS;
        case "exact-likelihood" -> TrainingMethod.EXACT_LIKELIHOOD;
        case "dsm", "denoising-score-matching" -> TrainingMethod.DENOISING_SCORE_MATCHING;
        default -> throw fail("method", value, "cd, pcd, valleys, exact-likelihood or dsm");
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

  /** {@code binary}, {@code spin}, {@code binary-gaussian} or {@code gaussian-bernoulli}. */
  static final class RbmVariantConverter implements ITypeConverter<RbmVariant> {
    @Override
    public RbmVariant convert(String value) {
      return switch (word(value).replace('_', '-')) {
        case "binary" -> RbmVariant.BINARY;
        case "spin" -> RbmVariant.SPIN;
        case "binary-gaussian" -> RbmVariant.BINARY_GAUSSIAN;
        case "gaussian-bernoulli" -> RbmVariant.GAUSSIAN_BERNOULLI;
        default -> throw fail("variant", value, "binary, spin, binary-gaussian or gaussian-bernoulli");
      };
    }
  }

  /** {@code binary} ({0,1} units) or {@code spin} (±1 units) for every layer of a deep Boltzmann machine. */
  static final class DbmUnitsConverter implements ITypeConverter<DbmUnits> {
    @Override
    public DbmUnits convert(String value) {
      return switch (word(value)) {
        case "binary" -> DbmUnits.DBM_BINARY;
        case "spin" -> DbmUnits.DBM_SPIN;
        default -> throw fail("units", value, "binary or spin");
      };
    }
  }

  /** The option word of an RBM variant, e.g. {@code binary-gaussian}; {@code ?} if unknown. */
  static String word(RbmVariant variant) {
    return switch (variant) {
      case BINARY, SPIN, BINARY_GAUSSIAN, GAUSSIAN_BERNOULLI ->
          variant.name().toLowerCase(Locale.ROOT).replace('_', '-');
      default -> "?";
    };
  }

  /** {@code qr}, {@code svd} or {@code root} (the symmetric root ξ(ξᵀξ)^{-1/2}). */
  static final class OrthogonalizationConverter implements ITypeConverter<Orthogonalization> {
    @Override
    public Orthogonalization convert(String value) {
      return switch (word(value)) {
        case "qr" -> Orthogonalization.QR;
        case "svd" -> Orthogonalization.SVD;
        case "root", "symmetric-root" -> Orthogonalization.SYMMETRIC_ROOT;
        default -> throw fail("method", value, "qr, svd or root");
      };
    }
  }

  /** {@code identity}, {@code random} or {@code given}. */
  static final class StartConverter implements ITypeConverter<MapRbmToHopfieldRequest.Start> {
    @Override
    public MapRbmToHopfieldRequest.Start convert(String value) {
      return switch (word(value)) {
        case "identity" -> MapRbmToHopfieldRequest.Start.IDENTITY;
        case "random" -> MapRbmToHopfieldRequest.Start.RANDOM;
        case "given" -> MapRbmToHopfieldRequest.Start.GIVEN;
        default -> throw fail("start", value, "identity, random or given");
      };
    }
  }

  /** {@code uniform} or {@code data} (base rates fitted to the data). */
  static final class AisBaseConverter implements ITypeConverter<AisBase> {
    @Override
    public AisBase convert(String value) {
      return switch (word(value)) {
        case "uniform" -> AisBase.UNIFORM;
        case "data", "data-base-rate" -> AisBase.DATA_BASE_RATE;
        default -> throw fail("base", value, "uniform or data");
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
