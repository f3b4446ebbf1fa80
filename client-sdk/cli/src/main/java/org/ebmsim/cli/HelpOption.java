package org.ebmsim.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h, --help} alone, for commands that cannot mix in picocli's standard help options
 * because they use {@code --version} for a model version (the standard mix-in claims
 * {@code -V, --version} for the program's version, which {@code ebmsim --version} still prints).
 */
final class HelpOption {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;
}
