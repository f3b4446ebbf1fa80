package org.ebmsim.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ebmsim.client.CompletionCues;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.client.EventStream;
import org.ebmsim.client.Schedules;
import org.ebmsim.proto.v1.CompleteEvent;
import org.ebmsim.proto.v1.CompleteProgress;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CompleteResult;
import org.ebmsim.proto.v1.CompletionMode;
import org.ebmsim.proto.v1.Dynamics;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.Schedule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ebmsim complete MODEL}: pattern completion from a masked cue ({@code --cue},
 * {@code --cue-values [--known]}) or a noisy one ({@code --noisy-pattern}/{@code --noisy-file}
 * with {@code --flip}). Human output shows cue → completed, as pictures for image models.
 */
@Command(
    name = "complete",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Complete a pattern from a partial cue (known units clamped) or a noisy one.",
      "Give exactly one of --cue, --cue-values, --noisy-pattern, --noisy-file."
    })
final class CompleteCommand implements Callable<Integer> {
  /** Server default of {@code sweeps} when 0 is sent. */
  private static final int DEFAULT_SWEEPS = 100;

  @ParentCommand EbmsimCli cli;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "MODEL", description = "Model id (m-...).")
  String modelId;

  @Option(names = "--cue", paramLabel = "FILE", description = "Cue values over the visible units: -1, +1, or 0 for unknown (.json/.csv/.txt).")
  Path cueFile;

  @Option(names = "--cue-values", paramLabel = "V,V,...", description = "Cue values inline, e.g. 1,-1,0,1 (0 = unknown unless --known is given).")
  String cueValues;

  @Option(names = "--known", paramLabel = "I,J-K,...", description = "With --cue-values: indices of the known units (0-based; ranges allowed); the others are unknown.")
  String known;

  @Option(names = "--noisy-pattern", paramLabel = "INDEX", description = "Start from stored pattern INDEX (0-based) with a fraction --flip of units flipped.")
  Integer noisyPattern;

  @Option(names = "--noisy-file", paramLabel = "FILE", description = "Start from the ±1 (or 0/1) pattern in FILE with a fraction --flip flipped.")
  Path noisyFile;

  @Option(names = "--flip", paramLabel = "F", description = "Fraction of units to flip for a noisy cue, 0..1 (default 0.1).")
  Double flip;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      converter = ProtoEnumOptions.CompletionModeConverter.class,
      defaultValue = "deterministic",
      description = "deterministic (T = 0 until stable), stochastic (Gibbs at --temperature) or annealed (--schedule); default ${DEFAULT-VALUE}.")
  CompletionMode mode;

  @Option(names = "--temperature", paramLabel = "T", description = "Temperature for --mode stochastic (> 0).")
  Double temperature;

  @Option(names = "--sweeps", paramLabel = "N", defaultValue = "0", description = "Sweeps (stochastic) or maximum sweeps (deterministic); 0 = server default 100.")
  int sweeps;

  @Option(names = "--schedule", paramLabel = "SPEC", converter = ScheduleOption.class, description = "Schedule for --mode annealed: linear:T0:T1:STEPS, geometric:T0:T1:STEPS or list:T0,T1,...")
  Schedule schedule;

  @Option(names = "--sweeps-per-temp", paramLabel = "N", defaultValue = "1", description = "With --schedule: sweeps at each temperature (default ${DEFAULT-VALUE}).")
  int sweepsPerTemp;

  @Option(names = "--dynamics", paramLabel = "gibbs|metropolis", converter = ProtoEnumOptions.DynamicsConverter.class, defaultValue = "gibbs", description = "gibbs or metropolis, for stochastic and annealed modes (default ${DEFAULT-VALUE}).")
  Dynamics dynamics;

  @Option(names = "--free-known", description = "Known units of a masked cue only initialise the state and then evolve (default: clamped).")
  boolean freeKnown;

  @Option(names = "--average-last", paramLabel = "M", defaultValue = "0", description = "Average the last M sweeps (and the chains) for the answer; 0 = 1.")
  int averageLast;

  @Option(names = "--chains", paramLabel = "N", defaultValue = "1", description = "Independent chains completing the same cue, 1..1024 (default ${DEFAULT-VALUE}).")
  int chains;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0", description = "Seed for initialisation, noise and sampling (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--report-every", paramLabel = "SWEEPS", defaultValue = "0", description = "Sweeps between progress events; 0 = every sweep.")
  int reportEvery;

  @Option(names = "--image", paramLabel = "HxW", converter = ImageShapeOption.class, description = "Draw patterns as HxW pictures (default: the model's image shape).")
  ImageShape image;

  @Option(names = "--no-progress", description = "No progress bar on stderr.")
  boolean noProgress;

  @Override
  public Integer call() {
    CompleteRequest request = request();
    PrintStream out = cli.out();
    try (EbmsimClient client = cli.connect()) {
      Model model = cli.json() ? null : client.getModel(modelId);
      ProgressBar bar = new ProgressBar(cli.err());
      long total = expectedSweeps(request);
      CompleteResult result;
      try (EventStream<CompleteEvent> events = client.complete(request)) {
        result = SessionEvents.follow(cli, events, bar, !noProgress, CompleteEvent::hasProgress,
            CompleteEvent::getProgress, CompleteEvent::hasResult, CompleteEvent::getResult,
            (b, p) -> b.update(p.getSweep(), total, progressDetail(p)));
      }
      if (!cli.json()) {
        if (result == null) {
          return SessionEvents.noResult(cli);
        }
        summary(model, result).forEach(out::println);
      }
    }
    return EbmsimCli.EXIT_OK;
  }

  /** Builds the request; usage errors for missing, conflicting or pointless options. */
  CompleteRequest request() {
    int cues = count(cueFile != null, cueValues != null, noisyPattern != null, noisyFile != null);
    if (cues != 1) {
      throw EbmsimCli.usage(spec, (cues == 0 ? "give a cue: " : "give only one cue: ")
          + "--cue FILE, --cue-values V,V,..., --noisy-pattern INDEX or --noisy-file FILE");
    }
    boolean noisy = noisyPattern != null || noisyFile != null;
    if (known != null && cueValues == null) {
      throw EbmsimCli.usage(spec, "--known goes with --cue-values");
    }
    if (flip != null && !noisy) {
      throw EbmsimCli.usage(spec, "--flip goes with --noisy-pattern or --noisy-file");
    }
    if (freeKnown && noisy) {
      throw EbmsimCli.usage(spec, "--free-known applies to masked cues; noisy cues never clamp units");
    }
    if (temperature != null && mode != CompletionMode.STOCHASTIC) {
      throw EbmsimCli.usage(spec, "--temperature applies to --mode stochastic");
    }
    if (mode == CompletionMode.STOCHASTIC && temperature == null) {
      throw EbmsimCli.usage(spec, "--mode stochastic needs --temperature T");
    }
    if (temperature != null && !(temperature > 0 && Double.isFinite(temperature))) {
      throw EbmsimCli.usage(spec, "--temperature must be finite and > 0, got " + temperature);
    }
    if (schedule != null && mode != CompletionMode.ANNEALED) {
      throw EbmsimCli.usage(spec, "--schedule applies to --mode annealed");
    }
    if (mode == CompletionMode.ANNEALED && schedule == null) {
      throw EbmsimCli.usage(spec, "--mode annealed needs --schedule SPEC");
    }
    if (sweeps < 0 || averageLast < 0 || reportEvery < 0 || sweepsPerTemp < 1) {
      throw EbmsimCli.usage(spec, "--sweeps, --average-last and --report-every must be ≥ 0, --sweeps-per-temp ≥ 1");
    }
    if (chains < 1 || chains > 1024) {
      throw EbmsimCli.usage(spec, "--chains must be 1..1024, got " + chains);
    }

    CompleteRequest.Builder b = CompleteRequest.newBuilder()
        .setModelId(modelId)
        .setMode(mode)
        .setSweeps(sweeps)
        .setFreeKnownUnits(freeKnown)
        .setAverageLast(averageLast)
        .setChains(chains)
        .setSeed(seed)
        .setDynamics(dynamics)
        .setReportEverySweeps(reportEvery);
    if (temperature != null) {
      b.setTemperature(temperature);
    }
    if (schedule != null) {
      b.setSchedule(Schedules.withSweepsPerTemperature(schedule, sweepsPerTemp));
    }
    try {
      double f = flip == null ? 0.1 : flip;
      if (cueFile != null) {
        b.setMasked(CompletionCues.masked(InputFiles.readCue(cueFile)));
      } else if (cueValues != null) {
        int[] values = parseValues(cueValues);
        b.setMasked(known == null
            ? CompletionCues.masked(values)
            : CompletionCues.masked(values, parseKnown(known, values.length)));
      } else if (noisyPattern != null) {
        b.setNoisy(CompletionCues.noisyStored(noisyPattern, f));
      } else {
        b.setNoisy(CompletionCues.noisy(InputFiles.readPattern(noisyFile, cli.err()::println), f));
      }
    } catch (IllegalArgumentException e) {
      throw EbmsimCli.usage(spec, e.getMessage());
    }
    return b.build();
  }

  /** Values separated by commas or blanks, each -1, 0 or 1 (a leading '+' is allowed). */
  static int[] parseValues(String text) {
    String[] items = text.trim().split("[,\\s]+");
    int[] out = new int[items.length];
    for (int i = 0; i < items.length; i++) {
      String s = items[i].startsWith("+") ? items[i].substring(1) : items[i];
      if (!s.equals("1") && !s.equals("-1") && !s.equals("0")) {
        throw new IllegalArgumentException(
            "--cue-values: value " + (i + 1) + " is \"" + items[i] + "\"; use -1, 0 (unknown) or 1");
      }
      out[i] = Integer.parseInt(s);
    }
    return out;
  }

  /** Indices and inclusive ranges ({@code 0-9,12}) as a mask over {@code n} units. */
  static boolean[] parseKnown(String text, int n) {
    boolean[] mask = new boolean[n];
    for (String item : text.trim().split("[,\\s]+")) {
      String[] ends = item.split("-", -1);
      int lo;
      int hi;
      try {
        lo = Integer.parseInt(ends[0]);
        hi = ends.length == 2 ? Integer.parseInt(ends[1]) : lo;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--known: \"" + item + "\" is not an index or a range I-J");
      }
      if (ends.length > 2 || lo > hi || lo < 0 || hi >= n) {
        throw new IllegalArgumentException(
            "--known: \"" + item + "\" is not an index or range within 0.." + (n - 1));
      }
      for (int i = lo; i <= hi; i++) {
        mask[i] = true;
      }
    }
    return mask;
  }

  /** Sweeps the session will run at most, for the progress bar; 0 when not known ahead. */
  static long expectedSweeps(CompleteRequest r) {
    return switch (r.getMode()) {
      case STOCHASTIC -> r.getSweeps() == 0 ? DEFAULT_SWEEPS : r.getSweeps();
      case ANNEALED -> Schedules.totalSweeps(r.getSchedule());
      default -> 0; // deterministic stops at the first sweep without a flip
    };
  }

  static String progressDetail(CompleteProgress p) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "E %s  flips %s",
        HumanText.num(p.getEnergy()), HumanText.percent(p.getFlipRate())));
    if (p.getTemperature() > 0) {
      sb.append("  T ").append(HumanText.num(p.getTemperature()));
    }
    int best = -1;
    for (int i = 0; i < p.getOverlapsCount(); i++) {
      if (best < 0 || Math.abs(p.getOverlaps(i)) > Math.abs(p.getOverlaps(best))) {
        best = i;
      }
    }
    if (best >= 0) {
      sb.append(String.format(Locale.ROOT, "  overlap #%d %.3f", best, p.getOverlaps(best)));
    }
    sb.append("  hamming ").append(p.getHammingToCue());
    return sb.toString();
  }

  private List<String> summary(Model model, CompleteResult r) {
    List<String> lines = new ArrayList<>();
    String status = mode == CompletionMode.DETERMINISTIC || mode == CompletionMode.COMPLETION_MODE_UNSPECIFIED
        ? (r.getConverged() ? ", converged" : ", NOT converged (raise --sweeps)")
        : "";
    lines.add("completed with " + modelId + ": " + r.getSweeps() + " sweeps" + status);
    lines.add(HumanText.field("energy", HumanText.num(r.getEnergy())));
    if (r.getBestPattern() >= 0) {
      lines.add(HumanText.field("closest stored", "#" + r.getBestPattern() + ", overlap "
          + String.format(Locale.ROOT, "%.4f", r.getBestOverlap())));
    }
    lines.add(HumanText.field("hamming to cue", r.getHammingToCue() + " of " + r.getCompletedCount() + " units"));
    int[] cue = r.getCueList().stream().mapToInt(Integer::intValue).toArray();
    int[] completed = r.getCompletedList().stream().mapToInt(Integer::intValue).toArray();
    ImageShape shape = image != null ? image : model.getImageShape();
    if (HumanText.isImage(shape, completed.length) && HumanText.isImage(shape, cue.length)) {
      lines.addAll(AsciiArt.sideBySide(
          List.of("cue", "completed"),
          List.of(HumanText.pattern(cue, shape), HumanText.pattern(completed, shape)),
          "  ->  "));
    } else {
      lines.add("cue:");
      lines.addAll(HumanText.indent(AsciiArt.wrapped(cue)));
      lines.add("completed:");
      lines.addAll(HumanText.indent(AsciiArt.wrapped(completed)));
    }
    return lines;
  }

  private static int count(boolean... flags) {
    int n = 0;
    for (boolean f : flags) {
      n += f ? 1 : 0;
    }
    return n;
  }
}
