package org.ebmsim.client;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The events of one server-streaming session, read with blocking calls. Use it in a
 * try-with-resources block: {@link #close()} before the end cancels the call, which stops the
 * session on the server.
 *
 * <pre>{@code
 * try (EventStream<AnnealEvent> events = client.anneal(request)) {
 *   while (events.hasNext()) {
 *     AnnealEvent e = events.next();
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>Reading is flow controlled: the server produces the next events only as they are read.
 * {@link #hasNext()} and {@link #next()} throw {@link EbmsimException} if the call fails.
 * One thread reads; {@link #close()} may be called from any thread, and a reader blocked in
 * {@link #hasNext()} then sees the end of the stream.
 *
 * <p>Implementation notes: the call is started inside its own cancellable gRPC
 * {@link Context}; gRPC ties the call's lifetime to that context, so cancelling the context
 * is how closing cancels the call.
 *
 * @param <E> the event message type
 */
public final class EventStream<E> implements Iterator<E>, AutoCloseable {
  private final Context.CancellableContext context;
  private final Iterator<E> events;
  private volatile boolean closed;
  private boolean finished;

  private EventStream(Context.CancellableContext context, Iterator<E> events) {
    this.context = context;
    this.events = events;
  }

  /** Starts a call with {@code start} inside a fresh cancellable context. */
  static <E> EventStream<E> start(Supplier<Iterator<E>> start) {
    Context.CancellableContext context = Context.current().withCancellation();
    Context previous = context.attach();
    try {
      return new EventStream<>(context, start.get());
    } catch (RuntimeException e) {
      context.cancel(e);
      throw EbmsimException.from(e);
    } finally {
      context.detach(previous);
    }
  }

  /** Blocks until the next event arrives or the stream ends. */
  @Override
  public boolean hasNext() {
    if (closed || finished) {
      return false;
    }
    try {
      boolean more = events.hasNext();
      if (!more) {
        finished = true;
        context.close();
      }
      return more;
    } catch (StatusRuntimeException e) {
      if (closed && e.getStatus().getCode() == Status.Code.CANCELLED) {
        return false; // closed by another thread while this one waited
      }
      finished = true;
      context.cancel(e);
      throw EbmsimException.from(e);
    }
  }

  /** Returns the next event, blocking until it arrives. */
  @Override
  public E next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the event stream has ended");
    }
    try {
      return events.next();
    } catch (StatusRuntimeException e) {
      finished = true;
      context.cancel(e);
      throw EbmsimException.from(e);
    }
  }

  /**
   * The remaining events as a sequential {@link Stream}; closing the stream closes this
   * object (and so cancels the call if it has not ended).
   */
  public Stream<E> stream() {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(this::close);
  }

  /** True once the stream has been closed by the caller. */
  public boolean isClosed() {
    return closed;
  }

  /** Cancels the call if it is still running. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // After a normal end the context is already closed; cancelling again is a no-op.
    context.cancel(null);
  }
}
