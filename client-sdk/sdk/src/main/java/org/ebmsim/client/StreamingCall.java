package org.ebmsim.client;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Adapts one asynchronous server-streaming call to callbacks: hands each event to
 * {@code onEvent}, converts errors to {@link EbmsimException}, and is the {@link SessionHandle}
 * that cancels the call.
 *
 * @param <Q> request type
 * @param <E> event type
 */
final class StreamingCall<Q, E> implements ClientResponseObserver<Q, E>, SessionHandle {
  private final Consumer<E> onEvent;
  private final Consumer<EbmsimException> onError;
  private final Runnable onCompleted;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile ClientCallStreamObserver<Q> call;

  StreamingCall(Consumer<E> onEvent, Consumer<EbmsimException> onError, Runnable onCompleted) {
    this.onEvent = onEvent;
    this.onError = onError;
    this.onCompleted = onCompleted;
  }

  /** A call whose events a {@link SessionObserver} receives through {@code dispatch}. */
  static <Q, E, P, R> StreamingCall<Q, E> of(SessionObserver<P, R> observer, SessionEventDispatch<E, P, R> dispatch) {
    return new StreamingCall<>(e -> dispatch.deliver(e, observer), observer::onError, observer::onCompleted);
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
    this.call = requestStream;
  }

  @Override
  public void onNext(E event) {
    onEvent.accept(event);
  }

  @Override
  public void onError(Throwable t) {
    try {
      onError.accept(EbmsimException.from(t));
    } finally {
      done.countDown();
    }
  }

  @Override
  public void onCompleted() {
    try {
      onCompleted.run();
    } finally {
      done.countDown();
    }
  }

  @Override
  public void cancel() {
    ClientCallStreamObserver<Q> c = call;
    if (c != null && !isDone()) {
      c.cancel("cancelled by the client", null);
    }
  }

  @Override
  public boolean isDone() {
    return done.getCount() == 0;
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}
