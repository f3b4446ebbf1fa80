package org.ebmsim.server.dashboard;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.ebmsim.proto.v1.SessionEvent;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.WatchSessionRequest;

/**
 * One WatchSession call read one event at a time: {@link #next} asks the server for one message
 * (gRPC flow control) only when the reader wants one. A browser that does not read therefore stops
 * the requests, the server's watch stream stops being ready, and the session's observer buffer
 * conflates (drops old progress, counted in {@code dropped}) exactly as for a slow gRPC watcher:
 * the session is never slowed. {@link #cancel} ends the call, which frees the observer's buffer
 * and its memory reservation on the server.
 *
 * <p>Implementation notes: at most one message is requested and not yet taken, so at most one
 * event waits here; the listener runs on the channel's executor and completes the waiting future
 * outside the lock.
 */
final class WatchCall {
  private final ClientCall<WatchSessionRequest, SessionEvent> call;
  private final ArrayDeque<SessionEvent> arrived = new ArrayDeque<>(2);
  private CompletableFuture<Optional<SessionEvent>> waiting; // guarded by this
  private Status closed; // guarded by this

  private WatchCall(ClientCall<WatchSessionRequest, SessionEvent> call) {
    this.call = call;
  }

  static WatchCall start(Channel channel, String sessionId) {
    WatchCall w = new WatchCall(channel.newCall(SessionServiceGrpc.getWatchSessionMethod(), CallOptions.DEFAULT));
    w.call.start(w.new Listener(), new Metadata());
    w.call.sendMessage(WatchSessionRequest.newBuilder().setSessionId(sessionId).build());
    w.call.halfClose();
    return w;
  }

  /**
   * The next event; empty once the stream ended normally (after the session's end), failed with
   * the call's {@link io.grpc.StatusRuntimeException} otherwise. Call again only after the
   * previous answer completed.
   */
  CompletionStage<Optional<SessionEvent>> next() {
    CompletableFuture<Optional<SessionEvent>> answer;
    synchronized (this) {
      if (waiting != null) {
        throw new IllegalStateException("next() called before the previous event arrived");
      }
      SessionEvent e = arrived.poll();
      if (e != null) {
        return CompletableFuture.completedFuture(Optional.of(e));
      }
      if (closed != null) {
        return ended(closed);
      }
      answer = waiting = new CompletableFuture<>();
    }
    call.request(1);
    return answer;
  }

  /** Ends the call (the reader went away); the server detaches this observer. No-op once ended. */
  void cancel() {
    call.cancel("the dashboard client went away", null);
  }

  private static CompletableFuture<Optional<SessionEvent>> ended(Status status) {
    return status.isOk() ? CompletableFuture.completedFuture(Optional.empty())
        : CompletableFuture.failedFuture(status.asRuntimeException());
  }

  private final class Listener extends ClientCall.Listener<SessionEvent> {
    @Override
    public void onMessage(SessionEvent message) {
      CompletableFuture<Optional<SessionEvent>> w;
      synchronized (WatchCall.this) {
        w = waiting;
        waiting = null;
        if (w == null) {
          arrived.add(message);
          return;
        }
      }
      w.complete(Optional.of(message));
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      CompletableFuture<Optional<SessionEvent>> w;
      synchronized (WatchCall.this) {
        closed = status;
        w = waiting;
        waiting = null;
      }
      if (w != null) {
        ended(status).whenComplete((v, e) -> {
          if (e != null) {
            w.completeExceptionally(e);
          } else {
            w.complete(v);
          }
        });
      }
    }
  }
}
