package org.ebmsim.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.client.EventStream;
import org.ebmsim.proto.v1.AdaptiveLadder;
import org.ebmsim.proto.v1.Dynamics;
import org.ebmsim.proto.v1.ExplicitLadder;
import org.ebmsim.proto.v1.GeometricLadder;
import org.ebmsim.proto.v1.SessionStarted;
import org.ebmsim.proto.v1.SwapScheme;
import org.ebmsim.proto.v1.TemperEvent;
import org.ebmsim.proto.v1.TemperLadder;
import org.ebmsim.proto.v1.TemperRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ebmsim temper MODEL}: parallel tempering (replica exchange). Human output is a progress
 * bar and a summary of the ladder, swap acceptance, Λ and round trips; {@code --json} prints every
 * event (states at every temperature included); {@code --detached} starts the session and prints
 * how to follow it.
 */
@Command(
    name = "temper",
    sortOptions = false,
    description = "Parallel tempering: ladders of chains at K temperatures exchanging temperatures; report swap"
        + " acceptance, round trips, the barrier Λ and states at every temperature.")
final class TemperCommand implements Callable<Integer> {
  @ParentCommand EbmsimCli cli;
  @Spec CommandSpec spec;

  @Mixin HelpOption help;
  @Mixin ModelVersionOption version;

  @Parameters(paramLabel = "MODEL", description = "Model id (m-...).")
  String modelId;

  @Option(names = "--ladder", paramLabel = "SPEC", defaultValue = "geometric:0.5:3:8",
      description = "geometric:TMIN:TMAX:K, list:T0,T1,... (ascending) or adaptive:TMIN:TMAX:K"
          + " (tuned during --burn-in) (default ${DEFAULT-VALUE}).")
  String ladder;

  @Option(names = "--burn-in", paramLabel = "SWEEPS", defaultValue = "0",
      description = "With adaptive: sweeps of tuning; 0 = a quarter of --sweeps.")
  long burnIn;

  @Option(names = "--tuning-rounds", paramLabel = "N", defaultValue = "0",
      description = "With adaptive: times the ladder is re-placed, 1..20; 0 = server default 5.")
  int tuningRounds;

  @Option(names = "--ladders", paramLabel = "M", defaultValue = "1", description = "Independent replica sets (default ${DEFAULT-VALUE}).")
  int ladders;

  @Option(names = "--sweeps", paramLabel = "N", defaultValue = "1000", description = "Sweeps every chain runs (default ${DEFAULT-VALUE}).")
  long sweeps;

  @Option(names = "--swap-every", paramLabel = "SWEEPS", defaultValue = "1", description = "Sweeps between swap rounds (default ${DEFAULT-VALUE}).")
  int swapEvery;

  @Option(names = "--scheme", paramLabel = "non-reversible|reversible", defaultValue = "non-reversible",
      description = "Swap scheme: deterministic even/odd (non-reversible) or random even/odd (reversible) (default ${DEFAULT-VALUE}).")
  String scheme;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0", description = "Seed of all randomness (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--dynamics", paramLabel = "gibbs|metropolis|metropolis-multispin",
      converter = ProtoEnumOptions.DynamicsConverter.class, defaultValue = "gibbs",
      description = "gibbs, metropolis, or metropolis-multispin (sparse ±J models only) (default ${DEFAULT-VALUE}).")
  Dynamics dynamics;

  @Option(names = "--report-every", paramLabel = "SWEEPS", defaultValue = "0", description = "Sweeps between progress events; 0 = sweeps/100.")
  int reportEvery;

  @Option(names = "--sample-ladders", paramLabel = "N", defaultValue = "0", description = "Ladders whose states progress events carry (shown by --json), 0..64.")
  int sampleLadders;

  @Option(names = "--result-ladders", paramLabel = "N", defaultValue = "0", description = "Ladders whose final states the result carries; 0 = min(ladders, 4).")
  int resultLadders;

  @Option(names = "--diagnostics", description = "Progress shows convergence diagnostics of the coldest temperature's energy over ladders.")
  boolean diagnostics;

  @Mixin SessionStartOptions start;

  @Override
  public Integer call() {
    TemperRequest request = request();
    PrintStream out = cli.out();
    try (EbmsimClient client = cli.connect()) {
      if (start.detached) {
        SessionStarted started = client.temperDetached(request);
        return DetachedSessions.print(cli, started, TemperEvent.newBuilder().setStarted(started).build());
      }
      SessionFollower follower = new SessionFollower(new ProgressBar(cli.err()), !start.noProgress, false);
      try (EventStream<TemperEvent> events = client.temper(request)) {
        SessionEvents.follow(cli, events, OwnerStreamEvents::of, follower);
      }
      if (!cli.json()) {
        if (follower.result() == null) {
          return SessionEvents.noResult(cli);
        }
        TemperSummary.lines(modelId, follower.result().getTemperResult()).forEach(out::println);
      }
    }
    return 0;
  }

  TemperRequest request() {
    if (ladders < 1) {
      throw EbmsimCli.usage(spec, "--ladders must be ≥ 1, got " + ladders);
    }
    if (sweeps < 1) {
      throw EbmsimCli.usage(spec, "--sweeps must be ≥ 1, got " + sweeps);
    }
    if (swapEvery < 1) {
      throw EbmsimCli.usage(spec, "--swap-every must be ≥ 1, got " + swapEvery);
    }
    if (reportEvery < 0 || sampleLadders < 0 || resultLadders < 0 || tuningRounds < 0 || burnIn < 0) {
      throw EbmsimCli.usage(spec, "--report-every, --sample-ladders, --result-ladders, --tuning-rounds and --burn-in"
          + " must be ≥ 0");
    }
    SwapScheme s = switch (scheme) {
      case "non-reversible" -> SwapScheme.NON_REVERSIBLE;
      case "reversible" -> SwapScheme.REVERSIBLE;
      default -> throw EbmsimCli.usage(spec, "--scheme must be non-reversible or reversible, got " + scheme);
    };
    return TemperRequest.newBuilder()
        .setModelId(modelId)
        .setModelVersion(version.checked(spec))
        .setLadder(ladder())
        .setLadders(ladders)
        .setSweeps(sweeps)
        .setSwapIntervalSweeps(swapEvery)
        .setScheme(s)
        .setSeed(seed)
        .setDynamics(dynamics)
        .setReportEverySweeps(reportEvery)
        .setSampleLadders(sampleLadders)
        .setResultLadders(resultLadders)
        .setDiagnostics(diagnostics)
        .setDetached(start.detached)
        .build();
  }

  /** {@code --ladder} as the wire ladder (the server checks the numbers). */
  private TemperLadder ladder() {
    String[] parts = ladder.split(":", -1);
    try {
      switch (parts[0]) {
        case "geometric" -> {
          expect(parts, 4);
          return TemperLadder.newBuilder().setGeometric(GeometricLadder.newBuilder().setTMin(Double.parseDouble(parts[1]))
              .setTMax(Double.parseDouble(parts[2])).setLevels(Integer.parseInt(parts[3]))).build();
        }
        case "adaptive" -> {
          expect(parts, 4);
          long b = burnIn == 0 ? Math.max(1, sweeps / 4) : burnIn;
          return TemperLadder.newBuilder().setAdaptive(AdaptiveLadder.newBuilder().setTMin(Double.parseDouble(parts[1]))
              .setTMax(Double.parseDouble(parts[2])).setLevels(Integer.parseInt(parts[3])).setBurnInSweeps(b)
              .setTuningRounds(tuningRounds)).build();
        }
        case "list" -> {
          expect(parts, 2);
          ExplicitLadder.Builder e = ExplicitLadder.newBuilder();
          for (String t : List.of(parts[1].split(","))) {
            e.addTemperatures(Double.parseDouble(t.trim()));
          }
          return TemperLadder.newBuilder().setExplicit(e).build();
        }
        default -> throw EbmsimCli.usage(spec, "--ladder must be geometric:TMIN:TMAX:K, list:T0,T1,... or"
            + " adaptive:TMIN:TMAX:K, got " + ladder);
      }
    } catch (NumberFormatException e) {
      throw EbmsimCli.usage(spec, "--ladder " + ladder + ": " + e.getMessage());
    }
  }

  private void expect(String[] parts, int n) {
    if (parts.length != n) {
      throw EbmsimCli.usage(spec, "--ladder " + ladder + " needs " + (n - 1) + " values after " + parts[0]);
    }
  }
}
