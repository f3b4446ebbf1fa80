package org.ebmsim.actor.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ebmsim.dynamics.EnergyStatistics;
import org.ebmsim.memory.MemoryBudget;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.session.SessionInfo;

/**
 * One session as the outside sees it: who it is, its state and latest progress, its steering
 * log, its result once finished, and its observers. The session actor {@link #publish}es every
 * event here (non-blocking: each observer has its own bounded buffer) and {@link #end}s it once;
 * gRPC threads read it and attach observers. Thread-safe.
 */
public final class SessionRecord {
  private final SessionInfo info;
  private final String owner;
  private final SessionControl control;
  private final int observerEvents;
  private final long observerBytes;
  private final CopyOnWriteArrayList<ObserverBuffer> observers = new CopyOnWriteArrayList<>();
  private final List<SessionEvent.Steered> steering = new ArrayList<>();
  private SessionState state = SessionState.RUNNING;
  private boolean ownerAttached;
  private volatile boolean ownerStreamEnded;
  private long sequence;
  private long done;
  private double temperature = Double.NaN;
  private EnergyStatistics energy;
  private long endedMillis;
  private String reason = "";
  private SessionEvent result;
  private long resultBytes;
  private MemoryBudget.Reservation resultMemory;
  private final CompletableFuture<SessionState> ended = new CompletableFuture<>();
  private boolean forgotten;

  public SessionRecord(SessionInfo info, SessionControl control, boolean ownerAttached, int observerEvents,
      long observerBytes) {
    this(info, "", control, ownerAttached, observerEvents, observerBytes);
  }

  /**
   * A record of a session started by {@code owner}: the name of the client that started it (a
   * bearer token's name), which decides who may control it; empty when the server has no
   * authentication, i.e. everybody's.
   */
  public SessionRecord(SessionInfo info, String owner, SessionControl control, boolean ownerAttached,
      int observerEvents, long observerBytes) {
    this.info = info;
    this.owner = java.util.Objects.requireNonNull(owner, "owner");
    this.control = control;
    this.ownerAttached = ownerAttached;
    this.observerEvents = observerEvents;
    this.observerBytes = observerBytes;
  }

  public SessionInfo info() {
    return info;
  }

  public String id() {
    return info.id();
  }

  /** Who started the session (empty: started without authentication, anybody's). */
  public String owner() {
    return owner;
  }

  public SessionControl control() {
    return control;
  }

  /** Sends {@code event} to every observer and keeps what the record shows of it. */
  public void publish(SessionEvent event) {
    long seq;
    synchronized (this) {
      seq = sequence++;
      SessionEvent.Position at = event.position();
      if (event.isFinal()) {
        result = event;
        resultBytes = EventSizes.bytes(event);
        done = at == null ? info.total() : at.done();
      } else if (at != null) {
        done = Math.max(done, at.done()); // an AIS session's reverse run counts its steps again from 0
      }
      if (at != null && !Double.isNaN(at.temperature())) {
        temperature = at.temperature();
      }
      if (at != null && at.energy() != null) {
        energy = at.energy();
      }
      if (event instanceof SessionEvent.Steered s) {
        steering.add(s);
      } else if (event instanceof SessionEvent.Paused) {
        state = SessionState.PAUSED;
      } else if (event instanceof SessionEvent.Resumed) {
        state = SessionState.RUNNING;
      }
    }
    if (!observers.isEmpty()) {
      long size = EventSizes.bytes(event);
      for (ObserverBuffer o : observers) {
        o.offer(seq, event, size);
      }
    }
  }

  /** Marks the session ended (once) and closes every observer's stream after its buffered events. */
  public void end(SessionState finalState, String why) {
    synchronized (this) {
      if (state.ended()) {
        return;
      }
      state = finalState;
      reason = why == null ? "" : why;
      endedMillis = System.currentTimeMillis();
    }
    for (ObserverBuffer o : observers) {
      o.close(finalState, reason);
    }
    ended.complete(finalState);
  }

  /** Completes with the final state once the session has ended. */
  public CompletionStage<SessionState> whenEnded() {
    return ended.minimalCompletionStage();
  }

  /**
   * A new observer: its buffer starts with a {@link SessionEvent.Started} describing the session
   * (and, if the session has ended, holds its kept result, if any, and is closed).
   */
  public ObserverBuffer watch() {
    ObserverBuffer buffer = new ObserverBuffer(observerEvents, observerBytes);
    SessionState s;
    String why;
    synchronized (this) {
      SessionEvent.Started started = new SessionEvent.Started(info);
      buffer.offer(-1, started, EventSizes.bytes(started));
      observers.add(buffer);
      s = state;
      why = reason;
    }
    if (s.ended()) {
      SessionEvent kept = view().result();
      if (kept != null) { // a late observer still gets what the session produced
        buffer.offer(published() - 1, kept, EventSizes.bytes(kept));
      }
      buffer.close(s, why);
    }
    return buffer;
  }

  /** Detaches an observer (its stream was cancelled). */
  public void unwatch(ObserverBuffer buffer) {
    observers.remove(buffer);
  }

  /** The session told its owner's stream how it ends (result or failure). */
  public void ownerStreamEnded() {
    ownerStreamEnded = true;
  }

  /** True once the session told its owner's stream how it ends; false if it stopped before it could. */
  public boolean isOwnerStreamEnded() {
    return ownerStreamEnded;
  }

  public synchronized void ownerAttached(boolean attached) {
    ownerAttached = attached;
  }

  /** A consistent copy of what the record shows now. */
  public synchronized View view() {
    return new View(info, state, ownerAttached, done, temperature, energy, observers.size(), endedMillis, reason,
        result, List.copyOf(steering));
  }

  /** Events published so far (the session's event count). */
  public synchronized long published() {
    return sequence;
  }

  /** Keeps {@code memory} (the result's charge) until {@link #forget}. */
  public void holdResultMemory(MemoryBudget.Reservation memory) {
    MemoryBudget.Reservation previous;
    synchronized (this) {
      if (forgotten) {
        previous = memory; // already purged (retention 0): nothing is kept
      } else {
        previous = resultMemory;
        resultMemory = memory;
      }
    }
    if (previous != null) {
      previous.close();
    }
  }

  /** The registry forgets this session: its retained result's memory is given back. */
  public void forget() {
    MemoryBudget.Reservation m;
    synchronized (this) {
      forgotten = true;
      m = resultMemory;
      resultMemory = null;
    }
    if (m != null) {
      m.close();
    }
  }

  /** Bytes the retained result holds. */
  public synchronized long resultBytes() {
    return resultBytes;
  }

  public synchronized SessionState state() {
    return state;
  }

  public synchronized long endedMillis() {
    return endedMillis;
  }

  /** What a record shows at one moment. */
  public record View(SessionInfo info, SessionState state, boolean ownerAttached, long done, double temperature,
      EnergyStatistics energy, int observers, long endedMillis, String reason, SessionEvent result,
      List<SessionEvent.Steered> steering) {}
}
