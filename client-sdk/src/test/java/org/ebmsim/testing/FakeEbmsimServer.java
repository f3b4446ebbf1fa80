package org.ebmsim.testing;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealProgress;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.AnnealResult;
import org.ebmsim.proto.v1.ChainState;
import org.ebmsim.proto.v1.CompleteEvent;
import org.ebmsim.proto.v1.CompleteProgress;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CompleteResult;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.DeleteModelRequest;
import org.ebmsim.proto.v1.DeleteModelResponse;
import org.ebmsim.proto.v1.EnergyStats;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.ExactSummaryResponse;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.ListModelsRequest;
import org.ebmsim.proto.v1.ListModelsResponse;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelKind;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.SpinMatrix;

/**
 * An in-process gRPC server with deterministic canned implementations of both services, for
 * testing the client side only: it records every request and lets tests observe cancellation
 * and how many stream events were produced.
 *
 * <p>Special model ids: {@link #ENDLESS} streams progress for as long as the client reads,
 * {@link #FAILING} fails after two progress events, {@link #SLOW} never answers exactSummary
 * until cancelled. Any other id must have been created (or {@link #put}) or the call fails
 * with NOT_FOUND. Models list in pages of {@link #PAGE_SIZE}.
 */
public final class FakeEbmsimServer implements AutoCloseable {
  public static final String ENDLESS = "m-endless";
  public static final String FAILING = "m-failing";
  public static final String SLOW = "m-slow";
  public static final int PAGE_SIZE = 2;
  /** Progress events before the result of a normal anneal. */
  public static final int ANNEAL_PROGRESS_EVENTS = 3;

  private final String name = InProcessServerBuilder.generateName();
  private final Server server;
  private final Map<String, Model> models = new ConcurrentHashMap<>();
  private final List<String> order = new CopyOnWriteArrayList<>();
  private final AtomicInteger nextId = new AtomicInteger(1);

  /** Every request received, in arrival order. */
  public final List<Object> requests = new CopyOnWriteArrayList<>();
  /** Counted down when a streaming or slow call is cancelled by the client. */
  public final CountDownLatch cancelled = new CountDownLatch(1);
  /** Events the endless stream has handed to gRPC. */
  public final AtomicLong endlessEventsSent = new AtomicLong();

  public FakeEbmsimServer() throws IOException {
    server = InProcessServerBuilder.forName(name)
        .addService(new Models())
        .addService(new Simulation())
        .build()
        .start();
  }

  /** A new channel to this server; whoever uses it shuts it down. */
  public ManagedChannel newChannel() {
    return InProcessChannelBuilder.forName(name).build();
  }

  /** Stores {@code model} as if created. */
  public void put(Model model) {
    models.put(model.getId(), model);
    order.add(model.getId());
  }

  /** Requests of type {@code type}, in arrival order. */
  public <T> List<T> requests(Class<T> type) {
    List<T> out = new ArrayList<>();
    for (Object r : requests) {
      if (type.isInstance(r)) {
        out.add(type.cast(r));
      }
    }
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** A small image model: 2x3 image, 6 units, 2 stored patterns. */
  public static Model imageModel(String id) {
    return Model.newBuilder()
        .setId(id)
        .setName("tiny")
        .setKind(ModelKind.HOPFIELD)
        .setUnits(6)
        .setVisibleUnits(6)
        .setStoredPatterns(2)
        .setImageShape(ImageShape.newBuilder().setHeight(2).setWidth(3))
        .setCreatedUnixMs(1_700_000_000_000L)
        .build();
  }

  private static ChainState state(int chain, double energy, int units) {
    ChainState.Builder b = ChainState.newBuilder().setChain(chain).setEnergy(energy);
    for (int i = 0; i < units; i++) {
      b.addSpins(i % 2 == 0 ? 1 : -1);
    }
    return b.build();
  }

  private static AnnealEvent progress(long sweep, long total) {
    return AnnealEvent.newBuilder()
        .setProgress(AnnealProgress.newBuilder()
            .setSweep(sweep)
            .setTotalSweeps(total)
            .setTemperature(1.0)
            .setEnergy(EnergyStats.newBuilder().setMin(-2.0 - sweep).setMean(-1.0).setMax(0.0))
            .setFlipRate(0.25)
            .setBestEnergy(-2.0 - sweep))
        .build();
  }

  private boolean unknown(String id, StreamObserver<?> response) {
    if (models.containsKey(id)) {
      return false;
    }
    response.onError(Status.NOT_FOUND.withDescription("no model with id " + id).asRuntimeException());
    return true;
  }

  private final class Models extends ModelServiceGrpc.ModelServiceImplBase {
    @Override
    public void createModel(CreateModelRequest request, StreamObserver<Model> response) {
      requests.add(request);
      Model.Builder m = Model.newBuilder()
          .setId(String.format("m-%016x", nextId.getAndIncrement()))
          .setName(request.getName())
          .setCreatedUnixMs(1_700_000_000_000L);
      switch (request.getSpecCase()) {
        case HOPFIELD_PATTERNS -> {
          SpinMatrix p = request.getHopfieldPatterns().getPatterns();
          m.setKind(ModelKind.HOPFIELD).setUnits(p.getCols()).setVisibleUnits(p.getCols())
              .setStoredPatterns(p.getRows()).setRule(request.getHopfieldPatterns().getRule())
              .setImageShape(request.getHopfieldPatterns().getImageShape());
        }
        case HOPFIELD_WEIGHTS -> {
          int n = request.getHopfieldWeights().getWeights().getRows();
          m.setKind(ModelKind.HOPFIELD).setUnits(n).setVisibleUnits(n);
        }
        case BOLTZMANN -> {
          int n = request.getBoltzmann().getWeights().getRows();
          int v = request.getBoltzmann().getVisibleUnits();
          m.setKind(ModelKind.BOLTZMANN_MACHINE).setUnits(n).setVisibleUnits(v).setHiddenUnits(n - v);
        }
        case RBM -> {
          int v = request.getRbm().getWeights().getRows();
          int h = request.getRbm().getWeights().getCols();
          m.setKind(ModelKind.RBM).setRbmVariant(request.getRbm().getVariant()).setUnits(v + h).setVisibleUnits(v)
              .setHiddenUnits(h).setInverseTemperature(request.getRbm().getInverseTemperature())
              .setImageShape(request.getRbm().getImageShape());
        }
        default -> {
          response.onError(Status.INVALID_ARGUMENT.withDescription("spec is required").asRuntimeException());
          return;
        }
      }
      Model model = m.build();
      put(model);
      response.onNext(model);
      response.onCompleted();
    }

    @Override
    public void getModel(GetModelRequest request, StreamObserver<Model> response) {
      requests.add(request);
      if (!unknown(request.getId(), response)) {
        response.onNext(models.get(request.getId()));
        response.onCompleted();
      }
    }

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> response) {
      requests.add(request);
      int start = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
      int end = Math.min(order.size(), start + PAGE_SIZE);
      ListModelsResponse.Builder page = ListModelsResponse.newBuilder();
      for (String id : order.subList(start, end)) {
        page.addModels(models.get(id));
      }
      if (end < order.size()) {
        page.setNextPageToken(Integer.toString(end));
      }
      response.onNext(page.build());
      response.onCompleted();
    }

    @Override
    public void deleteModel(DeleteModelRequest request, StreamObserver<DeleteModelResponse> response) {
      requests.add(request);
      if (!unknown(request.getId(), response)) {
        models.remove(request.getId());
        order.remove(request.getId());
        response.onNext(DeleteModelResponse.getDefaultInstance());
        response.onCompleted();
      }
    }
  }

  private final class Simulation extends SimulationServiceGrpc.SimulationServiceImplBase {
    @Override
    public void exactSummary(ExactSummaryRequest request, StreamObserver<ExactSummaryResponse> response) {
      requests.add(request);
      if (request.getModelId().equals(SLOW)) {
        // Never answers: the client's deadline must end the call.
        ((ServerCallStreamObserver<ExactSummaryResponse>) response).setOnCancelHandler(cancelled::countDown);
        return;
      }
      if (unknown(request.getModelId(), response)) {
        return;
      }
      response.onNext(ExactSummaryResponse.newBuilder()
          .setLogZ(4.5)
          .setMeanEnergy(-3.0)
          .setHeatCapacity(0.5)
          .setEntropy(1.5)
          .addMarginals(0.5).addMarginals(0.25)
          .setGroundEnergy(-6.0)
          .setGroundStateCount(2)
          .setGroundStates(SpinMatrix.newBuilder().setRows(2).setCols(6)
              .addSpins(1).addSpins(1).addSpins(1).addSpins(-1).addSpins(-1).addSpins(-1)
              .addSpins(-1).addSpins(-1).addSpins(-1).addSpins(1).addSpins(1).addSpins(1))
          .setUnits(6)
          .build());
      response.onCompleted();
    }

    @Override
    public void anneal(AnnealRequest request, StreamObserver<AnnealEvent> response) {
      requests.add(request);
      ServerCallStreamObserver<AnnealEvent> call = (ServerCallStreamObserver<AnnealEvent>) response;
      call.setOnCancelHandler(cancelled::countDown);
      String id = request.getModelId();
      if (id.equals(ENDLESS)) {
        // Flow controlled: produce only while the client can take more.
        call.setOnReadyHandler(() -> {
          while (call.isReady() && !call.isCancelled()) {
            call.onNext(progress(endlessEventsSent.incrementAndGet(), 0));
          }
        });
        return;
      }
      if (id.equals(FAILING)) {
        call.onNext(progress(1, 10));
        call.onNext(progress(2, 10));
        call.onError(Status.INTERNAL.withDescription("chain group crashed").asRuntimeException());
        return;
      }
      if (unknown(id, response)) {
        return;
      }
      int units = models.get(id).getUnits();
      for (int i = 1; i <= ANNEAL_PROGRESS_EVENTS; i++) {
        call.onNext(progress(i * 10L, ANNEAL_PROGRESS_EVENTS * 10L));
      }
      AnnealResult.Builder result = AnnealResult.newBuilder()
          .setSweeps(ANNEAL_PROGRESS_EVENTS * 10L)
          .setFinalEnergy(EnergyStats.newBuilder().setMin(-6).setMean(-5).setMax(-4));
      for (int c = 0; c < Math.max(1, request.getChains()); c++) {
        result.addBestPerChain(state(c, -6.0 + c, units));
      }
      result.setBest(result.getBestPerChain(0));
      call.onNext(AnnealEvent.newBuilder().setResult(result).build());
      call.onCompleted();
    }

    @Override
    public void complete(CompleteRequest request, StreamObserver<CompleteEvent> response) {
      requests.add(request);
      if (unknown(request.getModelId(), response)) {
        return;
      }
      // The cue used: masked values as given, or a noisy cue's explicit pattern.
      List<Integer> cue = request.hasMasked()
          ? request.getMasked().getValuesList()
          : request.getNoisy().getExplicit().getSpinsList();
      if (cue.isEmpty()) {
        cue = List.of(1, -1, 1, -1, 1, -1);
      }
      response.onNext(CompleteEvent.newBuilder()
          .setProgress(CompleteProgress.newBuilder().setSweep(1).setEnergy(-3).addOverlaps(0.5).addOverlaps(-0.9)
              .setHammingToCue(1).setFlipRate(0.1))
          .build());
      CompleteResult.Builder result = CompleteResult.newBuilder()
          .setBestPattern(1).setBestOverlap(-1.0).addOverlaps(0.3).addOverlaps(-1.0)
          .setEnergy(-6).setSweeps(2).setConverged(true);
      int hamming = 0;
      for (int v : cue) {
        int completed = v == 0 ? 1 : v;
        result.addCue(v).addCompleted(completed).addProbabilityPlus(completed > 0 ? 1 : 0);
        hamming += v != 0 && v != completed ? 1 : 0;
      }
      response.onNext(CompleteEvent.newBuilder().setResult(result.setHammingToCue(hamming)).build());
      response.onCompleted();
    }
  }
}
