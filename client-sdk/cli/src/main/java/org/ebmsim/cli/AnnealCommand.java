package org.ebmsim.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.ebmsim.cli.plot.AnnealCurves;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.client.EventStream;
import org.ebmsim.client.Schedules;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.Dynamics;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.SamplePolicy;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SessionStarted;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ebmsim anneal MODEL}: simulated annealing of many chains. Human output is a
 * progress bar and a summary with the best state; {@code --json} prints every event;
 * {@code --detached} starts the session and prints how to follow it.
 */
@Command(
    name = "anneal",
    sortOptions = false,
    description = "Anneal many chains of a model along a temperature schedule; report the best states.")
final class AnnealCommand implements Callable<Integer> {
  @ParentCommand EbmsimCli cli;
  @Spec CommandSpec spec;

  @Mixin HelpOption help;
  @Mixin ModelVersionOption version;

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
      paramLabel = "gibbs|metropolis|metropolis-multispin",
      converter = ProtoEnumOptions.DynamicsConverter.class,
      defaultValue = "gibbs",
      description = "gibbs, metropolis, or metropolis-multispin (64 chains per word; sparse ±J models only)"
          + " (default ${DEFAULT-VALUE}).")
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

  @Option(names = "--result-states", paramLabel = "N", defaultValue = "0", description = "Chains (the first N) whose best states the result carries; 0 = min(chains, 64).")
  int resultStates;

  @Option(names = "--image", paramLabel = "HxW", converter = ImageShapeOption.class, description = "Draw states as HxW pictures (default: the model's image shape).")
  ImageShape image;

  @Mixin SessionStartOptions start;

  @Mixin PlotOption plot;

  @Option(names = "--retain-final-states", description = "With --detached: keep every chain's final state in the result (counts against the server's memory budget).")
  boolean retainFinalStates;

  @Mixin DiagnosticsOptions diagnostics;

  @Override
  public Integer call() {
    AnnealRequest request = request();
    plot.checkFollowed(spec, start.detached);
    PrintStream out = cli.out();
    AnnealCurves curves = new AnnealCurves();
    try (EbmsimClient client = cli.connect()) {
      if (start.detached) {
        SessionStarted started = client.annealDetached(request);
        return DetachedSessions.print(cli, started, AnnealEvent.newBuilder().setStarted(started).build());
      }
      // Fetched first so an unknown id fails before the session and pictures know their shape.
      Model model = cli.json() ? null : client.getModel(modelId, version.checked(spec), false);
      SessionFollower follower = new SessionFollower(new ProgressBar(cli.err()), !start.noProgress, false)
          .onEvent(curves::accept);
      try (EventStream<AnnealEvent> events = client.anneal(request)) {
        SessionEvents.follow(cli, events, OwnerStreamEvents::of, follower);
      }
      if (!cli.json()) {
        if (follower.result() == null) {
          return SessionEvents.noResult(cli);
        }
        ImageShape shape = image != null ? image : model.getImageShape();
        AnnealSummary.lines(modelId, follower.result().getAnnealResult(), shape).forEach(out::println);
      }
    }
    return plot.write(cli, curves, "anneal of " + modelId);
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
    if (resultStates < 0 || resultStates > chains) {
      throw EbmsimCli.usage(spec, "--result-states must be 0.." + chains + " (the chains), got " + resultStates);
    }
    if (retainFinalStates && !start.detached) {
      throw EbmsimCli.usage(spec, "--retain-final-states goes with --detached: the server keeps final states only"
          + " for sessions whose result is fetched later");
    }
    return AnnealRequest.newBuilder()
        .setModelId(modelId)
        .setDiagnostics(diagnostics.diagnostics)
        .addAllDiagnosticPatterns(diagnostics.checkedPatterns(spec))
        .setModelVersion(version.checked(spec))
        .setChains(chains)
        .setSeed(seed)
        .setSchedule(Schedules.withSweepsPerTemperature(schedule, sweepsPerTemp))
        .setDynamics(dynamics)
        .setReportEverySweeps(reportEvery)
        .setSamples(samples.toBuilder().setMaxChains(maxChains))
        .setResultStates(resultStates)
        .setDetached(start.detached)
        .setRetainFinalStates(retainFinalStates)
        .build();
  }
}
