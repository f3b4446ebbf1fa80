package org.ebmsim.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.ebmsim.actor.EngineSettings;
import org.ebmsim.actor.ModelCache;
import org.ebmsim.actor.cluster.CheckpointFolder;
import org.ebmsim.actor.group.ChainGroup;
import org.ebmsim.actor.group.GroupRecovery;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.TemperaturePlan;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.WireArrays;
import org.ebmsim.family.rbm.RbmFamily;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.session.GroupOrders;
import org.ebmsim.session.GroupReport;
import org.ebmsim.session.GroupSpec;
import org.ebmsim.session.InitialState;
import org.ebmsim.session.ModelRef;

/**
 * What cluster checkpoints cost and save, on one RBM chain group (784 × 500 binary RBM, 100
 * chains: the default BLAS group; engine defaults, so subset-sum products for its two-valued
 * units): 512 sweeps in rounds of 64 without checkpoints,
 * then with a checkpoint after every round (the most frequent setting a session can ask for); the
 * checkpoint's size; and the time a group rebuilt on another node needs to answer the last round,
 * from the checkpoint after 448 sweeps versus replaying from the start. Prints medians.
 *
 * <p>{@code java --add-modules jdk.incubator.vector --add-opens java.base/java.util=ALL-UNNAMED
 * -cp loadtests/target/benchmarks.jar org.ebmsim.load.CheckpointCost [--repeats 3]}
 */
public final class CheckpointCost {
  static final int VISIBLE = 784;
  static final int HIDDEN = 500;
  static final int CHAINS = 100;
  static final int ROUND = 64;
  static final int SWEEPS = 512;

  private CheckpointCost() {}

  public static void main(String[] args) throws Exception {
    int repeats = args.length == 2 && args[0].equals("--repeats") ? Integer.parseInt(args[1]) : 3;
    Random r = new Random(1);
    double[] w = new double[VISIBLE * HIDDEN];
    for (int k = 0; k < w.length; k++) {
      w[k] = 0.01 * r.nextGaussian();
    }
    EnergyModel model = new RbmFamily().create(RbmSpec.newBuilder().setVariant(RbmVariant.BINARY)
        .setWeights(WireArrays.matrix(VISIBLE, HIDDEN, w)).build(), CreateContext.of(1 << 20, 1 << 20)).model();
    ModelRef ref = new ModelRef("m-checkpoint-cost", 1);
    ModelCache cache = new ModelCache();
    cache.pin(ref, model);
    EngineSettings settings = EngineSettings.defaults();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "checkpoint-cost");
    Path dir = Files.createTempDirectory("ebmsim-checkpoint-cost");
    List<Double> plain = new ArrayList<>();
    List<Double> saving = new ArrayList<>();
    List<Double> resumed = new ArrayList<>();
    List<Double> replayed = new ArrayList<>();
    long size = 0;
    try {
      for (int k = 0; k < repeats; k++) {
        plain.add(run(system, cache, ref, settings, null, 0));
        CheckpointFolder folder = CheckpointFolder.of(dir, "s-run" + k);
        saving.add(run(system, cache, ref, settings, folder, 0));
        size = Files.size(folder.dir().resolve("group-0.ckpt"));
        // the file now holds the checkpoint after 512 sweeps: keep one after 448 instead
        CheckpointFolder at448 = CheckpointFolder.of(dir, "s-at448-" + k);
        run(system, cache, ref, settings, at448, SWEEPS - ROUND);
        resumed.add(run(system, cache, ref, settings, at448, -(SWEEPS - ROUND)));
        replayed.add(run(system, cache, ref, settings, CheckpointFolder.of(dir, "s-none-" + k), -(SWEEPS - ROUND)));
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
    System.out.printf("binary RBM %d x %d, %d chains, %d sweeps in rounds of %d (engine defaults)%n", VISIBLE, HIDDEN, CHAINS,
        SWEEPS, ROUND);
    System.out.printf("  no checkpoints:             %.3f s (median of %d)%n", median(plain), repeats);
    System.out.printf("  checkpoint every round:     %.3f s (+%.1f%%), file %.2f MiB%n", median(saving),
        100 * (median(saving) / median(plain) - 1), size / 1048576.0);
    System.out.printf("  rebuilt for the last round: %.3f s from the checkpoint after %d sweeps, %.3f s replaying"
        + " from the start%n", median(resumed), SWEEPS - ROUND, median(replayed));
  }

  /**
   * Seconds until the group answers: with {@code from >= 0} rounds from 0 up to {@code SWEEPS}
   * (stopping after {@code from} sweeps when {@code from > 0}); with {@code from < 0} a new group
   * told only the last round, which starts at {@code −from} (it restores or replays first).
   */
  private static double run(ActorSystem<Void> system, ModelCache cache, ModelRef ref, EngineSettings settings,
      CheckpointFolder folder, long from) throws Exception {
    GroupSpec.Sampling spec = new GroupSpec.Sampling(0, ref, 0, CHAINS, 7, SamplerKind.GIBBS,
        new InitialState.Random(), SWEEPS);
    GroupRecovery recovery = folder == null ? null : new GroupRecovery(folder.group(0), ROUND, List.of());
    ActorRef<ChainGroup.Command> group = system.systemActorOf(ChainGroup.create(spec, cache, settings, recovery),
        "group-" + System.nanoTime(), org.apache.pekko.actor.typed.Props.empty());
    GroupOrders orders = new GroupOrders(TemperaturePlan.of(Schedule.geometric(2, 0.5, SWEEPS / ROUND, ROUND)),
        List.of(), new int[0]);
    long t0 = System.nanoTime();
    long start = from < 0 ? -from : 0;
    long end = from > 0 ? from : SWEEPS;
    for (long s = start; s < end; s += ROUND) {
      long a = s;
      GroupReport report = AskPattern.<ChainGroup.Command, GroupReport>ask(group,
          replyTo -> new ChainGroup.Advance(a, a + ROUND, orders, replyTo), Duration.ofMinutes(10),
          system.scheduler()).toCompletableFuture().get();
      if (((GroupReport.Sweeps) report).sweep() != a + ROUND) {
        throw new IllegalStateException("report of sweep " + ((GroupReport.Sweeps) report).sweep());
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    group.tell(ChainGroup.Stop.INSTANCE);
    return seconds;
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }
}
