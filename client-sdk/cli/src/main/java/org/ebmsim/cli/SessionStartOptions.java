package org.ebmsim.cli;

import picocli.CommandLine.Option;

/**
 * The options every command that starts a session (anneal, complete, ais, train) shares, mixed in so
 * their names and help read the same everywhere.
 */
final class SessionStartOptions {
  @Option(names = "--no-progress", description = "No progress bar on stderr.")
  boolean noProgress;

  @Option(names = "--detached", description = "Start the session on the server and return at once; prints its id (follow it with 'ebmsim sessions watch ID').")
  boolean detached;
}
