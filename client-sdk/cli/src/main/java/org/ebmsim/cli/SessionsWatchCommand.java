package org.ebmsim.cli;

import java.util.concurrent.Callable;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.client.EventStream;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.Session;
import org.ebmsim.proto.v1.SessionEnded;
import org.ebmsim.proto.v1.SessionEvent;
import org.ebmsim.proto.v1.SessionState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ebmsim sessions watch ID}: follows a session from now on, whoever started it, until it
 * ends: a progress bar and notes on stderr, then its result's summary and how it ended; with
 * {@code --json} every event. Interrupting the watch only detaches it; the session runs on.
 * Exits with {@link EbmsimCli#EXIT_NOT_FINISHED} when the session ends without its result.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Follow a session until it ends (Ctrl-C detaches only this watcher; the session runs on).",
      "Prints its result when it finishes; exit code 4 if it was stopped or failed instead."
    })
final class SessionsWatchCommand implements Callable<Integer> {
  @ParentCommand SessionsCommand sessions;

  @Parameters(paramLabel = "ID", description = "Session id (s-...).")
  String id;

  @Option(names = "--no-progress", description = "No progress bar on stderr.")
  boolean noProgress;

  @Override
  public Integer call() {
    EbmsimCli cli = sessions.cli;
    try (EbmsimClient client = cli.connect()) {
      ProgressBar bar = new ProgressBar(cli.err());
      SessionFollower follower = new SessionFollower(bar, !noProgress, false);
      // a training session's epochs as the table 'ebmsim train' prints
      TrainTable table = new TrainTable(cli.out(), () -> imageShape(client, follower));
      follower.onEpochEnd(table::row);
      try (EventStream<SessionEvent> events = client.watchSession(id)) {
        SessionEvents.follow(cli, events, e -> e, follower);
      }
      SessionEnded ended = follower.ended();
      if (!cli.json()) {
        Session result = null;
        if (follower.result() != null && follower.started() != null) {
          result = resultOf(follower);
        } else if (ended != null && ended.getState() == SessionState.FINISHED) {
          // Watching a session that had already finished shows only its end; the result is kept.
          result = client.getSession(id);
        }
        if (result != null) {
          Model model = SessionsCommand.modelOrNull(client, result.getModelId());
          SessionText.result(result, model).forEach(cli.out()::println);
        }
        if (ended != null) {
          cli.out().println("session " + id + " ended: " + SessionText.state(ended.getState())
              + (ended.getReason().isEmpty() ? "" : " (" + ended.getReason() + ")"));
        }
      }
      if (ended == null) {
        cli.err().println("warning: the server ended the watch before the session's end");
        return EbmsimCli.EXIT_FAILURE;
      }
      return ended.getState() == SessionState.FINISHED ? EbmsimCli.EXIT_OK : EbmsimCli.EXIT_NOT_FINISHED;
    }
  }

  /** The image shape of the watched session's model, for training samples; null if it is gone. */
  private static ImageShape imageShape(EbmsimClient client, SessionFollower follower) {
    Model model = follower.started() == null ? null
        : SessionsCommand.modelOrNull(client, follower.started().getModelId());
    return model == null ? null : model.getImageShape();
  }

  /** The followed result as the Session message that {@link SessionText#result} reads. */
  private static Session resultOf(SessionFollower follower) {
    SessionEvent r = follower.result();
    Session.Builder s = Session.newBuilder()
        .setModelId(follower.started().getModelId()).setTotal(follower.started().getTotal());
    switch (r.getEventCase()) {
      case ANNEAL_RESULT -> s.setAnneal(r.getAnnealResult());
      case COMPLETE_RESULT -> s.setComplete(r.getCompleteResult());
      case PARTITION_FUNCTION_RESULT -> s.setPartitionFunction(r.getPartitionFunctionResult());
      case TRAIN_RESULT -> s.setTrain(r.getTrainResult());
      case TEMPER_RESULT -> s.setTemper(r.getTemperResult());
      case HAM_RESULT -> s.setHam(r.getHamResult());
      default -> { }
    }
    return s.build();
  }
}
