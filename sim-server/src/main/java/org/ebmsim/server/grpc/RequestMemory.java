package org.ebmsim.server.grpc;

import com.google.protobuf.MessageLite;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.ebmsim.errors.ResourceLimitException;
import org.ebmsim.memory.MemoryBudget;

/**
 * Charges every request message's size to the memory budget from the moment it is parsed until
 * its call ends, so that requests waiting for a compute thread (or held by a running call) count
 * like everything else the server holds; a request that does not fit is answered
 * RESOURCE_EXHAUSTED before any handler sees it.
 */
public final class RequestMemory implements ServerInterceptor {
  /** Below this a request is not worth the bookkeeping (headroom covers it). */
  private static final int SMALL = 64 << 10;

  private final MemoryBudget budget;

  public RequestMemory(MemoryBudget budget) {
    this.budget = budget;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    ServerCall.Listener<Q> delegate = next.startCall(call, headers);
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
      private MemoryBudget.Reservation held;
      private boolean refused;

      @Override
      public void onMessage(Q message) {
        int size = message instanceof MessageLite m ? m.getSerializedSize() : 0;
        if (size >= SMALL) {
          try {
            MemoryBudget.Reservation r = budget.reserve(size, "this " + call.getMethodDescriptor().getBareMethodName()
                + " request of " + size + " bytes");
            release();
            held = r;
          } catch (ResourceLimitException e) {
            refused = true;
            call.close(Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage()), new Metadata());
            return;
          }
        }
        super.onMessage(message);
      }

      @Override
      public void onHalfClose() {
        if (!refused) {
          super.onHalfClose();
        }
      }

      @Override
      public void onCancel() {
        release();
        super.onCancel();
      }

      @Override
      public void onComplete() {
        release();
        super.onComplete();
      }

      private void release() {
        if (held != null) {
          held.close();
          held = null;
        }
      }
    };
  }
}
