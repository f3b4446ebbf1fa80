package org.ebmsim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.RbmServiceGrpc;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.SpinMatrix;
import org.junit.jupiter.api.function.Executable;

/**
 * An in-process server on a data folder with real generated stubs, for the RBM tests, plus the
 * matrix builders and status assertion they share. {@code max-units} is 64 so that limit cases
 * stay small.
 */
final class RbmTestServer implements AutoCloseable {
  static final int MAX_UNITS = 64;

  final EbmsimServer server;
  final ManagedChannel channel;
  final ModelServiceGrpc.ModelServiceBlockingStub models;
  final SimulationServiceGrpc.SimulationServiceBlockingStub sim;
  final RbmServiceGrpc.RbmServiceBlockingStub rbm;

  private RbmTestServer(Path dataDir) {
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("ebmsim.server.data-dir", dataDir.toString());
    overrides.put("ebmsim.limits.max-units", MAX_UNITS);
    String name = "rbm-test-" + UUID.randomUUID();
    server = EbmsimServer.inProcess(ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load()), name);
    channel = InProcessChannelBuilder.forName(name).build();
    models = ModelServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    sim = SimulationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    rbm = RbmServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  static RbmTestServer start(Path dataDir) {
    return new RbmTestServer(dataDir);
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  /** Asserts that {@code call} fails with {@code code} and a description containing {@code fragment}. */
  static void expect(Status.Code code, String fragment, Executable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call,
        "expected " + code + " mentioning \"" + fragment + "\"");
    assertEquals(code, e.getStatus().getCode(), "status of the call (description: "
        + e.getStatus().getDescription() + ")");
    String description = String.valueOf(e.getStatus().getDescription());
    assertTrue(description.contains(fragment), "description \"" + description + "\" should mention \"" + fragment
        + "\"");
  }

  static Matrix matrix(int rows, int cols, double... values) {
    Matrix.Builder m = Matrix.newBuilder().setRows(rows).setCols(cols);
    for (double v : values) {
      m.addValues(v);
    }
    return m.build();
  }

  static SpinMatrix spins(int rows, int cols, byte[] values) {
    SpinMatrix.Builder m = SpinMatrix.newBuilder().setRows(rows).setCols(cols);
    for (byte v : values) {
      m.addSpins(v);
    }
    return m.build();
  }

  static double[] gaussian(int count, double scale, long seed) {
    Random r = new Random(seed);
    double[] out = new double[count];
    for (int k = 0; k < count; k++) {
      out[k] = scale * r.nextGaussian();
    }
    return out;
  }

  static byte[] randomSpins(int count, long seed) {
    Random r = new Random(seed);
    byte[] out = new byte[count];
    for (int k = 0; k < count; k++) {
      out[k] = r.nextBoolean() ? (byte) 1 : (byte) -1;
    }
    return out;
  }

  static double[] values(Matrix m) {
    return m.getValuesList().stream().mapToDouble(Double::doubleValue).toArray();
  }
}
