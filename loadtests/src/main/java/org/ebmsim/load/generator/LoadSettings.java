package org.ebmsim.load.generator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The load generator's command line: where the servers are, the shape of the sessions, how many
 * at once, for how long, and the rate of unary calls beside them.
 *
 * @param targets gRPC servers {@code host:port}; sessions and unary calls go round-robin over them
 * @param metrics Prometheus endpoints {@code host:port} of the servers (same order; may be empty)
 * @param serverPids process ids of local servers (same order; may be empty): CPU from /proc, and
 *     in soak mode full collections through {@code jcmd} before the heap is read
 * @param model what to create: {@code hopfield:N} (N units, N/20 random patterns) or
 *     {@code rbm:VxH} (binary RBM, small random weights)
 * @param modelId an existing model to use instead of creating one (empty: create)
 * @param sessions sessions running at once; each one restarts as soon as it ends
 * @param chains chains per session
 * @param sweeps sweeps per session (soak mode: at most, drawn per session)
 * @param reportEvery sweeps between progress events
 * @param dynamics GIBBS or METROPOLIS (single-site families; RBMs always run block Gibbs)
 * @param temperature the constant temperature of every session
 * @param warmup time before measuring (sessions and calls run, nothing is counted)
 * @param duration measured time after the warm-up
 * @param unaryRate unary calls per second, alternately GetModel and ListSessions (0: none)
 * @param statusEvery period of the server samples (GetServerStatus, Prometheus)
 * @param seed seed of the model, the sessions' seeds and the soak's choices
 * @param out the JSON summary file
 * @param soak soak mode: every session ends at random (read to the end, cancelled by the client,
 *     stopped by StopSession, or detached and stopped), then the server must come back to empty
 * @param heapSlackBytes soak: how much the heap may grow from the first window to the last one
 * @param settle soak: how long the server may take to come back to empty after the load
 */
public record LoadSettings(List<String> targets, List<String> metrics, List<Long> serverPids, String model,
    String modelId, int sessions, int chains, int sweeps, int reportEvery, String dynamics, double temperature,
    Duration warmup, Duration duration, double unaryRate, Duration statusEvery, long seed, String out, boolean soak,
    long heapSlackBytes, Duration settle) {

  public static final String USAGE = """
      java -cp loadtests/target/benchmarks.jar org.ebmsim.load.generator.LoadGenerator [options]
        --target H:P[,H:P..]   servers (default 127.0.0.1:50051); sessions round-robin over them
        --metrics H:P[,..]     their Prometheus endpoints (ebmsim server --metrics-port, or
                               -Debmsim.metrics.port), for CPU and the server's own sweeps/s
        --server-pid P[,..]    their pids if local: CPU from /proc; soak: jcmd GC.run before heap readings
        --model hopfield:100   or rbm:VxH; --model-id ID uses an existing model instead
        --sessions 4 --chains 64 --sweeps 1000 --report-every 10 --dynamics gibbs --temperature 1
        --warmup 5s --duration 30s  (units ms, s, m)
        --unary-rate 20        GetModel and ListSessions calls per second, alternately (0: none)
        --status-every 1s --seed 1 --out loadgen-summary.json
        --soak                 end sessions at random, then check the server comes back to empty
        --heap-slack-mib 32 --settle 30s   soak verdict: allowed heap growth, time to empty
      """;

  /** Parses {@code args} ({@code --name value} pairs, and the flag {@code --soak}). */
  public static LoadSettings parse(String[] args) {
    List<String> targets = List.of("127.0.0.1:50051");
    List<String> metrics = List.of();
    List<Long> pids = List.of();
    String model = "hopfield:100";
    String modelId = "";
    int sessions = 4;
    int chains = 64;
    int sweeps = 1000;
    int reportEvery = 10;
    String dynamics = "GIBBS";
    double temperature = 1;
    Duration warmup = Duration.ofSeconds(5);
    Duration duration = Duration.ofSeconds(30);
    double unaryRate = 20;
    Duration statusEvery = Duration.ofSeconds(1);
    long seed = 1;
    String out = "loadgen-summary.json";
    boolean soak = false;
    long heapSlack = 32L << 20;
    Duration settle = Duration.ofSeconds(30);
    for (int k = 0; k < args.length; k++) {
      String name = args[k];
      if (name.equals("--soak")) {
        soak = true;
        continue;
      }
      if (k + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
      }
      String v = args[++k];
      switch (name) {
        case "--target" -> targets = List.of(v.split(","));
        case "--metrics" -> metrics = List.of(v.split(","));
        case "--server-pid" -> {
          List<Long> p = new ArrayList<>();
          for (String s : v.split(",")) {
            p.add(Long.parseLong(s.trim()));
          }
          pids = List.copyOf(p);
        }
        case "--model" -> model = v;
        case "--model-id" -> modelId = v;
        case "--sessions" -> sessions = Integer.parseInt(v);
        case "--chains" -> chains = Integer.parseInt(v);
        case "--sweeps" -> sweeps = Integer.parseInt(v);
        case "--report-every" -> reportEvery = Integer.parseInt(v);
        case "--dynamics" -> dynamics = v.toUpperCase(Locale.ROOT);
        case "--temperature" -> temperature = Double.parseDouble(v);
        case "--warmup" -> warmup = duration(v);
        case "--duration" -> duration = duration(v);
        case "--unary-rate" -> unaryRate = Double.parseDouble(v);
        case "--status-every" -> statusEvery = duration(v);
        case "--seed" -> seed = Long.parseLong(v);
        case "--out" -> out = v;
        case "--heap-slack-mib" -> heapSlack = Long.parseLong(v) << 20;
        case "--settle" -> settle = duration(v);
        default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
      }
    }
    LoadSettings s = new LoadSettings(targets, metrics, pids, model, modelId, sessions, chains, sweeps, reportEvery,
        dynamics, temperature, warmup, duration, unaryRate, statusEvery, seed, out, soak, heapSlack, settle);
    s.check();
    return s;
  }

  private void check() {
    require(!targets.isEmpty(), "--target needs at least one host:port");
    require(metrics.isEmpty() || metrics.size() == targets.size(), "--metrics needs one endpoint per --target");
    require(serverPids.isEmpty() || serverPids.size() == targets.size(), "--server-pid needs one pid per --target");
    require(sessions >= 0, "--sessions must be >= 0 (0: unary calls only, a baseline)");
    require(chains >= 1, "--chains must be >= 1");
    require(sweeps >= 1, "--sweeps must be >= 1");
    require(reportEvery >= 1, "--report-every must be >= 1");
    require(dynamics.equals("GIBBS") || dynamics.equals("METROPOLIS"), "--dynamics must be gibbs or metropolis");
    require(temperature > 0 && Double.isFinite(temperature), "--temperature must be finite and > 0");
    require(!duration.isNegative() && !duration.isZero(), "--duration must be > 0");
    require(!warmup.isNegative(), "--warmup must be >= 0");
    require(unaryRate >= 0 && unaryRate <= 10_000, "--unary-rate must be in [0, 10000]");
    require(statusEvery.toMillis() >= 10, "--status-every must be >= 10ms");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** "500ms", "30s", "10m", or a plain number of seconds. */
  static Duration duration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    if (t.endsWith("s")) {
      return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
    }
    if (t.endsWith("m")) {
      return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60_000));
    }
    return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
  }
}
