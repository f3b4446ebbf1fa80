package org.ebmsim.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ebmsim.proto.v1.ListModelsRequest;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.server.EbmsimServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes that are no request message get INVALID_ARGUMENT naming the message type, on every RPC of
 * every ebmsim service (grpc-java alone answers UNKNOWN "Application error processing RPC"), and
 * the server goes on answering well-formed calls. The bytes: a field tag with wire type 7, which
 * no protobuf parser accepts.
 */
class UndecodableRequestTest {
  @TempDir Path dir;
  private EbmsimServer server;
  private ManagedChannel channel;

  @BeforeEach
  void start() {
    String name = "undecodable-" + UUID.randomUUID();
    server = EbmsimServer.inProcess(ConfigFactory.parseMap(Map.of("ebmsim.server.data-dir", dir.toString()))
        .withFallback(ConfigFactory.load()), name);
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  private static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private Status send(MethodDescriptor<?, ?> method, byte[] body) throws Exception {
    MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.newBuilder(RAW, RAW).setType(method.getType())
        .setFullMethodName(method.getFullMethodName()).build();
    ClientCall<byte[], byte[]> call = channel.newCall(raw, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS));
    CompletableFuture<Status> closed = new CompletableFuture<>();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, new Metadata());
    call.request(1);
    call.sendMessage(body);
    call.halfClose();
    return closed.get(30, TimeUnit.SECONDS);
  }

  @Test
  void everyRpc_answersUndecodableBytesWithInvalidArgument() throws Exception {
    byte[] garbage = {(byte) 0x0f, 1, 2, 3}; // field 1, wire type 7: invalid in every message
    int methods = 0;
    for (ServerServiceDefinition service : server.grpcServices()) {
      for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
        Status s = send(m.getMethodDescriptor(), garbage);
        assertEquals(Status.Code.INVALID_ARGUMENT, s.getCode(), m.getMethodDescriptor().getFullMethodName() + ": " + s);
        assertTrue(s.getDescription().contains("do not decode as"), s.toString());
        methods++;
      }
    }
    assertTrue(methods >= 31, "every RPC of the 7 services was tried (" + methods + ")");
    assertEquals(0, ModelServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .listModels(ListModelsRequest.getDefaultInstance()).getModelsCount(), "well-formed calls still answer");
  }
}
