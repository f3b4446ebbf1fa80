package org.ebmsim.server.grpc;

import static org.ebmsim.server.grpc.RequestValidation.count;
import static org.ebmsim.server.grpc.RequestValidation.limit;
import static org.ebmsim.server.grpc.RequestValidation.require;

import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.ebmsim.dynamics.CueNoise;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.ais.AisSchedule;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerLayout;
import org.ebmsim.dynamics.state.LayerShape;
import org.ebmsim.dynamics.state.ValueType;
import org.ebmsim.errors.FailedPreconditionException;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.AisSupport;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.ExactResult;
import org.ebmsim.family.ExactSolver;
import org.ebmsim.family.SpecChecks;
import org.ebmsim.family.StoredPatterns;
import org.ebmsim.proto.v1.AisBase;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CompleteEvent;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CompletionMode;
import org.ebmsim.proto.v1.Dynamics;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.EvaluateRequest;
import org.ebmsim.proto.v1.EvaluateResponse;
import org.ebmsim.proto.v1.ReconstructRequest;
import org.ebmsim.proto.v1.ReconstructResponse;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.ExactSummaryResponse;
import org.ebmsim.proto.v1.LayerMarginals;
import org.ebmsim.proto.v1.LayerState;
import org.ebmsim.proto.v1.MaskedCue;
import org.ebmsim.proto.v1.NoisyCue;
import org.ebmsim.proto.v1.PartitionFunctionEvent;
import org.ebmsim.proto.v1.SamplePolicy;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.AdaptiveLadder;
import org.ebmsim.proto.v1.TemperEvent;
import org.ebmsim.proto.v1.TemperLadder;
import org.ebmsim.proto.v1.TemperRequest;
import org.ebmsim.dynamics.tempering.SwapScheme;
import org.ebmsim.session.TemperingCoordinator;
import org.ebmsim.server.ServerConfig.Limits;
import org.ebmsim.server.security.Caller;
import org.ebmsim.server.store.ModelStore;
import org.ebmsim.server.store.StoredModel;
import org.ebmsim.session.TrainingInputs;
import org.ebmsim.family.TrainingData;
import org.ebmsim.session.AnnealCoordinator;
import org.ebmsim.session.CompletionCoordinator;
import org.ebmsim.session.DiagnosticsTracker;
import org.ebmsim.session.Coordinator;
import org.ebmsim.session.ModelRef;
import org.ebmsim.session.PartitionFunctionCoordinator;
import org.ebmsim.stream.LaunchedSession;
import org.ebmsim.stream.SimulationEngine;

/**
 * SimulationService for every family: validates session requests against the model's layers and
 * what its family offers, builds a coordinator, starts it on the engine and streams its events
 * with flow control; ExactSummary runs the family's enumeration on the bounded compute pool.
 */
public final class SimulationGrpcService extends SimulationServiceGrpc.SimulationServiceImplBase {
  /** Keeps any one event well under message limits. */
  private static final long MAX_STATE_UNITS_PER_EVENT = 4_000_000;
  private static final int MAX_DATA_ROWS = 100_000;
  private static final int MAX_COMPLETION_CHAINS = 1024;

  private final ModelStore store;
  private final TrainingDatasets datasets;
  private final Limits limits;
  private final SimulationEngine engine;
  private final ActorSystem<?> system;
  private final Executor compute;

  public SimulationGrpcService(ModelStore store, TrainingDatasets datasets, Limits limits, SimulationEngine engine,
      ActorSystem<?> system, Executor compute) {
    this.store = store;
    this.datasets = datasets;
    this.limits = limits;
    this.engine = engine;
    this.system = system;
    this.compute = compute;
  }

  /** Session events written to owner streams since the JVM started (all streaming RPCs). */
  public static long eventsSent() {
    return SessionStreamer.eventsSent();
  }

  private LaunchedSession launch(Coordinator coordinator, StoredModel stored, boolean detached) {
    // the owner is read on the call's thread, where the gRPC context holds the caller
    return engine.start(coordinator, stored.model(), detached, limits.maxSessions(),
        ModelGrpcService.bytesReadFromDisk(store, stored), Caller.current().name());
  }

  // ------------------------------------------------------------------------------------------
  // Anneal

  @Override
  public void anneal(AnnealRequest request, StreamObserver<AnnealEvent> response) {
    try {
      StoredModel stored = ModelGrpcService.find(store, request.getModelId(), request.getModelVersion());
      AnnealCoordinator c = new AnnealCoordinator(annealRequest(request, stored));
      SessionStreamer.start(launch(c, stored, request.getDetached()), response, SessionEventMapping::anneal,
          StatusMapping::toStatus, system);
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  AnnealCoordinator.Request annealRequest(AnnealRequest r, StoredModel stored) {
    requireSampleable(stored);
    EnergyModel model = stored.model();
    LayerLayout layout = model.sampling().layout();
    int units = layout.totalUnits();
    int chains = chains(r.getChains(), limits.maxChains(), "ebmsim.limits.max-chains", units);
    require(r.hasSchedule(), "schedule is required (linear, geometric or explicit)");
    Schedule schedule = RequestValidation.schedule(r.getSchedule(), "schedule", limits);
    RequestValidation.modelTemperatures(schedule, r.getSchedule(), "schedule", model.sampling());
    SamplerKind sampler = sampler(r.getDynamics(), stored);
    LayerBlock[] initial = initialStates(r.getInitialStatesList(), layout, chains);
    long reportEvery = r.getReportEverySweeps() == 0 ? schedule.sweepsPerTemperature()
        : Integer.toUnsignedLong(r.getReportEverySweeps());
    SamplePolicy samples = r.getSamples();
    AnnealCoordinator.SampleMode mode = switch (samples.getMode()) {
      case NONE -> AnnealCoordinator.SampleMode.NONE;
      case EVERY -> AnnealCoordinator.SampleMode.EVERY;
      case BEST_ONLY -> AnnealCoordinator.SampleMode.BEST_ONLY;
      default -> throw new InvalidRequestException("samples.mode must be NONE, EVERY or BEST_ONLY");
    };
    long maxSampleChains = samples.getMaxChains() == 0 ? 8 : Integer.toUnsignedLong(samples.getMaxChains());
    require(maxSampleChains <= 1024, "samples.max_chains must be in [0, 1024] (got " + maxSampleChains + ")");
    long sampleEvery = samples.getEverySweeps() == 0 ? reportEvery : Integer.toUnsignedLong(samples.getEverySweeps());
    long resultStates = r.getResultStates() == 0 ? Math.min(chains, 64) : Integer.toUnsignedLong(r.getResultStates());
    require(resultStates <= chains, "result_states must be <= chains = " + chains + " (got " + resultStates + ")");
    limit(resultStates * units <= MAX_STATE_UNITS_PER_EVENT, "result_states x units = " + resultStates * units
        + " is above the limit of " + MAX_STATE_UNITS_PER_EVENT + " unit states per final event; ask for fewer"
        + " result_states");
    limit(Math.min(maxSampleChains, chains) * units <= MAX_STATE_UNITS_PER_EVENT, "samples.max_chains x units is"
        + " above " + MAX_STATE_UNITS_PER_EVENT + " unit states per event; ask for fewer chains");
    require(!r.getRetainFinalStates() || r.getDetached(), "retain_final_states applies to detached sessions;"
        + " an attached session's owner reads the states from its stream");
    return new AnnealCoordinator.Request(ref(stored), model.sampling(), chains, r.getSeed(), schedule, sampler, initial,
        reportEvery, mode, sampleEvery, (int) maxSampleChains, (int) resultStates, r.getRetainFinalStates(),
        r.getDiagnostics(), diagnosticPatterns(r.getDiagnostics(), r.getDiagnosticPatternsList(), model));
  }

  /**
   * The stored patterns whose overlaps a session's diagnostics trace: the named ones (distinct,
   * at most {@value DiagnosticsTracker#MAX_PATTERNS}), else the model's first ones.
   */
  static int[] diagnosticPatterns(boolean diagnostics, java.util.List<Integer> named, EnergyModel model) {
    require(diagnostics || named.isEmpty(), "diagnostic_patterns needs diagnostics = true");
    if (!diagnostics) {
      return new int[0];
    }
    int count = model.overlapPatternCount();
    if (named.isEmpty()) {
      return java.util.stream.IntStream.range(0, Math.min(count, DiagnosticsTracker.MAX_PATTERNS)).toArray();
    }
    require(named.size() <= DiagnosticsTracker.MAX_PATTERNS, "diagnostic_patterns names " + named.size()
        + " patterns; at most " + DiagnosticsTracker.MAX_PATTERNS + " are traced");
    require(count > 0, "diagnostic_patterns: this model has no stored patterns whose overlaps could be traced"
        + " (leave it empty)");
    int[] out = new int[named.size()];
    for (int k = 0; k < out.length; k++) {
      long mu = Integer.toUnsignedLong(named.get(k));
      require(mu < count, "diagnostic_patterns[" + k + "] must be in [0, " + (count - 1) + "] (got " + mu + ")");
      for (int j = 0; j < k; j++) {
        require(out[j] != mu, "diagnostic_patterns[" + k + "] repeats pattern " + mu);
      }
      out[k] = (int) mu;
    }
    return out;
  }

  /** Initial states per layer (null where not given), each of 1 or {@code chains} rows; null when none is given. */
  private static LayerBlock[] initialStates(java.util.List<LayerState> states, LayerLayout layout, int chains) {
    LayerBlock[] initial = null;
    if (!states.isEmpty()) {
      initial = new LayerBlock[layout.size()];
      for (int k = 0; k < states.size(); k++) {
        LayerState st = states.get(k);
        String field = "initial_states[" + k + "]";
        int l = layout.indexOf(st.getLayer());
        require(l >= 0, field + ".layer " + org.ebmsim.errors.Quoting.quote(st.getLayer())
            + " is not a layer of this model (layers: " + names(layout) + ")");
        require(initial[l] == null, field + " sets layer " + layout.layer(l).name() + " a second time");
        LayerBlock b = WireStates.block(st, layout.layer(l), chains, field);
        require(b.rows() == 1 || b.rows() == chains, field + " must have 1 row or chains = " + chains + " rows (got "
            + b.rows() + ")");
        initial[l] = b;
      }
    }
    return initial;
  }

  private static String names(LayerLayout layout) {
    return String.join(", ", layout.layers().stream().map(LayerShape::name).toList());
  }

  private static ModelRef ref(StoredModel stored) {
    return new ModelRef(stored.id(), stored.version());
  }

  // ------------------------------------------------------------------------------------------
  // Temper

  @Override
  public void temper(TemperRequest request, StreamObserver<TemperEvent> response) {
    try {
      StoredModel stored = ModelGrpcService.find(store, request.getModelId(), request.getModelVersion());
      TemperingCoordinator c = new TemperingCoordinator(temperRequest(request, stored));
      SessionStreamer.start(launch(c, stored, request.getDetached()), response, SessionEventMapping::temper,
          StatusMapping::toStatus, system);
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  /** Most tuning rounds of an adaptive ladder. */
  private static final int MAX_TUNING_ROUNDS = 20;
  /** Most ladders whose states a progress event carries. */
  private static final int MAX_SAMPLE_LADDERS = 64;

  TemperingCoordinator.Request temperRequest(TemperRequest r, StoredModel stored) {
    requireSampleable(stored);
    EnergyModel model = stored.model();
    LayerLayout layout = model.sampling().layout();
    int units = layout.totalUnits();
    if (model.sampling().temperingEnergy().isEmpty()) {
      throw new FailedPreconditionException("model " + stored.id() + " (" + model.family().key() + ") has no joint"
          + " energy its kernels sample at every temperature (" + model.sampling().energyMeaning()
          + "); parallel tempering supports hopfield, boltzmann, rbm, dbm and dense memory models");
    }
    require(r.hasLadder(), "ladder is required (geometric, explicit or adaptive)");
    TemperLadder ladder = r.getLadder();
    double[] temperatures;
    long burnIn = 0;
    int tuningRounds = 0;
    switch (ladder.getLadderCase()) {
      case GEOMETRIC -> temperatures = geometricLadder(ladder.getGeometric().getTMin(), ladder.getGeometric().getTMax(),
          ladder.getGeometric().getLevels(), "ladder.geometric");
      case ADAPTIVE -> {
        AdaptiveLadder a = ladder.getAdaptive();
        temperatures = geometricLadder(a.getTMin(), a.getTMax(), a.getLevels(), "ladder.adaptive");
        burnIn = a.getBurnInSweeps();
        require(burnIn >= 1 && burnIn < r.getSweeps(), "ladder.adaptive.burn_in_sweeps must be in [1, sweeps) (got "
            + Long.toUnsignedString(burnIn) + " with sweeps = " + Long.toUnsignedString(r.getSweeps()) + ")");
        tuningRounds = a.getTuningRounds() == 0 ? 5 : a.getTuningRounds();
        require(tuningRounds >= 1 && tuningRounds <= MAX_TUNING_ROUNDS, "ladder.adaptive.tuning_rounds must be in [0, "
            + MAX_TUNING_ROUNDS + "] (got " + Integer.toUnsignedString(a.getTuningRounds()) + ")");
      }
      case EXPLICIT -> {
        int k = ladder.getExplicit().getTemperaturesCount();
        require(k >= 2, "ladder.explicit.temperatures needs K >= 2 temperatures (got " + k + ")");
        limit(k <= limits.maxChains(), "ladder.explicit.temperatures has " + k + " entries, above the chain limit of "
            + limits.maxChains() + " (ebmsim.limits.max-chains)");
        temperatures = new double[k];
        for (int i = 0; i < k; i++) {
          temperatures[i] = ladder.getExplicit().getTemperatures(i);
          RequestValidation.temperature(temperatures[i], "ladder.explicit.temperatures[" + i + "]");
          if (i > 0 && !(temperatures[i] > temperatures[i - 1])) {
            throw new InvalidRequestException("ladder.explicit.temperatures must be strictly ascending (entry " + i
                + " = " + temperatures[i] + " after " + temperatures[i - 1] + ")");
          }
        }
      }
      default -> throw new InvalidRequestException("ladder must set one of geometric, explicit or adaptive");
    }
    for (int i = 0; i < temperatures.length; i++) {
      RequestValidation.modelTemperature(temperatures[i], model.sampling().maxTemperature(),
          model.sampling()::temperatureProblem, "ladder temperature " + i);
    }
    int levels = temperatures.length;
    long ladders = r.getLadders() == 0 ? 1 : Integer.toUnsignedLong(r.getLadders());
    long chains = levels * ladders;
    limit(chains <= limits.maxChains(), "K x ladders = " + levels + " x " + ladders + " = " + chains
        + " chains is above the limit of " + limits.maxChains() + " (ebmsim.limits.max-chains); use fewer ladders");
    limit(chains * units <= limits.maxChainUnits(), "K x ladders x units = " + chains * units
        + " is above the limit of " + limits.maxChainUnits() + " (ebmsim.limits.max-chain-units); use fewer ladders");
    long sweeps = r.getSweeps();
    require(sweeps >= 1, "sweeps must be >= 1 (got " + Long.toUnsignedString(sweeps) + ")");
    limit(Long.compareUnsigned(sweeps, limits.maxTotalSweeps()) <= 0, "sweeps = " + Long.toUnsignedString(sweeps)
        + " is above the limit of " + limits.maxTotalSweeps() + " (ebmsim.limits.max-total-sweeps)");
    long swapInterval = r.getSwapIntervalSweeps() == 0 ? 1 : Integer.toUnsignedLong(r.getSwapIntervalSweeps());
    require(swapInterval <= sweeps, "swap_interval_sweeps must be in [0, sweeps] (got " + swapInterval + ")");
    SwapScheme scheme = switch (r.getScheme()) {
      case NON_REVERSIBLE -> SwapScheme.NON_REVERSIBLE;
      case REVERSIBLE -> SwapScheme.REVERSIBLE;
      default -> throw new InvalidRequestException("scheme must be NON_REVERSIBLE or REVERSIBLE");
    };
    SamplerKind sampler = sampler(r.getDynamics(), stored);
    LayerBlock[] initial = initialStates(r.getInitialStatesList(), layout, (int) chains);
    long reportEvery = r.getReportEverySweeps() == 0 ? Math.max(1, sweeps / 100)
        : Integer.toUnsignedLong(r.getReportEverySweeps());
    long sampleLadders = Integer.toUnsignedLong(r.getSampleLadders());
    require(sampleLadders <= MAX_SAMPLE_LADDERS, "sample_ladders must be in [0, " + MAX_SAMPLE_LADDERS + "] (got "
        + sampleLadders + ")");
    require(sampleLadders <= ladders, "sample_ladders must be <= ladders = " + ladders + " (got " + sampleLadders + ")");
    long resultLadders = r.getResultLadders() == 0 ? Math.min(ladders, 4) : Integer.toUnsignedLong(r.getResultLadders());
    require(resultLadders <= ladders, "result_ladders must be <= ladders = " + ladders + " (got " + resultLadders + ")");
    limit(resultLadders * levels * units <= MAX_STATE_UNITS_PER_EVENT, "result_ladders x K x units = "
        + resultLadders * levels * units + " is above the limit of " + MAX_STATE_UNITS_PER_EVENT
        + " unit states per final event; ask for fewer result_ladders");
    limit(sampleLadders * levels * units <= MAX_STATE_UNITS_PER_EVENT, "sample_ladders x K x units is above "
        + MAX_STATE_UNITS_PER_EVENT + " unit states per event; ask for fewer sample_ladders");
    return new TemperingCoordinator.Request(ref(stored), model.sampling(), temperatures, (int) ladders, sweeps,
        (int) swapInterval, scheme, r.getSeed(), sampler, initial, reportEvery, (int) sampleLadders,
        (int) resultLadders, burnIn, tuningRounds, r.getDiagnostics());
  }

  /** K temperatures from t_min to t_max equally spaced in log T (both ends exact). */
  private double[] geometricLadder(double tMin, double tMax, int levelsField, String field) {
    RequestValidation.temperature(tMin, field + ".t_min");
    RequestValidation.temperature(tMax, field + ".t_max");
    require(tMax > tMin, field + ".t_max must be > t_min (got " + tMax + " <= " + tMin + ")");
    long k = Integer.toUnsignedLong(levelsField);
    require(k >= 2, field + ".levels must be >= 2 (got " + k + ")");
    limit(k <= limits.maxChains(), field + ".levels = " + k + " is above the chain limit of " + limits.maxChains()
        + " (ebmsim.limits.max-chains)");
    double[] t = new double[(int) k];
    for (int i = 0; i < k; i++) {
      t[i] = tMin * Math.pow(tMax / tMin, (double) i / (k - 1));
    }
    t[0] = tMin;
    t[(int) k - 1] = tMax;
    for (int i = 1; i < k; i++) {
      require(t[i] > t[i - 1], field + ": t_min and t_max are too close for " + k + " distinct temperatures");
    }
    return t;
  }

  // ------------------------------------------------------------------------------------------
  // Complete

  @Override
  public void complete(CompleteRequest request, StreamObserver<CompleteEvent> response) {
    try {
      StoredModel stored = ModelGrpcService.find(store, request.getModelId(), request.getModelVersion());
      CompletionCoordinator c = new CompletionCoordinator(completionRequest(request, stored));
      SessionStreamer.start(launch(c, stored, request.getDetached()), response,
          SessionEventMapping::complete, StatusMapping::toStatus, system);
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  CompletionCoordinator.Request completionRequest(CompleteRequest r, StoredModel stored) {
    requireSampleable(stored);
    EnergyModel model = stored.model();
    LayerShape visible = model.sampling().layout().visible();
    int v = visible.units();
    boolean real = visible.type() == ValueType.REAL;
    LayerBlock cue = real ? LayerBlock.ofFloats(visible, 1) : LayerBlock.ofBytes(visible, 1);
    boolean[] known = new boolean[v];
    boolean clamp;
    switch (r.getCueCase()) {
      case MASKED -> {
        MaskedCue m = r.getMasked();
        if (real) {
          require(m.getRealValuesCount() == v, "masked.real_values must have one entry per visible unit, " + v
              + " (got " + m.getRealValuesCount() + "); the visible layer is real-valued");
          require(m.getValuesCount() == 0, "masked.values: the visible layer is real-valued; use real_values");
        } else {
          require(m.getValuesCount() == v, "masked.values must have one entry per visible unit, " + v + " (got "
              + m.getValuesCount() + ")");
          require(m.getRealValuesCount() == 0, "masked.real_values applies to real-valued visible layers only");
        }
        require(m.getKnownCount() == v, "masked.known must have one entry per visible unit, " + v + " (got "
            + m.getKnownCount() + ")");
        for (int i = 0; i < v; i++) {
          known[i] = m.getKnown(i);
          double x = real ? m.getRealValues(i) : m.getValues(i);
          if (known[i]) {
            if (!visible.accepts(x)) { // message built on failure only
              throw new InvalidRequestException("masked." + (real ? "real_values[" : "values[") + i
                  + "] is known and must be "
                + visible.domain() + " (got " + x + ")");
            }
            cue.set(0, i, x);
          } else {
            cue.set(0, i, real ? 0 : visible.type() == ValueType.CATEGORICAL ? 0 : visible.type().low());
          }
        }
        clamp = !r.getFreeKnownUnits();
      }
      case NOISY -> {
        noisyCue(r.getNoisy(), model, visible, r.getSeed(), cue);
        java.util.Arrays.fill(known, true);
        clamp = false;
      }
      default -> throw new InvalidRequestException("cue must be set: masked or noisy");
    }
    int chains = r.getChains() == 0 ? 1 : chains(r.getChains(), MAX_COMPLETION_CHAINS, null,
        model.sampling().layout().totalUnits());
    long sweeps = r.getSweeps() == 0 ? 100 : Integer.toUnsignedLong(r.getSweeps());
    SamplerKind sampler;
    Schedule schedule;
    CompletionMode mode = r.getMode() == CompletionMode.COMPLETION_MODE_UNSPECIFIED ? CompletionMode.DETERMINISTIC
        : r.getMode();
    switch (mode) {
      case DETERMINISTIC -> {
        limit(sweeps <= 1_000_000, "sweeps is " + sweeps + ", above the limit of 1000000");
        sampler = SamplerKind.DETERMINISTIC;
        require(model.sampling().samplers().contains(sampler), "mode DETERMINISTIC is not available for this model");
        schedule = Schedule.constant(1.0, (int) sweeps);
      }
      case STOCHASTIC -> {
        limit(sweeps <= 1_000_000, "sweeps is " + sweeps + ", above the limit of 1000000");
        RequestValidation.temperature(r.getTemperature(), "temperature");
        RequestValidation.modelTemperature(r.getTemperature(), model.sampling().maxTemperature(),
            model.sampling()::temperatureProblem, "temperature");
        sampler = sampler(r.getDynamics(), stored);
        schedule = Schedule.constant(r.getTemperature(), (int) sweeps);
      }
      case ANNEALED -> {
        require(r.hasSchedule(), "schedule is required for ANNEALED mode");
        sampler = sampler(r.getDynamics(), stored);
        schedule = RequestValidation.schedule(r.getSchedule(), "schedule", limits);
        RequestValidation.modelTemperatures(schedule, r.getSchedule(), "schedule", model.sampling());
      }
      default -> throw new InvalidRequestException("mode must be DETERMINISTIC, STOCHASTIC or ANNEALED");
    }
    long average = r.getAverageLast() == 0 ? 1 : Integer.toUnsignedLong(r.getAverageLast());
    require(average <= schedule.totalSweeps(), "average_last must be <= the number of sweeps, "
        + schedule.totalSweeps() + " (got " + average + ")");
    long reportEvery = r.getReportEverySweeps() == 0 ? 1 : Integer.toUnsignedLong(r.getReportEverySweeps());
    return new CompletionCoordinator.Request(ref(stored), model.sampling(), model.patterns(), cue, known, clamp,
        sampler, schedule, (int) average, chains, r.getSeed(), reportEvery, model.realPatterns().orElse(null),
        r.getDiagnostics(), diagnosticPatterns(r.getDiagnostics(), r.getDiagnosticPatternsList(), model));
  }

  /** Fills {@code cue} with the corrupted pattern of a noisy cue. */
  private static void noisyCue(NoisyCue noisy, EnergyModel model, LayerShape visible, long seed, LayerBlock cue) {
    int v = visible.units();
    double f = noisy.getFlipFraction();
    require(Double.isFinite(f) && f >= 0 && f <= 1, "noisy.flip_fraction must be in [0, 1] (got " + f + ")");
    if (visible.type() == ValueType.CATEGORICAL) {
      throw new FailedPreconditionException("noisy cues flip ±1 units; this model's visible layer is categorical:"
          + " use a masked cue");
    }
    float[] realPattern = null;
    byte[] spins = null;
    switch (noisy.getPatternCase()) {
      case EXPLICIT -> {
        require(noisy.getExplicit().getRows() == 1 && noisy.getExplicit().getCols() == v, "noisy.explicit must be 1 x "
            + v + " (got " + Integer.toUnsignedString(noisy.getExplicit().getRows()) + " x "
            + Integer.toUnsignedString(noisy.getExplicit().getCols()) + ")");
        spins = SpecChecks.spins(noisy.getExplicit(), "noisy.explicit", 1, v);
      }
      case STORED_INDEX -> {
        StoredPatterns p = model.patterns();
        int index = noisy.getStoredIndex();
        if (model.realPatterns().isPresent() && visible.type() == ValueType.REAL) {
          int count = model.realPatterns().get().count();
          require(index >= 0 && index < count, "noisy.stored_index must be in [0, " + (count - 1) + "] (got "
              + Integer.toUnsignedString(index) + ")");
          realPattern = model.realPatterns().get().pattern(index);
          break;
        }
        if (p.count() == 0) {
          throw new FailedPreconditionException("noisy.stored_index needs a model with stored patterns; this one has"
              + " none");
        }
        require(index >= 0 && index < p.count(), "noisy.stored_index must be in [0, " + (p.count() - 1) + "] (got "
            + Integer.toUnsignedString(index) + ")");
        spins = p.pattern(index);
      }
      case REAL -> {
        require(visible.type() == ValueType.REAL, "noisy.real applies to real-valued visible layers; use explicit");
        require(noisy.getReal().getValuesCount() == v, "noisy.real.values must have " + v + " entries (got "
            + noisy.getReal().getValuesCount() + ")");
        realPattern = new float[v];
        for (int i = 0; i < v; i++) {
          float x = noisy.getReal().getValues(i);
          if (!visible.accepts(x)) { // message built on failure only
            throw new InvalidRequestException("noisy.real.values[" + i + "] must be " + visible.domain()
                + " (got " + x + ")");
          }
          realPattern[i] = x;
        }
      }
      default -> throw new InvalidRequestException("noisy needs a pattern: explicit, stored_index or real");
    }
    if (visible.type() == ValueType.REAL) {
      if (realPattern == null) {
        realPattern = new float[v];
        for (int i = 0; i < v; i++) {
          realPattern[i] = spins[i];
        }
      }
      double sd = noisy.getNoiseSd() == 0 ? 1 : noisy.getNoiseSd();
      require(Double.isFinite(sd) && sd > 0 && sd <= 1e30, "noisy.noise_sd must be finite and in (0, 1e30]; 0 means"
          + " 1 (got " + noisy.getNoiseSd() + ")");
      float[] out = CueNoise.perturb(realPattern, f, sd, seed);
      for (int i = 0; i < v; i++) {
        if (!visible.accepts(out[i])) { // message built on failure only
          throw new InvalidRequestException("noisy.noise_sd is too large: the noisy value of unit " + i + " must be "
            + visible.domain() + " (got " + out[i] + ")");
        }
        cue.set(0, i, out[i]);
      }
      return;
    }
    require(noisy.getNoiseSd() == 0, "noisy.noise_sd applies to real-valued visible layers only");
    byte[] flipped = CueNoise.flip(spins, f, seed);
    for (int i = 0; i < v; i++) {
      cue.set(0, i, flipped[i] > 0 ? 1 : visible.type().low());
    }
  }

  // ------------------------------------------------------------------------------------------
  // Shared

  /** Chains in [1, max] (a limit set by {@code setting}, or fixed when null) within the chains × units limit. */
  private int chains(int requested, long max, String setting, int units) {
    int c = count(requested, "chains", max, setting);
    limit((long) c * units <= limits.maxChainUnits(), "chains x units = " + (long) c * units
        + " is above the limit of " + limits.maxChainUnits() + " (ebmsim.limits.max-chain-units); use fewer chains");
    return c;
  }

  /**
   * FAILED_PRECONDITION quoting the model's sampling problem, before a session request is checked
   * against layers and samplers it may not have (the engine refuses it again at start).
   */
  static void requireSampleable(StoredModel stored) {
    stored.model().samplingProblem().ifPresent(problem -> {
      throw new FailedPreconditionException("model " + stored.id() + " (" + stored.model().family().key()
          + ") cannot be sampled: " + problem);
    });
  }

  private static SamplerKind sampler(Dynamics d, StoredModel stored) {
    SamplerKind kind = switch (d) {
      case DYNAMICS_UNSPECIFIED, GIBBS -> SamplerKind.GIBBS;
      case METROPOLIS -> SamplerKind.METROPOLIS;
      case METROPOLIS_MULTISPIN -> SamplerKind.METROPOLIS_MULTISPIN;
      default -> throw new InvalidRequestException("dynamics must be GIBBS, METROPOLIS or METROPOLIS_MULTISPIN");
    };
    java.util.Set<SamplerKind> offered = stored.model().sampling().samplers();
    if (kind == SamplerKind.METROPOLIS_MULTISPIN && !offered.contains(kind)) {
      // a property of the model the caller chose, like a field out of range: name the field and the reason
      throw new InvalidRequestException("dynamics METROPOLIS_MULTISPIN is not available for model " + stored.id()
          + " (" + stored.model().family().key() + "): " + stored.model().sampling().samplerProblem(kind)
          .orElse("not offered"));
    }
    if (!offered.contains(kind)) {
      String what = offered.equals(java.util.Set.of(SamplerKind.DETERMINISTIC))
          ? "runs deterministic dynamics only (Complete in DETERMINISTIC mode)"
          : "samples by block Gibbs";
      throw new FailedPreconditionException("model " + stored.id() + " (" + stored.model().family().key()
          + ") " + what + "; dynamics " + d + " is not available for it");
    }
    return kind;
  }

  // ------------------------------------------------------------------------------------------
  // ExactSummary

  @Override
  public void exactSummary(ExactSummaryRequest request, StreamObserver<ExactSummaryResponse> response) {
    try {
      StoredModel stored = ModelGrpcService.find(store, request.getModelId(), request.getModelVersion());
      ExactSolver solver = stored.model().exact().orElseThrow(() -> new FailedPreconditionException("model "
          + stored.id() + " (" + stored.model().family().key() + ") has no exact enumeration"));
      double t = request.getTemperature() == 0 ? 1 : request.getTemperature();
      require(Double.isFinite(t) && t > 0, "temperature must be finite and > 0; 0 means 1 (got " + t + ")");
      RequestValidation.exactTemperature(t, "temperature");
      long maxGround = request.getMaxGroundStates() == 0 ? 16 : Integer.toUnsignedLong(request.getMaxGroundStates());
      require(maxGround <= 1024, "max_ground_states must be in [0, 1024] (got " + maxGround + ")");
      solver.check(t, limits.exactMaxUnits());
      Context context = Context.current();
      compute.execute(() -> {
        try {
          if (context.isCancelled()) {
            return;
          }
          ExactResult r = solver.solve(t, (int) maxGround, limits.exactMaxUnits());
          response.onNext(exact(r));
          response.onCompleted();
        } catch (Exception e) {
          response.onError(StatusMapping.toException(e));
        }
      });
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  // ------------------------------------------------------------------------------------------
  // Evaluate and Reconstruct (unary, on the compute pool)

  @Override
  public void evaluate(EvaluateRequest request, StreamObserver<EvaluateResponse> response) {
    try {
      StoredModel stored = ModelGrpcService.find(store, request.getModelId(), request.getModelVersion());
      runOnCompute(EvaluationRequests.evaluate(request, stored, limits), response);
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  @Override
  public void reconstruct(ReconstructRequest request, StreamObserver<ReconstructResponse> response) {
    try {
      StoredModel stored = ModelGrpcService.find(store, request.getModelId(), request.getModelVersion());
      runOnCompute(EvaluationRequests.reconstruct(request, stored, limits), response);
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  /** Runs checked work on the bounded compute pool unless the caller has gone, and answers once. */
  private <T> void runOnCompute(EvaluationRequests.Prepared<T> work, StreamObserver<T> response) {
    Context context = Context.current();
    compute.execute(() -> {
      try {
        if (context.isCancelled()) {
          return;
        }
        T out = work.run();
        response.onNext(out);
        response.onCompleted();
      } catch (Exception e) {
        response.onError(StatusMapping.toException(e));
      }
    });
  }

  private static ExactSummaryResponse exact(ExactResult r) {
    ExactSummaryResponse.Builder out = ExactSummaryResponse.newBuilder().setLogZ(r.logPartition())
        .setLogZJoint(r.logPartitionJoint()).setLogZVisible(r.logPartitionVisible()).setUnits(r.units());
    if (r.energyMoments() != null) {
      out.setHasEnergyMoments(true).setMeanEnergy(r.energyMoments().meanEnergy())
          .setHeatCapacity(r.energyMoments().heatCapacity()).setEntropy(r.energyMoments().entropy());
    }
    for (ExactResult.LayerMarginals m : r.marginals()) {
      LayerMarginals.Builder lm = LayerMarginals.newBuilder().setLayer(m.layer());
      for (double x : m.values()) {
        lm.addValues(x);
      }
      out.addMarginals(lm);
    }
    if (r.ground() != null) {
      out.setGroundEnergy(r.ground().energy()).setGroundStateCount(r.ground().count());
      r.ground().states().forEach(b -> out.addGroundStates(WireStates.state(b)));
    }
    return out.build();
  }

  // ------------------------------------------------------------------------------------------
  // EstimatePartitionFunction

  @Override
  public void estimatePartitionFunction(EstimatePartitionFunctionRequest request,
      StreamObserver<PartitionFunctionEvent> response) {
    try {
      StoredModel stored = ModelGrpcService.find(store, request.getModelId(), request.getModelVersion());
      PartitionFunctionCoordinator c = new PartitionFunctionCoordinator(partitionRequest(request, stored));
      SessionStreamer.start(launch(c, stored, request.getDetached()), response,
          SessionEventMapping::partitionFunction, StatusMapping::toStatus, system);
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  PartitionFunctionCoordinator.Request partitionRequest(EstimatePartitionFunctionRequest r, StoredModel stored) {
    requireSampleable(stored);
    EnergyModel model = stored.model();
    AisSupport ais = model.ais().orElseThrow(() -> new FailedPreconditionException("model " + stored.id() + " ("
        + model.family().key() + ") has no AIS path; use ExactSummary for small models"));
    LayerLayout layout = model.sampling().layout();
    int chains = chains(r.getChains(), limits.maxChains(), "ebmsim.limits.max-chains", layout.totalUnits());
    AisSchedule schedule = aisSchedule(r);
    limit((long) schedule.steps() * chains <= limits.maxTotalSweeps(), "chains x temperatures = "
        + (long) schedule.steps() * chains + " is above the limit of " + limits.maxTotalSweeps() + " ("
        + RequestValidation.MAX_TOTAL_SWEEPS + ")");
    require(!(r.hasData() && !r.getDatasetId().isEmpty()), "give data or dataset_id, not both");
    LayerBlock data = r.hasData() ? data(r, layout.visible())
        : r.getDatasetId().isEmpty() ? null : datasetRows(r.getDatasetId(), layout.visible());
    require(!r.getReverse() || data != null, "reverse needs data: reverse AIS starts from the data rows");
    AisSupport.Base base = switch (r.getBase()) {
      case AIS_BASE_UNSPECIFIED -> AisSupport.Base.DEFAULT;
      case UNIFORM -> AisSupport.Base.UNIFORM;
      case DATA_BASE_RATE -> AisSupport.Base.DATA_BASE_RATE;
      default -> throw new InvalidRequestException("base must be UNIFORM or DATA_BASE_RATE");
    };
    AisSupport.AisPathSpec path = ais.pathSpec(base, data);
    long reportEvery = r.getReportEvery() == 0 ? Math.max(1, schedule.steps() / 20)
        : Integer.toUnsignedLong(r.getReportEvery());
    return new PartitionFunctionCoordinator.Request(ref(stored), layout, path, ais.constants(path), schedule, chains,
        r.getSeed(), (int) Math.min(Integer.MAX_VALUE, reportEvery), r.getIncludeLogWeights(), data,
        data == null ? null : ais.negativeFreeEnergies(data), r.getReverse());
  }

  private AisSchedule aisSchedule(EstimatePartitionFunctionRequest r) {
    if (!r.hasSchedule()) {
      return AisSchedule.uniform(1000);
    }
    org.ebmsim.proto.v1.AisSchedule s = r.getSchedule();
    switch (s.getKindCase()) {
      case UNIFORM_STEPS -> {
        return AisSchedule.uniform(count(s.getUniformSteps(), "schedule.uniform_steps", limits.maxScheduleSteps(),
            RequestValidation.MAX_SCHEDULE_STEPS));
      }
      case THREE_SEGMENT_STEPS -> {
        long k = s.getThreeSegmentSteps() == 0 ? AisSchedule.THREE_SEGMENT_STEPS
            : Integer.toUnsignedLong(s.getThreeSegmentSteps());
        limit(k <= limits.maxScheduleSteps(), "schedule.three_segment_steps is " + k + ", above the limit of "
            + limits.maxScheduleSteps() + " (" + RequestValidation.MAX_SCHEDULE_STEPS + ")");
        require(k >= 3, "schedule.three_segment_steps must be >= 3 (got " + k + ")");
        return AisSchedule.threeSegment((int) k);
      }
      case EXPLICIT -> {
        int n = s.getExplicit().getBetasCount();
        require(n >= 2, "schedule.explicit.betas needs at least 2 entries, from 0 to 1 (got " + n + ")");
        limit(n <= limits.maxScheduleSteps() + 1L, "schedule.explicit.betas has " + n + " entries, above the limit of "
            + limits.maxScheduleSteps() + " (" + RequestValidation.MAX_SCHEDULE_STEPS + ")");
        double[] betas = new double[n];
        for (int k = 0; k < n; k++) {
          betas[k] = s.getExplicit().getBetas(k);
        }
        try {
          return AisSchedule.of(betas);
        } catch (IllegalArgumentException e) {
          throw new InvalidRequestException("schedule.explicit.betas: " + e.getMessage(), e);
        }
      }
      default -> throw new InvalidRequestException(
          "schedule must set one of uniform_steps, three_segment_steps or explicit");
    }
  }

  /** A stored dataset's held-out rows (its training rows without a held-out split) over the visible layer. */
  private LayerBlock datasetRows(String id, LayerShape visible) {
    TrainingInputs splits = datasets.splits(id);
    TrainingData rows = splits.heldOut().rows() > 0 ? splits.heldOut() : splits.train();
    limit(rows.rows() <= MAX_DATA_ROWS, "dataset " + id + " has " + rows.rows() + " rows; AIS takes at most "
        + MAX_DATA_ROWS);
    return TrainingGrpcService.inVisibleDomain(rows, visible, id, splits.heldOut().rows() > 0 ? "held-out"
        : "training").toBlock(visible, null);
  }

  /** Data rows over the visible layer, each value in its domain. */
  private static LayerBlock data(EstimatePartitionFunctionRequest r, LayerShape visible) {
    int v = visible.units();
    require(Integer.toUnsignedLong(r.getData().getCols()) == v, "data must have one column per visible unit, " + v
        + " (got " + Integer.toUnsignedString(r.getData().getCols()) + ")");
    double[] values = SpecChecks.matrix(r.getData(), "data", MAX_DATA_ROWS, v);
    int rows = r.getData().getRows();
    LayerBlock out = visible.type() == ValueType.REAL ? LayerBlock.ofFloats(visible, rows)
        : LayerBlock.ofBytes(visible, rows);
    for (int k = 0; k < values.length; k++) {
      double x = values[k];
      if (!visible.accepts(x)) { // message built on failure only
        throw new InvalidRequestException("data[" + k / v + "][" + k % v + "] must be " + visible.domain()
          + " for this model's visible units (got " + x + ")");
      }
      out.set(k / v, k % v, x);
    }
    return out;
  }
}
