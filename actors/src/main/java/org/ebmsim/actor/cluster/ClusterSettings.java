package org.ebmsim.actor.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ebmsim.cluster.*}: whether this node joins a Pekko Cluster, where it listens for its
 * peers, whom it contacts first, how chain groups checkpoint, and how fast failures are acted on.
 * Off by default: a single node then starts no remoting at all.
 *
 * @param seedNodes "host:port" of the nodes to join through (this node's own address forms a new cluster)
 * @param checkpointEvery sweeps between a chain group's checkpoints (at least)
 * @param checkpointDir folder of group checkpoints, shared by every node (a shared data folder)
 * @param resendAfter how long a session waits for a group's answer before it sends the order again
 *     (a group whose node died is rebuilt elsewhere when the order reaches it)
 * @param downAfter how long the split-brain resolver waits for a stable membership before it downs
 *     the unreachable side (keep-majority)
 * @param heartbeatPause how long a node may be silent before it is unreachable
 */
public record ClusterSettings(boolean enabled, String host, int port, List<String> seedNodes, long checkpointEvery,
    Path checkpointDir, Duration resendAfter, Duration downAfter, Duration heartbeatPause) {
  /** The actor system's name on every node (part of every cluster address). */
  public static final String SYSTEM_NAME = "ebmsim";

  public ClusterSettings {
    seedNodes = List.copyOf(seedNodes);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("ebmsim.cluster.port must be 0..65535 (got " + port + ")");
    }
    if (checkpointEvery < 1) {
      throw new IllegalArgumentException("ebmsim.cluster.checkpoint-every must be >= 1 sweep (got "
          + checkpointEvery + ")");
    }
    for (String s : seedNodes) {
      hostAndPort(s); // checked here, not when the cluster first needs it
    }
  }

  /** Reads {@code ebmsim.cluster}; an empty {@code checkpoint-dir} means {@code <dataDir>/cluster-checkpoints}. */
  public static ClusterSettings from(Config config, Path dataDir) {
    Config c = config.getConfig("ebmsim.cluster");
    String dir = c.getString("checkpoint-dir");
    return new ClusterSettings(c.getBoolean("enabled"), c.getString("host"), c.getInt("port"),
        c.getStringList("seed-nodes"), c.getLong("checkpoint-every"),
        dir.isEmpty() ? dataDir.resolve("cluster-checkpoints") : Path.of(dir), c.getDuration("resend-after"),
        c.getDuration("down-after"), c.getDuration("heartbeat-pause"));
  }

  /** Splits "host:port", naming the setting when it is not that. */
  static String[] hostAndPort(String seed) {
    int colon = seed.lastIndexOf(':');
    if (colon <= 0 || colon == seed.length() - 1) {
      throw new IllegalArgumentException("ebmsim.cluster.seed-nodes: \"" + seed + "\" is not host:port");
    }
    try {
      int p = Integer.parseInt(seed.substring(colon + 1));
      if (p < 1 || p > 65535) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("ebmsim.cluster.seed-nodes: \"" + seed + "\" has no port 1..65535");
    }
    return new String[] {seed.substring(0, colon), seed.substring(colon + 1)};
  }

  /**
   * The Pekko settings that make the actor system a cluster node, to put before the node's config:
   * the cluster provider, Artery on {@code host:port}, the seed nodes, keep-majority downing.
   */
  public Config pekkoConfig() {
    Map<String, Object> m = new HashMap<>();
    m.put("pekko.actor.provider", "cluster");
    m.put("pekko.remote.artery.canonical.hostname", host);
    m.put("pekko.remote.artery.canonical.port", port);
    List<String> seeds = new ArrayList<>();
    for (String s : seedNodes) {
      String[] hp = hostAndPort(s);
      seeds.add("pekko://" + SYSTEM_NAME + "@" + hp[0] + ":" + hp[1]);
    }
    m.put("pekko.cluster.seed-nodes", seeds);
    m.put("pekko.cluster.downing-provider-class", "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider");
    m.put("pekko.cluster.split-brain-resolver.active-strategy", "keep-majority");
    m.put("pekko.cluster.split-brain-resolver.stable-after", downAfter.toMillis() + "ms");
    m.put("pekko.cluster.failure-detector.acceptable-heartbeat-pause", heartbeatPause.toMillis() + "ms");
    return ConfigFactory.parseMap(m);
  }
}
