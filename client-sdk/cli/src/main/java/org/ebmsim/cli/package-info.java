/**
 * The {@code ebmsim} command line: {@link org.ebmsim.cli.EbmsimCli} and its picocli
 * subcommands (models, sessions and the session runs), the readers of pattern/weight/cue files
 * (JSON, CSV), option converters, and human output (progress bar, ASCII-art layer states,
 * summaries of results) or JSON lines for machines. Talks to the server through the SDK only.
 */
package org.ebmsim.cli;
