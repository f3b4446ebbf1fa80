package org.ebmsim.server.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ebmsim.actor.registry.ObserverBuffer;
import org.ebmsim.actor.registry.SessionRecord;
import org.ebmsim.memory.MemoryBudget;
import org.ebmsim.proto.v1.SessionEvent;
import org.ebmsim.server.metrics.WatchTraffic;

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
  private final MemoryBudget.Reservation memory;
  private final WatchTraffic traffic;
  /** The buffer's drop count already told to {@link #traffic}; guarded by {@code this}. */
  private long droppedReported;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean signalled = new AtomicBoolean();
  private final AtomicBoolean queued = new AtomicBoolean();
  private volatile boolean done;
  private boolean startedSent; // read and written by the single drainer only
  /** Drops announced by a skipped item, told with the next item sent; single drainer only. */
  private long droppedCarried;

  private WatchStreamer(SessionRecord record, ObserverBuffer buffer, ServerCallStreamObserver<SessionEvent> call,
      MemoryBudget.Reservation memory, WatchTraffic traffic) {
    this.record = record;
    this.buffer = buffer;
    this.call = call;
    this.memory = memory;
    this.traffic = traffic;
  }

  /**
   * Starts watching {@code record}; {@code memory} (the observer buffer's bound, reserved by the
   * caller) is given back when the watch ends. Events are encoded and written on {@code writer},
   * never on the session's thread, in batches at most {@link #BATCH_MILLIS} apart: an observer
   * costs the session a buffer append per event and a wake-up per batch, not per event.
   * {@code traffic} is told the events sent and dropped once per drained batch.
   */
  static void start(SessionRecord record, StreamObserver<SessionEvent> observer, MemoryBudget.Reservation memory,
      ScheduledExecutorService writer, WatchTraffic traffic) {
    ServerCallStreamObserver<SessionEvent> call = (ServerCallStreamObserver<SessionEvent>) observer;
    ObserverBuffer buffer = record.watch();
    WatchStreamer w = new WatchStreamer(record, buffer, call, memory, traffic);
    call.setOnCancelHandler(w::finish);
    call.setOnReadyHandler(w::drain);
    buffer.onAvailable(() -> w.schedule(writer));
  }

  /**
   * Asks {@code writer} for a drain in {@link #BATCH_MILLIS} unless one is already queued: a
   * session publishing thousands of events a second wakes the writer once per batch.
   */
  private void schedule(ScheduledExecutorService writer) {
    if (queued.compareAndSet(false, true)) {
      writer.schedule(() -> {
        queued.set(false); // before draining: an event offered during the drain queues another run
        drain();
      }, BATCH_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** Longest an event waits for the watch writer (a dashboard does not see 5 ms). */
  static final long BATCH_MILLIS = 5;

  private void finish() {
    done = true;
    record.unwatch(buffer);
    memory.close();
    report(0); // drops of events this observer will never read count too
  }

  /**
   * Tells {@link #traffic} about {@code sent} events and the drops since the last report; the
   * buffer's own total is read (one lock) per batch, not per event.
   */
  private void report(long sent) {
    long dropped;
    synchronized (this) { // a drain and a cancel may report at once
      long total = buffer.dropped();
      dropped = total - droppedReported;
      droppedReported = total;
    }
    if (sent > 0 || dropped > 0) {
      traffic.drained(sent, dropped);
    }
  }

  private void drain() {
    signalled.set(true);
    while (signalled.get() && draining.compareAndSet(false, true)) {
      signalled.set(false);
      long sent = 0;
      try {
        while (!done && call.isReady()) {
          ObserverBuffer.Item item = buffer.poll();
          if (item == null) {
            break;
          }
          boolean started = !item.isEnd() && item.event() instanceof org.ebmsim.session.SessionEvent.Started;
          if (started && startedSent) {
            // the session's own Started, published after this watcher attached: the stream already
            // began with the one describing the session (both carry sequence 0). The drops the
            // buffer assigned to it go with the next event, or the watcher would never hear of them.
            droppedCarried += item.dropped();
            continue;
          }
          startedSent |= started;
          if (droppedCarried > 0) {
            item = new ObserverBuffer.Item(item.sequence(), item.dropped() + droppedCarried, item.event(),
                item.endState(), item.endReason());
            droppedCarried = 0;
          }
          call.onNext(SessionEventMapping.watched(record.id(), item));
          sent++;
          if (item.isEnd()) {
            report(sent);
            sent = 0;
            finish();
            call.onCompleted();
          }
        }
      } catch (RuntimeException e) { // the call was cancelled between the check and the write
        finish();
      } finally {
        report(sent);
        draining.set(false);
      }
    }
  }
}
