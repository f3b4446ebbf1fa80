package org.ebmsim.load;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ebmsim.bench.GibbsSweepBenchmark;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.ising.IsingModel;
import org.ebmsim.dynamics.ising.IsingSampling;
import org.ebmsim.dynamics.sampling.BatchSampler;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.ExplicitSchedule;
import org.ebmsim.proto.v1.HopfieldFromWeights;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.server.EbmsimServer;

/**
 * A whole Anneal session against the kernel it runs: 64 chains of the N = 1000 SK model (the
 * couplings of {@link GibbsSweepBenchmark}), 1000 heat-bath sweeps at T = 1, first as bare
 * {@link BatchSampler}s (4 batches of 16 chains, the engine's default grouping, on 2 threads, the
 * sampling dispatcher's size on this machine), then end to end through gRPC on a server in this
 * JVM (request sent → result received, model already created). Prints both medians and their
 * ratio: what the actors, the reports and the stream add to the kernel.
 *
 * <p>{@code java --add-modules jdk.incubator.vector -cp loadtests/target/benchmarks.jar
 * org.ebmsim.load.AnnealSessionVsKernel [--repeats 5]}
 */
public final class AnnealSessionVsKernel {
  static final int UNITS = GibbsSweepBenchmark.UNITS;
  static final int CHAINS = 64;
  static final int GROUP = 16;
  static final int SWEEPS = 1000;
  static final int THREADS = 2;

  private AnnealSessionVsKernel() {}

  public static void main(String[] args) throws Exception {
    int repeats = args.length == 2 && args[0].equals("--repeats") ? Integer.parseInt(args[1]) : 5;
    double[] w = GibbsSweepBenchmark.skCouplings();
    List<Double> kernel = new ArrayList<>();
    List<Double> session = new ArrayList<>();
    Path dataDir = Files.createTempDirectory("ebmsim-anneal-bench");
    EbmsimServer server = EbmsimServer.start(ConfigFactory.parseMap(Map.of("ebmsim.server.host", "127.0.0.1",
        "ebmsim.server.port", 0, "ebmsim.server.data-dir", dataDir.toString())).withFallback(ConfigFactory.load()));
    ManagedChannel channel = NettyChannelBuilder.forTarget("127.0.0.1:" + server.port()).usePlaintext()
        .maxInboundMessageSize(64 << 20).build();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      Model model = create(channel, w);
      IsingSampling sampling = new IsingSampling(IsingModel.of(UNITS, w, null), UNITS);
      for (int r = 0; r < repeats; r++) { // alternate, so that drift in the machine hits both alike
        kernel.add(kernelSeconds(sampling, pool, r));
        session.add(sessionSeconds(channel, model.getId(), r));
        System.out.printf("run %d: kernel %.3f s, session %.3f s%n", r + 1, kernel.get(r), session.get(r));
      }
    } finally {
      pool.shutdownNow();
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      server.close();
      TempTrees.delete(dataDir);
    }
    double k = median(kernel);
    double s = median(session);
    System.out.printf("Anneal, %d chains x N = %d, %d sweeps: kernel median %.3f s (%.1f updates/us), session"
        + " median %.3f s: session / kernel = %.3f%n", CHAINS, UNITS, SWEEPS, k,
        (double) CHAINS * UNITS * SWEEPS / k / 1e6, s, s / k);
  }

  private static Model create(ManagedChannel channel, double[] w) {
    Matrix.Builder m = Matrix.newBuilder().setRows(UNITS).setCols(UNITS);
    for (double x : w) {
      m.addValues(x);
    }
    return ModelServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS).createModel(
        CreateModelRequest.newBuilder().setName("sk-1000").setHopfieldWeights(HopfieldFromWeights.newBuilder()
            .setWeights(m)).build());
  }

  /** 4 batches of 16 chains, 2 per thread, 1000 sweeps each at T = 1. */
  private static double kernelSeconds(IsingSampling sampling, ExecutorService pool, long seed) throws Exception {
    long t0 = System.nanoTime();
    List<Future<Long>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      done.add(pool.submit(() -> {
        long flips = 0;
        for (int g = thread; g < CHAINS / GROUP; g += THREADS) {
          BatchSampler batch = BatchSampler.random(sampling, seed, (long) g * GROUP, GROUP, SamplerKind.GIBBS,
              Gemm.javaFallback());
          for (int s = 0; s < SWEEPS; s++) {
            flips += batch.sweep(1.0);
          }
        }
        return flips;
      }));
    }
    for (Future<Long> f : done) {
      f.get();
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double sessionSeconds(ManagedChannel channel, String modelId, long seed) {
    AnnealRequest request = AnnealRequest.newBuilder().setModelId(modelId).setChains(CHAINS).setSeed(seed)
        .setSchedule(Schedule.newBuilder().setExplicit(ExplicitSchedule.newBuilder().addTemperatures(1.0))
            .setSweepsPerTemperature(SWEEPS)).build();
    long t0 = System.nanoTime();
    Iterator<AnnealEvent> events = SimulationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(600,
        TimeUnit.SECONDS).anneal(request);
    boolean result = false;
    while (events.hasNext()) {
      result |= events.next().hasResult();
    }
    if (!result) {
      throw new IllegalStateException("the anneal stream ended without a result");
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double median(List<Double> xs) {
    List<Double> sorted = new ArrayList<>(xs);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
