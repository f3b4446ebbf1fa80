package org.ebmsim.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ebmsim.client.CompletionCues;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.client.EventStream;
import org.ebmsim.client.LayerStates;
import org.ebmsim.client.Schedules;
import org.ebmsim.proto.v1.CompleteEvent;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CompletionMode;
import org.ebmsim.proto.v1.Dynamics;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.LayerInfo;
import org.ebmsim.proto.v1.MaskedCue;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SessionStarted;
import org.ebmsim.proto.v1.ValueType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ebmsim complete MODEL}: pattern completion over the model's visible layer from a masked
 * cue ({@code --cue}, {@code --cue-values}, with {@code --known}) or a noisy one
 * ({@code --noisy-pattern}/{@code --noisy-file} with {@code --flip}). Human output shows cue →
 * completed, as pictures for image models.
 *
 * <p>The options are checked first; then the model is fetched, because how a cue is written
 * depends on its visible layer (signs for ±1 and 0/1 layers, values for real and categorical
 * ones).
 */
@Command(
    name = "complete",
    sortOptions = false,
    description = {
      "Complete a pattern from a partial cue (known units clamped) or a noisy one.",
      "Give exactly one of --cue, --cue-values, --noisy-pattern, --noisy-file.",
      "Cues are signs: +1, -1, and 0 for unknown; for a 0/1 visible layer +1 means 1 and -1 means 0.",
      "With --known, the values are in the visible layer's own domain (0/1, ±1, 0..q-1 or reals) and",
      "--known lists the known units; real-valued and categorical layers need --known."
    })
final class CompleteCommand implements Callable<Integer> {
  @ParentCommand EbmsimCli cli;
  @Spec CommandSpec spec;

  @Mixin HelpOption help;
  @Mixin ModelVersionOption version;

  @Parameters(paramLabel = "MODEL", description = "Model id (m-...).")
  String modelId;

  @Option(names = "--cue", paramLabel = "FILE", description = "Cue values over the visible units: -1, +1, or 0 for unknown (.json/.csv/.txt).")
  Path cueFile;

  @Option(names = "--cue-values", paramLabel = "V,V,...", description = "Cue values inline, e.g. 1,-1,0,1 (0 = unknown unless --known is given).")
  String cueValues;

  @Option(names = "--known", paramLabel = "I,J-K,...", description = "With --cue or --cue-values: indices of the known units (0-based; ranges allowed); the others are unknown.")
  String known;

  @Option(names = "--noisy-pattern", paramLabel = "INDEX", description = "Start from stored pattern INDEX (0-based) with a fraction --flip of units flipped.")
  Integer noisyPattern;

  @Option(names = "--noisy-file", paramLabel = "FILE", description = "Start from the ±1 (or 0/1) pattern in FILE (real values for a real-valued visible layer) with a fraction --flip corrupted.")
  Path noisyFile;

  @Option(names = "--flip", paramLabel = "F", description = "Fraction of units to flip (real layers: to perturb) for a noisy cue, 0..1 (default 0.1).")
  Double flip;

  @Option(names = "--noise-sd", paramLabel = "SD", description = "Real-valued visible layers: standard deviation of the noise added to a noisy cue's perturbed units (default 1).")
  Double noiseSd;

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

  @Option(names = "--dynamics", paramLabel = "gibbs|metropolis|metropolis-multispin", converter = ProtoEnumOptions.DynamicsConverter.class, defaultValue = "gibbs", description = "gibbs, metropolis, or metropolis-multispin (sparse ±J models only), for stochastic and annealed modes (default ${DEFAULT-VALUE}).")
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

  @Mixin SessionStartOptions start;

  @Mixin DiagnosticsOptions diagnostics;

  @Override
  public Integer call() {
    checkOptions();
    PrintStream out = cli.out();
    try (EbmsimClient client = cli.connect()) {
      // The cue is written in the visible layer's domain, so the model comes first.
      Model model = client.getModel(modelId, version.checked(spec), false);
      CompleteRequest request = request(LayerStates.visible(model.getLayersList()));
      if (start.detached) {
        SessionStarted started = client.completeDetached(request);
        return DetachedSessions.print(cli, started, CompleteEvent.newBuilder().setStarted(started).build());
      }
      SessionFollower follower = new SessionFollower(new ProgressBar(cli.err()), !start.noProgress, deterministic());
      try (EventStream<CompleteEvent> events = client.complete(request)) {
        SessionEvents.follow(cli, events, OwnerStreamEvents::of, follower);
      }
      if (!cli.json()) {
        if (follower.result() == null) {
          return SessionEvents.noResult(cli);
        }
        ImageShape shape = image != null ? image : model.getImageShape();
        CompletionSummary.lines(modelId, follower.result().getCompleteResult(), deterministic(), shape)
            .forEach(out::println);
      }
    }
    return EbmsimCli.EXIT_OK;
  }

  private boolean deterministic() {
    return mode == CompletionMode.DETERMINISTIC || mode == CompletionMode.COMPLETION_MODE_UNSPECIFIED;
  }

  /** Usage errors for missing, conflicting or pointless options, before anything is sent. */
  void checkOptions() {
    int cues = count(cueFile != null, cueValues != null, noisyPattern != null, noisyFile != null);
    if (cues != 1) {
      throw EbmsimCli.usage(spec, (cues == 0 ? "give a cue: " : "give only one cue: ")
          + "--cue FILE, --cue-values V,V,..., --noisy-pattern INDEX or --noisy-file FILE");
    }
    boolean noisy = noisyPattern != null || noisyFile != null;
    if (known != null && noisy) {
      throw EbmsimCli.usage(spec, "--known goes with --cue or --cue-values");
    }
    if ((flip != null || noiseSd != null) && !noisy) {
      throw EbmsimCli.usage(spec, "--flip and --noise-sd go with --noisy-pattern or --noisy-file");
    }
    if (flip != null && !(flip >= 0 && flip <= 1)) {
      throw EbmsimCli.usage(spec, "--flip must be in [0, 1], got " + flip);
    }
    if (noiseSd != null && !(noiseSd >= 0 && Double.isFinite(noiseSd))) {
      throw EbmsimCli.usage(spec, "--noise-sd must be finite and ≥ 0, got " + noiseSd);
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
  }

  /**
   * The request for a model whose visible layer is {@code visible} (after {@link #checkOptions});
   * usage errors for cues that do not fit the layer.
   */
  CompleteRequest request(LayerInfo visible) {
    CompleteRequest.Builder b = CompleteRequest.newBuilder()
        .setModelId(modelId)
        .setModelVersion(version.checked(spec))
        .setMode(mode)
        .setSweeps(sweeps)
        .setFreeKnownUnits(freeKnown)
        .setAverageLast(averageLast)
        .setChains(chains)
        .setSeed(seed)
        .setDynamics(dynamics)
        .setReportEverySweeps(reportEvery)
        .setDiagnostics(diagnostics.diagnostics)
        .addAllDiagnosticPatterns(diagnostics.checkedPatterns(spec))
        .setDetached(start.detached);
    if (temperature != null) {
      b.setTemperature(temperature);
    }
    if (schedule != null) {
      b.setSchedule(Schedules.withSweepsPerTemperature(schedule, sweepsPerTemp));
    }
    ValueType type = visible.getType();
    boolean twoValued = type == ValueType.VALUE_SPIN || type == ValueType.VALUE_BINARY;
    if (noiseSd != null && type != ValueType.VALUE_REAL) {
      throw EbmsimCli.usage(spec, "--noise-sd applies to real-valued visible layers; this model's is " + words(type));
    }
    try {
      double f = flip == null ? 0.1 : flip;
      if (noisyPattern != null) {
        b.setNoisy(CompletionCues.noisyStored(noisyPattern, f).toBuilder().setNoiseSd(noiseSd == null ? 0 : noiseSd));
      } else if (noisyFile != null) {
        b.setNoisy(type == ValueType.VALUE_REAL
            ? CompletionCues.noisyReal(floats(InputFiles.readVector(noisyFile, "pattern")), f, noiseSd == null ? 0 : noiseSd)
            : CompletionCues.noisy(InputFiles.readPattern(noisyFile, cli.err()::println), f));
      } else if (known == null) {
        if (!twoValued) {
          throw EbmsimCli.usage(spec, "this model's visible layer holds " + words(type) + " values, where 0 is a"
              + " value: say which units are known with --known");
        }
        int[] signs = cueFile != null ? InputFiles.readCue(cueFile) : parseValues(cueValues);
        b.setMasked(CompletionCues.masked(signs, type));
      } else {
        b.setMasked(maskedInDomain(visible));
      }
    } catch (IllegalArgumentException e) {
      throw EbmsimCli.usage(spec, e.getMessage());
    }
    return b.build();
  }

  /** A cue whose values are in the layer's own domain, with the units of {@code --known} known. */
  private MaskedCue maskedInDomain(LayerInfo visible) {
    double[] values = cueFile != null ? InputFiles.readVector(cueFile, "cue") : parseNumbers(cueValues);
    boolean[] mask = parseKnown(known, values.length);
    if (visible.getType() == ValueType.VALUE_REAL) {
      return CompletionCues.maskedReal(floats(values), mask);
    }
    int[] ints = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      if (mask[i] && values[i] != Math.rint(values[i])) {
        throw new IllegalArgumentException("cue value " + (i + 1) + " is " + values[i] + "; this model's visible units"
            + " are " + words(visible.getType()));
      }
      ints[i] = (int) values[i];
    }
    return CompletionCues.maskedValues(ints, mask, visible);
  }

  private static String words(ValueType type) {
    return switch (type) {
      case VALUE_SPIN -> "±1";
      case VALUE_BINARY -> "0/1";
      case VALUE_CATEGORICAL -> "categorical";
      case VALUE_REAL -> "real";
      default -> type.name();
    };
  }

  private static float[] floats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
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

  /** Numbers separated by commas or blanks (for cues in a layer's own domain). */
  static double[] parseNumbers(String text) {
    String[] items = text.trim().split("[,\\s]+");
    double[] out = new double[items.length];
    for (int i = 0; i < items.length; i++) {
      try {
        out[i] = Double.parseDouble(items[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--cue-values: value " + (i + 1) + " \"" + items[i] + "\" is not a number");
      }
      if (!Double.isFinite(out[i])) {
        throw new IllegalArgumentException("--cue-values: value " + (i + 1) + " must be finite, got " + items[i]);
      }
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

  private static int count(boolean... flags) {
    int n = 0;
    for (boolean f : flags) {
      n += f ? 1 : 0;
    }
    return n;
  }
}
