package org.ebmsim.actor.registry;

import java.util.ArrayDeque;
import java.util.Iterator;
import org.ebmsim.session.SessionEvent;

/**
 * What one observer of a session has not read yet, bounded by count and by bytes of states:
 * when full, the oldest droppable (progress) event is dropped and counted, so a stalled observer
 * holds at most the bound and never slows the session. Lifecycle events and the result are never
 * dropped. Thread-safe: the session publishes from its actor, the observer's stream polls from gRPC
 * threads; a listener is told (outside the lock) when something new can be polled.
 */
public final class ObserverBuffer {
  /** One item for the observer: an event with its sequence number, or the end of the session. */
  public record Item(long sequence, long dropped, SessionEvent event, SessionState endState, String endReason) {
    public boolean isEnd() {
      return event == null;
    }
  }

  private final int maxEvents;
  private final long maxBytes;
  /** A waiting item and its size, computed once when it was offered. */
  private record Held(Item item, long size) {}

  private final ArrayDeque<Held> items = new ArrayDeque<>();
  private long bytes;
  private long droppedSinceLast;
  private long droppedTotal;
  private boolean closed;
  private Runnable listener = () -> {};

  public ObserverBuffer(int maxEvents, long maxBytes) {
    this.maxEvents = Math.max(2, maxEvents);
    this.maxBytes = maxBytes;
  }

  /** Called (outside the lock) whenever an item is added; replaces any previous listener. */
  public void onAvailable(Runnable listener) {
    synchronized (this) {
      this.listener = listener;
    }
    listener.run();
  }

  /** Adds {@code event} of {@code size} bytes ({@link EventSizes#bytes}), dropping old progress if full. */
  void offer(long sequence, SessionEvent event, long size) {
    Runnable notify;
    synchronized (this) {
      if (closed) {
        return;
      }
      while (!items.isEmpty() && (items.size() >= maxEvents || bytes + size > maxBytes) && dropOldestDroppable()) {
        // dropped one; check again
      }
      items.add(new Held(new Item(sequence, 0, event, null, null), size));
      bytes += size;
      notify = listener;
    }
    notify.run();
  }

  /** Drops the oldest progress event; false if there is none to drop. */
  private boolean dropOldestDroppable() {
    Iterator<Held> it = items.iterator();
    while (it.hasNext()) {
      Held h = it.next();
      if (!h.item().isEnd() && h.item().event().droppable()) {
        it.remove();
        bytes -= h.size();
        droppedSinceLast++;
        droppedTotal++;
        return true;
      }
    }
    return false;
  }

  void close(SessionState state, String reason) {
    Runnable notify;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      items.add(new Held(new Item(-1, 0, null, state, reason), 0));
      notify = listener;
    }
    notify.run();
  }

  /** The next item with the count of events dropped before it, or null when none is waiting. */
  public synchronized Item poll() {
    Held h = items.poll();
    if (h == null) {
      return null;
    }
    Item i = h.item();
    bytes -= h.size();
    Item out = new Item(i.sequence(), droppedSinceLast, i.event(), i.endState(), i.endReason());
    droppedSinceLast = 0;
    return out;
  }

  /** Items waiting now (for tests and metrics). */
  public synchronized int size() {
    return items.size();
  }

  /** Bytes of states waiting now. */
  public synchronized long bytes() {
    return bytes;
  }

  /** Progress events dropped so far. */
  public synchronized long dropped() {
    return droppedTotal;
  }
}
