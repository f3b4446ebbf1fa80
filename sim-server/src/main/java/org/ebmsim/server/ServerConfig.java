package org.ebmsim.server;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/** Typed view of {@code ebmsim.server.*} and {@code ebmsim.limits.*}. */
public record ServerConfig(String host, int port, Path dataDir, Duration shutdownGrace, int maxMessageBytes,
    int computeThreads, int computeQueue, Limits limits) {

  /**
   * Size limits enforced at the gRPC edge.
   *
   * @param memoryFraction share of the maximum heap given to the memory budget that models,
   *     sessions and retained results are charged against
   * @param maxSparseUnits units per model of the sparse family (charged by couplings, not N²)
   * @param maxSparseCouplings edges {i, j} per model of the sparse family
   */
  public record Limits(int maxUnits, int maxPatterns, int maxModels, int maxChains, long maxChainUnits,
      int maxSessions, int maxScheduleSteps, long maxTotalSweeps, int exactMaxUnits, double memoryFraction,
      int maxSparseUnits, long maxSparseCouplings) {
    /** Limits whose sparse limits are the dense ones (max-units units, 32 couplings per unit). */
    public Limits(int maxUnits, int maxPatterns, int maxModels, int maxChains, long maxChainUnits, int maxSessions,
        int maxScheduleSteps, long maxTotalSweeps, int exactMaxUnits, double memoryFraction) {
      this(maxUnits, maxPatterns, maxModels, maxChains, maxChainUnits, maxSessions, maxScheduleSteps, maxTotalSweeps,
          exactMaxUnits, memoryFraction, maxUnits, 32L * maxUnits);
    }
  }

  public static ServerConfig from(Config config) {
    Config s = config.getConfig("ebmsim.server");
    Config l = config.getConfig("ebmsim.limits");
    int port = s.getInt("port");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("ebmsim.server.port must be in [0, 65535] (got " + port + ")");
    }
    double fraction = l.getDouble("memory-fraction");
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("ebmsim.limits.memory-fraction must be in (0, 1] (got " + fraction + ")");
    }
    Limits limits = new Limits(positive(l, "max-units"), positive(l, "max-patterns"), positive(l, "max-models"),
        positive(l, "max-chains"), l.getLong("max-chain-units"), positive(l, "max-sessions"),
        positive(l, "max-schedule-steps"), l.getLong("max-total-sweeps"), positive(l, "exact-max-units"), fraction,
        positive(l, "max-sparse-units"), positiveLong(l, "max-sparse-couplings"));
    return new ServerConfig(s.getString("host"), port, Path.of(s.getString("data-dir")).toAbsolutePath(),
        s.getDuration("shutdown-grace"), positive(s, "max-message-bytes"), positive(s, "compute-threads"),
        positive(s, "compute-queue"), limits);
  }

  private static long positiveLong(Config c, String key) {
    long v = c.getLong(key);
    if (v < 1) {
      throw new IllegalArgumentException(key + " must be >= 1 (got " + v + ")");
    }
    return v;
  }

  private static int positive(Config c, String key) {
    int v = c.getInt(key);
    if (v < 1) {
      throw new IllegalArgumentException(key + " must be >= 1 (got " + v + ")");
    }
    return v;
  }
}
