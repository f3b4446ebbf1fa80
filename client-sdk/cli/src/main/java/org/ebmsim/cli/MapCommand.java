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
      "Map a projection Hopfield network to its equivalent binary-gaussian RBM, or recover",
      "±1 patterns (and optionally a Hopfield network) from a binary-gaussian RBM."
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
