package org.ebmsim.cli;

import com.google.protobuf.MessageOrBuilder;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.ebmsim.client.EventStream;

/**
 * Follows a session's event stream the same way for every streaming command: with
 * {@code --json} each event is printed as a line; otherwise progress events drive the progress
 * bar and the result is kept for the command's summary.
 */
final class SessionEvents {
  private SessionEvents() {}

  /**
   * Reads {@code events} to the end.
   *
   * @param showProgress whether progress events update {@code bar}
   * @param onProgress updates the bar from a progress event
   * @return the result event's payload, or {@code null} if the stream ended without one
   */
  static <E extends MessageOrBuilder, P, R> R follow(EbmsimCli cli, EventStream<E> events, ProgressBar bar,
      boolean showProgress, Predicate<E> hasProgress, Function<E, P> progress, Predicate<E> hasResult,
      Function<E, R> result, BiConsumer<ProgressBar, P> onProgress) {
    R last = null;
    try {
      while (events.hasNext()) {
        E event = events.next();
        if (cli.json()) {
          JsonLines.print(cli.out(), event);
        } else if (hasProgress.test(event)) {
          if (showProgress) {
            onProgress.accept(bar, progress.apply(event));
          }
        } else if (hasResult.test(event)) {
          last = result.apply(event);
        }
      }
    } finally {
      bar.finish();
    }
    return last;
  }

  /** What a command says and returns when the server ended a session without a result. */
  static int noResult(EbmsimCli cli) {
    cli.err().println("warning: the server ended the session without a result");
    return EbmsimCli.EXIT_FAILURE;
  }
}
