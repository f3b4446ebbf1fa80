package org.ebmsim.server.dashboard;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.ServerBuilder;

/**
 * The dashboard's HTTP(S) server on the server's actor system: {@link DashboardRoutes} over an
 * in-process gRPC server that serves the same service definitions (with the same interceptors) as
 * the network server. Bound by {@link #start}; {@link #close} unbinds, ends open event streams
 * (their watch calls are cancelled, freeing the observers' buffers) and stops the in-process server.
 */
public final class DashboardServer implements AutoCloseable {
  /** Largest message the dashboard reads from the services (a session's result with its states). */
  private static final int MAX_MESSAGE_BYTES = 64 << 20;

  private final ServerBinding binding;
  private final boolean https;
  private final Server grpc;
  private final ManagedChannel channel;

  /**
   * Serves the dashboard on {@code settings}' host and port (0 picks a free port).
   *
   * @param services the server's gRPC services, as intercepted for the network server
   * @param access checked on every API request
   * @param tls serves HTTPS with this context when present, plain HTTP otherwise
   */
  public static DashboardServer start(ClassicActorSystemProvider system, DashboardSettings settings,
      List<ServerServiceDefinition> services, DashboardAccess access, Optional<Supplier<SSLEngine>> tls) {
    String name = "ebmsim-dashboard-" + UUID.randomUUID();
    InProcessServerBuilder builder = InProcessServerBuilder.forName(name);
    services.forEach(builder::addService);
    Server grpc;
    try {
      grpc = builder.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the dashboard's in-process gRPC server", e);
    }
    ManagedChannel channel = InProcessChannelBuilder.forName(name).maxInboundMessageSize(MAX_MESSAGE_BYTES).build();
    try {
      return new DashboardServer(system, settings, channel, access, tls, grpc);
    } catch (RuntimeException e) {
      channel.shutdownNow();
      grpc.shutdownNow();
      throw e;
    }
  }

  private DashboardServer(ClassicActorSystemProvider system, DashboardSettings settings, ManagedChannel channel,
      DashboardAccess access, Optional<Supplier<SSLEngine>> tls, Server grpc) {
    String host = settings.host();
    int port = settings.port();
    this.grpc = grpc;
    this.channel = channel;
    DashboardRoutes routes = new DashboardRoutes(new SessionCalls(channel), access, settings.heartbeat());
    ServerBuilder builder = Http.get(system).newServerAt(host, port);
    if (tls.isPresent()) {
      // an engine per connection, so a client CA makes each one require a client certificate
      builder = builder.enableHttps(ConnectionContext.httpsServer(tls.get()::get));
    }
    try {
      this.binding = builder.bind(routes.route()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding the dashboard to " + host + ":" + port, e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException("cannot serve the dashboard on " + host + ":" + port + " ("
          + cause.getMessage() + ")", cause);
    }
    this.https = tls.isPresent();
  }

  /** The bound port. */
  public int port() {
    return binding.localAddress().getPort();
  }

  /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
  public String url() {
    return (https ? "https" : "http") + "://" + binding.localAddress().getHostString() + ":" + port() + "/";
  }

  /**
   * Unbinds and gives open connections up to 2 s to end before they are cut; event streams are
   * cut at once (their watch calls are cancelled: a watch ends only with its session).
   */
  @Override
  public void close() {
    try {
      channel.shutdownNow(); // ends every open watch call: their event streams complete
      binding.terminate(Duration.ofSeconds(2)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the actor system's termination closes whatever is left
    } finally {
      grpc.shutdownNow();
    }
  }
}
