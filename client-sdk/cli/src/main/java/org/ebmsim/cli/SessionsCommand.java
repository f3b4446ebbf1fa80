package org.ebmsim.cli;

import io.grpc.Status;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.client.EbmsimException;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.Session;
import org.ebmsim.proto.v1.SessionState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ebmsim sessions}: the live sessions of the server, whoever started them (this CLI with
 * or without {@code --detached}, or any other client): list, show, watch, stop, pause, resume
 * and steer them.
 */
@Command(
    name = "sessions",
    mixinStandardHelpOptions = true,
    description = {
      "List, show, watch, stop, pause, resume and steer the server's sessions.",
      "Sessions are anneal, complete, ais and train runs, whoever started them; one started with",
      "--detached runs on after its command returns.",
      "Example: ebmsim sessions steer s-0123456789abcdef --temperature 0.5"
    },
    subcommands = {
      SessionsCommand.ListCommand.class,
      SessionsCommand.GetCommand.class,
      SessionsWatchCommand.class,
      SessionsCommand.StopCommand.class,
      SessionsCommand.PauseCommand.class,
      SessionsCommand.ResumeCommand.class,
      SessionsSteerCommand.class
    })
final class SessionsCommand implements Callable<Integer> {
  @ParentCommand EbmsimCli cli;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(cli.err());
    return EbmsimCli.EXIT_USAGE;
  }

  /** The model {@code id}, or null if it no longer exists (a session outlives its model's deletion). */
  static Model modelOrNull(EbmsimClient client, String id) {
    if (id.isEmpty()) {
      return null; // a session without a stored model (ham)
    }
    try {
      return client.getModel(id);
    } catch (EbmsimException e) {
      if (e.code() == Status.Code.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  /** {@code sessions list [--all]}: running and paused sessions, newest first. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List running and paused sessions, newest first (--all: also those ended recently).")
  static final class ListCommand implements Callable<Integer> {
    @ParentCommand SessionsCommand sessions;

    @Option(names = "--all", description = "Also sessions that ended within the server's retention period.")
    boolean all;

    @Override
    public Integer call() {
      EbmsimCli cli = sessions.cli;
      List<Session> list;
      try (EbmsimClient client = cli.connect()) {
        list = client.listSessions(all);
      }
      CommandOutput.list(cli, list, all ? "no sessions" : "no running sessions (--all also lists those that ended)",
          SessionText::table);
      return EbmsimCli.EXIT_OK;
    }
  }

  /** {@code sessions get ID}: one session, with its result once finished. */
  @Command(name = "get", mixinStandardHelpOptions = true,
      description = "Show one session, with its result once it has finished.")
  static final class GetCommand implements Callable<Integer> {
    @ParentCommand SessionsCommand sessions;

    @Parameters(paramLabel = "ID", description = "Session id (s-...).")
    String id;

    @Override
    public Integer call() {
      EbmsimCli cli = sessions.cli;
      try (EbmsimClient client = cli.connect()) {
        Session s = client.getSession(id);
        if (cli.json()) {
          JsonLines.print(cli.out(), s);
        } else {
          SessionText.details(s, modelOrNull(client, s.getModelId())).forEach(cli.out()::println);
        }
      }
      return EbmsimCli.EXIT_OK;
    }
  }

  /**
   * The shape of stop, pause and resume: one call on a session id, then the session's state. The
   * server may answer before the session has reached the state asked for (it changes at its next
   * report boundary); the output says so rather than print a state that looks like a refusal.
   */
  abstract static class ControlCommand implements Callable<Integer> {
    @ParentCommand SessionsCommand sessions;

    @Parameters(paramLabel = "ID", description = "Session id (s-...).")
    String id;

    private final String done;
    private final BiFunction<EbmsimClient, String, Session> call;
    private final Set<SessionState> reached;

    ControlCommand(String done, BiFunction<EbmsimClient, String, Session> call, SessionState... reached) {
      this.done = done;
      this.call = call;
      this.reached = Set.of(reached);
    }

    @Override
    public Integer call() {
      EbmsimCli cli = sessions.cli;
      Session s;
      try (EbmsimClient client = cli.connect()) {
        s = call.apply(client, id);
      }
      if (cli.json()) {
        JsonLines.print(cli.out(), s);
      } else {
        cli.out().println(done + " " + s.getId() + ": " + SessionText.state(s.getState()) + " at "
            + SessionText.progress(s) + (reached.contains(s.getState()) ? ""
                : " (the change takes effect at its next report boundary)"));
      }
      return EbmsimCli.EXIT_OK;
    }
  }

  /** {@code sessions stop ID}. */
  @Command(name = "stop", mixinStandardHelpOptions = true,
      description = "Stop a session (idempotent); its owner's stream ends with CANCELLED.")
  static final class StopCommand extends ControlCommand {
    StopCommand() {
      super("stopped", EbmsimClient::stopSession, SessionState.STOPPED, SessionState.FINISHED, SessionState.FAILED);
    }
  }

  /** {@code sessions pause ID}. */
  @Command(name = "pause", mixinStandardHelpOptions = true,
      description = "Pause a running session after its current report (idempotent).")
  static final class PauseCommand extends ControlCommand {
    PauseCommand() {
      super("paused", EbmsimClient::pauseSession, SessionState.PAUSED);
    }
  }

  /** {@code sessions resume ID}. */
  @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused session (idempotent).")
  static final class ResumeCommand extends ControlCommand {
    ResumeCommand() {
      super("resumed", EbmsimClient::resumeSession, SessionState.RUNNING);
    }
  }
}
