package org.ebmsim.cli;

import com.google.protobuf.MessageOrBuilder;
import java.util.function.Function;
import org.ebmsim.client.EventStream;
import org.ebmsim.proto.v1.SessionEvent;

/**
 * Follows a session's event stream the same way for every streaming command (anneal, complete,
 * ais, sessions watch): with {@code --json} each event is printed as a line; otherwise each event
 * goes to a {@link SessionFollower} for the progress bar, notes and the summary.
 */
final class SessionEvents {
  private SessionEvents() {}

  /**
   * Reads {@code events} to the end, handing each one, as a {@link SessionEvent}, to
   * {@code follower}: to show (progress bar, notes) and keep, or with {@code --json} to keep only.
   */
  static <E extends MessageOrBuilder> void follow(EbmsimCli cli, EventStream<E> events,
      Function<E, SessionEvent> asSessionEvent, SessionFollower follower) {
    try {
      while (events.hasNext()) {
        E event = events.next();
        if (cli.json()) {
          JsonLines.print(cli.out(), event);
          follower.record(asSessionEvent.apply(event));
        } else {
          follower.accept(asSessionEvent.apply(event));
        }
      }
    } finally {
      follower.finish();
    }
  }

  /** What a command says and returns when the server ended a session without a result. */
  static int noResult(EbmsimCli cli) {
    cli.err().println("warning: the server ended the session without a result");
    return EbmsimCli.EXIT_FAILURE;
  }
}
