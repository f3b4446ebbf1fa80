package org.ebmsim.server.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.stream.javadsl.Source;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.stream.LaunchedSession;

/**
 * Pipes a session's event source into a gRPC server stream with flow control.
 *
 * <p>Implementation notes: events are pulled from a {@code Sink.queue} one at a time and only
 * while the call {@code isReady()}; when the transport buffer fills, pulling stops until the
 * on-ready handler fires. Because the session waits for each event to be taken before it
 * advances its chains, a slow client pauses the simulation and the server buffers at most a
 * handful of events. At most one pull is in flight, so {@code onNext} is never called
 * concurrently; after a pull completes the flag is cleared before readiness is re-checked,
 * which rules out a lost wake-up. Cancellation or a deadline shuts the kill switch and stops the
 * session's actors.
 */
final class SessionStreamer<P> {
  private final ServerCallStreamObserver<P> call;
  private final Function<SessionEvent, P> toProto;
  private final Function<Throwable, Status> toStatus;
  /** Events written to any call, server-wide (a monitoring figure; also how tests see pacing). */
  private static final java.util.concurrent.atomic.AtomicLong EVENTS_SENT = new java.util.concurrent.atomic.AtomicLong();

  private final AtomicBoolean pulling = new AtomicBoolean();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final AtomicBoolean cancelRequested = new AtomicBoolean();
  private final AtomicBoolean stopped = new AtomicBoolean();
  // Set once by start() after the handlers are registered; read by handler threads.
  private volatile SinkQueueWithCancel<SessionEvent> queue;
  private volatile LaunchedSession handle;
  private volatile UniqueKillSwitch killSwitch;

  private SessionStreamer(ServerCallStreamObserver<P> call, Function<SessionEvent, P> toProto,
      Function<Throwable, Status> toStatus) {
    this.call = call;
    this.toProto = toProto;
    this.toStatus = toStatus;
  }

  /**
   * Streams {@code session}'s events into {@code observer}; returns immediately. A detached
   * session's stream carries only its first event ({@link SessionEvent.Started}) and completes.
   */
  static <P> void start(LaunchedSession session, StreamObserver<P> observer, Function<SessionEvent, P> toProto,
      Function<Throwable, Status> toStatus, ActorSystem<?> system) {
    ServerCallStreamObserver<P> call = (ServerCallStreamObserver<P>) observer;
    if (session.events() == null) {
      call.onNext(toProto.apply(new SessionEvent.Started(session.record().info())));
      EVENTS_SENT.incrementAndGet();
      call.onCompleted();
      return;
    }
    SessionStreamer<P> streamer = new SessionStreamer<>(call, toProto, toStatus);
    // Handlers must be registered before this method returns to gRPC.
    call.setOnCancelHandler(streamer::cancel);
    call.setOnReadyHandler(streamer::drain);
    Pair<UniqueKillSwitch, SinkQueueWithCancel<SessionEvent>> running = session.events()
        .viaMat(KillSwitches.single(), Keep.right())
        .toMat(Sink.queue(1), Keep.both())
        // no stage buffers beyond one event: events can be large, and the session paces itself
        .withAttributes(Attributes.inputBuffer(1, 1))
        .run(system);
    streamer.handle = session;
    streamer.killSwitch = running.first();
    streamer.queue = running.second();
    // A cancel that arrived while the graph was being built is carried out now.
    streamer.stopIfCancelled();
    streamer.drain();
  }

  /** Events written to streams since the JVM started. */
  static long eventsSent() {
    return EVENTS_SENT.get();
  }

  /** The call was cancelled (client cancel, deadline): stop the session, now or once it exists. */
  private void cancel() {
    cancelRequested.set(true);
    finished.set(true);
    stopIfCancelled();
  }

  private void stopIfCancelled() {
    if (cancelRequested.get() && queue != null && stopped.compareAndSet(false, true)) {
      killSwitch.shutdown();
      handle.cancel();
      queue.cancel();
    }
  }

  private void drain() {
    if (queue == null || finished.get() || !call.isReady() || !pulling.compareAndSet(false, true)) {
      return;
    }
    queue.pull().whenComplete(this::onPulled);
  }

  private void onPulled(Optional<SessionEvent> next, Throwable error) {
    if (finished.get()) {
      return;
    }
    if (error != null) {
      if (finished.compareAndSet(false, true)) {
        handle.cancel();
        if (!call.isCancelled()) {
          call.onError(toStatus.apply(error).asRuntimeException());
        }
      }
      return;
    }
    if (next.isEmpty()) {
      if (finished.compareAndSet(false, true)) {
        call.onCompleted();
      }
      return;
    }
    try {
      call.onNext(toProto.apply(next.get()));
      EVENTS_SENT.incrementAndGet();
    } catch (RuntimeException e) { // cancelled between the check and the write, or a mapping bug
      if (finished.compareAndSet(false, true)) {
        cancelRequested.set(true);
        stopIfCancelled();
        if (!call.isCancelled()) {
          call.onError(toStatus.apply(e).asRuntimeException());
        }
      }
      return;
    }
    pulling.set(false);
    drain();
  }
}
