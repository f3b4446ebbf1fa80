package org.ebmsim.cli;

import com.google.protobuf.MessageOrBuilder;
import java.util.ArrayList;
import java.util.List;
import org.ebmsim.proto.v1.SessionStarted;

/**
 * What anneal, complete, ais and train print when started with {@code --detached}: the session's id and
 * how to follow it, stop it and fetch its result (or, with {@code --json}, the started event).
 */
final class DetachedSessions {
  private DetachedSessions() {}

  /**
   * Prints the started session.
   *
   * @param event the started event as the command's stream carries it, for {@code --json}
   */
  static int print(EbmsimCli cli, SessionStarted s, MessageOrBuilder event) {
    if (cli.json()) {
      JsonLines.print(cli.out(), event);
      return EbmsimCli.EXIT_OK;
    }
    String id = s.getSessionId();
    List<String> lines = new ArrayList<>(List.of(
        "started detached session " + id + ": " + s.getKind() + " of " + s.getModelId() + " (" + s.getChains()
            + " chains, " + s.getTotal() + " " + SessionText.unit(s.getKind()) + ")",
        HumanText.field("follow it", "ebmsim sessions watch " + id),
        HumanText.field("its result", "ebmsim sessions get " + id),
        HumanText.field("stop it", "ebmsim sessions stop " + id)));
    if (s.getKind().equals("train")) {
      lines.add(HumanText.field("steer it", "ebmsim sessions steer " + id + " --learning-rate X"));
      lines.add(HumanText.field("resume it", "ebmsim train resume " + id + "  (after a stop or a server restart)"));
    }
    lines.forEach(cli.out()::println);
    return EbmsimCli.EXIT_OK;
  }
}
