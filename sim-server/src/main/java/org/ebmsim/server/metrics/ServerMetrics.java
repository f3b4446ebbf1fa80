package org.ebmsim.server.metrics;

import com.sun.net.httpserver.HttpServer;
import io.grpc.ServerInterceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
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
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
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
  private final Map<String, Boolean> sessionGauges = new ConcurrentHashMap<>();
  private final AtomicReference<Map<String, Integer>> sessionCounts = new AtomicReference<>(Map.of());
  private volatile long liveChains;

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

  /** Counts the engine's single-unit updates by model family ({@code ebmsim_unit_updates_total}). */
  public EngineActivity activity() {
    return (family, n) -> updates.computeIfAbsent(family, f -> Counter.builder("ebmsim.unit.updates")
        .description("single-unit updates done by sampling sessions; rate() gives updates per second")
        .tag("family", f).register(registry)).increment(n);
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
    http.stop(0);
    gc.close();
    registry.close();
  }
}
