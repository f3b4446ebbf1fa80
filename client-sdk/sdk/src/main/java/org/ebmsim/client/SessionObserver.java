package org.ebmsim.client;

import org.ebmsim.proto.v1.Paused;
import org.ebmsim.proto.v1.Resumed;
import org.ebmsim.proto.v1.SessionStarted;
import org.ebmsim.proto.v1.Steered;

/**
 * Callbacks for one streaming session (anneal, complete, AIS or training), used with the
 * asynchronous forms of {@link EbmsimClient#anneal}, {@link EbmsimClient#complete},
 * {@link EbmsimClient#estimatePartitionFunction}, {@link EbmsimClient#train} and
 * {@link EbmsimClient#resumeTraining}.
 *
 * <p>Order of calls: {@link #onStarted} once (the session's id, chains and layers), then any
 * number of {@link #onProgress} interleaved with {@link #onSteered}, {@link #onPaused} and
 * {@link #onResumed} when someone steers the session through the SessionService, then at most
 * one {@link #onResult}, then exactly one of {@link #onCompleted} or {@link #onError}. Calls
 * come one at a time from a gRPC thread; keep them short, because the session is flow
 * controlled and waits for them. After {@link SessionHandle#cancel()} the observer receives
 * {@link #onError} with code {@code CANCELLED} (unless the session had already ended).
 *
 * @param <P> the progress message type
 * @param <R> the result message type
 */
public interface SessionObserver<P, R> {

  /** The session started; its id works with the SessionService calls. Default: ignored. */
  default void onStarted(SessionStarted started) {}

  /** One progress report. Default: ignored. */
  default void onProgress(P progress) {}

  /**
   * A steering action took effect from {@code steered.getSweep()} on (a batch for training
   * sessions). Default: ignored.
   */
  default void onSteered(Steered steered) {}

  /** The session was paused. Default: ignored. */
  default void onPaused(Paused paused) {}

  /** The session resumed. Default: ignored. */
  default void onResumed(Resumed resumed) {}

  /**
   * Cluster servers: a chain group of the session moved to another node and resumed there from
   * its checkpoint; the results are unaffected. Default: ignored.
   */
  default void onRebalanced(org.ebmsim.proto.v1.Rebalanced rebalanced) {}

  /** The final result of the session. Default: ignored. */
  default void onResult(R result) {}

  /** The session failed or was cancelled; no further calls follow. */
  void onError(EbmsimException error);

  /** The server ended the stream normally; no further calls follow. Default: ignored. */
  default void onCompleted() {}
}
