package org.ebmsim.cli;

import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.proto.v1.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code ebmsim train checkpoints}: the training sessions with checkpoints, newest first. */
@Command(
    name = "checkpoints",
    mixinStandardHelpOptions = true,
    description = "List training sessions with checkpoints, newest first; 'resumable' ones continue with"
        + " 'ebmsim train resume SESSION'.")
final class TrainCheckpointsCommand implements Callable<Integer> {
  @ParentCommand TrainCommand train;

  @Override
  public Integer call() {
    EbmsimCli cli = train.cli;
    try (EbmsimClient client = cli.connect()) {
      CommandOutput.list(cli, client.listCheckpoints(), "no training checkpoints", all -> {
        // a session still running cannot be resumed until it is stopped
        Set<String> live = client.listSessions(false).stream().map(Session::getId).collect(Collectors.toSet());
        return TrainingTables.checkpoints(all, live);
      });
    }
    return EbmsimCli.EXIT_OK;
  }
}
