package org.ebmsim.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ebmsim.family.FamilyRegistry;
import org.ebmsim.proto.v1.GetServerStatusRequest;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.RbmServiceGrpc;
import org.ebmsim.proto.v1.ServerServiceGrpc;
import org.ebmsim.proto.v1.ServerStatus;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.server.EbmsimServer;
import org.junit.jupiter.api.function.Executable;

/**
 * A real server in this JVM on a free port, reached over Netty with default client settings (so
 * header and message limits are the ones real clients meet), with stubs for every service.
 */
final class NettyServer implements AutoCloseable {
  final EbmsimServer server;
  final ManagedChannel channel;

  private NettyServer(EbmsimServer server) {
    this.server = server;
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
  }

  /** A server on {@code dataDir} with {@code settings} (config paths → values) over the defaults. */
  static NettyServer start(Path dataDir, Map<String, Object> settings) {
    return start(dataDir, settings, FamilyRegistry.builtIn());
  }

  static NettyServer start(Path dataDir, Map<String, Object> settings, FamilyRegistry families) {
    Map<String, Object> all = new HashMap<>(settings);
    all.put("ebmsim.server.port", 0);
    all.put("ebmsim.server.data-dir", dataDir.toString());
    return new NettyServer(EbmsimServer.start(ConfigFactory.parseMap(all).withFallback(ConfigFactory.load()),
        families));
  }

  ModelServiceGrpc.ModelServiceBlockingStub models() {
    return ModelServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  SimulationServiceGrpc.SimulationServiceBlockingStub sim() {
    return SimulationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  SimulationServiceGrpc.SimulationServiceStub simAsync() {
    return SimulationServiceGrpc.newStub(channel);
  }

  SessionServiceGrpc.SessionServiceBlockingStub sessions() {
    return SessionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  RbmServiceGrpc.RbmServiceBlockingStub rbm() {
    return RbmServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  ServerStatus status() {
    return ServerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .getServerStatus(GetServerStatusRequest.getDefaultInstance());
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  /** Asserts that {@code call} fails with {@code code}; returns the description. */
  static String expect(Status.Code code, Executable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call, "expected " + code);
    assertEquals(code, e.getStatus().getCode(), "status (description: " + e.getStatus().getDescription() + ")");
    return String.valueOf(e.getStatus().getDescription());
  }

  /** Asserts that {@code call} fails with {@code code} and a description containing {@code fragment}. */
  static String expect(Status.Code code, String fragment, Executable call) {
    String description = expect(code, call);
    assertTrue(description.contains(fragment), "description \"" + description + "\" should mention \"" + fragment
        + "\"");
    return description;
  }
}
