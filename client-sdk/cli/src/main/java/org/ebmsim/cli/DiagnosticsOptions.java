package org.ebmsim.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --diagnostics} and {@code --diagnostic-patterns}, shared by the sampling commands (anneal, complete). */
final class DiagnosticsOptions {
  @Option(names = "--diagnostics", description = "Progress shows convergence diagnostics at the current temperature: split-R̂, effective sample size and autocorrelation time (sweeps) of the energy, and split-R̂ of the overlap with each traced stored pattern.")
  boolean diagnostics;

  @Option(names = "--diagnostic-patterns", paramLabel = "I,J,...", split = ",", description = "With --diagnostics: the stored patterns (0-based, at most 8) whose overlaps are diagnosed; default the first 8.")
  List<Integer> patterns = new ArrayList<>();

  /** The patterns, after usage checks against {@code spec}. */
  List<Integer> checkedPatterns(CommandSpec spec) {
    if (!patterns.isEmpty() && !diagnostics) {
      throw EbmsimCli.usage(spec, "--diagnostic-patterns goes with --diagnostics");
    }
    for (int mu : patterns) {
      if (mu < 0) {
        throw EbmsimCli.usage(spec, "--diagnostic-patterns are 0-based pattern indices, got " + mu);
      }
    }
    if (patterns.size() > 8) {
      throw EbmsimCli.usage(spec, "--diagnostic-patterns names at most 8 patterns, got " + patterns.size());
    }
    return patterns;
  }
}
