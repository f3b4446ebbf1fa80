package org.ebmsim.server.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.io.InputStream;

/**
 * Answers a request that does not decode as its method's message with INVALID_ARGUMENT.
 *
 * <p>grpc-java parses requests with the method's marshaller inside the transport's listener, and
 * an exception there closes the call with UNKNOWN ("Application error processing RPC"), a status
 * that tells the client nothing and reads like a server bug. Here each method of a service
 * receives its requests as the raw stream (a marshaller that cannot fail) and parses them itself: bytes
 * that do not parse close the call with INVALID_ARGUMENT naming the message type; the others go on,
 * decoded, to the unchanged handler (and the interceptors wrapped around it, which see typed
 * messages as before). Wrap the already intercepted definition, so this sits outermost.
 */
public final class RequestDecoding {
  private RequestDecoding() {}

  /** {@code service} with every method taking bytes and decoding them as described above. */
  public static ServerServiceDefinition strict(ServerServiceDefinition service) {
    io.grpc.ServiceDescriptor typed = service.getServiceDescriptor();
    java.util.List<ServerMethodDefinition<InputStream, ?>> methods = new java.util.ArrayList<>();
    for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
      methods.add(strict(m));
    }
    // the schema descriptor stays: server reflection describes services from it
    io.grpc.ServiceDescriptor.Builder d = io.grpc.ServiceDescriptor.newBuilder(typed.getName())
        .setSchemaDescriptor(typed.getSchemaDescriptor());
    methods.forEach(m -> d.addMethod(m.getMethodDescriptor()));
    ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(d.build());
    methods.forEach(b::addMethod);
    return b.build();
  }

  private static <ReqT, RespT> ServerMethodDefinition<InputStream, RespT> strict(ServerMethodDefinition<ReqT, RespT> m) {
    MethodDescriptor<ReqT, RespT> typed = m.getMethodDescriptor();
    MethodDescriptor<InputStream, RespT> raw = typed.toBuilder(BYTES, typed.getResponseMarshaller()).build();
    ServerCallHandler<ReqT, RespT> handler = m.getServerCallHandler();
    return ServerMethodDefinition.create(raw, (call, headers) -> new Decoding<>(typed, handler, call, headers));
  }

  /** The listener of one call: parses each request, or ends the call with INVALID_ARGUMENT. */
  private static final class Decoding<ReqT, RespT> extends ServerCall.Listener<InputStream> {
    private final MethodDescriptor<ReqT, RespT> typed;
    private final ServerCall<InputStream, RespT> call;
    private final ServerCall.Listener<ReqT> inner;
    private boolean refused;

    Decoding(MethodDescriptor<ReqT, RespT> typed, ServerCallHandler<ReqT, RespT> handler,
        ServerCall<InputStream, RespT> call, Metadata headers) {
      this.typed = typed;
      this.call = call;
      this.inner = handler.startCall(new TypedCall<>(call, typed), headers);
    }

    @Override
    public void onMessage(InputStream bytes) { // the transport closes the stream after this returns
      if (refused) {
        return;
      }
      ReqT request;
      try {
        request = typed.parseRequest(bytes);
      } catch (RuntimeException e) {
        refused = true;
        String type = typed.getRequestMarshaller() instanceof MethodDescriptor.ReflectableMarshaller<?> r
            ? r.getMessageClass().getSimpleName() : "its request message";
        // the handler gets its cancellation through onCancel/onComplete below, once the call ends
        call.close(Status.INVALID_ARGUMENT.withDescription("the request bytes do not decode as " + type + " ("
            + e.getMessage() + ")"), new Metadata());
        return;
      }
      inner.onMessage(request);
    }

    @Override
    public void onHalfClose() {
      if (!refused) {
        inner.onHalfClose();
      }
    }

    @Override
    public void onCancel() {
      inner.onCancel();
    }

    @Override
    public void onComplete() {
      // a refused call completes without the handler having answered: to it, the call went away
      if (refused) {
        inner.onCancel();
      } else {
        inner.onComplete();
      }
    }

    @Override
    public void onReady() {
      if (!refused) {
        inner.onReady();
      }
    }
  }

  /** The bytes call seen by the typed handler: everything forwarded, the typed method reported. */
  private static final class TypedCall<ReqT, RespT> extends ForwardingServerCall<ReqT, RespT> {
    private final ServerCall<InputStream, RespT> delegate;
    private final MethodDescriptor<ReqT, RespT> typed;

    TypedCall(ServerCall<InputStream, RespT> delegate, MethodDescriptor<ReqT, RespT> typed) {
      this.delegate = delegate;
      this.typed = typed;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected ServerCall<ReqT, RespT> delegate() {
      // only methods that do not involve the request type are called through this (the request
      // type appears in no ServerCall method but getMethodDescriptor, overridden below)
      return (ServerCall<ReqT, RespT>) (ServerCall<?, RespT>) delegate;
    }

    @Override
    public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
      return typed;
    }
  }

  /**
   * Requests as the transport's stream itself: parsing cannot fail, and nothing is copied. grpc-java
   * hands the parsed value to the listener's onMessage before it closes the stream, so
   * {@link Decoding#onMessage} decodes it in place, exactly as the method's marshaller would have.
   */
  private static final MethodDescriptor.Marshaller<InputStream> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(InputStream value) {
      return value;
    }

    @Override
    public InputStream parse(InputStream stream) {
      return stream;
    }
  };
}
