package org.ebmsim.server.security;

import com.google.protobuf.Message;
import com.typesafe.config.ConfigFactory;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ebmsim.server.EbmsimServer;

/**
 * An in-process server with a tokens file holding one token per role ({@code reader} read,
 * {@code runner} and {@code other-runner} run, {@code admin} admin), and calls made with any of them.
 */
final class SecuredTestServer implements AutoCloseable {
  final EbmsimServer server;
  final ManagedChannel channel;
  final Path tokensFile;
  /** Token by name. */
  final Map<String, String> tokens = new LinkedHashMap<>();

  SecuredTestServer(Path dir) {
    tokensFile = dir.resolve("tokens");
    try {
      tokens.put("reader", TokensFile.create(tokensFile, "reader", Role.READ));
      tokens.put("runner", TokensFile.create(tokensFile, "runner", Role.RUN));
      tokens.put("other-runner", TokensFile.create(tokensFile, "other-runner", Role.RUN));
      tokens.put("admin", TokensFile.create(tokensFile, "admin", Role.ADMIN));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Object> config = new HashMap<>();
    config.put("ebmsim.server.data-dir", dir.resolve("data").toString());
    config.put("ebmsim.security.tokens-file", tokensFile.toString());
    String name = "secured-" + UUID.randomUUID();
    server = EbmsimServer.inProcess(ConfigFactory.parseMap(config).withFallback(ConfigFactory.load()), name);
    channel = InProcessChannelBuilder.forName(name).build();
  }

  /** The token of the role's first holder ({@code reader}, {@code runner}, {@code admin}). */
  String tokenOf(Role role) {
    return tokens.get(switch (role) {
      case READ -> "reader";
      case RUN -> "runner";
      case ADMIN -> "admin";
    });
  }

  /** {@code stub} sending {@code authorization: Bearer token}. */
  static <S extends AbstractStub<S>> S as(S stub, String token) {
    Metadata h = new Metadata();
    h.put(BearerAuthInterceptor.AUTHORIZATION, "Bearer " + token);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(h)).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /**
   * Calls {@code method} with {@code request} and the header {@code authorization} (none if
   * null); returns how the call ended. A call that answers is cancelled at its first message and
   * counts as OK: it got past the interceptor.
   */
  @SuppressWarnings("unchecked")
  static Status call(Channel channel, MethodDescriptor<?, ?> method, Message request, String authorization)
      throws Exception {
    ClientCall<Object, Object> call = channel.newCall((MethodDescriptor<Object, Object>) method,
        CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS));
    CompletableFuture<Status> closed = new CompletableFuture<>();
    Metadata headers = new Metadata();
    if (authorization != null) {
      headers.put(BearerAuthInterceptor.AUTHORIZATION, authorization);
    }
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(Object message) {
        closed.complete(Status.OK);
        call.cancel("answered; that is all this test needs", null);
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, headers);
    call.request(1);
    call.sendMessage(request);
    call.halfClose();
    return closed.get(40, TimeUnit.SECONDS);
  }

  /** The default instance of the method's request message. */
  static Message defaultRequest(MethodDescriptor<?, ?> method) {
    return (Message) ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller()).getMessagePrototype();
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }
}
