package org.ebmsim.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --version V}: which stored parameter version of the model a command reads (training
 * writes new versions; {@code ebmsim models versions MODEL} lists them). Mixed into every command
 * that reads a model, so the name and help read the same everywhere.
 */
final class ModelVersionOption {
  @Option(names = "--version", paramLabel = "V", defaultValue = "0",
      description = "Model version to use (see 'ebmsim models versions MODEL'); default: the latest.")
  long version;

  /** The version for the request (0: the latest); a usage error of {@code command} if negative. */
  long checked(CommandSpec command) {
    if (version < 0) {
      // a negative value would wrap around as an unsigned wire value
      throw EbmsimCli.usage(command, "--version must be ≥ 1 (or 0 for the latest), got " + version);
    }
    return version;
  }
}
