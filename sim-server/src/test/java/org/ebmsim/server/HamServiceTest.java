package org.ebmsim.server;

import static org.ebmsim.server.RbmTestServer.expect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ebmsim.dynamics.modern.ham.DenseSynapse;
import org.ebmsim.dynamics.modern.ham.HamIntegrator;
import org.ebmsim.dynamics.modern.ham.HamLayer;
import org.ebmsim.dynamics.modern.ham.HamNetwork;
import org.ebmsim.dynamics.modern.ham.StepMethod;
import org.ebmsim.dynamics.modern.ham.TensorShape;
import org.ebmsim.proto.v1.HamAveragePoolSynapse;
import org.ebmsim.proto.v1.HamConvSynapse;
import org.ebmsim.proto.v1.HamDenseSynapse;
import org.ebmsim.proto.v1.HamEvent;
import org.ebmsim.proto.v1.HamLagrangian;
import org.ebmsim.proto.v1.HamLayerCue;
import org.ebmsim.proto.v1.HamLayerSpec;
import org.ebmsim.proto.v1.HamServiceGrpc;
import org.ebmsim.proto.v1.HamStepMethod;
import org.ebmsim.proto.v1.HamSynapseSpec;
import org.ebmsim.proto.v1.HamTensorShape;
import org.ebmsim.proto.v1.RunHamRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HamService over an in-process server with real stubs: the stream carries exactly the energies
 * of the single-threaded {@link HamIntegrator} (states as float32), clamped cue units stay put, a
 * cancelled call stops its session and every actor, and bad requests get precise statuses.
 */
class HamServiceTest {
  @TempDir Path dataDir;
  private RbmTestServer server;
  private HamServiceGrpc.HamServiceBlockingStub ham;

  @BeforeEach
  void start() {
    server = RbmTestServer.start(dataDir);
    ham = HamServiceGrpc.newBlockingStub(server.channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.close();
  }

  private static final double[] W01 = gaussian(30, 0.6, 1);
  private static final double[] W12 = gaussian(20, 0.6, 2);

  private static double[] gaussian(int n, double sd, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = sd * r.nextGaussian();
    }
    return v;
  }

  private static HamSynapseSpec dense(double[] w) {
    HamDenseSynapse.Builder d = HamDenseSynapse.newBuilder();
    for (double v : w) {
      d.addWeights(v);
    }
    return HamSynapseSpec.newBuilder().setDense(d).build();
  }

  /** 6 tanh (β 1.5) → 5 sigmoid (τ 0.5) → 4 softmax (β 2, τ 2), the cue on layer 0 with units 0 and 2 clamped. */
  private static RunHamRequest.Builder denseRequest(double[] cue) {
    HamLayerCue.Builder c = HamLayerCue.newBuilder().setLayer(0).addClampedUnits(0).addClampedUnits(2);
    for (double v : cue) {
      c.addState(v);
    }
    return RunHamRequest.newBuilder()
        .addLayers(HamLayerSpec.newBuilder().setUnits(6).setLagrangian(HamLagrangian.HAM_TANH).setBeta(1.5))
        .addLayers(HamLayerSpec.newBuilder().setUnits(5).setLagrangian(HamLagrangian.HAM_SIGMOID).setTau(0.5))
        .addLayers(HamLayerSpec.newBuilder().setUnits(4).setLagrangian(HamLagrangian.HAM_SOFTMAX).setBeta(2)
            .setTau(2))
        .addSynapses(dense(W01)).addSynapses(dense(W12)).addCue(c)
        .setMethod(HamStepMethod.HAM_RK4).setDt(0.1).setSteps(20).setReportEvery(5);
  }

  private static HamNetwork denseNetwork() {
    TensorShape s0 = TensorShape.dense(6);
    TensorShape s1 = TensorShape.dense(5);
    TensorShape s2 = TensorShape.dense(4);
    return HamNetwork.of(List.of(HamLayer.of(s0, "tanh", Map.of("beta", 1.5), 1), HamLayer.of(s1, "sigmoid", null,
        0.5), HamLayer.of(s2, "softmax", Map.of("beta", 2.0), 2)), List.of(new DenseSynapse(s0, s1, W01),
            new DenseSynapse(s1, s2, W12)));
  }

  private static float[] floats(List<Float> values) {
    float[] f = new float[values.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = values.get(i);
    }
    return f;
  }

  private static float[] floats(double[] values) {
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) values[i];
    }
    return f;
  }

  @Test
  void runHam_streamsTheIntegratorsTrajectory_clampedUnitsStayPut() {
    double[] cue = gaussian(6, 1, 3);
    List<HamEvent> events = new ArrayList<>();
    ham.runHam(denseRequest(cue).build()).forEachRemaining(events::add);
    double[][] x0 = {cue.clone(), new double[5], new double[4]};
    boolean[][] clamped = {new boolean[] {true, false, true, false, false, false}, null, null};
    HamIntegrator reference = new HamIntegrator(denseNetwork(), StepMethod.RK4, 0.1, false, clamped, x0);
    assertEquals(1 + 3 + 1, events.size(), "started, reports after 5, 10, 15, result");
    assertTrue(events.get(0).hasStarted());
    assertEquals(reference.energy(), events.get(0).getStarted().getEnergy(), 0);
    assertEquals(List.of(6, 5, 4), events.get(0).getStarted().getLayerUnitsList());
    assertEquals(4, events.get(0).getStarted().getStagesPerStep());
    for (int k = 1; k <= 3; k++) {
      reference.run(5);
      var r = events.get(k).getReport();
      assertEquals(5L * k, r.getStep());
      assertEquals(reference.energy(), r.getEnergy(), 0, "energy after step " + r.getStep());
      for (int a = 0; a < 3; a++) {
        assertArrayEquals(floats(reference.state(a)), floats(r.getLayers(a).getValuesList()));
      }
    }
    reference.run(5);
    var result = events.get(4).getResult();
    assertEquals(20, result.getSteps());
    assertEquals(reference.energy(), result.getEnergy(), 0);
    assertFalse(result.getConverged());
    float[] v = floats(result.getLayers(0).getValuesList());
    assertEquals((float) cue[0], v[0]);
    assertEquals((float) cue[2], v[2]);
    assertTrue(v[1] != (float) cue[1], "a free unit moved");
  }

  @Test
  void langevin_onIdentityLayers_runs_andIsReproducible() {
    RunHamRequest request = RunHamRequest.newBuilder()
        .addLayers(HamLayerSpec.newBuilder().setUnits(2).setLagrangian(HamLagrangian.HAM_IDENTITY))
        .addLayers(HamLayerSpec.newBuilder().setUnits(1).setLagrangian(HamLagrangian.HAM_IDENTITY))
        .addSynapses(dense(new double[] {0.3, -0.2})).setDt(0.05).setSteps(50).setReportEvery(10)
        .setTemperature(0.5).setSeed(7).build();
    List<HamEvent> a = new ArrayList<>();
    List<HamEvent> b = new ArrayList<>();
    ham.runHam(request).forEachRemaining(a::add);
    ham.runHam(request).forEachRemaining(b::add);
    assertTrue(!a.get(0).getStarted().getSessionId().equals(b.get(0).getStarted().getSessionId()), "two sessions");
    // everything but the session id
    a.set(0, a.get(0).toBuilder().setStarted(a.get(0).getStarted().toBuilder().clearSessionId()).build());
    b.set(0, b.get(0).toBuilder().setStarted(b.get(0).getStarted().toBuilder().clearSessionId()).build());
    assertEquals(a, b, "same request and seed, same stream");
    assertFalse(a.get(a.size() - 1).getResult().getConverged());
  }

  @Test
  void convAndPool_overTheWire() {
    double[] kernel = gaussian(2 * 9, 0.4, 4);
    HamConvSynapse.Builder conv = HamConvSynapse.newBuilder().setKernelHeight(3).setKernelWidth(3).setStride(1);
    for (double k : kernel) {
      conv.addKernel(k);
    }
    RunHamRequest request = RunHamRequest.newBuilder()
        .addLayers(HamLayerSpec.newBuilder().setShape(shape(1, 6, 6)).setLagrangian(HamLagrangian.HAM_IDENTITY))
        .addLayers(HamLayerSpec.newBuilder().setShape(shape(2, 4, 4)).setLagrangian(HamLagrangian.HAM_CHANNEL_SOFTMAX))
        .addLayers(HamLayerSpec.newBuilder().setShape(shape(2, 2, 2)).setLagrangian(HamLagrangian.HAM_RELU))
        .addSynapses(HamSynapseSpec.newBuilder().setConv(conv))
        .addSynapses(HamSynapseSpec.newBuilder().setAveragePool(HamAveragePoolSynapse.newBuilder().setWindowHeight(2)
            .setWindowWidth(2).setStride(2)))
        .addCue(HamLayerCue.newBuilder().setLayer(0).addAllState(boxed(gaussian(36, 1, 5))).setClampAll(true))
        .setDt(0.1).setSteps(10000).setReportEvery(10000).setTolerance(1e-7).build();
    Iterator<HamEvent> it = ham.runHam(request);
    HamEvent last = null;
    while (it.hasNext()) {
      last = it.next();
    }
    assertTrue(last.getResult().getConverged(), "a clamped input settles: " + last);
    assertTrue(last.getResult().getSteps() < 10000);
  }

  private static List<Double> boxed(double[] v) {
    List<Double> l = new ArrayList<>();
    for (double x : v) {
      l.add(x);
    }
    return l;
  }

  private static HamTensorShape shape(int c, int h, int w) {
    return HamTensorShape.newBuilder().setChannels(c).setHeight(h).setWidth(w).build();
  }

  @Test
  void cancel_endsTheCall_andStopsEveryActor() throws Exception {
    long before = server.server.engine().census().live();
    CompletableFuture<Void> firstReport = new CompletableFuture<>();
    CompletableFuture<Status> ended = new CompletableFuture<>();
    HamServiceGrpc.newStub(server.channel).runHam(denseRequest(new double[6]).setSteps(1_000_000).setReportEvery(1)
        .setDt(0.001).build(), new ClientResponseObserver<RunHamRequest, HamEvent>() {
          private ClientCallStreamObserver<RunHamRequest> call;

          @Override
          public void beforeStart(ClientCallStreamObserver<RunHamRequest> requestStream) {
            call = requestStream;
          }

          @Override
          public void onNext(HamEvent value) {
            if (value.hasReport() && !firstReport.isDone()) {
              firstReport.complete(null);
              call.cancel("enough", null);
            }
          }

          @Override
          public void onError(Throwable t) {
            ended.complete(Status.fromThrowable(t));
          }

          @Override
          public void onCompleted() {
            ended.complete(Status.OK);
          }
        });
    firstReport.get(30, TimeUnit.SECONDS);
    assertEquals(Status.Code.CANCELLED, ended.get(30, TimeUnit.SECONDS).getCode());
    assertTrue(server.server.engine().census().awaitAtMost(before, Duration.ofSeconds(20)),
        "actors still alive after cancel: " + server.server.engine().census().livePaths());
  }

  @Test
  void badRequests_getPreciseStatuses() {
    double[] cue = new double[6];
    expect(Status.Code.INVALID_ARGUMENT, "needs the identity Lagrangian on every evolving layer", () ->
        ham.runHam(denseRequest(cue).setMethod(HamStepMethod.HAM_EULER).setTemperature(1).build()).next());
    expect(Status.Code.INVALID_ARGUMENT, "needs method HAM_EULER", () ->
        ham.runHam(denseRequest(cue).setTemperature(1).build()).next());
    expect(Status.Code.INVALID_ARGUMENT, "dt must be finite, > 0", () ->
        ham.runHam(denseRequest(cue).setDt(0).build()).next());
    expect(Status.Code.INVALID_ARGUMENT, "dt must be finite, > 0", () ->
        ham.runHam(denseRequest(cue).setDt(Double.NaN).build()).next());
    expect(Status.Code.INVALID_ARGUMENT, "steps must be >= 1", () ->
        ham.runHam(denseRequest(cue).setSteps(0).build()).next());
    expect(Status.Code.RESOURCE_EXHAUSTED, "max-schedule-steps", () ->
        ham.runHam(denseRequest(cue).setSteps(-1).build()).next());
    expect(Status.Code.RESOURCE_EXHAUSTED, "max-units", () ->
        ham.runHam(denseRequest(cue).setLayers(1, HamLayerSpec.newBuilder().setUnits(RbmTestServer.MAX_UNITS + 1)
            .setLagrangian(HamLagrangian.HAM_SIGMOID)).build()).next());
    expect(Status.Code.INVALID_ARGUMENT, "synapses[0].dense.weights must have 5 x 6 = 30 entries", () ->
        ham.runHam(denseRequest(cue).setSynapses(0, dense(new double[29])).build()).next());
    expect(Status.Code.INVALID_ARGUMENT, "layers[1].lagrangian must be one of", () ->
        ham.runHam(denseRequest(cue).setLayers(1, HamLayerSpec.newBuilder().setUnits(5)).build()).next());
    expect(Status.Code.INVALID_ARGUMENT, "layers[0].beta must be 0 for identity", () ->
        ham.runHam(denseRequest(cue).setLayers(0, HamLayerSpec.newBuilder().setUnits(6)
            .setLagrangian(HamLagrangian.HAM_IDENTITY).setBeta(2)).build()).next());
    expect(Status.Code.INVALID_ARGUMENT, "synapses: a network of 3 layers needs 2 synapses", () ->
        ham.runHam(denseRequest(cue).removeSynapses(1).build()).next());
    expect(Status.Code.INVALID_ARGUMENT, "cue[0].state must have 6 values", () ->
        ham.runHam(denseRequest(new double[5]).build()).next());
    expect(Status.Code.INVALID_ARGUMENT, "cue[1].layer must be in [0, 3)", () ->
        ham.runHam(denseRequest(cue).addCue(HamLayerCue.newBuilder().setLayer(3)).build()).next());
    expect(Status.Code.INVALID_ARGUMENT, "cue[0].clamped_units[2] must be in [0, 6)", () ->
        ham.runHam(denseRequest(cue).setCue(0, HamLayerCue.newBuilder().setLayer(0).addClampedUnits(0)
            .addClampedUnits(1).addClampedUnits(6)).build()).next());
    expect(Status.Code.INVALID_ARGUMENT, "temperature must be finite, >= 0", () ->
        ham.runHam(denseRequest(cue).setTemperature(-1).build()).next());
    // conv kernel larger than its input, pooling shapes that do not match the layer above
    RunHamRequest.Builder conv = RunHamRequest.newBuilder()
        .addLayers(HamLayerSpec.newBuilder().setShape(shape(1, 3, 3)).setLagrangian(HamLagrangian.HAM_IDENTITY))
        .addLayers(HamLayerSpec.newBuilder().setShape(shape(1, 1, 1)).setLagrangian(HamLagrangian.HAM_RELU))
        .addSynapses(HamSynapseSpec.newBuilder().setConv(HamConvSynapse.newBuilder().setKernelHeight(4)
            .setKernelWidth(4).addAllKernel(boxed(new double[16]))))
        .setDt(0.1).setSteps(1);
    expect(Status.Code.INVALID_ARGUMENT, "synapses[0].conv: kernel 4x4 must be at least 1x1 and no larger than its"
        + " input 3x3", () -> ham.runHam(conv.build()).next());
    expect(Status.Code.INVALID_ARGUMENT, "but the layer above is 1x1x1", () -> ham.runHam(conv.setSynapses(0,
        HamSynapseSpec.newBuilder().setAveragePool(HamAveragePoolSynapse.newBuilder().setWindowHeight(2)
            .setWindowWidth(2).setStride(1))).build()).next());
  }
}
