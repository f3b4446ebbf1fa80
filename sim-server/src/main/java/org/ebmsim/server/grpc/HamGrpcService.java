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
import org.ebmsim.proto.v1.HamEvent;
import org.ebmsim.proto.v1.HamLayerValues;
import org.ebmsim.proto.v1.HamReport;
import org.ebmsim.proto.v1.HamResult;
import org.ebmsim.proto.v1.HamServiceGrpc;
import org.ebmsim.proto.v1.HamStarted;
import org.ebmsim.proto.v1.RunHamRequest;
import org.ebmsim.server.ServerConfig.Limits;

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
 */
public final class HamGrpcService extends HamServiceGrpc.HamServiceImplBase {
  private static final AtomicLong NAMES = new AtomicLong();

  private final Limits limits;
  private final ActorSystem<?> system;
  private final MemoryBudget budget;
  private final AtomicInteger running = new AtomicInteger();

  public HamGrpcService(Limits limits, ActorSystem<?> system, MemoryBudget budget) {
    this.limits = limits;
    this.system = system;
    this.budget = budget;
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
      MemoryBudget.Reservation held = reservation;
      AtomicInteger released = new AtomicInteger();
      Runnable onStopped = () -> {
        if (released.getAndIncrement() == 0) {
          held.close();
          running.decrementAndGet();
        }
      };
      // handlers before the session exists, which only they can reach: set before this method returns
      // (gRPC runs them serialized after this method, so they see the reference set below)
      AtomicReference<ActorRef<HamSession.Command>> session = new AtomicReference<>();
      call.setOnReadyHandler(() -> session.get().tell(HamSession.Resume.INSTANCE));
      call.setOnCancelHandler(() -> session.get().tell(HamSession.Cancel.INSTANCE));
      session.set(system.systemActorOf(ActorCensus.counted(HamSession.create(new HamSessionSpec(
          run.stagesPerStep(), run.adiabaticTop(), run.steps(), run.reportEvery(), run.stochastic(), run.tolerance()),
          run.layers(), new StreamSink(call),
          onStopped)), "ham-" + NAMES.incrementAndGet(), DispatcherSelector.fromConfig(HamSession.DISPATCHER)));
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

  /** Writes events to the call; called by the session actor only. */
  private static final class StreamSink implements HamSink {
    private final ServerCallStreamObserver<HamEvent> call;

    StreamSink(ServerCallStreamObserver<HamEvent> call) {
      this.call = call;
    }

    @Override
    public boolean offer(HamSessionEvent event) {
      if (call.isCancelled()) {
        return false; // the cancel handler stops the session
      }
      HamEvent.Builder out = HamEvent.newBuilder();
      if (event instanceof HamSessionEvent.Started s) {
        HamStarted.Builder b = HamStarted.newBuilder().setStagesPerStep(s.stagesPerStep()).setEnergy(s.energy());
        for (int n : s.layerUnits()) {
          b.addLayerUnits(n);
        }
        out.setStarted(b);
      } else if (event instanceof HamSessionEvent.Reported r) {
        HamReport.Builder b = HamReport.newBuilder().setStep(r.step()).setEnergy(r.energy())
            .setMaxChange(r.maxChange());
        for (double[] x : r.states()) {
          b.addLayers(values(x));
        }
        out.setReport(b);
      } else if (event instanceof HamSessionEvent.Finished f) {
        HamResult.Builder b = HamResult.newBuilder().setSteps(f.steps()).setEnergy(f.energy())
            .setMaxChange(f.maxChange()).setConverged(f.converged());
        for (double[] x : f.states()) {
          b.addLayers(values(x));
        }
        out.setResult(b);
      }
      try {
        call.onNext(out.build());
        if (event instanceof HamSessionEvent.Finished) {
          call.onCompleted();
        }
        return call.isReady();
      } catch (RuntimeException e) {
        return false; // the call ended under us (cancelled); the cancel handler stops the session
      }
    }

    @Override
    public void fail(Throwable cause) {
      try {
        call.onError(StatusMapping.toException(cause));
      } catch (RuntimeException e) {
        // already closed: nothing to tell
      }
    }

    private static HamLayerValues values(double[] x) {
      HamLayerValues.Builder b = HamLayerValues.newBuilder();
      for (double v : x) {
        b.addValues((float) v);
      }
      return b.build();
    }
  }
}
