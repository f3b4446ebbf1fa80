/**
 * The {@code ebmsim} command line: {@link org.ebmsim.cli.EbmsimCli} and its picocli
 * subcommands, the readers of pattern/weight/cue files (JSON, CSV), option converters, and
 * human output (progress bar, ASCII-art patterns) or JSON lines for machines.
 */
package org.ebmsim.cli;
