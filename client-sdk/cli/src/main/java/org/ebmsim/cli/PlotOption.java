package org.ebmsim.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.ebmsim.cli.plot.PngFile;
import org.ebmsim.cli.plot.RunCurves;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --plot FILE}, shared by anneal, ais and train: the run's curves as a PNG, written once the
 * run and its summary are done, so a plot that cannot be written still leaves the run's output.
 */
final class PlotOption {
  @Option(names = "--plot", paramLabel = "FILE", description = "Also draw the run's curves into FILE as a PNG (960x600).")
  Path file;

  /** A usage error if {@code --plot} is given with {@code --detached} (a detached run is not followed here). */
  void checkFollowed(CommandSpec spec, boolean detached) {
    if (file != null && detached) {
      throw EbmsimCli.usage(spec, "--plot draws a run this command follows; it cannot go with --detached");
    }
  }

  /**
   * Writes {@code curves} to the file if {@code --plot} was given; says so on stderr.
   *
   * @return {@link EbmsimCli#EXIT_OK}, or {@link EbmsimCli#EXIT_FAILURE} (with the reason on
   *     stderr) when there was nothing to plot or the file could not be written
   */
  int write(EbmsimCli cli, RunCurves curves, String title) {
    if (file == null) {
      return EbmsimCli.EXIT_OK;
    }
    if (curves.isEmpty()) {
      cli.err().println("error: --plot: the run reported no progress to draw; " + file + " not written");
      return EbmsimCli.EXIT_FAILURE;
    }
    try {
      PngFile.write(curves.chart(title), file);
    } catch (IOException e) {
      cli.err().println("error: cannot write the plot to " + file + ": " + reason(e));
      return EbmsimCli.EXIT_FAILURE;
    }
    cli.err().println("plot written to " + file);
    return EbmsimCli.EXIT_OK;
  }

  /** What went wrong, in words: the JDK's file exceptions carry only the path. */
  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "its folder does not exist";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage();
  }
}
