package org.ebmsim.client;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Adapts one asynchronous server-streaming call to a {@link SessionObserver}: splits each
 * event into progress or result, converts errors, and is the {@link SessionHandle} that
 * cancels the call.
 *
 * @param <Q> request type
 * @param <E> event type (a oneof of progress and result)
 * @param <P> progress type
 * @param <R> result type
 */
final class StreamingCall<Q, E, P, R> implements ClientResponseObserver<Q, E>, SessionHandle {
  private final SessionObserver<P, R> observer;
  private final Predicate<E> isResult;
  private final Function<E, P> progressOf;
  private final Function<E, R> resultOf;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile ClientCallStreamObserver<Q> call;

  StreamingCall(
      SessionObserver<P, R> observer,
      Predicate<E> isResult,
      Function<E, P> progressOf,
      Function<E, R> resultOf) {
    this.observer = observer;
    this.isResult = isResult;
    this.progressOf = progressOf;
    this.resultOf = resultOf;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
    this.call = requestStream;
  }

  @Override
  public void onNext(E event) {
    if (isResult.test(event)) {
      observer.onResult(resultOf.apply(event));
    } else {
      observer.onProgress(progressOf.apply(event));
    }
  }

  @Override
  public void onError(Throwable t) {
    try {
      observer.onError(EbmsimException.from(t));
    } finally {
      done.countDown();
    }
  }

  @Override
  public void onCompleted() {
    try {
      observer.onCompleted();
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
