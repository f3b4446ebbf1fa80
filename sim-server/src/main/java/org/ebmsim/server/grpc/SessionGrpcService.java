package org.ebmsim.server.grpc;

import static org.ebmsim.server.grpc.RequestValidation.require;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletionStage;
import org.ebmsim.actor.registry.SessionRecord;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ebmsim.actor.registry.SessionRegistry;
import org.ebmsim.memory.MemoryBudget;
import org.ebmsim.server.metrics.WatchTraffic;
import org.ebmsim.dynamics.state.LayerLayout;
import org.ebmsim.dynamics.state.LayerShape;
import org.ebmsim.dynamics.state.ValueType;
import org.ebmsim.errors.FailedPreconditionException;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.errors.NotFoundException;
import org.ebmsim.errors.Quoting;
import org.ebmsim.proto.v1.ClampUnits;
import org.ebmsim.proto.v1.GetSessionRequest;
import org.ebmsim.proto.v1.ListSessionsRequest;
import org.ebmsim.proto.v1.ListSessionsResponse;
import org.ebmsim.proto.v1.PauseSessionRequest;
import org.ebmsim.proto.v1.ReleaseUnits;
import org.ebmsim.proto.v1.ResumeSessionRequest;
import org.ebmsim.proto.v1.Session;
import org.ebmsim.proto.v1.SessionEvent;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.SteerAction;
import org.ebmsim.proto.v1.SteerSessionRequest;
import org.ebmsim.proto.v1.Steered;
import org.ebmsim.proto.v1.StopSessionRequest;
import org.ebmsim.proto.v1.WatchSessionRequest;
import org.ebmsim.session.SteerCommand;

/**
 * SessionService over the engine's session registry: list, get, watch (each observer with its
 * own bounded buffer), stop, pause, resume and steer any live session, whoever started it.
 */
public final class SessionGrpcService extends SessionServiceGrpc.SessionServiceImplBase {
  private final SessionRegistry registry;
  private final MemoryBudget budget;
  private final long observerBytes;
  private final ScheduledExecutorService watchWriter;
  private final WatchTraffic watchTraffic;

  /** A service whose watchers nobody counts. */
  public SessionGrpcService(SessionRegistry registry, MemoryBudget budget, long observerBytes,
      ScheduledExecutorService watchWriter) {
    this(registry, budget, observerBytes, watchWriter, WatchTraffic.NONE);
  }

  /**
   * @param budget charged {@code observerBytes} (an observer buffer's bound) per watch
   * @param watchWriter where watchers' events are encoded and written (off the sessions' threads)
   * @param watchTraffic told the events sent to and dropped for watchers (metrics)
   */
  public SessionGrpcService(SessionRegistry registry, MemoryBudget budget, long observerBytes,
      ScheduledExecutorService watchWriter, WatchTraffic watchTraffic) {
    this.registry = registry;
    this.budget = budget;
    this.observerBytes = observerBytes;
    this.watchWriter = watchWriter;
    this.watchTraffic = watchTraffic;
  }

  private SessionRecord find(String id) {
    require(!id.isEmpty(), "session_id is required");
    return registry.get(id).orElseThrow(() -> new NotFoundException("session " + Quoting.bare(id)
        + " not found (it never existed, or it ended more than the retention period ago)"));
  }

  @Override
  public void listSessions(ListSessionsRequest request, StreamObserver<ListSessionsResponse> response) {
    ListSessionsResponse.Builder out = ListSessionsResponse.newBuilder();
    registry.list(request.getIncludeEnded()).forEach(r -> out.addSessions(SessionEventMapping.session(r, false)));
    response.onNext(out.build());
    response.onCompleted();
  }

  @Override
  public void getSession(GetSessionRequest request, StreamObserver<Session> response) {
    try {
      response.onNext(SessionEventMapping.session(find(request.getSessionId()), true));
      response.onCompleted();
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  @Override
  public void watchSession(WatchSessionRequest request, StreamObserver<SessionEvent> response) {
    try {
      SessionRecord record = find(request.getSessionId());
      MemoryBudget.Reservation memory = budget.reserve(observerBytes, "watching session " + record.id()
          + " (its observer buffer)");
      try {
        WatchStreamer.start(record, response, memory, watchWriter, watchTraffic);
      } catch (RuntimeException e) {
        memory.close();
        throw e;
      }
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  @Override
  public void stopSession(StopSessionRequest request, StreamObserver<Session> response) {
    try {
      SessionRecord r = find(request.getSessionId());
      if (!r.state().ended()) {
        r.control().stop("stopped by StopSession");
      }
      // answered once the session has ended (within a work slice), so the answer says STOPPED
      answer(r.whenEnded().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS), response,
          state -> SessionEventMapping.session(r, false));
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  @Override
  public void pauseSession(PauseSessionRequest request, StreamObserver<Session> response) {
    control(request.getSessionId(), response, r -> r.control().pause());
  }

  @Override
  public void resumeSession(ResumeSessionRequest request, StreamObserver<Session> response) {
    control(request.getSessionId(), response, r -> r.control().resume());
  }

  /** Answers {@code response} with {@code view} of what {@code done} completes with, or its failure's status. */
  private static <T, R> void answer(CompletionStage<T> done, StreamObserver<R> response,
      java.util.function.Function<T, R> view) {
    done.whenComplete((value, error) -> {
      if (error != null) {
        response.onError(StatusMapping.toException(error));
      } else {
        response.onNext(view.apply(value));
        response.onCompleted();
      }
    });
  }

  private void control(String id, StreamObserver<Session> response,
      java.util.function.Function<SessionRecord, CompletionStage<Void>> action) {
    try {
      SessionRecord r = find(id);
      if (r.state().ended()) {
        throw new FailedPreconditionException("session " + r.id() + " has ended (" + r.state() + ")");
      }
      answer(action.apply(r), response, ok -> SessionEventMapping.session(r, false));
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  @Override
  public void steerSession(SteerSessionRequest request, StreamObserver<Steered> response) {
    try {
      SessionRecord r = find(request.getSessionId());
      if (r.state().ended()) {
        throw new FailedPreconditionException("session " + r.id() + " has ended (" + r.state()
            + "); it can no longer be steered");
      }
      SteerCommand command = command(request.getAction(), r.info().layout(), r.info().maxTemperature(),
          r.info().temperatureCheck());
      answer(r.control().steer(command), response, SessionEventMapping::steered);
    } catch (Exception e) {
      response.onError(StatusMapping.toException(e));
    }
  }

  /**
   * The domain command of a wire action, units and values checked against the layer, temperatures
   * against the model's {@code maxTemperature}.
   */
  static SteerCommand command(SteerAction a, LayerLayout layout, double maxTemperature,
      org.ebmsim.session.SessionInfo.TemperatureCheck check) {
    switch (a.getActionCase()) {
      case TEMPERATURE -> {
        RequestValidation.temperature(a.getTemperature(), "action.temperature");
        RequestValidation.modelTemperature(a.getTemperature(), maxTemperature, check::problem, "action.temperature");
        return new SteerCommand.SetTemperature(a.getTemperature());
      }
      case INVERSE_TEMPERATURE -> {
        double b = a.getInverseTemperature();
        require(Double.isFinite(b) && b > 0, "action.inverse_temperature must be finite and > 0 (got " + b + ")");
        RequestValidation.temperature(1 / b, "1 / action.inverse_temperature");
        RequestValidation.modelTemperature(1 / b, maxTemperature, check::problem, "1 / action.inverse_temperature");
        return new SteerCommand.SetTemperature(1 / b);
      }
      case REPORT_EVERY_SWEEPS -> {
        require(a.getReportEverySweeps() >= 1, "action.report_every_sweeps must be >= 1");
        return new SteerCommand.SetReportInterval(a.getReportEverySweeps());
      }
      case LEARNING_RATE -> {
        double rate = a.getLearningRate();
        require(Double.isFinite(rate) && rate > 0, "action.learning_rate must be finite and > 0 (got " + rate + ")");
        return new SteerCommand.SetLearningRate(rate);
      }
      case CLAMP -> {
        ClampUnits c = a.getClamp();
        int l = layer(layout, c.getLayer(), "action.clamp.layer");
        LayerShape shape = layout.layer(l);
        boolean real = shape.type() == ValueType.REAL;
        int n = c.getUnitsCount();
        require(n >= 1, "action.clamp.units must name at least one unit");
        require((real ? c.getRealValuesCount() : c.getValuesCount()) == n, "action.clamp needs one "
            + (real ? "real_values" : "values") + " entry per unit (" + n + ")");
        int[] units = new int[n];
        double[] values = new double[n];
        for (int k = 0; k < n; k++) {
          long u = Integer.toUnsignedLong(c.getUnits(k));
          if (!(u < shape.units())) { // message built on failure only
            throw new InvalidRequestException("action.clamp.units[" + k + "] must be < " + shape.units()
                + " (got " + u + ")");
          }
          units[k] = (int) u;
          values[k] = real ? c.getRealValues(k) : c.getValues(k);
          require(shape.accepts(values[k]), "action.clamp value " + values[k] + " must be " + shape.domain());
        }
        return new SteerCommand.Clamp(l, shape, units, values);
      }
      case RELEASE -> {
        ReleaseUnits rel = a.getRelease();
        int l = layer(layout, rel.getLayer(), "action.release.layer");
        int[] units = new int[rel.getUnitsCount()];
        for (int k = 0; k < units.length; k++) {
          long u = Integer.toUnsignedLong(rel.getUnits(k));
          if (!(u < layout.layer(l).units())) { // message built on failure only
            throw new InvalidRequestException("action.release.units[" + k + "] must be < " + layout.layer(l).units()
              + " (got " + u + ")");
          }
          units[k] = (int) u;
        }
        return new SteerCommand.Release(l, layout.layer(l), units);
      }
      default -> throw new InvalidRequestException("action must be set: temperature, inverse_temperature, clamp,"
          + " release or report_every_sweeps");
    }
  }

  private static int layer(LayerLayout layout, String name, String field) {
    int l = layout.indexOf(name);
    require(l >= 0, field + " " + Quoting.quote(name) + " is not a layer of this model");
    return l;
  }
}
