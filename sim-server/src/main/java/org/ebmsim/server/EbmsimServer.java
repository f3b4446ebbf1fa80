package org.ebmsim.server;

import com.typesafe.config.Config;
import io.grpc.Server;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.ebmsim.server.grpc.ModelGrpcService;
import org.ebmsim.server.grpc.PartitionFunctionSessions;
import org.ebmsim.server.grpc.RbmGrpcService;
import org.ebmsim.server.grpc.SimulationGrpcService;
import org.ebmsim.server.store.ModelStore;
import org.ebmsim.stream.SimulationEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running ebmsim server: model store, actor system, simulation engine and a gRPC server with
 * ModelService, SimulationService, RbmService, health and reflection. {@link #close} shuts down in reverse:
 * stop accepting calls, give running calls the grace period, then stop the actors.
 */
public final class EbmsimServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EbmsimServer.class);

  private final ServerConfig config;
  private final Server server;
  private final ActorSystem<Void> system;
  private final ThreadPoolExecutor exactExecutor;
  private final HealthStatusManager health;
  private final SimulationEngine engine;

  private EbmsimServer(ServerConfig config, Server server, ActorSystem<Void> system, ThreadPoolExecutor exact,
      HealthStatusManager health, SimulationEngine engine) {
    this.engine = engine;
    this.config = config;
    this.server = server;
    this.system = system;
    this.exactExecutor = exact;
    this.health = health;
  }

  /** Starts on {@code ebmsim.server.host:port} (port 0: any free port). */
  public static EbmsimServer start(Config config) {
    ServerConfig sc = ServerConfig.from(config);
    return start(config, sc, NettyServerBuilder.forAddress(new InetSocketAddress(sc.host(), sc.port())));
  }

  /** Starts an in-process server named {@code name} (for tests and embedding). */
  public static EbmsimServer inProcess(Config config, String name) {
    return start(config, ServerConfig.from(config), InProcessServerBuilder.forName(name));
  }

  private static EbmsimServer start(Config config, ServerConfig sc, io.grpc.ServerBuilder<?> builder) {
    ModelStore store;
    try {
      store = new ModelStore(sc.dataDir(), sc.limits().maxModels(), sc.limits().maxStoredParameters());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the data folder " + sc.dataDir(), e);
    }
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "ebmsim", config);
    ThreadPoolExecutor exact = new ThreadPoolExecutor(sc.exactThreads(), sc.exactThreads(), 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(16), r -> {
          Thread t = new Thread(r, "ebmsim-exact");
          t.setDaemon(true);
          return t;
        });
    HealthStatusManager health = new HealthStatusManager();
    SimulationEngine engine = new SimulationEngine(system, config);
    Server server = builder
        .maxInboundMessageSize(sc.maxMessageBytes())
        .addService(new ModelGrpcService(store, sc.limits()))
        .addService(new SimulationGrpcService(store, sc.limits(), engine, system, exact))
        .addService(new RbmGrpcService(store, sc.limits(), exact, new PartitionFunctionSessions(store,
            sc.limits(), engine, system, config.getInt("ebmsim.engine.ais-chains-per-group"),
            !"java".equals(config.getString("ebmsim.engine.blas")))))
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance())
        .build();
    try {
      server.start();
    } catch (IOException e) {
      system.terminate();
      exact.shutdownNow();
      throw new UncheckedIOException("cannot listen on " + sc.host() + ":" + sc.port() + " (" + e.getMessage() + ")", e);
    }
    health.setStatus("", io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
    EbmsimServer running = new EbmsimServer(sc, server, system, exact, health, engine);
    LOG.info("ebmsim server listening on {}:{} (data: {})", sc.host(), running.port(), sc.dataDir());
    return running;
  }

  /** The bound port (-1 for in-process servers). */
  public int port() {
    return server.getPort();
  }

  /** Sessions whose actors are still running. */
  public int activeSessions() {
    return engine.activeSessions();
  }

  public ServerConfig config() {
    return config;
  }

  public void blockUntilShutdown() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    health.enterTerminalState();
    server.shutdown();
    try {
      if (!server.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    exactExecutor.shutdownNow();
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("actor system did not terminate cleanly: {}", e.toString());
    }
  }
}
