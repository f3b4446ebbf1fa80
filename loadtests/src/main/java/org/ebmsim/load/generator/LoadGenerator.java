package org.ebmsim.load.generator;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ebmsim.proto.v1.DeleteModelRequest;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.ServerStatus;

/**
 * A gRPC load generator: N sessions of one shape run at once against one or several servers
 * (round robin), each restarting as it ends, while unary calls go out at a fixed rate; after a
 * warm-up it measures for a bounded time and writes a JSON summary ({@link LoadSummary}):
 * sweeps/s, updates/s, events/s, latency percentiles of events and unary calls, and the servers'
 * heap and CPU. With {@code --soak}, sessions end at random (client cancel, StopSession,
 * detached and stopped, or read to the end) and the run ends with a verdict: heap flat, no engine
 * actor alive, no session left in the registry, no unexpected status. Usage: {@link LoadSettings#USAGE}.
 */
public final class LoadGenerator {
  private LoadGenerator() {}

  public static void main(String[] args) throws Exception {
    if (java.util.Arrays.asList(args).contains("--help")) {
      System.out.print(LoadSettings.USAGE);
      return;
    }
    LoadSettings settings;
    try {
      settings = LoadSettings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    LoadSummary summary = run(settings, System.out);
    System.out.println(summary.toJson());
    System.out.println("summary written to " + Path.of(settings.out()).toAbsolutePath());
    System.exit(summary.soak() != null && !summary.soak().pass() ? 1 : 0);
  }

  /** Runs the load of {@code s}, logging progress to {@code log}, and writes and returns its summary. */
  public static LoadSummary run(LoadSettings s, PrintStream log) throws Exception {
    List<ManagedChannel> channels = new ArrayList<>();
    List<ServerProbe> probes = new ArrayList<>();
    for (int k = 0; k < s.targets().size(); k++) {
      ManagedChannel c = NettyChannelBuilder.forTarget(s.targets().get(k)).usePlaintext()
          .maxInboundMessageSize(64 << 20).build();
      channels.add(c);
      probes.add(new ServerProbe(s.targets().get(k), c, s.metrics().isEmpty() ? null : s.metrics().get(k),
          s.serverPids().isEmpty() ? null : s.serverPids().get(k)));
    }
    try {
      return new LoadGenerator.Run(s, channels, probes, log).execute();
    } finally {
      for (ManagedChannel c : channels) {
        c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /** One run: its clients, its samples and its clock. */
  private static final class Run {
    private final LoadSettings s;
    private final List<ManagedChannel> channels;
    private final List<ServerProbe> probes;
    private final PrintStream log;
    private final LoadTally tally = new LoadTally();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Set<Context.CancellableContext> inFlight = ConcurrentHashMap.newKeySet();
    /** Periodic samples per server. */
    private final List<List<ServerProbe.Sample>> samples = new ArrayList<>();
    /** Models this run created, to delete at its end: the server's channel and the model id. */
    private final List<Map.Entry<ManagedChannel, String>> created = new ArrayList<>();

    Run(LoadSettings s, List<ManagedChannel> channels, List<ServerProbe> probes, PrintStream log) {
      this.s = s;
      this.channels = channels;
      this.probes = probes;
      this.log = log;
      for (int k = 0; k < probes.size(); k++) {
        samples.add(Collections.synchronizedList(new ArrayList<>()));
      }
    }

    LoadSummary execute() throws Exception {
      String startedUtc = Instant.now().toString();
      SessionShape shape = new SessionShape(s);
      List<Model> models = prepareModels(shape);
      List<String> modelIds = models.stream().map(Model::getId).toList();
      int units = models.get(0).getUnits();
      log.printf("load: %d sessions x %d chains of %s (%d units), %d sweeps, report every %d, %s, T = %s, "
          + "against %s; unary %.1f/s; warm-up %s, measured %s%s%n", s.sessions(), s.chains(), s.model(), units,
          s.sweeps(), s.reportEvery(), s.dynamics(), s.temperature(), s.targets(), s.unaryRate(), s.warmup(),
          s.duration(), s.soak() ? ", soak" : "");

      ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "loadgen-sampler");
        t.setDaemon(true);
        return t;
      });
      // with pids: the heap of every server after a full collection before any session, to
      // subtract from the same reading under load (memory per live chain)
      long[] idleHeap = heapsAfterFullGc();
      sampler.scheduleAtFixedRate(this::sampleServers, 0, s.statusEvery().toMillis(), TimeUnit.MILLISECONDS);
      SplittableRandom seeds = new SplittableRandom(s.seed() ^ 0x5DEECE66DL);
      List<Thread> workers = new ArrayList<>();
      for (int k = 0; k < s.sessions(); k++) {
        int server = k % channels.size();
        SessionWorker w = new SessionWorker(channels.get(server), modelIds.get(server), shape, s, tally,
            seeds.nextLong(), running::get, inFlight);
        Thread t = new Thread(w, "loadgen-session-" + k);
        t.setDaemon(true);
        workers.add(t);
      }
      workers.forEach(Thread::start);
      UnaryLoad unary = new UnaryLoad(channels, modelIds, tally);
      unary.start(s.unaryRate());

      // the clock of the run: warm-up, then the measured window [t0, t1]
      long begin = System.nanoTime();
      waitUntil(begin + s.warmup().toNanos());
      tally.restartLatencies();
      long[] c0 = tally.counters();
      List<ServerProbe.Sample> at0 = sampleEach();
      double busy0 = ProcStat.machineBusySeconds();
      double own0 = ownCpuSeconds();
      double load0 = ProcStat.loadAverage();
      long t0 = System.nanoTime();
      long window = Math.min(Duration.ofSeconds(60).toNanos(), s.duration().toNanos() / 3);
      long heapFirst = -1;
      String heapMethod = null;
      if (s.soak()) {
        waitUntil(t0 + window);
        heapMethod = s.serverPids().isEmpty() ? "lowest heap used sampled in the window"
            : "heap used right after jcmd GC.run at the window's end";
        heapFirst = heapReading(t0, t0 + window);
        log.printf("soak: heap in the first window %d MiB%n", heapFirst >> 20);
      }
      waitUntil(t0 + s.duration().toNanos());
      long t1 = System.nanoTime();
      LoadSummary.Latency events = tally.eventInterArrival.stats();
      LoadSummary.Latency first = tally.firstEvent.stats();
      LoadSummary.Latency getModel = tally.getModel.stats();
      LoadSummary.Latency listSessions = tally.listSessions.stats();
      long[] c1 = tally.counters();
      List<ServerProbe.Sample> at1 = sampleEach();
      double busy1 = ProcStat.machineBusySeconds();
      double own1 = ownCpuSeconds();
      double load1 = ProcStat.loadAverage();
      // still under load, after the measured window (a full collection would pause it): the heap
      // with the sessions' chains live, and how many there are
      int[] chainsAtGc = new int[probes.size()];
      for (int k = 0; k < probes.size(); k++) {
        chainsAtGc[k] = probes.get(k).chainsLive();
      }
      long[] loadedHeap = heapsAfterFullGc();
      long heapLast = !s.soak() ? -1 : s.serverPids().isEmpty() ? heapReading(t1 - window, t1) : sum(loadedHeap);

      // the end: clients stop, calls still open are cancelled, detached sessions are stopped by their workers
      running.set(false);
      inFlight.forEach(c -> c.cancel(null));
      unary.close();
      for (Thread t : workers) {
        t.join(TimeUnit.SECONDS.toMillis(90));
        if (t.isAlive()) {
          tally.violation(t.getName() + " did not end within 90 s of the end of the run");
        }
      }
      sampler.shutdownNow();
      sampler.awaitTermination(10, TimeUnit.SECONDS);

      LoadSummary.Soak soak = null;
      if (s.soak()) {
        soak = settleAndJudge(heapMethod, heapFirst, heapLast);
      }
      deleteCreatedModels();

      double seconds = (t1 - t0) / 1e9;
      long chainSweeps = c1[0] - c0[0];
      LoadSummary.Throughput throughput = new LoadSummary.Throughput(chainSweeps, chainSweeps * units, c1[1] - c0[1],
          c1[2] - c0[2], c1[3] - c0[3], chainSweeps / seconds, chainSweeps * (double) units / seconds,
          (c1[1] - c0[1]) / seconds);
      List<LoadSummary.Server> servers = new ArrayList<>();
      for (int k = 0; k < probes.size(); k++) {
        servers.add(serverSummary(k, at0.get(k), at1.get(k), t0, t1, idleHeap[k], loadedHeap[k], chainsAtGc[k]));
      }
      LoadSummary.Machine machine = new LoadSummary.Machine(Runtime.getRuntime().availableProcessors(),
          (busy1 - busy0) / seconds, (own1 - own0) / seconds, load0, load1);
      LoadSummary summary = new LoadSummary(s.soak() ? "soak" : "load", startedUtc, s.targets(),
          new LoadSummary.Shape(s.model(), modelIds, units, s.sessions(), s.chains(), (long) s.sessions() * s.chains(),
              s.sweeps(), s.reportEvery(), s.dynamics(), s.temperature()),
          s.warmup().toMillis() / 1000.0, seconds, throughput, events, first, getModel, listSessions,
          new LoadSummary.Unary(s.unaryRate(), c1[4] - c0[4], c1[5] - c0[5]), tally.outcomes(), servers, machine, soak);
      summary.write(Path.of(s.out()));
      return summary;
    }

    /**
     * The model on every server: the given id, or one created from the seed (reused where the
     * servers share a store).
     */
    private List<Model> prepareModels(SessionShape shape) {
      List<Model> models = new ArrayList<>();
      for (ManagedChannel c : channels) {
        ModelServiceGrpc.ModelServiceBlockingStub stub = ModelServiceGrpc.newBlockingStub(c)
            .withDeadlineAfter(120, TimeUnit.SECONDS);
        String id = !s.modelId().isEmpty() ? s.modelId() : models.isEmpty() ? null : models.get(0).getId();
        Model m = null;
        if (id != null) {
          try {
            m = stub.getModel(GetModelRequest.newBuilder().setId(id).build());
          } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND || !s.modelId().isEmpty()) {
              throw e;
            }
          }
        }
        if (m == null) { // separate servers: each gets its own copy of the same model
          m = stub.createModel(shape.createModel());
          created.add(Map.entry(c, m.getId()));
        }
        models.add(m);
      }
      return models;
    }

    private void deleteCreatedModels() {
      for (Map.Entry<ManagedChannel, String> model : created) {
        try {
          ModelServiceGrpc.newBlockingStub(model.getKey()).withDeadlineAfter(30, TimeUnit.SECONDS)
              .deleteModel(DeleteModelRequest.newBuilder().setId(model.getValue()).build());
        } catch (StatusRuntimeException e) {
          log.println("could not delete model " + model.getValue() + ": " + e.getStatus());
        }
      }
    }

    private void sampleServers() {
      for (int k = 0; k < probes.size(); k++) {
        try {
          ServerProbe.Sample x = probes.get(k).sample();
          samples.get(k).add(x);
        } catch (RuntimeException e) {
          tally.outcome("GetServerStatus", Status.fromThrowable(e).getCode());
        }
      }
    }

    /** Each server's heap after a forced full collection (-1 without pids). */
    private long[] heapsAfterFullGc() throws InterruptedException {
      long[] h = new long[probes.size()];
      for (int k = 0; k < probes.size(); k++) {
        h[k] = probes.get(k).heapAfterFullGc();
      }
      return h;
    }

    private static long sum(long[] heaps) {
      long total = 0;
      for (long h : heaps) {
        if (h < 0) {
          return -1;
        }
        total += h;
      }
      return total;
    }

    private List<ServerProbe.Sample> sampleEach() {
      List<ServerProbe.Sample> out = new ArrayList<>();
      for (ServerProbe p : probes) {
        out.add(p.sample());
      }
      return out;
    }

    /**
     * The heap of all servers together for the window [from, to]: after a forced full collection
     * when every pid is known, else the lowest heap used sampled in the window.
     */
    private long heapReading(long from, long to) throws InterruptedException {
      long total = 0;
      for (int k = 0; k < probes.size(); k++) {
        long h;
        if (!s.serverPids().isEmpty()) {
          h = probes.get(k).heapAfterFullGc();
        } else {
          h = Long.MAX_VALUE;
          synchronized (samples.get(k)) {
            for (ServerProbe.Sample x : samples.get(k)) {
              if (x.nanos() >= from && x.nanos() <= to) {
                h = Math.min(h, x.status().getHeapUsedBytes());
              }
            }
          }
          h = h == Long.MAX_VALUE ? -1 : h;
        }
        if (h < 0) {
          return -1;
        }
        total += h;
      }
      return total;
    }

    /** Waits until every server has no running session and no engine actor (or the settle time passes), then judges. */
    private LoadSummary.Soak settleAndJudge(String heapMethod, long heapFirst, long heapLast)
        throws InterruptedException {
      long start = System.nanoTime();
      long deadline = start + s.settle().toNanos();
      long actors;
      int sessionsLeft;
      while (true) {
        actors = 0;
        sessionsLeft = 0;
        for (ServerProbe p : probes) {
          actors += p.status().getLiveActors();
          sessionsLeft += p.sessionsRunning();
        }
        if ((actors == 0 && sessionsLeft == 0) || System.nanoTime() > deadline) {
          break;
        }
        Thread.sleep(100); // polling other processes against a deadline
      }
      double settleSeconds = (System.nanoTime() - start) / 1e9;
      List<String> violations = SoakVerdict.judge(heapFirst, heapLast, s.heapSlackBytes(), actors, sessionsLeft,
          tally.violations());
      log.printf("soak: heap %d -> %d MiB (%s), actors after %d, sessions left %d, settled in %.1f s: %s%n",
          heapFirst >> 20, heapLast >> 20, heapMethod, actors, sessionsLeft, settleSeconds,
          violations.isEmpty() ? "PASS" : "FAIL " + violations);
      return new LoadSummary.Soak(tally.endings(), heapMethod, heapFirst, heapLast, s.heapSlackBytes(), actors,
          sessionsLeft, settleSeconds, violations.isEmpty(), violations);
    }

    private LoadSummary.Server serverSummary(int k, ServerProbe.Sample a, ServerProbe.Sample b, long t0, long t1,
        long idleHeap, long loadedHeap, int chainsAtGc) {
      long heapMax = 0;
      long heapMin = Long.MAX_VALUE;
      long reservedMax = 0;
      long actorsMax = 0;
      int sessionsMax = 0;
      int n = 0;
      List<ServerProbe.Sample> window = new ArrayList<>(List.of(a, b));
      synchronized (samples.get(k)) {
        for (ServerProbe.Sample x : samples.get(k)) {
          if (x.nanos() >= t0 && x.nanos() <= t1) {
            window.add(x);
          }
        }
      }
      for (ServerProbe.Sample x : window) {
        ServerStatus st = x.status();
        heapMax = Math.max(heapMax, st.getHeapUsedBytes());
        heapMin = Math.min(heapMin, st.getHeapUsedBytes());
        reservedMax = Math.max(reservedMax, st.getMemoryReservedBytes());
        actorsMax = Math.max(actorsMax, st.getLiveActors());
        sessionsMax = Math.max(sessionsMax, st.getSessionsActive());
        n++;
      }
      double seconds = (b.nanos() - a.nanos()) / 1e9;
      Double cpu = Double.isNaN(a.cpuSeconds()) || Double.isNaN(b.cpuSeconds()) ? null
          : (b.cpuSeconds() - a.cpuSeconds()) / seconds;
      Double sweeps = Double.isNaN(a.sweeps()) || Double.isNaN(b.sweeps()) ? null : (b.sweeps() - a.sweeps()) / seconds;
      ServerStatus last = b.status();
      return new LoadSummary.Server(probes.get(k).target(), last.getHeapMaxBytes(), heapMax, heapMin,
          last.getHeapAfterGcBytes(), reservedMax, last.getMemoryBudgetBytes(), actorsMax, sessionsMax, cpu,
          probes.get(k).cpuSource(), sweeps, n, idleHeap, loadedHeap, chainsAtGc,
          idleHeap < 0 || loadedHeap < 0 || chainsAtGc == 0 ? null : (loadedHeap - idleHeap) / (double) chainsAtGc);
    }

    private static double ownCpuSeconds() {
      if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
        return os.getProcessCpuTime() / 1e9;
      }
      return Double.NaN;
    }

    /** The run's own clock: the main thread waits for the next phase of the run. */
    private static void waitUntil(long nanos) throws InterruptedException {
      long left;
      while ((left = nanos - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.sleep(left);
      }
    }
  }
}
