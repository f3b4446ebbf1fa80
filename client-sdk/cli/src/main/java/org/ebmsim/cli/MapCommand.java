package org.ebmsim.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ebmsim map}: the Hopfield ↔ RBM mapping in both directions. */
@Command(
    name = "map",
    mixinStandardHelpOptions = true,
    description = {
      "Map between projection Hopfield networks and binary-gaussian RBMs.",
      "hopfield-to-rbm registers the RBM equivalent to a projection Hopfield network;",
      "rbm-to-hopfield recovers ±1 patterns (and optionally a Hopfield network) from an RBM."
    },
    subcommands = {MapHopfieldToRbmCommand.class, MapRbmToHopfieldCommand.class})
final class MapCommand implements Callable<Integer> {
  @ParentCommand EbmsimCli cli;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(cli.err());
    return EbmsimCli.EXIT_USAGE;
  }
}
