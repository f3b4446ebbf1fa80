package org.ebmsim.server.grpc;

import static org.ebmsim.server.grpc.RequestValidation.limit;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.ebmsim.actor.ActorCensus;
import org.ebmsim.actor.ham.HamSession;
import org.ebmsim.actor.ham.HamSessionEvent;
import org.ebmsim.actor.ham.HamSessionSpec;
import org.ebmsim.actor.ham.HamSink;
import org.ebmsim.family.ham.HamRunDecoder;
import org.ebmsim.memory.MemoryBudget;
import org.ebmsim.actor.registry.SessionControl;
import org.ebmsim.actor.registry.SessionRecord;
import org.ebmsim.actor.registry.SessionRegistry;
import org.ebmsim.actor.registry.SessionState;
import org.ebmsim.dynamics.state.LayerLayout;
import org.ebmsim.dynamics.state.LayerShape;
import org.ebmsim.dynamics.state.ValueType;
import org.ebmsim.errors.FailedPreconditionException;
import org.ebmsim.proto.v1.HamEvent;
import org.ebmsim.proto.v1.HamServiceGrpc;
import org.ebmsim.proto.v1.HamStarted;
import org.ebmsim.proto.v1.RunHamRequest;
import org.ebmsim.server.ServerConfig.Limits;
import org.ebmsim.server.security.Caller;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.session.SessionInfo;
import org.ebmsim.session.SteerCommand;

/**
 * HamService: hierarchical associative memory sessions. RunHam validates the request on the
 * calling thread ({@link HamRunDecoder}), charges the session's memory to the budget before
 * allocating its state, and starts a {@link HamSession} (one actor per layer) whose events are
 * written to the stream.
 *
 * <p>Implementation notes. Flow control: the session's sink writes one event and answers
 * {@code isReady()}; when the transport is not ready the session takes no further step until the
 * stream's on-ready handler sends {@link HamSession.Resume}, so at most one event waits beyond
 * what the transport accepted. On cancel the handler sends {@link HamSession.Cancel}; the session
 * stops with its layers and releases its memory reservation and its slot.
 *
 * <p>Each run is also a session of the {@link SessionRegistry} (kind "ham", no stored model):
 * ListSessions shows it, WatchSession observers get its reports through their own bounded buffers
 * (they never slow it; the owner's stream keeps its flow control), and Stop/Pause/Resume reach
 * the session actor. It takes no steering actions.
 */
public final class HamGrpcService extends HamServiceGrpc.HamServiceImplBase {
  private static final AtomicLong NAMES = new AtomicLong();

  private final Limits limits;
  private final ActorSystem<?> system;
  private final MemoryBudget budget;
  private final AtomicInteger running = new AtomicInteger();
  private final SessionRegistry registry;
  private final int observerEvents;
  private final long observerBytes;

  /**
   * @param registry where runs are listed as sessions
   * @param observerEvents the bound of a watcher's buffer in events, {@code observerBytes} in bytes
   *     (the engine's settings)
   */
  public HamGrpcService(Limits limits, ActorSystem<?> system, MemoryBudget budget, SessionRegistry registry,
      int observerEvents, long observerBytes) {
    this.limits = limits;
    this.system = system;
    this.budget = budget;
    this.registry = registry;
    this.observerEvents = observerEvents;
    this.observerBytes = observerBytes;
  }

  @Override
  public void runHam(RunHamRequest request, StreamObserver<HamEvent> response) {
    ServerCallStreamObserver<HamEvent> call = (ServerCallStreamObserver<HamEvent>) response;
    MemoryBudget.Reservation reservation = null;
    boolean counted = false;
    try {
      int[] units = HamRunDecoder.units(request, limits.maxUnits());
      // the session's state is allocated by decode, so it is charged first
      reservation = budget.reserve(HamRunDecoder.sessionBytes(units, request), "this HAM session of " + units.length
          + " layers");
      int now = running.incrementAndGet();
      counted = true;
      limit(now <= limits.maxSessions(), "the server runs the maximum of " + limits.maxSessions()
          + " HAM sessions; retry later (ebmsim.limits.max-sessions)");
      HamRunDecoder.Run run = HamRunDecoder.decode(request, limits.maxScheduleSteps());
      SessionInfo info = new SessionInfo(registry.newId(), "ham", null, 1, run.steps(), layout(units),
          false, System.currentTimeMillis());
      SessionActorControl control = new SessionActorControl();
      SessionRecord record = new SessionRecord(info, Caller.current().name(), control, true, observerEvents,
          observerBytes);
      MemoryBudget.Reservation held = reservation;
      AtomicInteger released = new AtomicInteger();
      Runnable onStopped = () -> {
        if (released.getAndIncrement() == 0) {
          // a session stopped before its last word (the client cancelled, or the server shut down)
          record.end(SessionState.STOPPED, "the client cancelled the stream");
          record.ownerAttached(false);
          // what stays is the result (the final states), charged until the registry forgets it
          held.resize(Math.min(held.bytes(), record.resultBytes()), "the retained result");
          record.holdResultMemory(held);
          running.decrementAndGet();
        }
      };
      // handlers before the session exists, which only they can reach: set before this method returns
      // (gRPC runs them serialized after this method, so they see the reference set below)
      AtomicReference<ActorRef<HamSession.Command>> session = new AtomicReference<>();
      call.setOnReadyHandler(() -> session.get().tell(HamSession.Resume.INSTANCE));
      call.setOnCancelHandler(() -> session.get().tell(HamSession.Cancel.INSTANCE));
      registry.add(record);
      record.publish(new SessionEvent.Started(info));
      session.set(system.systemActorOf(ActorCensus.counted(HamSession.create(new HamSessionSpec(
          run.stagesPerStep(), run.adiabaticTop(), run.steps(), run.reportEvery(), run.stochastic(), run.tolerance()),
          run.layers(), new StreamSink(call, record, run.steps()),
          onStopped)), "ham-" + NAMES.incrementAndGet(), DispatcherSelector.fromConfig(HamSession.DISPATCHER)));
      control.session = session.get();
    } catch (Exception e) {
      if (reservation != null) {
        reservation.close();
      }
      if (counted) {
        running.decrementAndGet();
      }
      response.onError(StatusMapping.toException(e));
    }
  }

  /** Layers as the registry describes them: one real-valued layer per HAM layer, bottom first. */
  private static LayerLayout layout(int[] units) {
    LayerShape[] layers = new LayerShape[units.length];
    for (int a = 0; a < units.length; a++) {
      layers[a] = LayerShape.of("layer" + a, units[a], ValueType.REAL, a == 0);
    }
    return LayerLayout.of(layers);
  }

  /** {@link SessionControl} over the session actor; steering is not something a HAM run takes. */
  private static final class SessionActorControl implements SessionControl {
    volatile ActorRef<HamSession.Command> session;

    @Override
    public void stop(String reason) {
      session.tell(new HamSession.Stop(reason));
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> pause() {
      java.util.concurrent.CompletableFuture<Long> taken = new java.util.concurrent.CompletableFuture<>();
      session.tell(new HamSession.Pause(taken));
      return taken.thenApply(step -> null);
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> resume() {
      java.util.concurrent.CompletableFuture<Long> taken = new java.util.concurrent.CompletableFuture<>();
      session.tell(new HamSession.Unpause(taken));
      return taken.thenApply(step -> null);
    }

    @Override
    public java.util.concurrent.CompletionStage<SessionEvent.Steered> steer(SteerCommand command) {
      return java.util.concurrent.CompletableFuture.failedFuture(new FailedPreconditionException(
          "a ham session takes no steering actions (it may be paused, resumed or stopped)"));
    }
  }

  /**
   * Writes events to the call and publishes them to the session's record (for watchers and
   * ListSessions); called by the session actor only.
   */
  private static final class StreamSink implements HamSink {
    private final ServerCallStreamObserver<HamEvent> call;
    private final SessionRecord record;
    private final long totalSteps;

    StreamSink(ServerCallStreamObserver<HamEvent> call, SessionRecord record, long totalSteps) {
      this.call = call;
      this.record = record;
      this.totalSteps = totalSteps;
    }

    @Override
    public boolean offer(HamSessionEvent event) {
      HamEvent.Builder out = HamEvent.newBuilder();
      SessionEvent.HamResult result = null;
      if (event instanceof HamSessionEvent.Started s) {
        HamStarted.Builder b = HamStarted.newBuilder().setStagesPerStep(s.stagesPerStep()).setEnergy(s.energy())
            .setSessionId(record.id());
        for (int n : s.layerUnits()) {
          b.addLayerUnits(n);
        }
        out.setStarted(b);
      } else if (event instanceof HamSessionEvent.Reported r) {
        SessionEvent.HamProgress p = new SessionEvent.HamProgress(r.step(), totalSteps, r.energy(), r.maxChange(),
            r.states());
        record.publish(p);
        out.setReport(SessionEventMapping.hamReport(p));
      } else if (event instanceof HamSessionEvent.Finished f) {
        result = new SessionEvent.HamResult(f.steps(), f.energy(), f.maxChange(), f.converged(), f.states());
        record.publish(result);
        out.setResult(SessionEventMapping.hamResult(result));
      }
      if (result != null) {
        record.end(SessionState.FINISHED, "");
      }
      if (call.isCancelled()) {
        return false; // the cancel handler stops the session
      }
      try {
        call.onNext(out.build());
        if (result != null) {
          call.onCompleted();
          record.ownerStreamEnded();
        }
        return call.isReady();
      } catch (RuntimeException e) {
        return false; // the call ended under us (cancelled); the cancel handler stops the session
      }
    }

    @Override
    public void fail(Throwable cause) {
      record.end(SessionState.FAILED, cause.getMessage());
      close(cause);
    }

    @Override
    public void stopped(String reason) {
      record.end(SessionState.STOPPED, reason);
      close(new org.ebmsim.actor.session.SessionStoppedException("the session was stopped: " + reason));
    }

    @Override
    public void paused(long step) {
      record.publish(new SessionEvent.Paused(step));
    }

    @Override
    public void resumed(long step) {
      record.publish(new SessionEvent.Resumed(step));
    }

    private void close(Throwable cause) {
      try {
        call.onError(StatusMapping.toException(cause));
      } catch (RuntimeException e) {
        // already closed: nothing to tell
      }
    }
  }
}
