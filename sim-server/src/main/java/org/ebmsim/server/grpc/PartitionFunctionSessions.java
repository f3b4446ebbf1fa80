package org.ebmsim.server.grpc;

import static org.ebmsim.server.grpc.RequestValidation.limit;
import static org.ebmsim.server.grpc.RequestValidation.require;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.ebmsim.dynamics.ais.AisEstimate;
import org.ebmsim.dynamics.ais.AisPath;
import org.ebmsim.dynamics.ais.AisSchedule;
import org.ebmsim.dynamics.ais.BaseRates;
import org.ebmsim.dynamics.ais.BinaryGaussianAisPath;
import org.ebmsim.dynamics.ais.BinaryRbmAisPath;
import org.ebmsim.dynamics.ais.SpinRbmAisPath;
import org.ebmsim.dynamics.blas.FloatMatrix;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.rbm.BinaryGaussianRbm;
import org.ebmsim.dynamics.rbm.BinaryRbm;
import org.ebmsim.dynamics.rbm.Rbm;
import org.ebmsim.dynamics.rbm.SpinRbm;
import org.ebmsim.proto.v1.AisBase;
import org.ebmsim.proto.v1.AisProgress;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.PartitionFunctionEvent;
import org.ebmsim.proto.v1.PartitionFunctionResult;
import org.ebmsim.server.ServerConfig.Limits;
import org.ebmsim.server.store.ModelStore;
import org.ebmsim.server.store.StoredModel;
import org.ebmsim.session.PartitionFunctionPlan;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.stream.SimulationEngine;

/**
 * EstimatePartitionFunction: validates AIS requests at the edge, builds the AIS path for the
 * RBM's variant, and streams the engine's AIS session with flow control.
 */
public final class PartitionFunctionSessions {
  private static final double BASE_RATE_PSEUDO_COUNT = 1.0;
  private static final int MAX_DATA_ROWS = 100_000;

  private final ModelStore store;
  private final Limits limits;
  private final SimulationEngine engine;
  private final ActorSystem<?> system;
  private final int chainsPerGroup;
  private final Gemm gemm;

  /**
   * @param chainsPerGroup AIS chains per chain-group actor (configuration, not machine-dependent)
   * @param nativeBlas matrix products through OpenBLAS, else the pure-Java GEMM
   */
  public PartitionFunctionSessions(ModelStore store, Limits limits, SimulationEngine engine, ActorSystem<?> system,
      int chainsPerGroup, boolean nativeBlas) {
    this.store = store;
    this.limits = limits;
    this.engine = engine;
    this.system = system;
    this.chainsPerGroup = chainsPerGroup;
    this.gemm = nativeBlas ? Gemm.nativeOrFallback(1) : Gemm.javaFallback();
  }

  /** Answers {@code request} on {@code response}. */
  public void estimate(EstimatePartitionFunctionRequest request, StreamObserver<PartitionFunctionEvent> response) {
    try {
      PartitionFunctionPlan plan = plan(request);
      SessionStreamer.start(engine.start(plan, limits.maxSessions()), response, PartitionFunctionSessions::toProto,
          StatusMapping::toStatus, system);
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  PartitionFunctionPlan plan(EstimatePartitionFunctionRequest r) {
    StoredModel stored = ModelGrpcService.find(store, r.getModelId());
    if (!stored.isRbm()) {
      throw Status.FAILED_PRECONDITION.withDescription("model " + r.getModelId() + " is not an RBM; AIS runs on"
          + " RBMs (use ExactSummary for small Hopfield networks and Boltzmann machines)").asRuntimeException();
    }
    Rbm rbm = stored.rbm();
    if (!(rbm instanceof BinaryRbm || rbm instanceof SpinRbm || rbm instanceof BinaryGaussianRbm)) {
      throw Status.FAILED_PRECONDITION.withDescription("model " + r.getModelId() + " is a Gaussian-Bernoulli RBM;"
          + " AIS is available for BINARY, SPIN and BINARY_GAUSSIAN RBMs").asRuntimeException();
    }
    int v = rbm.visibleUnits();
    long chains = Integer.toUnsignedLong(r.getChains());
    require(chains >= 1, "chains must be >= 1 (got 0)");
    limit(chains <= limits.maxChains(), "chains is " + chains + ", above the limit of " + limits.maxChains());
    limit(chains * (v + rbm.hiddenUnits()) <= limits.maxChainUnits(), "chains x units = "
        + chains * (v + rbm.hiddenUnits()) + " is above the limit of " + limits.maxChainUnits() + "; use fewer chains");
    AisSchedule schedule = schedule(r);
    limit((long) schedule.steps() * chains <= limits.maxTotalSweeps(), "chains x temperatures = "
        + (long) schedule.steps() * chains + " is above the limit of " + limits.maxTotalSweeps());
    FloatMatrix data = r.hasData() ? data(r.getData(), rbm) : null;
    require(!r.getReverse() || data != null, "reverse needs data: reverse AIS starts from the data rows");
    AisPath path;
    if (rbm instanceof BinaryGaussianRbm bg) {
      require(r.getBase() == AisBase.AIS_BASE_UNSPECIFIED, "base must be unset for a BINARY_GAUSSIAN RBM: its AIS"
          + " runs on the continuous hidden representation with an N(0, I) base");
      path = BinaryGaussianAisPath.of(bg, gemm);
    } else {
      boolean spins = rbm instanceof SpinRbm;
      double[] baseBias;
      switch (r.getBase()) {
        case AIS_BASE_UNSPECIFIED -> baseBias = data == null ? BaseRates.uniform(v)
            : BaseRates.fromData(data, spins, BASE_RATE_PSEUDO_COUNT);
        case UNIFORM -> baseBias = BaseRates.uniform(v);
        case DATA_BASE_RATE -> {
          require(data != null, "base DATA_BASE_RATE needs data to fit the base rates");
          baseBias = BaseRates.fromData(data, spins, BASE_RATE_PSEUDO_COUNT);
        }
        default -> throw new IllegalArgumentException("base must be UNIFORM or DATA_BASE_RATE");
      }
      path = spins ? SpinRbmAisPath.of((SpinRbm) rbm, baseBias, gemm)
          : BinaryRbmAisPath.of((BinaryRbm) rbm, baseBias, gemm);
    }
    int reportEvery = r.getReportEvery() == 0 ? Math.max(1, schedule.steps() / 20) : r.getReportEvery();
    require(reportEvery >= 1, "report_every must be >= 1");
    return new PartitionFunctionPlan(rbm, path, schedule, (int) chains, r.getSeed(), chainsPerGroup, reportEvery,
        r.getIncludeLogWeights(), data, r.getReverse());
  }

  private AisSchedule schedule(EstimatePartitionFunctionRequest r) {
    if (!r.hasSchedule()) {
      return AisSchedule.uniform(1000);
    }
    org.ebmsim.proto.v1.AisSchedule s = r.getSchedule();
    switch (s.getKindCase()) {
      case UNIFORM_STEPS -> {
        long k = Integer.toUnsignedLong(s.getUniformSteps());
        require(k >= 1, "schedule.uniform_steps must be >= 1 (got 0)");
        limit(k <= limits.maxScheduleSteps(), "schedule.uniform_steps is " + k + ", above the limit of "
            + limits.maxScheduleSteps());
        return AisSchedule.uniform((int) k);
      }
      case THREE_SEGMENT_STEPS -> {
        long k = s.getThreeSegmentSteps() == 0 ? AisSchedule.THREE_SEGMENT_STEPS
            : Integer.toUnsignedLong(s.getThreeSegmentSteps());
        require(k >= 3, "schedule.three_segment_steps must be >= 3 (got " + k + ")");
        limit(k <= limits.maxScheduleSteps(), "schedule.three_segment_steps is " + k + ", above the limit of "
            + limits.maxScheduleSteps());
        return AisSchedule.threeSegment((int) k);
      }
      case EXPLICIT -> {
        int n = s.getExplicit().getBetasCount();
        require(n >= 2, "schedule.explicit.betas needs at least 2 entries, from 0 to 1 (got " + n + ")");
        limit(n <= limits.maxScheduleSteps() + 1, "schedule.explicit.betas has " + n + " entries, above the limit of "
            + limits.maxScheduleSteps());
        double[] betas = new double[n];
        for (int k = 0; k < n; k++) {
          betas[k] = s.getExplicit().getBetas(k);
        }
        try {
          return AisSchedule.of(betas);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("schedule.explicit.betas: " + e.getMessage(), e);
        }
      }
      default -> throw new IllegalArgumentException(
          "schedule must set one of uniform_steps, three_segment_steps or explicit");
    }
  }

  private FloatMatrix data(Matrix m, Rbm rbm) {
    int v = rbm.visibleUnits();
    require(m.getCols() == v, "data must have one column per visible unit, " + v + " (got "
        + Integer.toUnsignedString(m.getCols()) + ")");
    double[] values = RequestValidation.matrix(m, "data", MAX_DATA_ROWS, v);
    boolean zeroOne = rbm instanceof BinaryRbm;
    for (int k = 0; k < values.length; k++) {
      double x = values[k];
      require(zeroOne ? x == 0 || x == 1 : x == -1 || x == 1, "data[" + k / v + "][" + k % v + "] must be "
          + (zeroOne ? "0 or 1 for a BINARY RBM" : "-1 or +1 for this RBM") + " (got " + x + ")");
    }
    return FloatMatrix.fromDoubles(m.getRows(), v, values);
  }

  static PartitionFunctionEvent toProto(SessionEvent event) {
    if (event instanceof SessionEvent.PartitionProgress p) {
      AisProgress.Builder b = AisProgress.newBuilder().setStep(p.step()).setTotalSteps(p.totalSteps())
          .setBeta(p.beta()).setLogZ(p.logPartition()).setStdError(p.standardError())
          .setEffectiveSampleSize(p.effectiveSampleSize()).setDirection(p.direction().name());
      for (double w : p.logWeights()) {
        b.addLogWeights(w);
      }
      return PartitionFunctionEvent.newBuilder().setProgress(b).build();
    }
    SessionEvent.PartitionResult r = (SessionEvent.PartitionResult) event;
    AisEstimate f = r.forward();
    PartitionFunctionResult.Builder b = PartitionFunctionResult.newBuilder()
        .setLogZ(f.logPartitionVisible()).setStdError(f.standardError())
        .setEffectiveSampleSize(f.effectiveSampleSize()).setChains(f.chains())
        .setLogZJoint(f.logPartitionJoint()).setLogZVisible(f.logPartitionVisible());
    if (r.logLikelihood() != null) {
      b.setHasLogLikelihood(true).setMeanLogLikelihood(r.logLikelihood().mean())
          .setLogLikelihoodStdError(r.logLikelihood().standardError())
          .setLogLikelihoodDataStdError(r.logLikelihood().dataStandardError());
    }
    if (r.reverse() != null) {
      b.setHasReverse(true).setReverseLogZ(r.reverse().logPartitionVisible())
          .setReverseStdError(r.reverse().standardError());
    }
    return PartitionFunctionEvent.newBuilder().setResult(b).build();
  }
}
