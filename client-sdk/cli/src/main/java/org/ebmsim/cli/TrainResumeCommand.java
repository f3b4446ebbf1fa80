package org.ebmsim.cli;

import java.util.concurrent.Callable;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.proto.v1.SessionStarted;
import org.ebmsim.proto.v1.TrainEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ebmsim train resume SESSION}: continues a stopped or crashed training session from its
 * latest checkpoint as a new session (same model, the versions that follow), shown like
 * {@code ebmsim train}.
 */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = {
      "Continue a stopped or crashed training session from its latest checkpoint (a new session;",
      "the same model, writing the versions that follow). 'ebmsim train checkpoints' lists them.",
      "Example: ebmsim train resume s-0123456789abcdef"
    })
final class TrainResumeCommand implements Callable<Integer> {
  @ParentCommand TrainCommand train;

  @Parameters(paramLabel = "SESSION", description = "Id (s-...) of the training session to continue.")
  String sessionId;

  @Mixin SessionStartOptions start;

  @Override
  public Integer call() {
    EbmsimCli cli = train.cli;
    try (EbmsimClient client = cli.connect()) {
      if (start.detached) {
        SessionStarted started = client.resumeTrainingDetached(sessionId);
        return DetachedSessions.print(cli, started, TrainEvent.newBuilder().setStarted(started).build());
      }
      return TrainCommand.follow(cli, client, () -> client.resumeTraining(sessionId), null, start.noProgress);
    }
  }
}
