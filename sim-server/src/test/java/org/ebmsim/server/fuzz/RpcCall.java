package org.ebmsim.server.fuzz;

import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One call of any method kind, made through the channel's raw {@link ClientCall} so that a single
 * code path covers unary, server-, client- and bidi-streaming methods. A server stream is read
 * until it ends, but cancelled {@link #AFTER_FIRST_EVENT} after its first event: a session or
 * watch that a valid request starts must not run for long. Every call carries a deadline of
 * {@link #DEADLINE}, and must end (with any status) within {@link #CLOSE_WITHIN} more.
 */
final class RpcCall {
  static final Duration DEADLINE = Duration.ofSeconds(3);
  static final Duration AFTER_FIRST_EVENT = Duration.ofMillis(250);
  static final Duration CLOSE_WITHIN = Duration.ofSeconds(10);
  /** The description of the client's own cancellation (CANCELLED with it is the client's doing). */
  static final String CLIENT_CANCEL = "fuzz client: enough events read";

  /** How a call ended: the status it closed with and the responses read before. */
  record Outcome(Status status, int responses) {}

  private RpcCall() {}

  /** @throws TimeoutException when the call has not ended {@link #CLOSE_WITHIN} after its deadline */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Outcome run(Channel channel, MethodDescriptor<?, ?> method, List<Message> requests,
      ScheduledExecutorService timer) throws Exception {
    ClientCall<Message, Object> call = channel.newCall((MethodDescriptor) method,
        CallOptions.DEFAULT.withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
    CompletableFuture<Status> closed = new CompletableFuture<>();
    AtomicInteger responses = new AtomicInteger();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(Object message) {
        if (responses.incrementAndGet() == 1 && !method.getType().serverSendsOneMessage()) {
          timer.schedule(() -> call.cancel(CLIENT_CANCEL, null), AFTER_FIRST_EVENT.toMillis(), TimeUnit.MILLISECONDS);
        }
        call.request(1);
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, new Metadata());
    call.request(1);
    for (Message m : requests) {
      call.sendMessage(m);
    }
    call.halfClose();
    Status status;
    try {
      status = closed.get(DEADLINE.plus(CLOSE_WITHIN).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel("fuzz client: the call did not end", null);
      throw new TimeoutException(method.getFullMethodName() + " did not end within " + DEADLINE.plus(CLOSE_WITHIN)
          + " (deadline " + DEADLINE + "): the server hangs on this request");
    }
    return new Outcome(status, responses.get());
  }
}
