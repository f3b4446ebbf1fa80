package org.ebmsim.load.generator;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.ListSessionsRequest;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.SessionServiceGrpc;

/**
 * Unary calls at a fixed rate, alternately GetModel (without parameters) and ListSessions, round
 * robin over the servers. Calls are asynchronous, so a slow answer does not delay the next call;
 * each latency is measured from the moment its call was due, so a tick the scheduler ran late
 * counts its wait too (no coordinated omission).
 */
final class UnaryLoad implements AutoCloseable {
  private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "loadgen-unary");
    t.setDaemon(true);
    return t;
  });
  private final List<ManagedChannel> channels;
  private final List<String> modelIds;
  private final LoadTally tally;
  private final AtomicLong tick = new AtomicLong();
  private long startNanos;
  private long periodNanos;

  UnaryLoad(List<ManagedChannel> channels, List<String> modelIds, LoadTally tally) {
    this.channels = channels;
    this.modelIds = modelIds;
    this.tally = tally;
  }

  /** Starts {@code perSecond} calls a second (nothing for 0). */
  void start(double perSecond) {
    if (perSecond <= 0) {
      return;
    }
    periodNanos = Math.max(1, Math.round(1e9 / perSecond));
    startNanos = System.nanoTime();
    ticks.scheduleAtFixedRate(this::call, 0, periodNanos, TimeUnit.NANOSECONDS);
  }

  private void call() {
    long k = tick.getAndIncrement();
    long due = startNanos + k * periodNanos;
    int server = (int) ((k / 2) % channels.size());
    ManagedChannel channel = channels.get(server);
    if (k % 2 == 0) {
      ListenableFuture<?> f = ModelServiceGrpc.newFutureStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
          .getModel(GetModelRequest.newBuilder().setId(modelIds.get(server)).build());
      Futures.addCallback(f, done(due, tally.getModel), MoreExecutors.directExecutor());
    } else {
      ListenableFuture<?> f = SessionServiceGrpc.newFutureStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
          .listSessions(ListSessionsRequest.getDefaultInstance());
      Futures.addCallback(f, done(due, tally.listSessions), MoreExecutors.directExecutor());
    }
  }

  private FutureCallback<Object> done(long due, LatencyRecorder latency) {
    return new FutureCallback<>() {
      @Override
      public void onSuccess(Object result) {
        latency.recordNanos(System.nanoTime() - due);
        tally.unaryCalls.incrementAndGet();
      }

      @Override
      public void onFailure(Throwable t) {
        tally.unaryCalls.incrementAndGet();
        tally.unaryFailed.incrementAndGet();
        tally.outcome("unary", io.grpc.Status.fromThrowable(t).getCode());
      }
    };
  }

  @Override
  public void close() throws InterruptedException {
    ticks.shutdownNow();
    ticks.awaitTermination(5, TimeUnit.SECONDS);
  }
}
