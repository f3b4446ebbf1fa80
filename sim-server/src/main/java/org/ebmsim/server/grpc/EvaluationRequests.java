package org.ebmsim.server.grpc;

import static org.ebmsim.server.grpc.RequestValidation.limit;
import static org.ebmsim.server.grpc.RequestValidation.require;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.OptionalDouble;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.Likelihood;
import org.ebmsim.family.Reconstruction;
import org.ebmsim.family.SpecChecks;
import org.ebmsim.family.WireArrays;
import org.ebmsim.proto.v1.EvaluateRequest;
import org.ebmsim.proto.v1.EvaluateResponse;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.ParameterGradient;
import org.ebmsim.proto.v1.ReconstructRequest;
import org.ebmsim.proto.v1.ReconstructResponse;
import org.ebmsim.proto.v1.ReconstructionMethod;
import org.ebmsim.server.ServerConfig.Limits;
import org.ebmsim.server.store.StoredModel;

/**
 * Evaluate and Reconstruct: checks on the request thread (the family offers it, rows within the
 * limits, of the model's width, finite; the family's own refusals such as a non-integer β), then
 * a {@link Prepared} computation for the compute pool. Families without the capability answer
 * UNIMPLEMENTED naming the family.
 */
final class EvaluationRequests {
  /** Rows per request; the same bound as a data set's rows given with a session request. */
  static final int MAX_ROWS = 100_000;

  private EvaluationRequests() {}

  /** A checked request: the work, to run once on the compute pool. */
  interface Prepared<T> {
    T run();
  }

  static Prepared<EvaluateResponse> evaluate(EvaluateRequest r, StoredModel stored, Limits limits) {
    EnergyModel model = stored.model();
    Likelihood likelihood = model.likelihood().orElseThrow(() -> unimplemented("Evaluate", stored,
        "computes no likelihood (offered for attnbm with an integer β, hopfield and rbm models small enough to"
            + " enumerate)"));
    int units = model.sampling().layout().visible().units();
    int count = rowCount(r.hasRows(), r.getRows(), units, limits);
    int maxExact = limits.exactMaxUnits();
    OptionalDouble logZ = OptionalDouble.empty();
    if (r.hasLogZ()) {
      require(likelihood.acceptsGivenLogPartition(), "log_z: family " + model.family().key() + " computes its own"
          + " exact log Z; leave log_z unset");
      SpecChecks.checkValue(r.getLogZ(), "log_z");
      logZ = OptionalDouble.of(r.getLogZ());
    }
    likelihood.check(maxExact, count, logZ.isPresent()); // before the values are read: the work per row
    double[] rows = SpecChecks.matrix(r.getRows(), "rows", MAX_ROWS, units);
    boolean gradient = r.getGradient();
    if (gradient && !likelihood.offersGradient()) {
      throw unimplemented("Evaluate with gradient = true", stored, "offers the log-likelihood without its gradient;"
          + " ask with gradient = false");
    }
    OptionalDouble given = logZ;
    return () -> response(likelihood.evaluate(rows, count, gradient, maxExact, given), count);
  }

  private static EvaluateResponse response(Likelihood.Evaluation e, int count) {
    double[] l = e.logDensities();
    // mean and sample variance in one pass (Welford), stable when log p is large and the spread small
    double mean = 0;
    double m2 = 0;
    for (int k = 0; k < l.length; k++) {
      double d = l[k] - mean;
      mean += d / (k + 1);
      m2 += d * (l[k] - mean);
    }
    double se = count > 1 ? Math.sqrt(m2 / (count - 1) / count) : 0;
    EvaluateResponse.Builder out = EvaluateResponse.newBuilder().setMeanLogLikelihood(mean).setStandardError(se)
        .setRows(count).setLogZ(e.logPartition()).setMethod(e.method());
    for (Likelihood.Gradient g : e.gradient()) {
      out.addGradient(ParameterGradient.newBuilder().setParameter(g.parameter())
          .setValues(WireArrays.matrix(g.rows(), g.cols(), g.values())));
    }
    return out.build();
  }

  static Prepared<ReconstructResponse> reconstruct(ReconstructRequest r, StoredModel stored, Limits limits) {
    EnergyModel model = stored.model();
    Reconstruction reconstruction = model.reconstruction().orElseThrow(() -> unimplemented("Reconstruct", stored,
        "has no reconstruction of missing units (implemented for attnbm); Complete runs pattern completion as a"
            + " session"));
    int units = model.sampling().layout().visible().units();
    int count = rowCount(r.hasRows(), r.getRows(), units, limits);
    ReconstructionMethod wire = r.getMethod();
    Reconstruction.Method method = switch (wire) {
      case RECONSTRUCTION_METHOD_UNSPECIFIED, CONDITIONAL_MEAN -> Reconstruction.Method.CONDITIONAL_MEAN;
      case ONE_STEP_RETRIEVAL -> Reconstruction.Method.ONE_STEP_RETRIEVAL;
      default -> throw new org.ebmsim.errors.InvalidRequestException(
          "method must be CONDITIONAL_MEAN or ONE_STEP_RETRIEVAL (got " + wire + ")");
    };
    boolean[] known = known(r, count, units);
    reconstruction.check(method, count);
    double[] rows = SpecChecks.matrix(r.getRows(), "rows", MAX_ROWS, units);
    ReconstructionMethod used = method == Reconstruction.Method.CONDITIONAL_MEAN ? ReconstructionMethod.CONDITIONAL_MEAN
        : ReconstructionMethod.ONE_STEP_RETRIEVAL;
    return () -> ReconstructResponse.newBuilder()
        .setRows(WireArrays.matrix(count, units, reconstruction.reconstruct(rows, count, known, method)))
        .setMethod(used).build();
  }

  /** The mask: N flags or R × N, each row with at least one missing unit. */
  private static boolean[] known(ReconstructRequest r, int count, int units) {
    int n = r.getKnownCount();
    long perRow = (long) count * units;
    require(n == units || n == perRow, "known must have one flag per visible unit (" + units
        + ", one mask for every row) or rows × units = " + perRow + " (one mask per row); got " + n);
    boolean[] known = new boolean[n];
    for (int k = 0; k < n; k++) {
      known[k] = r.getKnown(k);
    }
    int masks = n / units;
    for (int m = 0; m < masks; m++) {
      boolean missing = false;
      for (int i = 0; i < units && !missing; i++) {
        missing = !known[m * units + i];
      }
      require(missing, (masks == 1 ? "known" : "known, row " + m + ",") + " marks every unit known; at least one"
          + " must be missing");
    }
    return known;
  }

  /**
   * The row count from the header: rows present, the model's width, within the limits. The values
   * (their number, finiteness) are checked when read, after the family's own checks.
   */
  private static int rowCount(boolean present, Matrix m, int units, Limits limits) {
    require(present, "rows is required (R × " + units + ", one visible state per row)");
    int cols = m.getCols();
    require(m.getRows() != 0, "rows must have at least one row");
    require(Integer.toUnsignedLong(cols) == units, "rows must have " + units + " columns, one per visible unit of"
        + " the model (got " + Integer.toUnsignedString(cols) + ")");
    long r = Integer.toUnsignedLong(m.getRows());
    limit(r <= MAX_ROWS, "rows is " + r + " x " + units + ", above the limit of " + MAX_ROWS + " rows per request");
    limit(r * units <= limits.maxChainUnits(), "rows × units = " + r * units + " is above the limit of "
        + limits.maxChainUnits() + " (ebmsim.limits.max-chain-units); send fewer rows per request");
    return (int) r;
  }

  private static StatusRuntimeException unimplemented(String rpc, StoredModel stored, String why) {
    return Status.UNIMPLEMENTED.withDescription(rpc + " is not available for model " + stored.id() + ": family "
        + stored.model().family().key() + " " + why).asRuntimeException();
  }
}
