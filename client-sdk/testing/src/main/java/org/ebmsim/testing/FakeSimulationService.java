package org.ebmsim.testing;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import org.ebmsim.proto.v1.AisProgress;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealProgress;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.AnnealResult;
import org.ebmsim.proto.v1.ChainState;
import org.ebmsim.proto.v1.CompleteEvent;
import org.ebmsim.proto.v1.CompleteProgress;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CompleteResult;
import org.ebmsim.proto.v1.EnergyStats;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.ExactSummaryResponse;
import org.ebmsim.proto.v1.LayerInfo;
import org.ebmsim.proto.v1.LayerMarginals;
import org.ebmsim.proto.v1.LayerState;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.PartitionFunctionEvent;
import org.ebmsim.proto.v1.PartitionFunctionResult;
import org.ebmsim.proto.v1.SessionStarted;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.ValueType;

/**
 * The fake SimulationService. Every session stream sends {@code started} first (with the model
 * version asked for, NOT_FOUND for one not stored) and registers the session with the fake
 * SessionService; a detached request gets only {@code started} (its
 * canned result waits in the session until someone watches it).
 *
 * <p>Canned answers: anneal sends {@link FakeEbmsimServer#ANNEAL_PROGRESS_EVENTS} progress
 * events, then a result over all requested chains (chain c's best energy is -6 + c, so chain 0
 * is best; best states for the first result_states chains, default min(chains, 64)). Complete
 * sends one progress event, then completes every unknown unit with the layer's high value and
 * reports stored pattern 1 as the best match, as its mirror image (overlap -1). ExactSummary
 * returns log Z 4.5, marginals of the visible layer 0.5, 0.25, and two ground states. AIS sends
 * progress every report interval and a log Z of 7.5.
 */
final class FakeSimulationService extends SimulationServiceGrpc.SimulationServiceImplBase {
  private final FakeEbmsimServer fake;

  FakeSimulationService(FakeEbmsimServer fake) {
    this.fake = fake;
  }

  // ---- anneal ---------------------------------------------------------------------------

  @Override
  public void anneal(AnnealRequest request, StreamObserver<AnnealEvent> response) {
    fake.requests.add(request);
    ServerCallStreamObserver<AnnealEvent> call = (ServerCallStreamObserver<AnnealEvent>) response;
    call.setOnCancelHandler(fake.cancelled::countDown);
    String id = request.getModelId();
    if (id.equals(FakeEbmsimServer.ENDLESS)) {
      Model model = FakeEbmsimServer.imageModel(id);
      call.onNext(AnnealEvent.newBuilder().setStarted(fake.sessions.start("anneal", model, chains(request), 0, false,
          null)).build());
      // Flow controlled: produce only while the client can take more.
      call.setOnReadyHandler(() -> {
        while (call.isReady() && !call.isCancelled()) {
          call.onNext(AnnealEvent.newBuilder().setProgress(annealProgress(fake.endlessEventsSent.incrementAndGet(), 0))
              .build());
        }
      });
      return;
    }
    if (id.equals(FakeEbmsimServer.FAILING)) {
      Model model = FakeEbmsimServer.imageModel(id);
      call.onNext(AnnealEvent.newBuilder().setStarted(fake.sessions.start("anneal", model, chains(request), 10, false,
          null)).build());
      call.onNext(AnnealEvent.newBuilder().setProgress(annealProgress(1, 10)).build());
      call.onNext(AnnealEvent.newBuilder().setProgress(annealProgress(2, 10)).build());
      call.onError(Status.INTERNAL.withDescription("chain group crashed").asRuntimeException());
      return;
    }
    Model model = fake.modelAt(id, request.getModelVersion(), response);
    if (model == null) {
      return;
    }
    AnnealResult result = annealResult(request, model);
    SessionStarted started = fake.sessions.start("anneal", model, chains(request), FakeEbmsimServer.ANNEAL_SWEEPS,
        request.getDetached(), s -> s.setAnneal(result));
    call.onNext(AnnealEvent.newBuilder().setStarted(started).build());
    if (request.getDetached()) {
      call.onCompleted();
      return;
    }
    for (int i = 1; i <= FakeEbmsimServer.ANNEAL_PROGRESS_EVENTS; i++) {
      call.onNext(AnnealEvent.newBuilder().setProgress(annealProgress(i * 10L, FakeEbmsimServer.ANNEAL_SWEEPS)).build());
    }
    call.onNext(AnnealEvent.newBuilder().setResult(result).build());
    fake.sessions.finish(started.getSessionId());
    call.onCompleted();
  }

  private static int chains(AnnealRequest request) {
    return Math.max(1, request.getChains());
  }

  static AnnealProgress annealProgress(long sweep, long total) {
    return AnnealProgress.newBuilder()
        .setSweep(sweep)
        .setTotalSweeps(total)
        .setTemperature(1.0)
        .setEnergy(EnergyStats.newBuilder().setMin(-2.0 - sweep).setMean(-1.0).setMax(0.0))
        .setFlipRate(0.25)
        .setBestEnergy(-2.0 - sweep)
        .build();
  }

  private static AnnealResult annealResult(AnnealRequest request, Model model) {
    int chains = chains(request);
    int shown = request.getResultStates() == 0 ? Math.min(chains, 64) : Math.min(chains, request.getResultStates());
    AnnealResult.Builder result = AnnealResult.newBuilder()
        .setSweeps(FakeEbmsimServer.ANNEAL_SWEEPS)
        .setChains(chains)
        .setFinalEnergy(EnergyStats.newBuilder().setMin(-6).setMean(-5).setMax(-4));
    for (int c = 0; c < chains; c++) {
      result.addBestEnergies(-6.0 + c);
    }
    for (int c = 0; c < shown; c++) {
      result.addBestPerChain(chainState(c, -6.0 + c, model.getLayersList()));
    }
    result.setBest(chainState(0, -6.0, model.getLayersList()));
    if (request.getRetainFinalStates()) {
      for (LayerInfo layer : model.getLayersList()) {
        double[][] rows = new double[chains][layer.getUnits()];
        for (double[] row : rows) {
          java.util.Arrays.fill(row, FakeStates.high(layer.getType()));
        }
        result.addFinalStates(FakeStates.state(layer, rows));
      }
    }
    return result.build();
  }

  private static ChainState chainState(int chain, double energy, List<LayerInfo> layers) {
    return ChainState.newBuilder().setChain(chain).setEnergy(energy).addAllLayers(FakeStates.alternating(layers))
        .build();
  }

  // ---- complete -------------------------------------------------------------------------

  @Override
  public void complete(CompleteRequest request, StreamObserver<CompleteEvent> response) {
    fake.requests.add(request);
    Model model = fake.modelAt(request.getModelId(), request.getModelVersion(), response);
    if (model == null) {
      return;
    }
    CompleteResult result = completeResult(request, model.getLayers(0));
    SessionStarted started = fake.sessions.start("complete", model, Math.max(1, request.getChains()), 100,
        request.getDetached(), s -> s.setComplete(result));
    response.onNext(CompleteEvent.newBuilder().setStarted(started).build());
    if (request.getDetached()) {
      response.onCompleted();
      return;
    }
    response.onNext(CompleteEvent.newBuilder().setProgress(completeProgress(1)).build());
    response.onNext(CompleteEvent.newBuilder().setResult(result).build());
    fake.sessions.finish(started.getSessionId());
    response.onCompleted();
  }

  static CompleteProgress completeProgress(long sweep) {
    return CompleteProgress.newBuilder().setSweep(sweep).setEnergy(-3).addOverlaps(0.5).addOverlaps(-0.9)
        .setHammingToCue(1).setFlipRate(0.1).setTotalSweeps(100).build();
  }

  private static CompleteResult completeResult(CompleteRequest request, LayerInfo visible) {
    int v = visible.getUnits();
    double high = FakeStates.high(visible.getType());
    double low = FakeStates.low(visible.getType());
    double[] cue = new double[v];
    boolean[] known = new boolean[v];
    if (request.hasMasked()) {
      for (int i = 0; i < v; i++) {
        known[i] = i < request.getMasked().getKnownCount() && request.getMasked().getKnown(i);
        double value = visible.getType() == ValueType.VALUE_REAL
            ? (i < request.getMasked().getRealValuesCount() ? request.getMasked().getRealValues(i) : 0)
            : (i < request.getMasked().getValuesCount() ? request.getMasked().getValues(i) : 0);
        cue[i] = known[i] ? value : low;
      }
    } else {
      java.util.Arrays.fill(known, true);
      for (int i = 0; i < v; i++) {
        if (request.getNoisy().hasReal()) {
          cue[i] = i < request.getNoisy().getReal().getValuesCount() ? request.getNoisy().getReal().getValues(i) : 0;
        } else if (request.getNoisy().hasExplicit()) {
          int s = i < request.getNoisy().getExplicit().getSpinsCount() ? request.getNoisy().getExplicit().getSpins(i) : 1;
          cue[i] = s > 0 ? high : low;
        } else {
          cue[i] = i % 2 == 0 ? high : low;
        }
      }
    }
    double[] completed = new double[v];
    int hamming = 0;
    CompleteResult.Builder result = CompleteResult.newBuilder()
        .setBestPattern(1).setBestOverlap(-1.0).setBestIsMirror(true).addOverlaps(0.3).addOverlaps(-1.0)
        .setEnergy(-6).setSweeps(2).setConverged(true);
    for (int i = 0; i < v; i++) {
      completed[i] = known[i] ? cue[i] : high;
      result.addKnown(known[i]).addUnitMeans(completed[i] == high ? 1 : 0);
      hamming += known[i] && completed[i] != cue[i] ? 1 : 0;
    }
    LayerState cueState = FakeStates.state(visible, new double[][] {cue});
    LayerState completedState = FakeStates.state(visible, new double[][] {completed});
    return result.setCue(cueState).setCompleted(completedState).setHammingToCue(hamming).build();
  }

  // ---- exact ----------------------------------------------------------------------------

  @Override
  public void exactSummary(ExactSummaryRequest request, StreamObserver<ExactSummaryResponse> response) {
    fake.requests.add(request);
    if (request.getModelId().equals(FakeEbmsimServer.SLOW)) {
      // Never answers: the client's deadline must end the call.
      ((ServerCallStreamObserver<ExactSummaryResponse>) response).setOnCancelHandler(fake.cancelled::countDown);
      return;
    }
    Model model = fake.modelAt(request.getModelId(), request.getModelVersion(), response);
    if (model == null) {
      return;
    }
    ExactSummaryResponse.Builder r = ExactSummaryResponse.newBuilder()
        .setLogZ(4.5).setLogZJoint(4.5).setLogZVisible(4.5)
        .setHasEnergyMoments(true).setMeanEnergy(-3.0).setHeatCapacity(0.5).setEntropy(1.5)
        .setGroundEnergy(-6.0).setGroundStateCount(2).setUnits(model.getUnits());
    for (LayerInfo layer : model.getLayersList()) {
      LayerMarginals.Builder m = LayerMarginals.newBuilder().setLayer(layer.getName());
      for (int i = 0; i < layer.getUnits(); i++) {
        m.addValues(i % 2 == 0 ? 0.5 : 0.25);
      }
      r.addMarginals(m);
      double[][] ground = new double[2][layer.getUnits()];
      for (int i = 0; i < layer.getUnits(); i++) {
        boolean firstHalf = i < (layer.getUnits() + 1) / 2;
        ground[0][i] = firstHalf ? FakeStates.high(layer.getType()) : FakeStates.low(layer.getType());
        ground[1][i] = firstHalf ? FakeStates.low(layer.getType()) : FakeStates.high(layer.getType());
      }
      r.addGroundStates(FakeStates.state(layer, ground));
    }
    response.onNext(r.build());
    response.onCompleted();
  }

  // ---- partition function ---------------------------------------------------------------

  @Override
  public void estimatePartitionFunction(EstimatePartitionFunctionRequest request,
      StreamObserver<PartitionFunctionEvent> response) {
    fake.requests.add(request);
    Model model = fake.modelAt(request.getModelId(), request.getModelVersion(), response);
    if (model == null) {
      return;
    }
    if (!model.getCapabilities().getPartitionFunction()) {
      response.onError(Status.FAILED_PRECONDITION.withDescription("model " + model.getId() + " ("
          + model.getFamily() + ") has no AIS path; use ExactSummary for small models").asRuntimeException());
      return;
    }
    if (request.getChains() == 0) {
      response.onError(Status.INVALID_ARGUMENT.withDescription("chains must be >= 1 (got 0)").asRuntimeException());
      return;
    }
    int steps = steps(request);
    int every = request.getReportEvery() == 0 ? Math.max(1, steps / 20) : request.getReportEvery();
    PartitionFunctionResult.Builder result = PartitionFunctionResult.newBuilder().setLogZ(7.5).setStdError(0.01)
        .setEffectiveSampleSize(0.9 * request.getChains()).setChains(request.getChains()).setLogZJoint(7.5)
        .setLogZVisible(7.5);
    if (request.hasData()) {
      result.setHasLogLikelihood(true).setMeanLogLikelihood(-3.5).setLogLikelihoodStdError(0.01)
          .setLogLikelihoodDataStdError(0.5);
    }
    if (request.getReverse()) {
      result.setHasReverse(true).setReverseLogZ(7.52).setReverseStdError(0.02);
    }
    PartitionFunctionResult done = result.build();
    SessionStarted started = fake.sessions.start("partition_function", model, request.getChains(), steps,
        request.getDetached(), s -> s.setPartitionFunction(done));
    response.onNext(PartitionFunctionEvent.newBuilder().setStarted(started).build());
    if (request.getDetached()) {
      response.onCompleted();
      return;
    }
    for (AisProgress p : aisProgress(steps, every, request.getChains())) {
      response.onNext(PartitionFunctionEvent.newBuilder().setProgress(p).build());
    }
    response.onNext(PartitionFunctionEvent.newBuilder().setResult(done).build());
    fake.sessions.finish(started.getSessionId());
    response.onCompleted();
  }

  private static int steps(EstimatePartitionFunctionRequest request) {
    if (!request.hasSchedule()) {
      return 1000;
    }
    return switch (request.getSchedule().getKindCase()) {
      case UNIFORM_STEPS -> request.getSchedule().getUniformSteps();
      case THREE_SEGMENT_STEPS -> request.getSchedule().getThreeSegmentSteps() == 0 ? 14_500
          : request.getSchedule().getThreeSegmentSteps();
      case EXPLICIT -> request.getSchedule().getExplicit().getBetasCount() - 1;
      case KIND_NOT_SET -> 1000;
    };
  }

  /** Forward progress at every {@code every} temperatures and at the last one. */
  static List<AisProgress> aisProgress(int steps, int every, int chains) {
    List<AisProgress> out = new ArrayList<>();
    for (int k = every; k <= steps; k += every) {
      out.add(AisProgress.newBuilder().setStep(k).setTotalSteps(steps).setBeta((double) k / steps)
          .setLogZ(7.5 * k / steps).setHasLogZ(true).setStdError(0.01).setEffectiveSampleSize(0.9 * chains)
          .setDirection("FORWARD").build());
    }
    return out;
  }
}
