package org.ebmsim.server.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ebmsim.actor.registry.ObserverBuffer;
import org.ebmsim.actor.registry.SessionRecord;
import org.ebmsim.proto.v1.SessionEvent;

/**
 * Writes one observer's buffered events of a session to a WatchSession call, only while the call
 * is ready. The session never waits for this: it appends to the observer's bounded buffer, which
 * drops old progress when the observer falls behind (the count travels in {@code dropped}).
 *
 * <p>Implementation notes: the buffer's listener and the call's on-ready handler both call
 * {@link #drain}; one drainer runs at a time, and a signal that arrives while it runs makes it go
 * round once more, so no event is left behind and {@code onNext} is never called concurrently.
 */
final class WatchStreamer {
  private final SessionRecord record;
  private final ObserverBuffer buffer;
  private final ServerCallStreamObserver<SessionEvent> call;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean signalled = new AtomicBoolean();
  private volatile boolean done;

  private WatchStreamer(SessionRecord record, ObserverBuffer buffer, ServerCallStreamObserver<SessionEvent> call) {
    this.record = record;
    this.buffer = buffer;
    this.call = call;
  }

  static void start(SessionRecord record, StreamObserver<SessionEvent> observer) {
    ServerCallStreamObserver<SessionEvent> call = (ServerCallStreamObserver<SessionEvent>) observer;
    ObserverBuffer buffer = record.watch();
    WatchStreamer w = new WatchStreamer(record, buffer, call);
    call.setOnCancelHandler(() -> {
      w.done = true;
      record.unwatch(buffer);
    });
    call.setOnReadyHandler(w::drain);
    buffer.onAvailable(w::drain);
  }

  private void drain() {
    signalled.set(true);
    while (signalled.get() && draining.compareAndSet(false, true)) {
      signalled.set(false);
      try {
        while (!done && call.isReady()) {
          ObserverBuffer.Item item = buffer.poll();
          if (item == null) {
            break;
          }
          call.onNext(SessionEventMapping.watched(record.id(), item));
          if (item.isEnd()) {
            done = true;
            record.unwatch(buffer);
            call.onCompleted();
          }
        }
      } catch (RuntimeException e) { // the call was cancelled between the check and the write
        done = true;
        record.unwatch(buffer);
      } finally {
        draining.set(false);
      }
    }
  }
}
