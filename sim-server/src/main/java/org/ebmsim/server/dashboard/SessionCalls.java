package org.ebmsim.server.dashboard;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.GetSessionRequest;
import org.ebmsim.proto.v1.ListSessionsRequest;
import org.ebmsim.proto.v1.ListSessionsResponse;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.PauseSessionRequest;
import org.ebmsim.proto.v1.ResumeSessionRequest;
import org.ebmsim.proto.v1.Session;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.SteerAction;
import org.ebmsim.proto.v1.SteerSessionRequest;
import org.ebmsim.proto.v1.Steered;
import org.ebmsim.proto.v1.StopSessionRequest;

/**
 * The dashboard's calls to the server's own gRPC services over an in-process channel: what a
 * dashboard button does is exactly what the same RPC does for any client (validation, statuses,
 * steering at report boundaries). Each call carries the HTTP request's {@code Authorization}
 * header as gRPC metadata, so the services' interceptors judge it like any other call.
 */
final class SessionCalls {
  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Channel channel;

  SessionCalls(Channel channel) {
    this.channel = channel;
  }

  /** The channel with {@code authorization} attached to every call, when there is one. */
  Channel channel(Optional<String> authorization) {
    if (authorization.isEmpty()) {
      return channel;
    }
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, authorization.get());
    return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private SessionServiceGrpc.SessionServiceStub sessions(Optional<String> authorization) {
    return SessionServiceGrpc.newStub(channel(authorization));
  }

  CompletableFuture<ListSessionsResponse> list(Optional<String> auth, boolean includeEnded) {
    return unary(ListSessionsRequest.newBuilder().setIncludeEnded(includeEnded).build(), sessions(auth)::listSessions);
  }

  CompletableFuture<Session> get(Optional<String> auth, String id) {
    return unary(GetSessionRequest.newBuilder().setSessionId(id).build(), sessions(auth)::getSession);
  }

  CompletableFuture<Session> pause(Optional<String> auth, String id) {
    return unary(PauseSessionRequest.newBuilder().setSessionId(id).build(), sessions(auth)::pauseSession);
  }

  CompletableFuture<Session> resume(Optional<String> auth, String id) {
    return unary(ResumeSessionRequest.newBuilder().setSessionId(id).build(), sessions(auth)::resumeSession);
  }

  CompletableFuture<Session> stop(Optional<String> auth, String id) {
    return unary(StopSessionRequest.newBuilder().setSessionId(id).build(), sessions(auth)::stopSession);
  }

  CompletableFuture<Steered> steer(Optional<String> auth, String id, SteerAction action) {
    return unary(SteerSessionRequest.newBuilder().setSessionId(id).setAction(action).build(),
        sessions(auth)::steerSession);
  }

  /** The model's description (layers, image shape), without its parameters. */
  CompletableFuture<Model> model(Optional<String> auth, String id) {
    return unary(GetModelRequest.newBuilder().setId(id).build(), ModelServiceGrpc.newStub(channel(auth))::getModel);
  }

  /** Watches session {@code id}, one event per {@link WatchCall#next} (the browser's pace). */
  WatchCall watch(Optional<String> auth, String id) {
    return WatchCall.start(channel(auth), id);
  }

  private static <Q, R> CompletableFuture<R> unary(Q request, BiConsumer<Q, StreamObserver<R>> method) {
    CompletableFuture<R> answer = new CompletableFuture<>();
    method.accept(request, new StreamObserver<>() {
      @Override
      public void onNext(R value) {
        answer.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        answer.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        // onNext came first for a unary call; a call with no answer is a server bug
        answer.completeExceptionally(io.grpc.Status.INTERNAL.withDescription("no answer").asRuntimeException());
      }
    });
    return answer;
  }
}
