package org.ebmsim.server.grpc;

import static org.ebmsim.server.grpc.RequestValidation.limit;
import static org.ebmsim.server.grpc.RequestValidation.require;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.ExecutorService;
import org.apache.pekko.actor.typed.ActorSystem;
import org.ebmsim.dynamics.ExactEnumeration;
import org.ebmsim.dynamics.InitialStates;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CompleteEvent;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CompletionMode;
import org.ebmsim.proto.v1.Dynamics;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.ExactSummaryResponse;
import org.ebmsim.proto.v1.MaskedCue;
import org.ebmsim.proto.v1.NoisyCue;
import org.ebmsim.proto.v1.SamplePolicy;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.server.ServerConfig.Limits;
import org.ebmsim.server.store.ModelStore;
import org.ebmsim.session.AnnealPlan;
import org.ebmsim.session.CompletionPlan;
import org.ebmsim.session.ModelView;
import org.ebmsim.session.RbmModelView;
import org.ebmsim.session.SessionModel;
import org.ebmsim.server.store.StoredModel;
import io.grpc.Status;
import org.ebmsim.session.SampleMode;
import org.ebmsim.session.SamplerKind;
import org.ebmsim.stream.SimulationEngine;

/**
 * SimulationService: validates session requests, turns them into plans, and streams the
 * engine's events with flow control; ExactSummary runs enumeration on a bounded executor.
 */
public final class SimulationGrpcService extends SimulationServiceGrpc.SimulationServiceImplBase {
  private static final int MAX_RESULT_SPINS = 4_000_000; // keeps a final event well under message limits

  private final ModelStore store;
  private final Limits limits;
  private final SimulationEngine engine;
  private final ActorSystem<?> system;
  private final ExecutorService exactExecutor;

  public SimulationGrpcService(ModelStore store, Limits limits, SimulationEngine engine, ActorSystem<?> system,
      ExecutorService exactExecutor) {
    this.store = store;
    this.limits = limits;
    this.engine = engine;
    this.system = system;
    this.exactExecutor = exactExecutor;
  }

  /** Session events written to clients since the JVM started (all streaming RPCs). */
  public static long eventsSent() {
    return SessionStreamer.eventsSent();
  }

  @Override
  public void anneal(AnnealRequest request, StreamObserver<AnnealEvent> response) {
    try {
      AnnealPlan plan = annealPlan(request);
      SessionStreamer.start(engine.start(plan, limits.maxSessions()), response, SessionEventMapping::anneal,
          StatusMapping::toStatus, system);
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  AnnealPlan annealPlan(AnnealRequest r) {
    SessionModel model = sessionModel(r.getModelId());
    int n = model.units();
    int chains = chains(r.getChains(), "chains", limits.maxChains(), n);
    require(r.hasSchedule(), "schedule is required (linear, geometric or explicit)");
    Schedule schedule = RequestValidation.schedule(r.getSchedule(), "schedule", limits);
    SamplerKind kind = sampler(r.getDynamics(), "dynamics");
    byte[] initial = null;
    if (r.hasInitialStates()) {
      SpinMatrix m = r.getInitialStates();
      require(m.getCols() == n, "initial_states must have " + n + " columns, one per unit (got "
          + Integer.toUnsignedString(m.getCols()) + ")");
      require(m.getRows() == 1 || m.getRows() == chains, "initial_states must have 1 row or chains = " + chains
          + " rows (got " + Integer.toUnsignedString(m.getRows()) + ")");
      initial = RequestValidation.spins(m, "initial_states", limits.maxChains(), limits.maxUnits());
    }
    long reportEvery = r.getReportEverySweeps() == 0 ? schedule.sweepsPerTemperature()
        : Integer.toUnsignedLong(r.getReportEverySweeps());
    SamplePolicy samples = r.getSamples();
    SampleMode mode = switch (samples.getMode()) {
      case NONE -> SampleMode.NONE;
      case EVERY -> SampleMode.EVERY;
      case BEST_ONLY -> SampleMode.BEST_ONLY;
      default -> throw new IllegalArgumentException("samples.mode must be NONE, EVERY or BEST_ONLY");
    };
    int maxSampleChains = samples.getMaxChains() == 0 ? 8 : samples.getMaxChains();
    require(maxSampleChains >= 1 && maxSampleChains <= 1024, "samples.max_chains must be in [0, 1024] (got "
        + Integer.toUnsignedString(samples.getMaxChains()) + ")");
    long sampleEvery = samples.getEverySweeps() == 0 ? reportEvery : Integer.toUnsignedLong(samples.getEverySweeps());
    long resultStates = r.getResultStates() == 0 ? Math.min(chains, 64) : Integer.toUnsignedLong(r.getResultStates());
    require(resultStates <= chains, "result_states must be <= chains = " + chains + " (got " + resultStates + ")");
    limit(resultStates * n <= MAX_RESULT_SPINS, "result_states x units = " + resultStates * n
        + " spins is above the limit of " + MAX_RESULT_SPINS + " per final event; ask for fewer result_states");
    limit(Math.min(maxSampleChains, chains) * (long) n <= MAX_RESULT_SPINS, "samples.max_chains x units is above "
        + MAX_RESULT_SPINS + " spins per event; ask for fewer chains");
    return new AnnealPlan(model, chains, r.getSeed(), schedule, kind, initial, (int) Math.min(Integer.MAX_VALUE,
        reportEvery), mode, (int) Math.min(Integer.MAX_VALUE, sampleEvery), maxSampleChains, (int) resultStates);
  }

  @Override
  public void complete(CompleteRequest request, StreamObserver<CompleteEvent> response) {
    try {
      CompletionPlan plan = completionPlan(request);
      SessionStreamer.start(engine.start(plan, limits.maxSessions()), response, SessionEventMapping::complete,
          StatusMapping::toStatus, system);
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  CompletionPlan completionPlan(CompleteRequest r) {
    SessionModel model = sessionModel(r.getModelId());
    int v = model.visibleUnits();
    byte[] cue = new byte[v];
    boolean[] known = new boolean[v];
    boolean clamp;
    switch (r.getCueCase()) {
      case MASKED -> {
        MaskedCue m = r.getMasked();
        require(m.getValuesCount() == v, "masked.values must have one entry per visible unit, " + v + " (got "
            + m.getValuesCount() + ")");
        require(m.getKnownCount() == v, "masked.known must have one entry per visible unit, " + v + " (got "
            + m.getKnownCount() + ")");
        for (int i = 0; i < v; i++) {
          int x = m.getValues(i);
          known[i] = m.getKnown(i);
          require(x >= -1 && x <= 1, "masked.values[" + i + "] must be -1, 0 or +1 (got " + x + ")");
          require(!known[i] || x != 0, "masked.values[" + i + "] is marked known but is 0; known values are -1 or +1");
          cue[i] = (byte) x;
        }
        clamp = !r.getFreeKnownUnits();
      }
      case NOISY -> {
        NoisyCue noisy = r.getNoisy();
        byte[] pattern;
        if (noisy.hasExplicit()) {
          SpinMatrix m = noisy.getExplicit();
          require(m.getRows() == 1 && m.getCols() == v, "noisy.explicit must be 1 x " + v + " (got "
              + Integer.toUnsignedString(m.getRows()) + " x " + Integer.toUnsignedString(m.getCols()) + ")");
          pattern = RequestValidation.spins(m, "noisy.explicit", 1, limits.maxUnits());
        } else {
          int index = noisy.getStoredIndex();
          require(model.patternCount() > 0, "noisy.stored_index needs a model with stored patterns; this one has none");
          require(index >= 0 && index < model.patternCount(), "noisy.stored_index must be in [0, "
              + (model.patternCount() - 1) + "] (got " + Integer.toUnsignedString(index) + ")");
          pattern = java.util.Arrays.copyOfRange(model.patterns(), index * v, (index + 1) * v);
        }
        double f = noisy.getFlipFraction();
        require(Double.isFinite(f) && f >= 0 && f <= 1, "noisy.flip_fraction must be in [0, 1] (got " + f + ")");
        cue = InitialStates.withNoise(pattern, f, r.getSeed());
        java.util.Arrays.fill(known, true);
        clamp = false;
      }
      default -> throw new IllegalArgumentException("cue must be set: masked or noisy");
    }
    int chains = r.getChains() == 0 ? 1 : chains(r.getChains(), "chains", 1024, model.units());
    long sweeps = r.getSweeps() == 0 ? 100 : Integer.toUnsignedLong(r.getSweeps());
    SamplerKind kind;
    Schedule schedule;
    CompletionMode mode = r.getMode() == CompletionMode.COMPLETION_MODE_UNSPECIFIED ? CompletionMode.DETERMINISTIC
        : r.getMode();
    switch (mode) {
      case DETERMINISTIC -> {
        require(sweeps <= 1_000_000, "sweeps must be <= 1000000 (got " + sweeps + ")");
        kind = SamplerKind.DETERMINISTIC;
        schedule = Schedule.constant(1.0, (int) sweeps);
      }
      case STOCHASTIC -> {
        require(sweeps <= 1_000_000, "sweeps must be <= 1000000 (got " + sweeps + ")");
        RequestValidation.temperature(r.getTemperature(), "temperature");
        kind = sampler(r.getDynamics(), "dynamics");
        schedule = Schedule.constant(r.getTemperature(), (int) sweeps);
      }
      case ANNEALED -> {
        require(r.hasSchedule(), "schedule is required for ANNEALED mode");
        kind = sampler(r.getDynamics(), "dynamics");
        schedule = RequestValidation.schedule(r.getSchedule(), "schedule", limits);
      }
      default -> throw new IllegalArgumentException("mode must be DETERMINISTIC, STOCHASTIC or ANNEALED");
    }
    long average = r.getAverageLast() == 0 ? 1 : Integer.toUnsignedLong(r.getAverageLast());
    require(average <= schedule.totalSweeps(), "average_last must be <= the number of sweeps, "
        + schedule.totalSweeps() + " (got " + average + ")");
    int reportEvery = r.getReportEverySweeps() == 0 ? 1 : r.getReportEverySweeps();
    require(reportEvery >= 1, "report_every_sweeps must be >= 1");
    return new CompletionPlan(model, cue, known, clamp, kind, schedule, (int) average, chains, r.getSeed(),
        reportEvery);
  }

  /** The stored model as sessions see it; RBMs need discrete visible units. */
  private SessionModel sessionModel(String id) {
    StoredModel stored = ModelGrpcService.find(store, id);
    if (!stored.isRbm()) {
      return stored.view();
    }
    if (!stored.rbm().discreteVisible()) {
      throw Status.FAILED_PRECONDITION.withDescription("model " + id + " is a Gaussian-Bernoulli RBM whose visible"
          + " units are real-valued; Anneal and Complete need discrete visible units").asRuntimeException();
    }
    return new RbmModelView(stored.rbm(), stored.patterns(), stored.patternCount());
  }

  private int chains(int requested, String field, int max, int units) {
    long c = Integer.toUnsignedLong(requested);
    require(c >= 1, field + " must be >= 1 (got 0)");
    limit(c <= max, field + " is " + c + ", above the limit of " + max);
    limit(c * units <= limits.maxChainUnits(), field + " x units = " + c * units + " is above the limit of "
        + limits.maxChainUnits() + "; use fewer chains");
    return (int) c;
  }

  private static SamplerKind sampler(Dynamics d, String field) {
    return switch (d) {
      case DYNAMICS_UNSPECIFIED, GIBBS -> SamplerKind.GIBBS;
      case METROPOLIS -> SamplerKind.METROPOLIS;
      default -> throw new IllegalArgumentException(field + " must be GIBBS or METROPOLIS");
    };
  }

  @Override
  public void exactSummary(ExactSummaryRequest request, StreamObserver<ExactSummaryResponse> response) {
    try {
      org.ebmsim.server.store.StoredModel stored = ModelGrpcService.find(store, request.getModelId());
      if (stored.isRbm()) {
        RbmExactSummary.answer(stored.rbm(), request, limits.exactMaxUnits(), exactExecutor, response);
        return;
      }
      ModelView model = stored.view();
      double t = request.getTemperature() == 0 ? 1 : request.getTemperature();
      RequestValidation.temperature(t, "temperature");
      int maxGround = request.getMaxGroundStates() == 0 ? 16 : request.getMaxGroundStates();
      require(maxGround >= 1 && maxGround <= 1024, "max_ground_states must be in [0, 1024] (got "
          + Integer.toUnsignedString(request.getMaxGroundStates()) + ")");
      ExactEnumeration.checkSize(model.units(), limits.exactMaxUnits());
      exactExecutor.execute(() -> {
        try {
          ExactEnumeration.Summary s = ExactEnumeration.summarize(model.ising(), 1 / t, maxGround,
              limits.exactMaxUnits());
          ExactSummaryResponse.Builder out = ExactSummaryResponse.newBuilder()
              .setLogZ(s.logPartition()).setMeanEnergy(s.meanEnergy()).setHeatCapacity(s.heatCapacity())
              .setEntropy(s.entropy()).setGroundEnergy(s.groundEnergy()).setGroundStateCount(s.groundStateCount())
              .setUnits(s.units());
          for (double m : s.marginalPlus()) {
            out.addMarginals(m);
          }
          SpinMatrix.Builder ground = SpinMatrix.newBuilder().setRows(s.groundStates().size()).setCols(s.units());
          s.groundStates().forEach(state -> {
            for (byte b : state) {
              ground.addSpins(b);
            }
          });
          response.onNext(out.setGroundStates(ground).build());
          response.onCompleted();
        } catch (Exception e) {
          response.onError(StatusMapping.toException(e));
        }
      });
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }
}
