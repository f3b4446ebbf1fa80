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
import java.util.concurrent.TimeUnit;
import org.ebmsim.bench.AisBenchModel;
import org.ebmsim.proto.v1.AisBase;
import org.ebmsim.proto.v1.AisSchedule;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.PartitionFunctionEvent;
import org.ebmsim.proto.v1.PartitionFunctionResult;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.server.EbmsimServer;

/**
 * AIS end to end through gRPC: creates {@link AisBenchModel} (784 × 500 binary RBM) on a server,
 * then runs EstimatePartitionFunction with the three-segment schedule (14 500 temperatures by
 * default), 100 chains, the UNIFORM base and the default report interval, reading the stream to
 * its result; prints each run's wall time (request sent → result received), the process's CPU
 * time over the run, and log Ẑ ± se, then the median wall time. The server runs in this JVM on a loopback Netty port unless {@code --target} names
 * one. Compare with {@code loadtests/scripts/numpy_ais.py} (same model, same algorithm).
 *
 * <p>{@code java -cp loadtests/target/benchmarks.jar org.ebmsim.load.AisEndToEnd [--temperatures 14500]
 * [--chains 100] [--repeats 3] [--seed 1] [--target host:port]}
 */
public final class AisEndToEnd {
  /** CPU time of the whole process (server, client, JIT, GC): the machine may be shared, so wall time alone can mislead. */
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  private AisEndToEnd() {}

  public static void main(String[] args) throws Exception {
    int temperatures = 14_500;
    int chains = 100;
    int repeats = 3;
    long seed = 1;
    String target = null;
    for (int k = 0; k + 1 < args.length; k += 2) {
      switch (args[k]) {
        case "--temperatures" -> temperatures = Integer.parseInt(args[k + 1]);
        case "--chains" -> chains = Integer.parseInt(args[k + 1]);
        case "--repeats" -> repeats = Integer.parseInt(args[k + 1]);
        case "--seed" -> seed = Long.parseLong(args[k + 1]);
        case "--target" -> target = args[k + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[k]
            + " (use --temperatures, --chains, --repeats, --seed, --target)");
      }
    }
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("options come in pairs: --name value");
    }
    EbmsimServer server = null;
    Path dataDir = null;
    if (target == null) {
      dataDir = Files.createTempDirectory("ebmsim-ais-bench");
      server = EbmsimServer.start(ConfigFactory.parseMap(Map.of("ebmsim.server.host", "127.0.0.1",
          "ebmsim.server.port", 0, "ebmsim.server.data-dir", dataDir.toString())).withFallback(ConfigFactory.load()));
      target = "127.0.0.1:" + server.port();
    }
    ManagedChannel channel = NettyChannelBuilder.forTarget(target).usePlaintext().maxInboundMessageSize(64 << 20)
        .build();
    try {
      run(channel, temperatures, chains, repeats, seed);
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      if (server != null) {
        server.close();
        TempTrees.delete(dataDir);
      }
    }
  }

  private static void run(ManagedChannel channel, int temperatures, int chains, int repeats, long seed) {
    Matrix.Builder w = Matrix.newBuilder().setRows(AisBenchModel.VISIBLE).setCols(AisBenchModel.HIDDEN);
    for (double x : AisBenchModel.weights()) {
      w.addValues(x);
    }
    RbmSpec.Builder spec = RbmSpec.newBuilder().setVariant(RbmVariant.BINARY).setWeights(w);
    for (double b : AisBenchModel.visibleBias()) {
      spec.addVisibleBias(b);
    }
    for (double c : AisBenchModel.hiddenBias()) {
      spec.addHiddenBias(c);
    }
    Model model = ModelServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
        .createModel(CreateModelRequest.newBuilder().setName("ais-bench-784x500").setRbm(spec).build());
    EstimatePartitionFunctionRequest request = EstimatePartitionFunctionRequest.newBuilder()
        .setModelId(model.getId()).setChains(chains).setSeed(seed).setBase(AisBase.UNIFORM)
        .setSchedule(AisSchedule.newBuilder().setThreeSegmentSteps(temperatures)).build();
    List<Double> seconds = new ArrayList<>();
    for (int r = 0; r < repeats; r++) {
      long t0 = System.nanoTime();
      long c0 = PROCESS.getProcessCpuTime();
      Iterator<PartitionFunctionEvent> events = SimulationServiceGrpc.newBlockingStub(channel)
          .estimatePartitionFunction(request);
      PartitionFunctionResult result = null;
      int progress = 0;
      while (events.hasNext()) {
        PartitionFunctionEvent e = events.next();
        if (e.hasProgress()) {
          progress++;
        }
        if (e.hasResult()) {
          result = e.getResult();
        }
      }
      double s = (System.nanoTime() - t0) / 1e9;
      double cpu = (PROCESS.getProcessCpuTime() - c0) / 1e9;
      if (result == null) {
        throw new IllegalStateException("the stream ended without a result");
      }
      seconds.add(s);
      System.out.printf("ebmsim gRPC run %d (seed %d): %.2f s (process CPU %.2f s), log Z = %.3f ± %.3f (ESS %.1f,"
          + " %d progress events)%n", r + 1, seed, s, cpu, result.getLogZ(), result.getStdError(), result.getEffectiveSampleSize(), progress);
    }
    seconds.sort(null);
    System.out.printf("ebmsim AIS end to end, %d temperatures (three-segment), %d chains, %dx%d binary RBM:"
        + " median %.2f s of %d%n", temperatures, chains, AisBenchModel.VISIBLE, AisBenchModel.HIDDEN,
        seconds.get(seconds.size() / 2), repeats);
  }
}
