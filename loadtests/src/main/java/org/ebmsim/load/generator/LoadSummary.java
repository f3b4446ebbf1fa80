package org.ebmsim.load.generator;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a load run measured, as written to its JSON file. Rates and latencies cover the measured
 * window only (after the warm-up). Event latency is the inter-arrival time of progress events on
 * one session's stream, as the client receives them (the events carry no server timestamp); the
 * first of a stream is timed from its SessionStarted event. First-event latency is from the call
 * to its SessionStarted event. Unary latency is from the moment the call was due (fixed rate), so
 * a late-starting call counts its wait.
 */
public record LoadSummary(String mode, String startedUtc, List<String> targets, Shape shape, double warmupSeconds,
    double measuredSeconds, Throughput throughput, Latency eventInterArrival, Latency firstEvent, Latency getModel,
    Latency listSessions, Unary unary, Map<String, Long> outcomes, List<Server> servers, Machine machine, Soak soak) {

  /** The sessions' shape; {@code units} counts every layer. */
  public record Shape(String model, List<String> modelIds, int units, int sessions, int chains, long liveChains,
      int sweeps, int reportEvery, String dynamics, double temperature) {}

  /** Counts in the measured window and their rates; chain-sweeps are sweeps of one chain. */
  public record Throughput(long chainSweeps, long unitUpdates, long events, long sessionsStarted,
      long sessionsFinished, double sweepsPerSecond, double updatesPerSecond, double eventsPerSecond) {}

  /** Milliseconds. */
  public record Latency(long count, double meanMs, double p50Ms, double p99Ms, double maxMs) {}

  /** Unary calls: the rate asked for, calls made in the window, and how many failed. */
  public record Unary(double ratePerSecond, long calls, long failed) {}

  /**
   * One server over the measured window. CPU in cores (CPU-seconds per second) from /proc when its
   * pid is known, else from its Prometheus {@code process_cpu_time}; null when neither is known.
   * Server sweeps/s from its {@code ebmsim_sweeps_total} (needs --metrics): a cross-check of the
   * client's count. With the server's pid, its heap right after a full collection ({@code jcmd
   * GC.run}) before the first session ({@code heapIdleAfterGcBytes}) and just after the measured
   * window with the load still on ({@code heapLoadedAfterGcBytes}, -1 without a pid), the chains
   * live at that moment (from ListSessions), and their difference per live chain.
   */
  public record Server(String target, long heapMaxBytes, long heapUsedMaxBytes, long heapUsedMinBytes,
      long heapAfterGcLastBytes, long memoryReservedMaxBytes, long memoryBudgetBytes, long liveActorsMax,
      int sessionsActiveMax, Double cpuCores, String cpuSource, Double serverSweepsPerSecond, int samples,
      long heapIdleAfterGcBytes, long heapLoadedAfterGcBytes, int chainsLiveAtGc, Double heapBytesPerLiveChain) {}

  /** This machine over the window: cores, busy cores of everything on it, the generator's own CPU. */
  public record Machine(int cores, double busyCores, double generatorCpuCores, double loadAverageStart,
      double loadAverageEnd) {}

  /**
   * Soak verdict. The heap is compared between the first and the last window of the load (each
   * min(60 s, a third of the run)): with pids, heap used right after a forced full collection
   * ({@code jcmd GC.run}) at the first window's end and just after the last one, the load still
   * on; without, the lowest heap used sampled in each window.
   */
  public record Soak(Map<String, Long> endings, String heapMethod, long heapFirstBytes, long heapLastBytes,
      long heapSlackBytes, long liveActorsAfter, int sessionsLeft, double settleSeconds, boolean pass,
      List<String> violations) {}

  void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, toJson());
  }

  String toJson() {
    return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(this);
  }

  static LoadSummary read(Path file) throws IOException {
    return new GsonBuilder().create().fromJson(Files.readString(file), LoadSummary.class);
  }
}
