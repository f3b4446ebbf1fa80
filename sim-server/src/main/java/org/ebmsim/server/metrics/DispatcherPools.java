package org.ebmsim.server.metrics;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The executors behind metered Pekko dispatchers, per actor system: Pekko builds a dispatcher's
 * executor itself (through {@link MeteredExecutorConfigurator}), and replaces it after the
 * dispatcher has been idle for its {@code shutdown-timeout}, so gauges read the current one through
 * a {@link Pool} rather than holding an executor. Systems are keyed by their settings object (one
 * per actor system, shared by Pekko with the configurator), weakly, so ended systems drop out.
 */
final class DispatcherPools {
  private static final Map<Object, Map<String, Pool>> SYSTEMS = new WeakHashMap<>();

  private DispatcherPools() {
  }

  /** The pool slot of dispatcher {@code id} of the system whose settings are {@code systemSettings}. */
  static Pool of(Object systemSettings, String id) {
    synchronized (SYSTEMS) {
      return SYSTEMS.computeIfAbsent(systemSettings, s -> new ConcurrentHashMap<>())
          .computeIfAbsent(id, i -> new Pool());
    }
  }

  /**
   * Forgets the pools of the system whose settings are {@code systemSettings} (its server closed):
   * a pool's executor may reference its system, which would keep the weak key alive.
   */
  static void forget(Object systemSettings) {
    synchronized (SYSTEMS) {
      SYSTEMS.remove(systemSettings);
    }
  }

  /** The executor a dispatcher runs on now (none before its first use or between idle periods), and its stats. */
  static final class Pool {
    private volatile ExecutorService current;

    void use(ExecutorService executor) {
      current = executor;
    }

    /** Threads that exist now. */
    double threads() {
      ExecutorService e = current;
      if (e instanceof ForkJoinPool f) {
        return f.getPoolSize();
      }
      return e instanceof ThreadPoolExecutor t ? t.getPoolSize() : 0;
    }

    /** Threads running a task now (for a fork-join pool: not blocked waiting to join). */
    double active() {
      ExecutorService e = current;
      if (e instanceof ForkJoinPool f) {
        return f.getActiveThreadCount();
      }
      return e instanceof ThreadPoolExecutor t ? t.getActiveCount() : 0;
    }

    /** Tasks waiting for a thread (for a fork-join pool: in the workers' queues plus submissions). */
    double queued() {
      ExecutorService e = current;
      if (e instanceof ForkJoinPool f) {
        return f.getQueuedTaskCount() + f.getQueuedSubmissionCount();
      }
      return e instanceof ThreadPoolExecutor t ? t.getQueue().size() : 0;
    }

    /** The most threads the pool runs tasks on at once (fork-join parallelism, thread-pool maximum). */
    double parallelism() {
      ExecutorService e = current;
      if (e instanceof ForkJoinPool f) {
        return f.getParallelism();
      }
      return e instanceof ThreadPoolExecutor t ? t.getMaximumPoolSize() : 0;
    }
  }
}
