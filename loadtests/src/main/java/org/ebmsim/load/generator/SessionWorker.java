package org.ebmsim.load.generator;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.SessionEvent;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.StopSessionRequest;
import org.ebmsim.proto.v1.WatchSessionRequest;

/**
 * One client thread: runs sessions of the run's shape one after another against one server until
 * the run ends, counting sweeps and events and timing them. In soak mode each session ends one of
 * four ways drawn from the worker's seed; otherwise every session is read to its end.
 */
final class SessionWorker implements Runnable {
  /** How a session ends. */
  enum Ending {
    /** Read to its result. */
    READ_TO_END,
    /** The client cancels its call after a few progress events. */
    CLIENT_CANCEL,
    /** Another call stops it (StopSession) after a few progress events; its stream ends CANCELLED. */
    STOP_SESSION,
    /** Started detached, watched for a few events, then stopped by StopSession. */
    DETACHED_STOP
  }

  private final ManagedChannel channel;
  private final String modelId;
  private final SessionShape shape;
  private final LoadSettings settings;
  private final LoadTally tally;
  private final SplittableRandom random;
  private final BooleanSupplier running;
  private final Set<Context.CancellableContext> inFlight;

  SessionWorker(ManagedChannel channel, String modelId, SessionShape shape, LoadSettings settings,
      LoadTally tally, long seed, BooleanSupplier running, Set<Context.CancellableContext> inFlight) {
    this.channel = channel;
    this.modelId = modelId;
    this.shape = shape;
    this.settings = settings;
    this.tally = tally;
    this.random = new SplittableRandom(seed);
    this.running = running;
    this.inFlight = inFlight;
  }

  @Override
  public void run() {
    while (running.getAsBoolean()) {
      Ending ending = settings.soak() ? Ending.values()[random.nextInt(Ending.values().length)] : Ending.READ_TO_END;
      int sweeps = settings.soak() ? 1 + random.nextInt(settings.sweeps()) : settings.sweeps();
      int reports = Math.max(1, sweeps / settings.reportEvery());
      int endAfter = ending == Ending.READ_TO_END ? Integer.MAX_VALUE : 1 + random.nextInt(reports);
      AnnealRequest request = shape.anneal(modelId, random.nextLong(), sweeps, ending == Ending.DETACHED_STOP);
      try {
        String how = session(request, ending, endAfter);
        tally.outcome("anneal", Status.Code.OK);
        tally.ending(how);
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        if (!running.getAsBoolean() && code == Status.Code.CANCELLED) {
          tally.ending("cut by the end of the run");
          continue;
        }
        tally.outcome("anneal", code);
        if (code == Status.Code.RESOURCE_EXHAUSTED) { // the server is full: a client waits before it retries
          try {
            Thread.sleep(50 + random.nextInt(200));
          } catch (InterruptedException stop) {
            return;
          }
        } else if (code != Status.Code.CANCELLED) {
          tally.violation("anneal (" + ending + ") answered " + e.getStatus());
        } else {
          tally.ending(ending == Ending.STOP_SESSION ? "stopped by StopSession" : "cancelled: " + ending);
        }
      } catch (RuntimeException e) {
        tally.violation("anneal (" + ending + ") threw " + e);
      }
    }
  }

  /** Runs one session to {@code ending}; returns how it ended. */
  private String session(AnnealRequest request, Ending ending, int endAfter) {
    Context.CancellableContext context = Context.current().withCancellation();
    inFlight.add(context);
    if (!running.getAsBoolean()) { // the run ended while this call was being set up
      context.cancel(null);
    }
    Context previous = context.attach();
    String sessionId = null;
    try {
      long called = System.nanoTime();
      Iterator<AnnealEvent> events = SimulationServiceGrpc.newBlockingStub(channel).anneal(request);
      AnnealEvent first = events.next();
      long startedAt = System.nanoTime();
      tally.firstEvent.recordNanos(startedAt - called);
      tally.events.incrementAndGet();
      tally.sessionsStarted.incrementAndGet();
      sessionId = first.getStarted().getSessionId();
      if (ending == Ending.DETACHED_STOP) {
        return watchThenStop(sessionId, startedAt, endAfter);
      }
      long last = startedAt;
      long lastSweep = 0;
      int progress = 0;
      while (events.hasNext()) {
        AnnealEvent e = events.next();
        long now = System.nanoTime();
        tally.events.incrementAndGet();
        if (e.hasProgress()) {
          tally.eventInterArrival.recordNanos(now - last);
          last = now;
          long sweep = e.getProgress().getSweep();
          tally.chainSweeps.addAndGet((sweep - lastSweep) * request.getChains());
          lastSweep = sweep;
          if (++progress == endAfter) {
            if (ending == Ending.CLIENT_CANCEL) {
              context.cancel(null);
              return "cancelled by the client";
            }
            stop(sessionId); // STOP_SESSION: the stream then ends CANCELLED (or OK if it finished first)
          }
        } else if (e.hasResult()) {
          tally.sessionsFinished.incrementAndGet();
        }
      }
      return ending == Ending.STOP_SESSION ? "finished before StopSession" : "read to the end";
    } finally {
      context.detach(previous);
      context.cancel(null);
      inFlight.remove(context);
    }
  }

  /** A detached session: a watcher reads {@code endAfter} progress events, then StopSession ends it. */
  private String watchThenStop(String sessionId, long startedAt, int endAfter) {
    try {
      Iterator<SessionEvent> watch = SessionServiceGrpc.newBlockingStub(channel).watchSession(
          WatchSessionRequest.newBuilder().setSessionId(sessionId).build());
      long last = startedAt;
      long lastSweep = 0;
      int progress = 0;
      while (progress < endAfter && watch.hasNext()) {
        SessionEvent e = watch.next();
        long now = System.nanoTime();
        tally.events.incrementAndGet();
        if (e.hasAnnealProgress()) {
          tally.eventInterArrival.recordNanos(now - last);
          last = now;
          long sweep = e.getAnnealProgress().getSweep();
          tally.chainSweeps.addAndGet((sweep - lastSweep) * settings.chains());
          lastSweep = sweep;
          progress++;
        } else if (e.hasAnnealResult()) {
          tally.sessionsFinished.incrementAndGet();
        }
      }
    } finally {
      stop(sessionId); // whatever happened to the watch (the run's end cancels it), the session is stopped
    }
    return "detached, watched, stopped";
  }

  /** StopSession, outside the worker's call context so that it goes out even when that context is cancelled. */
  private void stop(String sessionId) {
    Context.ROOT.run(() -> {
      try {
        SessionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
            .stopSession(StopSessionRequest.newBuilder().setSessionId(sessionId).build());
        tally.outcome("StopSession", Status.Code.OK);
      } catch (StatusRuntimeException e) {
        tally.outcome("StopSession", e.getStatus().getCode());
        tally.violation("StopSession " + sessionId + " answered " + e.getStatus());
      }
    });
  }
}
