package org.ebmsim.server.metrics;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;
import org.apache.pekko.dispatch.ForkJoinExecutorConfigurator;
import org.apache.pekko.dispatch.ThreadPoolExecutorConfigurator;

/**
 * A Pekko executor configurator ({@code executor = "<this class>"} in a dispatcher's config) that
 * builds the executor the dispatcher was configured with ({@code metered-executor}: fork-join,
 * thread-pool, or default, which means its fallback) and records each one it creates in
 * {@link DispatcherPools}, so that metrics can read the pool's stats. The executor itself is not
 * wrapped: the dispatcher runs exactly as configured. Pekko instantiates this class reflectively
 * with the dispatcher's config and the system's prerequisites.
 */
public final class MeteredExecutorConfigurator extends ExecutorServiceConfigurator {
  /** The dispatcher-config key holding the executor the dispatcher had before it was metered. */
  static final String ORIGINAL = "metered-executor";

  private final ExecutorServiceConfigurator delegate;
  private final Object systemSettings;

  public MeteredExecutorConfigurator(Config dispatcher, DispatcherPrerequisites prerequisites) {
    super(dispatcher, prerequisites);
    this.delegate = configurator(dispatcher, dispatcher.getString(ORIGINAL), prerequisites);
    this.systemSettings = prerequisites.settings();
  }

  private static ExecutorServiceConfigurator configurator(Config dispatcher, String executor,
      DispatcherPrerequisites prerequisites) {
    return switch (executor) {
      case "fork-join-executor" -> new ForkJoinExecutorConfigurator(dispatcher.getConfig(executor), prerequisites);
      case "thread-pool-executor" -> new ThreadPoolExecutorConfigurator(dispatcher.getConfig(executor), prerequisites);
      // Pekko's "default-executor" is its fallback unless the system was given an execution context (ours never is)
      case "default-executor" -> configurator(dispatcher, dispatcher.getString("default-executor.fallback"),
          prerequisites);
      default -> throw new IllegalArgumentException("cannot meter a dispatcher whose executor is \"" + executor
          + "\" (fork-join-executor, thread-pool-executor or default-executor can be metered)");
    };
  }

  @Override
  public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
    ExecutorServiceFactory factory = delegate.createExecutorServiceFactory(id, threadFactory);
    DispatcherPools.Pool pool = DispatcherPools.of(systemSettings, id);
    return () -> {
      ExecutorService executor = factory.createExecutorService();
      pool.use(executor);
      return executor;
    };
  }

  /**
   * {@code config} with each of {@code dispatchers} switched to this configurator, keeping the
   * executor each had as {@code metered-executor}; pass the result to the actor system.
   */
  public static Config meter(Config config, List<String> dispatchers) {
    Config out = config;
    for (String id : dispatchers) {
      if (!config.hasPath(id + ".executor")) {
        throw new IllegalArgumentException("ebmsim.metrics.dispatchers names \"" + id
            + "\", which is not a dispatcher in the configuration (no " + id + ".executor)");
      }
      String original = config.getString(id + ".executor");
      if (original.equals(MeteredExecutorConfigurator.class.getName())) {
        continue; // metered already
      }
      out = out.withValue(id + ".executor", ConfigValueFactory.fromAnyRef(MeteredExecutorConfigurator.class.getName()))
          .withValue(id + "." + ORIGINAL, ConfigValueFactory.fromAnyRef(original));
    }
    return out;
  }
}
