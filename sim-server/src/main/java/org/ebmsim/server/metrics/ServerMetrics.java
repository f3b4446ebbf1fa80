package org.ebmsim.server.metrics;

import com.sun.net.httpserver.HttpServer;
import io.grpc.ServerInterceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.ebmsim.actor.registry.SessionRecord;
import org.ebmsim.actor.registry.SessionRegistry;
import org.ebmsim.actor.registry.SessionState;
import org.ebmsim.memory.MemoryBudget;
import org.ebmsim.stream.EngineActivity;

/**
 * The server's Prometheus registry and its HTTP endpoint ({@code GET /metrics}, text format).
 * Session gauges are computed from the session registry when scraped, not on every change, so
 * metrics cost the sessions nothing; update counters are bumped once per gathered round.
 */
public final class ServerMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final SessionRegistry sessions;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final HttpServer http;
  private final Map<String, Counter> updates = new ConcurrentHashMap<>();
  private final Map<String, Counter> sweeps = new ConcurrentHashMap<>();
  private final Counter watchSent;
  private final Counter watchDropped;
  private final Map<String, Boolean> sessionGauges = new ConcurrentHashMap<>();
  private final AtomicReference<Map<String, Integer>> sessionCounts = new AtomicReference<>(Map.of());
  private volatile long liveChains;
  /** The settings of the actor system whose dispatchers are metered, or null. */
  private volatile Object meteredSystem;

  /**
   * Starts the endpoint on {@code host:port} (0 picks a free port).
   *
   * @param models the number of stored models, read at scrape time
   */
  public ServerMetrics(String host, int port, SessionRegistry sessions, MemoryBudget budget, IntSupplier models) {
    this.sessions = sessions;
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Gauge.builder("ebmsim.memory.budget.used", budget, MemoryBudget::used).baseUnit("bytes")
        .description("bytes charged to the memory budget (models, sessions, results, requests)").register(registry);
    Gauge.builder("ebmsim.memory.budget.total", budget, MemoryBudget::total).baseUnit("bytes")
        .description("the memory budget").register(registry);
    // strongly referenced: Micrometer keeps a gauge's object weakly, and nothing else holds this supplier
    Gauge.builder("ebmsim.models.stored", models, m -> m.getAsInt()).strongReference(true)
        .description("models in the store").register(registry);
    watchSent = Counter.builder("ebmsim.watch.events.sent")
        .description("events written to WatchSession observers").register(registry);
    watchDropped = Counter.builder("ebmsim.watch.events.dropped")
        .description("progress events dropped from WatchSession observers' buffers because they fell behind")
        .register(registry);
    Gauge.builder("ebmsim.chains.live", this, m -> m.liveChains).description("chains of running and paused sessions")
        .register(registry);
    try {
      http = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + " (" + e.getMessage() + ")", e);
    }
    http.createContext("/metrics", exchange -> {
      try (exchange) {
        refreshSessions();
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    });
    http.start();
  }

  /** The port the endpoint listens on. */
  public int port() {
    return http.getAddress().getPort();
  }

  /** The interceptor that counts and times every gRPC call. */
  public ServerInterceptor interceptor() {
    return new GrpcMetricsInterceptor(registry);
  }

  /**
   * Counts the engine's single-unit updates and chain-sweeps by model family
   * ({@code ebmsim_unit_updates_total}, {@code ebmsim_sweeps_total}), once per gathered round.
   */
  public EngineActivity activity() {
    return (family, chainSweeps, n) -> {
      updates.computeIfAbsent(family, f -> Counter.builder("ebmsim.unit.updates")
          .description("single-unit updates done by sampling sessions; rate() gives updates per second")
          .tag("family", f).register(registry)).increment(n);
      sweeps.computeIfAbsent(family, f -> Counter.builder("ebmsim.sweeps")
          .description("sweeps done by sampling sessions, one per chain per sweep; rate() gives sweeps per second")
          .tag("family", f).register(registry)).increment(chainSweeps);
    };
  }

  /** Counts the events sent to session watchers and dropped from their buffers (conflation). */
  public WatchTraffic watchTraffic() {
    return (sent, dropped) -> {
      watchSent.increment(sent);
      watchDropped.increment(dropped);
    };
  }

  /**
   * Exports the bytes on disk of the stores under {@code dataDir} (models with their versions,
   * datasets, checkpoints) as {@code ebmsim_store_size_bytes{store=...}}, walked at most once per
   * {@code refresh} (see {@link StoreSize}).
   */
  public void bindStoreSize(Path dataDir, Duration refresh) {
    for (String store : List.of("models", "datasets", "checkpoints")) {
      StoreSize size = new StoreSize(dataDir.resolve(store), refresh);
      Gauge.builder("ebmsim.store.size", size, StoreSize::bytes).strongReference(true).baseUnit("bytes")
          .description("bytes of the store's files on disk, measured at most once per ebmsim.metrics.store-size-refresh")
          .tag("store", store).register(registry);
    }
  }

  /**
   * Exports the pools of the Pekko dispatchers {@code ids} of {@code system}, which must have been
   * created with a config passed through {@link MeteredExecutorConfigurator#meter}:
   * {@code ebmsim_dispatcher_threads}, {@code _active_threads}, {@code _queued_tasks},
   * {@code _parallelism}, each tagged with the dispatcher's id.
   */
  public void bindDispatchers(ActorSystem<?> system, List<String> ids) {
    Object settings = system.classicSystem().settings();
    meteredSystem = settings;
    for (String id : ids) {
      DispatcherPools.Pool pool = DispatcherPools.of(settings, id);
      Gauge.builder("ebmsim.dispatcher.threads", pool, DispatcherPools.Pool::threads).strongReference(true)
          .description("threads of the dispatcher's pool now").tag("dispatcher", id).register(registry);
      Gauge.builder("ebmsim.dispatcher.active.threads", pool, DispatcherPools.Pool::active).strongReference(true)
          .description("threads of the dispatcher running actors now").tag("dispatcher", id).register(registry);
      Gauge.builder("ebmsim.dispatcher.queued.tasks", pool, DispatcherPools.Pool::queued).strongReference(true)
          .description("actor turns waiting for a thread of the dispatcher").tag("dispatcher", id).register(registry);
      Gauge.builder("ebmsim.dispatcher.parallelism", pool, DispatcherPools.Pool::parallelism).strongReference(true)
          .description("most threads the dispatcher runs actors on at once").tag("dispatcher", id).register(registry);
    }
  }

  /**
   * Exports how many of the engine's actors (sessions, chain groups, layer actors) are alive, read
   * from {@code census} when scraped ({@code ebmsim_actors_live}): a leak shows as a count that does
   * not come back to zero once the sessions are gone.
   */
  public void bindLiveActors(java.util.function.LongSupplier census) {
    Gauge.builder("ebmsim.actors.live", census, c -> c.getAsLong()).strongReference(true)
        .description("actors of the engine alive now (sessions, chain groups, layer actors)").register(registry);
  }

  /** Exports {@code executor}'s pool and queue with Micrometer's executor metrics ({@code executor_*{name=...}}). */
  public void bindExecutor(ExecutorService executor, String name) {
    new ExecutorServiceMetrics(executor, name, List.of()).bindTo(registry);
  }

  /** Sessions by kind and state, and live chains, from the registry as it is now. */
  private void refreshSessions() {
    Map<String, Integer> counts = new ConcurrentHashMap<>();
    long chains = 0;
    for (SessionRecord r : sessions.list(true)) {
      SessionState state = r.state();
      counts.merge(r.info().kind() + "/" + state.name().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
      if (state == SessionState.RUNNING || state == SessionState.PAUSED) {
        chains += r.info().chains();
      }
    }
    liveChains = chains;
    sessionCounts.set(counts);
    for (String key : counts.keySet()) {
      sessionGauges.computeIfAbsent(key, k -> {
        String[] kindState = k.split("/", 2);
        Gauge.builder("ebmsim.sessions", sessionCounts, c -> c.get().getOrDefault(k, 0))
            .description("sessions in the registry by kind and state (ended ones until their results expire)")
            .tag("kind", kindState[0]).tag("state", kindState[1]).register(registry);
        return Boolean.TRUE;
      });
    }
  }

  @Override
  public void close() {
    if (meteredSystem != null) {
      DispatcherPools.forget(meteredSystem);
    }
    http.stop(0);
    gc.close();
    registry.close();
  }
}
