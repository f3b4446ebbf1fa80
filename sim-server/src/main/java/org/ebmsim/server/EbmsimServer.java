package org.ebmsim.server;

import com.typesafe.config.Config;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.ebmsim.server.dashboard.DashboardTokens;
import org.ebmsim.server.dashboard.DashboardServer;
import org.ebmsim.server.dashboard.DashboardSettings;
import org.ebmsim.server.metrics.ServerMetrics;
import org.ebmsim.server.security.ServerSecurity;
import org.ebmsim.server.grpc.DatasetGrpcService;
import org.ebmsim.server.grpc.ModelGrpcService;
import org.ebmsim.server.grpc.SessionGrpcService;
import org.ebmsim.server.grpc.RbmGrpcService;
import org.ebmsim.server.grpc.RequestMemory;
import org.ebmsim.server.grpc.ServerGrpcService;
import org.ebmsim.server.grpc.SimulationGrpcService;
import org.ebmsim.server.store.DatasetImport;
import org.ebmsim.server.store.DatasetRoot;
import org.ebmsim.server.store.DatasetStore;
import org.ebmsim.server.store.ModelStore;
import org.ebmsim.server.grpc.TrainingDatasets;
import org.ebmsim.server.grpc.TrainingGrpcService;
import org.ebmsim.server.store.CheckpointStore;
import org.ebmsim.session.TrainingInputs;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.actor.cluster.ClusterSettings;
import org.ebmsim.actor.cluster.ShardedGroups;
import org.ebmsim.family.FamilyRegistry;
import org.ebmsim.memory.MemoryBudget;
import org.ebmsim.session.SamplingCoordinator;
import org.ebmsim.stream.SimulationEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running ebmsim server: model store, actor system, simulation engine and a gRPC server with
 * ModelService, SimulationService, RbmService, SessionService, DatasetService, TrainingService, HamService, health and reflection. {@link #close} shuts down in reverse:
 * stop accepting calls, give running calls the grace period, then stop the actors.
 */
public final class EbmsimServer implements AutoCloseable {
  /** Health-check name of the data folder (NOT_SERVING while it cannot take writes). */
  public static final String STORE_HEALTH = "ebmsim.store";
  private static final Logger LOG = LoggerFactory.getLogger(EbmsimServer.class);

  private final ServerConfig config;
  private final Server server;
  private final ActorSystem<Void> system;
  private final ThreadPoolExecutor computeExecutor;
  private final ScheduledExecutorService watchWriter;
  private final HealthStatusManager health;
  private final SimulationEngine engine;
  private final ServerMetrics metrics; // null unless ebmsim.metrics.port >= 0
  private final ServerSecurity security;
  private List<io.grpc.ServerServiceDefinition> typedServices = List.of(); // set once, before start returns
  private DashboardServer dashboard; // null unless ebmsim.dashboard.port >= 0; set once, before start returns
  private boolean clustered; // set once, before start returns

  private EbmsimServer(ServerConfig config, Server server, ActorSystem<Void> system, ThreadPoolExecutor exact,
      ScheduledExecutorService watchWriter, HealthStatusManager health, SimulationEngine engine,
      ServerMetrics metrics, ServerSecurity security) {
    this.metrics = metrics;
    this.security = security;
    this.watchWriter = watchWriter;
    this.engine = engine;
    this.config = config;
    this.server = server;
    this.system = system;
    this.computeExecutor = exact;
    this.health = health;
  }

  /** Starts on {@code ebmsim.server.host:port} (port 0: any free port) with the built-in families. */
  public static EbmsimServer start(Config config) {
    return start(config, FamilyRegistry.builtIn());
  }

  /** Starts on {@code ebmsim.server.host:port} with the model families of {@code families}. */
  public static EbmsimServer start(Config config, FamilyRegistry families) {
    ServerConfig sc = ServerConfig.from(config);
    ServerSecurity security = ServerSecurity.from(config);
    security.checkExposure(sc.host()); // before anything listens or is opened
    if (config.getInt("ebmsim.metrics.port") >= 0) {
      security.checkPlaintextExposure(config.getString("ebmsim.metrics.host"), "the Prometheus metrics");
    }
    InetSocketAddress address = new InetSocketAddress(sc.host(), sc.port());
    NettyServerBuilder netty = security.tls().map(t -> NettyServerBuilder.forAddress(address, t.grpcCredentials()))
        .orElseGet(() -> NettyServerBuilder.forAddress(address));
    ConnectionLimits.from(config.getConfig("ebmsim.server")).applyTo(netty);
    return start(config, sc, netty, families, security);
  }

  /** Starts an in-process server named {@code name} (for tests and embedding). */
  public static EbmsimServer inProcess(Config config, String name) {
    return inProcess(config, name, FamilyRegistry.builtIn());
  }

  /** Starts an in-process server named {@code name} with the model families of {@code families}. */
  public static EbmsimServer inProcess(Config config, String name, FamilyRegistry families) {
    // tokens apply in-process too; TLS files are read (and checked) but there is no wire to encrypt
    return start(config, ServerConfig.from(config), InProcessServerBuilder.forName(name), families,
        ServerSecurity.from(config));
  }

  @SuppressWarnings("deprecation") // v1alpha reflection, for tools that predate v1
  private static EbmsimServer start(Config config, ServerConfig sc, io.grpc.ServerBuilder<?> builder,
      FamilyRegistry families, ServerSecurity security) {
    org.ebmsim.server.logging.LogFormat.apply(config.getString("ebmsim.logging.format"));
    MemoryBudget budget = MemoryBudget.ofHeap(sc.limits().memoryFraction());
    ModelStore store;
    DatasetStore datasets;
    DatasetRoot datasetRoot;
    DatasetSettings ds = DatasetSettings.from(config, sc.dataDir());
    try {
      store = new ModelStore(sc.dataDir(), families, sc.limits().maxModels(), budget);
      datasets = new DatasetStore(sc.dataDir(), ds.maxBytes(), budget);
      datasetRoot = new DatasetRoot(ds.root());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the data folder " + sc.dataDir(), e);
    }
    int metricsPort = config.getInt("ebmsim.metrics.port");
    List<String> meteredDispatchers = config.getStringList("ebmsim.metrics.dispatchers");
    ClusterSettings cluster = ClusterSettings.from(config, sc.dataDir());
    Config systemConfig = metricsPort < 0 ? config
        : org.ebmsim.server.metrics.MeteredExecutorConfigurator.meter(config, meteredDispatchers);
    if (cluster.enabled()) { // only then: a single node starts no remoting at all
      systemConfig = cluster.pekkoConfig().withFallback(systemConfig);
    }
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), ClusterSettings.SYSTEM_NAME, systemConfig);
    ThreadPoolExecutor compute = new ThreadPoolExecutor(sc.computeThreads(), sc.computeThreads(), 60,
        TimeUnit.SECONDS, new ArrayBlockingQueue<>(sc.computeQueue()), r -> {
          Thread t = new Thread(r, "ebmsim-compute");
          t.setDaemon(true);
          return t;
        });
    ScheduledExecutorService watchWriter = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "ebmsim-watch");
      t.setDaemon(true);
      return t;
    });
    HealthStatusManager health = new HealthStatusManager();
    SimulationEngine engine = new SimulationEngine(system, EngineSettings.from(config), budget);
    if (cluster.enabled()) {
      // groups placed here by the cluster read their models from the (shared) data folder, and
      // requests here may name models another node created
      store.sharedWithOtherServers();
      engine.cache().loadFrom(ref -> store.readForCluster(ref.id(), ref.version()));
      engine.useCluster(ShardedGroups.start(system, engine.cache(), engine.settings(), cluster, engine.budget()));
      LOG.info("cluster node {} (seed nodes {}); chain-group checkpoints in {} every {} sweeps",
          org.apache.pekko.cluster.typed.Cluster.get(system).selfMember().address(), cluster.seedNodes(),
          cluster.checkpointDir(), cluster.checkpointEvery());
    }
    ServerMetrics metrics = metricsPort < 0 ? null
        : new ServerMetrics(config.getString("ebmsim.metrics.host"), metricsPort, engine.registry(), budget, store::size);
    if (metrics != null) {
      metrics.bindStoreSize(sc.dataDir(), config.getDuration("ebmsim.metrics.store-size-refresh"));
      metrics.bindDispatchers(system, meteredDispatchers);
      metrics.bindExecutor(compute, "ebmsim-compute");
      metrics.bindLiveActors(engine.census()::live);
    }
    ModelGrpcService models = new ModelGrpcService(store, families, sc.limits(), compute, datasets);
    TrainingDatasets trainingDatasets = id -> {
      org.ebmsim.data.Dataset d = datasets.get(id).orElseThrow(() -> new org.ebmsim.errors.NotFoundException(
          "dataset " + org.ebmsim.errors.Quoting.bare(id) + " not found")).data();
      return new TrainingInputs(d.toTrainingData(org.ebmsim.data.Dataset.Part.TRAIN),
          d.toTrainingData(org.ebmsim.data.Dataset.Part.HELD_OUT));
    };
    CheckpointStore checkpoints;
    try {
      checkpoints = new CheckpointStore(sc.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the checkpoint folder in " + sc.dataDir(), e);
    }
    List<BindableService> services = List.of(models,
        new SimulationGrpcService(store, trainingDatasets, sc.limits(), engine, system, compute),
        new RbmGrpcService(store, families, models, sc.limits(), compute),
        new SessionGrpcService(engine.registry(), budget, engine.settings().observerBytes(), watchWriter,
            metrics == null ? org.ebmsim.server.metrics.WatchTraffic.NONE : metrics.watchTraffic()),
        new ServerGrpcService(budget, engine, store, compute, sc.limits().maxSessions()),
        new DatasetGrpcService(datasets, datasetRoot, new DatasetImport(datasets), compute),
        new TrainingGrpcService(store, checkpoints, trainingDatasets, sc.limits(), engine, system, compute),
        new org.ebmsim.server.grpc.HamGrpcService(sc.limits(), system, budget, engine.registry(),
            engine.settings().observerEvents(), engine.settings().observerBytes()));
    builder.maxInboundMessageSize(maxMessageBytes(sc, budget));
    RequestMemory requestMemory = new RequestMemory(budget);
    // tokens and roles outside the memory charge, so refused calls charge nothing and reach nothing
    java.util.Optional<io.grpc.ServerInterceptor> auth;
    try {
      auth = security.grpcInterceptor(
          id -> engine.registry().get(id).map(org.ebmsim.actor.registry.SessionRecord::owner),
          services.stream().map(BindableService::bindService).toList());
    } catch (RuntimeException e) { // an RPC without a role: nothing may be left running
      system.terminate();
      compute.shutdownNow();
      watchWriter.shutdownNow();
      if (metrics != null) {
        metrics.close();
      }
      throw e;
    }
    List<io.grpc.ServerInterceptor> interceptors = new java.util.ArrayList<>(List.of(requestMemory));
    auth.ifPresent(interceptors::add);
    if (metrics != null) {
      engine.onActivity(metrics.activity());
      // the metrics interceptor outermost, so that calls refused for memory or tokens are counted too
      interceptors.add(metrics.interceptor());
    }
    List<io.grpc.ServerServiceDefinition> intercepted = services.stream()
        .map(s -> ServerInterceptors.intercept(s, interceptors)).toList();
    // outermost: bytes that are no request answer INVALID_ARGUMENT instead of grpc-java's UNKNOWN
    intercepted.forEach(s -> builder.addService(org.ebmsim.server.grpc.RequestDecoding.strict(s)));
    List<io.grpc.ServerServiceDefinition> openServices = List.of(health.getHealthService().bindService(),
        ProtoReflectionServiceV1.newInstance().bindService(),
        io.grpc.protobuf.services.ProtoReflectionService.newInstance().bindService());
    List<io.grpc.ServerServiceDefinition> typedServices = new java.util.ArrayList<>(intercepted);
    typedServices.addAll(openServices);
    Server server = builder
        .addService(org.ebmsim.server.grpc.RequestDecoding.strict(openServices.get(0)))
        .addService(org.ebmsim.server.grpc.RequestDecoding.strict(openServices.get(1)))
        .addService(org.ebmsim.server.grpc.RequestDecoding.strict(openServices.get(2)))
        .build();
    try {
      server.start();
    } catch (IOException e) {
      system.terminate();
      compute.shutdownNow();
      watchWriter.shutdownNow();
      throw new UncheckedIOException("cannot listen on " + sc.host() + ":" + sc.port() + " (" + e.getMessage() + ")", e);
    }
    health.setStatus("", HealthCheckResponse.ServingStatus.SERVING);
    // a health detail for the data folder: NOT_SERVING while writes fail for lack of space
    health.setStatus(STORE_HEALTH, HealthCheckResponse.ServingStatus.SERVING);
    store.onWriteProblem(problem -> health.setStatus(STORE_HEALTH, problem.isEmpty()
        ? HealthCheckResponse.ServingStatus.SERVING : HealthCheckResponse.ServingStatus.NOT_SERVING));
    for (BindableService s : services) {
      health.setStatus(s.bindService().getServiceDescriptor().getName(), HealthCheckResponse.ServingStatus.SERVING);
    }
    EbmsimServer running = new EbmsimServer(sc, server, system, compute, watchWriter, health, engine, metrics,
        security);
    running.clustered = cluster.enabled();
    running.typedServices = List.copyOf(typedServices);
    DashboardSettings dashboardSettings = DashboardSettings.from(config);
    if (dashboardSettings.enabled()) {
      try {
        security.checkExposure(dashboardSettings.host());
        // the dashboard calls the same services, with the same interceptors (tokens included), in-process
        running.dashboard = DashboardServer.start(system, dashboardSettings, intercepted,
            new DashboardTokens(security), security.tls().map(tls -> tls::newHttpsEngine));
      } catch (RuntimeException e) {
        running.close();
        throw e;
      }
      LOG.info("dashboard on {}", running.dashboard.url());
    }
    if (metrics != null) {
      LOG.info("Prometheus metrics on http://{}:{}/metrics", config.getString("ebmsim.metrics.host"), metrics.port());
    }
    LOG.info("ebmsim server listening on {}:{} (data: {}, memory budget {} MiB; {}, {})", sc.host(), running.port(),
        sc.dataDir(), budget.total() >> 20, security.tls().isPresent() ? (security.tls().get()
            .requiresClientCertificates() ? "mutual TLS" : "TLS") : "plaintext",
        security.requiresTokens() ? "bearer tokens required" : "no authentication");
    LOG.info("element-wise kernels: {}; OpenBLAS core type: {}", org.ebmsim.dynamics.simd.Kernels.describe(),
        System.getenv().getOrDefault("OPENBLAS_CORETYPE", "chosen by OpenBLAS for this CPU (OPENBLAS_CORETYPE unset)"));
    long largestSession = sc.limits().maxChainUnits() * SamplingCoordinator.BYTES_PER_CHAIN_UNIT;
    if (largestSession > budget.total()) {
      // consistent, not fatal: such requests get RESOURCE_EXHAUSTED with their cost
      LOG.info("the limits admit sessions of up to {} chain-units (~{} MiB); this heap's budget holds about {}"
          + " chain-units; larger sessions are refused with RESOURCE_EXHAUSTED (more heap: java -Xmx…)",
          sc.limits().maxChainUnits(), largestSession >> 20, budget.total() / SamplingCoordinator.BYTES_PER_CHAIN_UNIT);
    }
    return running;
  }

  /**
   * The largest request message accepted: the configured size, but no more than a quarter of the
   * heap outside the memory budget, which has to hold a message while it is received and parsed
   * (before it can be charged), for a few calls at a time.
   */
  static int maxMessageBytes(ServerConfig sc, MemoryBudget budget) {
    long headroom = Runtime.getRuntime().maxMemory() - budget.total();
    long cap = Math.max(4L << 20, headroom / 4);
    if (sc.maxMessageBytes() > cap) {
      LOG.warn("ebmsim.server.max-message-bytes = {} does not fit this heap (-Xmx {} MiB, {} MiB outside the memory"
          + " budget); accepting messages of up to {} bytes", sc.maxMessageBytes(),
          Runtime.getRuntime().maxMemory() >> 20, headroom >> 20, cap);
      return (int) cap;
    }
    return sc.maxMessageBytes();
  }

  /** The engine (for tests: its registry, its cache, its live sessions). */
  public SimulationEngine engine() {
    return engine;
  }

  /** The bound port (-1 for in-process servers). */
  public int port() {
    return server.getPort();
  }

  /** Sessions whose actors are still running. */
  public int activeSessions() {
    return engine.activeSessions();
  }

  /** The port of the web dashboard, if {@code ebmsim.dashboard.port} turned it on. */
  public java.util.OptionalInt dashboardPort() {
    return dashboard == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(dashboard.port());
  }

  /** The port of the Prometheus endpoint, if {@code ebmsim.metrics.port} turned it on. */
  public java.util.OptionalInt metricsPort() {
    return metrics == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(metrics.port());
  }

  public ServerConfig config() {
    return config;
  }

  /**
   * The server's TLS identity and tokens: {@code authenticate(header)} and {@code httpsContext()}
   * for an HTTP endpoint that should accept the same tokens and certificate.
   */
  public ServerSecurity security() {
    return security;
  }

  /**
   * Every service the gRPC server binds (with health and reflection), as their handlers see them:
   * typed requests. On the wire each is wrapped by {@link org.ebmsim.server.grpc.RequestDecoding},
   * which receives the raw request stream and decodes it before these handlers.
   */
  public List<io.grpc.ServerServiceDefinition> grpcServices() {
    return typedServices;
  }

  public void blockUntilShutdown() throws InterruptedException {
    server.awaitTermination();
  }

  /**
   * Shuts down within the shutdown grace plus 5 s (SIGTERM runs this): health turns NOT_SERVING and
   * new calls get UNAVAILABLE at once; running calls have the grace to finish; then sessions still
   * running are stopped (owner streams end as StopSession ends them: CANCELLED "server shutting
   * down", not cut mid-message; a training session writes its stop checkpoint); 2 s later whatever
   * call remains is cancelled.
   */
  @Override
  public void close() {
    health.enterTerminalState();
    if (dashboard != null) {
      dashboard.close(); // no dashboard requests once shutting down; its event streams end now
    }
    server.shutdown();
    try {
      if (!server.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
        engine.registry().list(false).forEach(r -> r.control().stop("server shutting down"));
        if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
          server.shutdownNow();
          server.awaitTermination(1, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    computeExecutor.shutdownNow();
    watchWriter.shutdownNow();
    if (metrics != null) {
      metrics.close();
    }
    // a cluster node leaves the cluster first: sharding hands its chain groups to the other nodes
    // (they resume from their checkpoints) before the actor system stops
    int wait = clustered ? 20 : 2;
    if (clustered) {
      org.apache.pekko.actor.CoordinatedShutdown.get(system)
          .runAll(org.apache.pekko.actor.CoordinatedShutdown.clusterLeavingReason());
    } else {
      system.terminate();
    }
    try {
      system.getWhenTerminated().toCompletableFuture().get(wait, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("actor system did not terminate within {} s: {}", wait, e.toString());
    }
  }
}
