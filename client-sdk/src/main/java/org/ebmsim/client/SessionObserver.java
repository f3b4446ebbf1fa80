package org.ebmsim.client;

/**
 * Callbacks for one streaming session (anneal, complete or AIS), used with the asynchronous forms
 * of {@link EbmsimClient#anneal}, {@link EbmsimClient#complete} and
 * {@link EbmsimClient#estimatePartitionFunction}.
 *
 * <p>Order of calls: any number of {@link #onProgress}, then at most one {@link #onResult},
 * then exactly one of {@link #onCompleted} or {@link #onError}. Calls come one at a time from
 * a gRPC thread; keep them short, because the session is flow controlled and waits for them.
 * After {@link SessionHandle#cancel()} the observer receives {@link #onError} with code
 * {@code CANCELLED} (unless the session had already ended).
 *
 * @param <P> the progress message type
 * @param <R> the result message type
 */
public interface SessionObserver<P, R> {

  /** One progress report. Default: ignored. */
  default void onProgress(P progress) {}

  /** The final result of the session. Default: ignored. */
  default void onResult(R result) {}

  /** The session failed or was cancelled; no further calls follow. */
  void onError(EbmsimException error);

  /** The server ended the stream normally; no further calls follow. Default: ignored. */
  default void onCompleted() {}
}
