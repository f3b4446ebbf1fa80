package org.ebmsim.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.client.EventStream;
import org.ebmsim.client.Schedules;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealProgress;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.AnnealResult;
import org.ebmsim.proto.v1.ChainState;
import org.ebmsim.proto.v1.Dynamics;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.SamplePolicy;
import org.ebmsim.proto.v1.Schedule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ebmsim anneal MODEL}: simulated annealing of many chains. Human output is a
 * progress bar and a summary with the best state; {@code --json} prints every event.
 */
@Command(
    name = "anneal",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Anneal many chains of a model along a temperature schedule; report the best states.")
final class AnnealCommand implements Callable<Integer> {
  @ParentCommand EbmsimCli cli;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "MODEL", description = "Model id (m-...).")
  String modelId;

  @Option(names = "--chains", paramLabel = "N", defaultValue = "16", description = "Independent chains (default ${DEFAULT-VALUE}).")
  int chains;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0", description = "Seed of all randomness (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--schedule",
      paramLabel = "SPEC",
      converter = ScheduleOption.class,
      defaultValue = "geometric:10:0.1:20",
      description = "linear:T0:T1:STEPS, geometric:T0:T1:STEPS or list:T0,T1,... (default ${DEFAULT-VALUE}).")
  Schedule schedule;

  @Option(names = "--sweeps-per-temp", paramLabel = "N", defaultValue = "10", description = "Sweeps at each temperature (default ${DEFAULT-VALUE}).")
  int sweepsPerTemp;

  @Option(
      names = "--dynamics",
      paramLabel = "gibbs|metropolis",
      converter = ProtoEnumOptions.DynamicsConverter.class,
      defaultValue = "gibbs",
      description = "gibbs or metropolis (default ${DEFAULT-VALUE}).")
  Dynamics dynamics;

  @Option(names = "--report-every", paramLabel = "SWEEPS", defaultValue = "0", description = "Sweeps between progress events; 0 = one per temperature (default).")
  int reportEvery;

  @Option(
      names = "--samples",
      paramLabel = "POLICY",
      converter = SamplePolicyOption.class,
      defaultValue = "none",
      description = "States sent with progress events (shown by --json): none, every:K or best (default ${DEFAULT-VALUE}).")
  SamplePolicy samples;

  @Option(names = "--max-chains", paramLabel = "N", defaultValue = "0", description = "Chains whose states an event carries, 1..1024; 0 = server default 8.")
  int maxChains;

  @Option(names = "--image", paramLabel = "HxW", converter = ImageShapeOption.class, description = "Draw states as HxW pictures (default: the model's image shape).")
  ImageShape image;

  @Option(names = "--no-progress", description = "No progress bar on stderr.")
  boolean noProgress;

  @Override
  public Integer call() {
    AnnealRequest request = request();
    PrintStream out = cli.out();
    try (EbmsimClient client = cli.connect()) {
      // Fetched first so an unknown id fails before the session and pictures know their shape.
      Model model = cli.json() ? null : client.getModel(modelId);
      ProgressBar bar = new ProgressBar(cli.err());
      AnnealResult result;
      try (EventStream<AnnealEvent> events = client.anneal(request)) {
        result = SessionEvents.follow(cli, events, bar, !noProgress, AnnealEvent::hasProgress,
            AnnealEvent::getProgress, AnnealEvent::hasResult, AnnealEvent::getResult,
            (b, p) -> b.update(p.getSweep(), p.getTotalSweeps(), progressDetail(p)));
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

  AnnealRequest request() {
    if (chains < 1) {
      throw EbmsimCli.usage(spec, "--chains must be ≥ 1, got " + chains);
    }
    if (sweepsPerTemp < 1) {
      throw EbmsimCli.usage(spec, "--sweeps-per-temp must be ≥ 1, got " + sweepsPerTemp);
    }
    if (reportEvery < 0) {
      throw EbmsimCli.usage(spec, "--report-every must be ≥ 0, got " + reportEvery);
    }
    if (maxChains < 0 || maxChains > 1024) {
      throw EbmsimCli.usage(spec, "--max-chains must be 0..1024, got " + maxChains);
    }
    return AnnealRequest.newBuilder()
        .setModelId(modelId)
        .setChains(chains)
        .setSeed(seed)
        .setSchedule(Schedules.withSweepsPerTemperature(schedule, sweepsPerTemp))
        .setDynamics(dynamics)
        .setReportEverySweeps(reportEvery)
        .setSamples(samples.toBuilder().setMaxChains(maxChains))
        .build();
  }

  static String progressDetail(AnnealProgress p) {
    return String.format(Locale.ROOT, "T %s  E mean %s min %s  best %s  flips %s",
        HumanText.num(p.getTemperature()), HumanText.num(p.getEnergy().getMean()),
        HumanText.num(p.getEnergy().getMin()), HumanText.num(p.getBestEnergy()),
        HumanText.percent(p.getFlipRate()));
  }

  private List<String> summary(Model model, AnnealResult r) {
    List<String> lines = new ArrayList<>();
    lines.add("annealed " + modelId + ": " + r.getSweeps() + " sweeps, " + r.getBestPerChainCount() + " chains");
    ChainState best = r.getBest();
    lines.add(HumanText.field("best energy", HumanText.num(best.getEnergy()) + " (chain " + best.getChain() + ")"));
    lines.add(HumanText.field("final energy", "min " + HumanText.num(r.getFinalEnergy().getMin())
        + "  mean " + HumanText.num(r.getFinalEnergy().getMean())
        + "  max " + HumanText.num(r.getFinalEnergy().getMax())));
    List<Double> perChain = new ArrayList<>();
    r.getBestPerChainList().forEach(c -> perChain.add(c.getEnergy()));
    lines.add(HumanText.field("best per chain", HumanText.vector(perChain)));
    lines.addAll(stateLines("best state", best, model));
    return lines;
  }

  private List<String> stateLines(String title, ChainState state, Model model) {
    int[] spins = state.getSpinsList().stream().mapToInt(Integer::intValue).toArray();
    int visible = model.getVisibleUnits() > 0 ? Math.min(model.getVisibleUnits(), spins.length) : spins.length;
    ImageShape shape = image != null ? image : model.getImageShape();
    List<String> lines = new ArrayList<>();
    int[] v = Arrays.copyOf(spins, visible);
    if (visible < spins.length) {
      lines.add(title + " (visible units):");
      lines.addAll(HumanText.indent(HumanText.pattern(v, shape)));
      lines.add("hidden units:");
      lines.addAll(HumanText.indent(AsciiArt.wrapped(Arrays.copyOfRange(spins, visible, spins.length))));
    } else {
      lines.add(title + ":");
      lines.addAll(HumanText.indent(HumanText.pattern(v, shape)));
    }
    return lines;
  }
}
