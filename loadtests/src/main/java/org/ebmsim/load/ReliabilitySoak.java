package org.ebmsim.load;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ebmsim.proto.v1.AisSchedule;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CompletionMode;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.DeleteModelRequest;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.GeometricSchedule;
import org.ebmsim.proto.v1.GetServerStatusRequest;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.NoisyCue;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.SamplePolicy;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.ServerServiceGrpc;
import org.ebmsim.proto.v1.ServerStatus;
import org.ebmsim.proto.v1.SessionEvent;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.proto.v1.StopSessionRequest;
import org.ebmsim.proto.v1.WatchSessionRequest;

/**
 * A bounded soak of a real server in its own JVM: for a given time, client threads (twice the
 * session limit) start sessions of random kinds and sizes — anneal (any model), complete (a noisy
 * stored pattern, on models that store patterns), AIS (RBMs); attached,
 * detached, watched — and end them every way a client can: reading to the end, cancelling,
 * running into a deadline, stopping a detached one, abandoning an unread stream. Models are
 * created and deleted meanwhile. Every few seconds the server's status is sampled. Afterwards
 * every slot, every actor and the memory reservations must come back.
 *
 * <p>Verdict: exit 0 only if the server never died, no call got a status other than OK,
 * CANCELLED, DEADLINE_EXCEEDED or RESOURCE_EXHAUSTED, the reserved memory never exceeded the
 * budget, the live heap after collections stayed below the heap, and after the load the sessions
 * and actors went to zero and the reservations back to the stored models'.
 *
 * <p>{@code java -cp loadtests/target/benchmarks.jar org.ebmsim.load.ReliabilitySoak [--minutes 10]
 * [--heap-mib 1024] [--sessions 16] [--seed 1]}
 */
public final class ReliabilitySoak {
  private static final java.util.concurrent.ScheduledExecutorService DEADLINES =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soak-deadlines");
        t.setDaemon(true);
        return t;
      });

  private final Random seeds;
  private final ManagedChannel channel;
  private final List<String> models = new CopyOnWriteArrayList<>();
  private final List<String> rbms = new CopyOnWriteArrayList<>();
  /** Calls in progress, cancelled when the soak ends. */
  private final java.util.Set<Context.CancellableContext> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Models with stored patterns: the ones a noisy-pattern completion applies to. */
  private final List<String> patterned = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private volatile boolean running = true;

  private ReliabilitySoak(ManagedChannel channel, long seed) {
    this.channel = channel;
    this.seeds = new Random(seed);
  }

  public static void main(String[] args) throws Exception {
    double minutes = 10;
    int heapMib = 1024;
    int sessions = 16;
    long seed = 1;
    for (int k = 0; k + 1 < args.length; k += 2) {
      switch (args[k]) {
        case "--minutes" -> minutes = Double.parseDouble(args[k + 1]);
        case "--heap-mib" -> heapMib = Integer.parseInt(args[k + 1]);
        case "--sessions" -> sessions = Integer.parseInt(args[k + 1]);
        case "--seed" -> seed = Long.parseLong(args[k + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[k]);
      }
    }
    Path work = Files.createTempDirectory("ebmsim-soak");
    Path portFile = work.resolve("port");
    Path log = work.resolve("server.log");
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heapMib + "m", "-XX:+ExitOnOutOfMemoryError", "-Debmsim.limits.max-sessions=" + sessions,
        "-cp", System.getProperty("java.class.path"), "org.ebmsim.server.Main", "--port", "0", "--data-dir",
        work.resolve("data").toString(), "--port-file", portFile.toString());
    Process server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(portFile)) {
      if (!server.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the server did not start; see " + log);
      }
      Thread.sleep(20);
    }
    int port = Integer.parseInt(Files.readString(portFile).trim());
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
        .maxInboundMessageSize(64 << 20).build();
    ReliabilitySoak soak = new ReliabilitySoak(channel, seed);
    int exit;
    try {
      exit = soak.run(server, (long) (minutes * 60_000), 2 * sessions);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
    System.out.println("server log: " + log);
    System.exit(exit);
  }

  private int run(Process server, long millis, int clients) throws Exception {
    ServerServiceGrpc.ServerServiceBlockingStub status = ServerServiceGrpc.newBlockingStub(channel);
    ServerStatus first = status.withDeadlineAfter(10, TimeUnit.SECONDS).getServerStatus(
        GetServerStatusRequest.getDefaultInstance());
    System.out.printf("server: heap %d MiB, memory budget %d MiB, %d session slots; %d clients for %.1f min%n",
        first.getHeapMaxBytes() >> 20, first.getMemoryBudgetBytes() >> 20, first.getSessionsLimit(), clients,
        millis / 60_000.0);
    for (int k = 0; k < 4; k++) { // two networks and two RBMs to start from
      createModel(new Random(seeds.nextLong()), k % 2 == 1);
    }
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      long clientSeed = seeds.nextLong();
      Thread t = new Thread(() -> client(new Random(clientSeed)), "soak-client-" + c);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    long start = System.currentTimeMillis();
    long maxReserved = 0;
    long maxAfterGc = 0;
    int maxActive = 0;
    long maxActors = 0;
    int samples = 0;
    while (System.currentTimeMillis() - start < millis) {
      Thread.sleep(5000); // a sampling period, not a synchronization
      if (!server.isAlive()) {
        violations.add("the server died (exit " + server.exitValue() + ")");
        break;
      }
      ServerStatus s = status.withDeadlineAfter(10, TimeUnit.SECONDS).getServerStatus(
          GetServerStatusRequest.getDefaultInstance());
      samples++;
      maxReserved = Math.max(maxReserved, s.getMemoryReservedBytes());
      maxAfterGc = Math.max(maxAfterGc, s.getHeapAfterGcBytes());
      maxActive = Math.max(maxActive, s.getSessionsActive());
      maxActors = Math.max(maxActors, s.getLiveActors());
      if (s.getMemoryReservedBytes() > s.getMemoryBudgetBytes()) {
        violations.add("reserved " + s.getMemoryReservedBytes() + " > budget " + s.getMemoryBudgetBytes());
      }
      System.out.printf("%4ds  sessions %2d/%d  actors %5d  reserved %4d/%d MiB  heap after GC %4d MiB  models %d%n",
          (System.currentTimeMillis() - start) / 1000, s.getSessionsActive(), s.getSessionsLimit(), s.getLiveActors(),
          s.getMemoryReservedBytes() >> 20, s.getMemoryBudgetBytes() >> 20, s.getHeapAfterGcBytes() >> 20,
          s.getModels());
    }
    running = false;
    // the clients go away: whatever they still read is cancelled (a read-to-the-end session of
    // 4000 chains x 1500 units would otherwise keep its client for minutes)
    inFlight.forEach(c -> c.cancel(null));
    for (Thread t : threads) {
      t.join(120_000);
    }
    // detached sessions still running are stopped; then everything must come back
    SessionServiceGrpc.SessionServiceBlockingStub sessions = SessionServiceGrpc.newBlockingStub(channel);
    sessions.withDeadlineAfter(10, TimeUnit.SECONDS).listSessions(org.ebmsim.proto.v1.ListSessionsRequest
        .getDefaultInstance()).getSessionsList().forEach(x -> {
          try {
            sessions.withDeadlineAfter(10, TimeUnit.SECONDS).stopSession(StopSessionRequest.newBuilder()
                .setSessionId(x.getId()).build());
          } catch (StatusRuntimeException e) {
            // ended meanwhile
          }
        });
    long settleDeadline = System.currentTimeMillis() + 30_000;
    ServerStatus end;
    do {
      Thread.sleep(100); // polling another process with a deadline
      end = status.withDeadlineAfter(10, TimeUnit.SECONDS).getServerStatus(GetServerStatusRequest.getDefaultInstance());
    } while ((end.getSessionsActive() > 0 || end.getLiveActors() > 0) && System.currentTimeMillis() < settleDeadline);
    if (!server.isAlive()) {
      violations.add("the server died");
    }
    if (end.getSessionsActive() != 0) {
      violations.add(end.getSessionsActive() + " session slots never came back");
    }
    if (end.getLiveActors() != 0) {
      violations.add(end.getLiveActors() + " actors still alive after every session ended");
    }
    if (maxAfterGc >= end.getHeapMaxBytes()) {
      violations.add("live heap reached the maximum heap");
    }
    System.out.println();
    System.out.println("| Measure | Value |");
    System.out.println("|---|---|");
    System.out.printf("| duration, clients, session slots | %.1f min, %d, %d |%n", millis / 60_000.0, clients,
        end.getSessionsLimit());
    System.out.printf("| status samples | %d |%n", samples);
    System.out.printf("| peak sessions active / actors alive | %d / %d |%n", maxActive, maxActors);
    System.out.printf("| peak memory reserved / budget | %d / %d MiB |%n", maxReserved >> 20,
        end.getMemoryBudgetBytes() >> 20);
    System.out.printf("| peak heap after GC / heap | %d / %d MiB |%n", maxAfterGc >> 20, end.getHeapMaxBytes() >> 20);
    System.out.printf("| after the load: sessions, actors, reserved | %d, %d, %d MiB (%d models stored) |%n",
        end.getSessionsActive(), end.getLiveActors(), end.getMemoryReservedBytes() >> 20, end.getModels());
    outcomes.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
        System.out.printf("| %s | %d |%n", e.getKey(), e.getValue().get()));
    if (violations.isEmpty()) {
      System.out.println("\nverdict: PASS");
      return 0;
    }
    System.out.println("\nverdict: FAIL");
    violations.forEach(v -> System.out.println("  " + v));
    return 1;
  }

  private void count(String what, Status.Code code) {
    outcomes.computeIfAbsent(what + " " + code, k -> new AtomicLong()).incrementAndGet();
    if (code != Status.Code.OK && code != Status.Code.CANCELLED && code != Status.Code.DEADLINE_EXCEEDED
        && code != Status.Code.RESOURCE_EXHAUSTED) {
      violations.add(what + " answered " + code);
    }
  }

  /** One client: random actions until the soak ends. */
  private void client(Random r) {
    while (running) {
      String what = "";
      try {
        double u = r.nextDouble();
        if (u < 0.05) {
          what = "create model";
          createModel(r, r.nextBoolean());
        } else if ((u < 0.08 && models.size() > 3) || (u < 0.15 && models.size() > 12)) { // ~a dozen models
          what = "delete model";
          String id = pick(models, r);
          models.remove(id);
          rbms.remove(id);
          patterned.remove(id);
          ModelServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).deleteModel(
              DeleteModelRequest.newBuilder().setId(id).build());
        } else if (u < 0.55) {
          what = "anneal";
          anneal(r);
        } else if (u < 0.75 && !patterned.isEmpty()) {
          what = "complete";
          complete(r);
        } else if (!rbms.isEmpty()) {
          what = "ais";
          ais(r);
        } else {
          continue;
        }
        count(what, Status.Code.OK);
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        if (code == Status.Code.NOT_FOUND) {
          code = Status.Code.OK; // a model deleted meanwhile by another client: a correct answer
        }
        count(what, code);
        if (code == Status.Code.RESOURCE_EXHAUSTED) { // a client that is told "full" waits before it retries
          try {
            Thread.sleep(50 + r.nextInt(200));
          } catch (InterruptedException stop) {
            return;
          }
        }
      } catch (RuntimeException e) {
        violations.add(what + " threw " + e);
      }
    }
  }

  private void createModel(Random r, boolean rbm) {
    CreateModelRequest request;
    if (!rbm) {
      int n = 50 + r.nextInt(1500);
      int p = 1 + r.nextInt(Math.max(1, n / 20));
      SpinMatrix.Builder xi = SpinMatrix.newBuilder().setRows(p).setCols(n);
      for (int k = 0; k < p * n; k++) {
        xi.addSpins(r.nextBoolean() ? 1 : -1);
      }
      request = CreateModelRequest.newBuilder().setName("soak-hopfield").setHopfieldPatterns(
          HopfieldFromPatterns.newBuilder().setPatterns(xi)).build();
    } else {
      int v = 20 + r.nextInt(800);
      int h = 10 + r.nextInt(400);
      Matrix.Builder w = Matrix.newBuilder().setRows(v).setCols(h);
      for (int k = 0; k < v * h; k++) {
        w.addValues(0.05 * r.nextGaussian());
      }
      RbmVariant[] variants = {RbmVariant.BINARY, RbmVariant.SPIN, RbmVariant.GAUSSIAN_BERNOULLI};
      request = CreateModelRequest.newBuilder().setName("soak-rbm").setRbm(RbmSpec.newBuilder()
          .setVariant(variants[r.nextInt(variants.length)]).setWeights(w)).build();
    }
    Model m = ModelServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS).createModel(request);
    models.add(m.getId());
    if (m.getCapabilities().getPartitionFunction()) {
      rbms.add(m.getId());
    }
    if (m.getStoredPatterns() > 0) {
      patterned.add(m.getId());
    }
  }

  private String anyModel(Random r) {
    return pick(models, r);
  }

  /** A random element of a list other clients change meanwhile (an unknown id if it emptied). */
  private static String pick(List<String> list, Random r) {
    try {
      return list.get(r.nextInt(Math.max(1, list.size())));
    } catch (IndexOutOfBoundsException e) {
      return "m-0000000000000000";
    }
  }

  /** How a session ends: read to the end, cancelled, deadline, or (detached) stopped. */
  private enum Ending { READ, CANCEL, DEADLINE, DETACHED_STOP, DETACHED_WATCH }

  private void anneal(Random r) {
    Ending ending = Ending.values()[r.nextInt(Ending.values().length)];
    int chains = 1 + r.nextInt(r.nextBoolean() ? 64 : 4000);
    AnnealRequest request = AnnealRequest.newBuilder().setModelId(anyModel(r)).setChains(chains).setSeed(r.nextLong())
        .setSchedule(Schedule.newBuilder().setGeometric(GeometricSchedule.newBuilder().setTStart(3).setTEnd(0.1)
            .setSteps(1 + r.nextInt(ending == Ending.READ ? 20 : 100_000))))
        .setReportEverySweeps(1 + r.nextInt(5))
        .setSamples(SamplePolicy.newBuilder().setMode(SamplePolicy.Mode.EVERY).setMaxChains(1 + r.nextInt(64)))
        .setDetached(ending == Ending.DETACHED_STOP || ending == Ending.DETACHED_WATCH).build();
    follow(r, ending, () -> SimulationServiceGrpc.newBlockingStub(channel).anneal(request), request.getDetached());
  }

  private void complete(Random r) {
    Ending ending = Ending.values()[r.nextInt(3)];
    CompleteRequest request = CompleteRequest.newBuilder().setModelId(pick(patterned, r))
        .setNoisy(NoisyCue.newBuilder().setStoredIndex(0).setFlipFraction(0.1))
        .setMode(r.nextBoolean() ? CompletionMode.STOCHASTIC : CompletionMode.DETERMINISTIC).setTemperature(0.5)
        .setSweeps(1 + r.nextInt(ending == Ending.READ ? 50 : 100_000)).setChains(1 + r.nextInt(200))
        .setSeed(r.nextLong()).build();
    follow(r, ending, () -> {
      Iterator<org.ebmsim.proto.v1.CompleteEvent> it = SimulationServiceGrpc.newBlockingStub(channel).complete(request);
      return new Iterator<Object>() {
        public boolean hasNext() {
          return it.hasNext();
        }

        public Object next() {
          return it.next();
        }
      };
    }, false);
  }

  private void ais(Random r) {
    Ending ending = Ending.values()[r.nextInt(3)];
    EstimatePartitionFunctionRequest request = EstimatePartitionFunctionRequest.newBuilder().setModelId(pick(rbms, r))
        .setChains(1 + r.nextInt(2000)).setSeed(r.nextLong()).setSchedule(AisSchedule.newBuilder().setUniformSteps(
            10 + r.nextInt(ending == Ending.READ ? 200 : 100_000))).build();
    follow(r, ending, () -> {
      Iterator<org.ebmsim.proto.v1.PartitionFunctionEvent> it = SimulationServiceGrpc.newBlockingStub(channel)
          .estimatePartitionFunction(request);
      return new Iterator<Object>() {
        public boolean hasNext() {
          return it.hasNext();
        }

        public Object next() {
          return it.next();
        }
      };
    }, false);
  }

  /** Runs one session to the chosen ending; the blocking call runs in a cancellable context. */
  private void follow(Random r, Ending ending, java.util.function.Supplier<Iterator<?>> call, boolean detached) {
    Context.CancellableContext context = Context.current().withCancellation();
    if (ending == Ending.DEADLINE) {
      context = Context.current().withDeadlineAfter(200 + r.nextInt(3000), TimeUnit.MILLISECONDS, DEADLINES)
          .withCancellation();
    }
    inFlight.add(context);
    if (!running) { // the soak ended while this call was being set up
      context.cancel(null);
    }
    Context previous = context.attach();
    try {
      Iterator<?> it = call.get();
      if (detached) {
        String id = ((AnnealEvent) it.next()).getStarted().getSessionId();
        SessionServiceGrpc.SessionServiceBlockingStub sessions = SessionServiceGrpc.newBlockingStub(channel);
        if (ending == Ending.DETACHED_WATCH) { // a watcher that reads a little, then walks away
          Iterator<SessionEvent> watch = sessions.withDeadlineAfter(2, TimeUnit.SECONDS).watchSession(
              WatchSessionRequest.newBuilder().setSessionId(id).build());
          for (int k = 0; k < 3 && watch.hasNext(); k++) {
            watch.next();
          }
        }
        sessions.withDeadlineAfter(30, TimeUnit.SECONDS).stopSession(StopSessionRequest.newBuilder().setSessionId(id)
            .build());
        return;
      }
      int read = ending == Ending.CANCEL ? r.nextInt(20) : Integer.MAX_VALUE;
      for (int k = 0; k < read && it.hasNext(); k++) {
        it.next();
      }
      if (ending == Ending.CANCEL) {
        context.cancel(null); // the client goes away mid-stream
      }
    } finally {
      context.detach(previous);
      context.cancel(null);
      inFlight.remove(context);
    }
  }
}
