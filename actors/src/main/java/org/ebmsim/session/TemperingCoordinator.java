package org.ebmsim.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ebmsim.dynamics.EnergyStatistics;
import org.ebmsim.dynamics.ising.IsingKernel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.dynamics.sampling.TemperingEnergy;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.tempering.ReplicaExchange;
import org.ebmsim.dynamics.tempering.SwapScheme;
import org.ebmsim.errors.FailedPreconditionException;
import org.ebmsim.errors.InvalidRequestException;

/**
 * Parallel tempering (replica exchange, MATH.md §8): {@code ladders} independent sets of K chains,
 * chain {@code m·K + j} in ladder m. Chain groups keep their chains and states; what moves is the
 * temperatures: every {@code swapInterval} sweeps the groups report every chain's joint energy
 * ({@link TemperingEnergy}), {@link ReplicaExchange} decides the swaps of every ladder centrally
 * from its own seeded streams, and the next round's orders carry each chain's new temperature. So
 * messages stay small, placement does not matter, and a seeded session gives the same events
 * however its chains are grouped.
 *
 * <p>Rounds end at every swap boundary (multiples of the swap interval) and every report
 * boundary; swaps happen at swap boundaries before the last sweep, so the final states are at the
 * temperatures they were sampled at. With an adaptive schedule, the ladder is re-placed at the
 * ends of {@code tuningRounds} doubling stretches of the burn-in (Syed et al. 2021, Algorithm 4):
 * each stretch's rejection rates give the barrier Λ(β), and the new ladder shares it equally.
 *
 * <p>A place for more diagnostics: {@link #gather} has every chain's joint energy and level each
 * round ({@code energies}, {@code levels}); per-level traces would be fed there.
 */
public final class TemperingCoordinator implements Coordinator {
  /**
   * A tempering request.
   *
   * @param temperatures the (initial) ladder, K ≥ 2, strictly ascending, finite, > 0
   * @param ladders independent replica sets M ≥ 1 (K × M chains)
   * @param sweeps sweeps every chain runs
   * @param swapInterval sweeps between swap rounds, ≥ 1
   * @param initial per layer: null (random) or a block of 1 or K × M rows
   * @param reportEverySweeps sweeps between progress events, ≥ 1
   * @param sampleLadders ladders whose chains' states progress events carry (0: none)
   * @param resultLadders ladders whose chains' final states the result carries
   * @param burnInSweeps sweeps of the adaptive schedule's tuning (0 with a fixed ladder)
   * @param tuningRounds times the ladder is re-placed during the burn-in (0: fixed ladder)
   * @param diagnostics progress carries convergence diagnostics of the coldest level's energy
   */
  public record Request(ModelRef model, Sampling sampling, double[] temperatures, int ladders, long sweeps,
      int swapInterval, SwapScheme scheme, long seed, SamplerKind sampler, LayerBlock[] initial,
      long reportEverySweeps, int sampleLadders, int resultLadders, long burnInSweeps, int tuningRounds,
      boolean diagnostics) {}

  private final Request request;
  private final Sampling sampling;
  private final int levels;
  private final int chains;
  private final boolean joint;
  private final ReplicaExchange exchange;
  private final long[] tuningEnds; // ascending sweep counts at which the ladder is re-placed
  private final DiagnosticsTracker traces;
  private LiveDiagnostics diagnosis;
  private int tuned;
  private long reportEvery;
  private long reportBase;
  private long lastReport;
  private List<EnergyStatistics> lastEnergyPerLevel = List.of();

  public TemperingCoordinator(Request r) {
    this.request = r;
    this.sampling = r.sampling();
    this.levels = r.temperatures().length;
    InvalidRequestException.require(levels >= 2, "temperatures: a ladder needs K >= 2 temperatures (got " + levels
        + ")");
    InvalidRequestException.require(r.ladders() >= 1, "ladders must be >= 1 (got " + r.ladders() + ")");
    InvalidRequestException.require(r.swapInterval() >= 1, "swap_interval_sweeps must be >= 1 (got "
        + r.swapInterval() + ")");
    InvalidRequestException.require(r.sweeps() >= 1, "sweeps must be >= 1 (got " + r.sweeps() + ")");
    InvalidRequestException.require(r.burnInSweeps() >= 0 && r.burnInSweeps() < r.sweeps(),
        "burn_in_sweeps must be in [0, sweeps) (got " + r.burnInSweeps() + " of " + r.sweeps() + ")");
    if (r.sampler() == SamplerKind.DETERMINISTIC) {
      throw new InvalidRequestException("dynamics: parallel tempering needs stochastic dynamics (GIBBS or METROPOLIS),"
          + " not DETERMINISTIC");
    }
    if (!sampling.samplers().contains(r.sampler())) {
      throw new FailedPreconditionException("this model does not support " + r.sampler() + " dynamics (it supports "
          + sampling.samplers() + ")");
    }
    TemperingEnergy energy = sampling.temperingEnergy().orElseThrow(() -> new FailedPreconditionException(
        "this model's family defines no joint energy whose law its kernels sample at every temperature"
            + " (" + sampling.energyMeaning() + "), so replicas cannot be exchanged"));
    this.joint = energy instanceof TemperingEnergy.FromStates;
    this.chains = Math.multiplyExact(levels, r.ladders());
    this.exchange = new ReplicaExchange(r.temperatures(), r.ladders(), r.scheme(), r.seed());
    this.tuningEnds = tuningEnds(r.burnInSweeps(), r.tuningRounds(), r.swapInterval());
    this.traces = r.diagnostics() ? new DiagnosticsTracker(r.ladders(), new int[0], 0) : null;
    this.reportEvery = Math.max(1, r.reportEverySweeps());
  }

  /**
   * The ends of the tuning stretches: {@code rounds} stretches doubling in length that fill the
   * burn-in (as Syed et al.'s rounds of 2ⁿ scans), each rounded up to a swap boundary.
   */
  static long[] tuningEnds(long burnIn, int rounds, int swapInterval) {
    if (rounds <= 0 || burnIn <= 0) {
      return new long[0];
    }
    double whole = Math.pow(2, rounds) - 1;
    List<Long> ends = new ArrayList<>();
    long previous = 0;
    for (int i = 1; i <= rounds; i++) {
      long end = (long) Math.ceil(burnIn * (Math.pow(2, i) - 1) / whole);
      end = ((end + swapInterval - 1) / swapInterval) * swapInterval;
      if (end > previous) {
        ends.add(end);
        previous = end;
      }
    }
    return ends.stream().mapToLong(Long::longValue).toArray();
  }

  @Override
  public String kind() {
    return "temper";
  }

  @Override
  public ModelRef model() {
    return request.model();
  }

  @Override
  public org.ebmsim.dynamics.state.LayerLayout layout() {
    return sampling.layout();
  }

  @Override
  public int chains() {
    return chains;
  }

  @Override
  public long total() {
    return request.sweeps();
  }

  @Override
  public boolean ordersDependOnReports() {
    return true;
  }

  /**
   * Groups checkpoint at round ends where their kernels resume exactly: any round for RBM, DBM and
   * dense-memory kernels, multiples of {@link IsingKernel#RECOMPUTE_EVERY} sweeps for Ising ones;
   * rounds end at every swap and every report boundary (as requested: a report interval steered
   * shorter makes more rounds than this counts, and the session then keeps only the latest ones).
   */
  @Override
  public int roundsBetweenCheckpoints(long checkpointEvery) {
    return RoundHistory.roundsBetweenCheckpoints(checkpointEvery, IsingKernel.RECOMPUTE_EVERY, request.swapInterval(),
        reportEvery);
  }

  /** Bytes of a progress event: per-pair and per-level arrays and the sampled states. */
  private long progressBytes() {
    return 512 + 64L * levels + (long) Math.min(request.sampleLadders(), request.ladders()) * levels
        * Coordinator.stateBytes(layout());
  }

  @Override
  public long resultBytes() {
    return 512 + 64L * levels + (long) Math.min(request.resultLadders(), request.ladders()) * levels
        * Coordinator.stateBytes(layout());
  }

  /**
   * As annealing's estimate ({@link SamplingCoordinator#BYTES_PER_CHAIN_UNIT} per chain and unit),
   * plus per chain: its temperature and energies in every round's orders and reports, and, when the
   * joint energy is computed from the states, a copy of every layer's states each round.
   */
  @Override
  public long heapEstimate() {
    long units = layout().totalUnits();
    long perChain = units * SamplingCoordinator.BYTES_PER_CHAIN_UNIT + 64 + sampling.extraBytesPerChain() + 48
        + (joint ? Coordinator.stateBytes(layout()) : 0);
    return (long) chains * perChain + (1L << 20) + EVENTS_HELD * (progressBytes() + 16L * chains) + resultBytes()
        + (request.diagnostics() ? DiagnosticsTracker.heapBytes(request.ladders(), 0) : 0);
  }

  @Override
  public List<GroupSpec> groups(GroupSizing sizing) {
    int[] sizes = sampling.usesBlas() ? GroupSizing.split(chains, sizing.blasChainsPerGroup(), Integer.MAX_VALUE)
        : GroupSizing.split(chains, sizing.singleSiteChainsPerGroup(request.sampler()), sizing.maxGroups());
    InitialState initial = request.initial() == null ? new InitialState.Random()
        : new InitialState.Given(request.initial().clone());
    List<GroupSpec> out = new ArrayList<>();
    long first = 0;
    for (int g = 0; g < sizes.length; g++) {
      out.add(new GroupSpec.Sampling(g, request.model(), first, sizes[g], request.seed(), request.sampler(),
          SamplingCoordinator.forGroup(initial, first, sizes[g]), Long.MAX_VALUE));
      first += sizes[g];
    }
    return out;
  }

  private long nextReportBoundary(long done) {
    return reportBase + ((done - reportBase) / reportEvery + 1) * reportEvery;
  }

  @Override
  public long nextReport(long done) {
    long s = request.swapInterval();
    long nextSwap = (done / s + 1) * s;
    return Math.min(total(), Math.min(nextSwap, Math.max(done + 1, nextReportBoundary(done))));
  }

  private boolean reportDue(long at) {
    return at >= total() || at >= nextReportBoundary(lastReport);
  }

  @Override
  public GroupOrders orders(long from, long to) {
    int[] sample = reportDue(to) ? firstLadderChains(request.sampleLadders()) : new int[0];
    return GroupOrders.tempering(exchange.chainTemperatures(), sample, joint, null);
  }

  private int[] firstLadderChains(int ladders) {
    int n = Math.min(ladders, request.ladders()) * levels;
    int[] out = new int[n];
    Arrays.setAll(out, c -> c);
    return out;
  }

  @Override
  public Gathered gather(long at, GroupReport[] reports) {
    double[] energies = new double[chains];
    List<ChainSnapshot> samples = new ArrayList<>();
    int offset = 0;
    for (GroupReport g : reports) {
      GroupReport.Sweeps s = (GroupReport.Sweeps) g;
      double[] e = joint ? s.jointEnergies() : s.energies();
      System.arraycopy(e, 0, energies, offset, e.length);
      offset += e.length;
      samples.addAll(s.samples());
    }
    // levels as they were during the round: the states were sampled there
    int[] levels = new int[chains];
    Arrays.setAll(levels, exchange::levelOf);
    int[] sampleLevels = samples.stream().mapToInt(c -> levels[c.chain()]).toArray();
    lastEnergyPerLevel = energyPerLevel(energies, levels);
    double coldest = exchange.temperatures()[0];
    if (traces != null) {
      double[] cold = new double[request.ladders()];
      for (int m = 0; m < cold.length; m++) {
        cold[m] = energies[exchange.chainAt(m, 0)];
      }
      diagnosis = traces.observe(at, coldest, cold, new double[0], at >= total());
    }
    if (at < total() && at % request.swapInterval() == 0) {
      exchange.swapRound(energies);
      if (tuned < tuningEnds.length && at >= tuningEnds[tuned]) {
        exchange.equalizeRejections();
        tuned++;
      }
    }
    if (!reportDue(at)) {
      return new Gathered(List.of(), false, coldest);
    }
    SessionEvent progress = new SessionEvent.TemperProgress(at, total(), tuned < tuningEnds.length,
        exchange.temperatures(), exchange.sinceReport().acceptance(), exchange.cumulative().acceptance(),
        exchange.sinceLadderChange().rejection(), exchange.sinceLadderChange().barrier(), exchange.roundTrips(),
        exchange.rounds(), request.ladders(), lastEnergyPerLevel, List.copyOf(samples), sampleLevels, diagnosis);
    exchange.startReportWindow();
    lastReport = at;
    return new Gathered(List.of(progress), at >= total(), coldest);
  }

  private List<EnergyStatistics> energyPerLevel(double[] energies, int[] levelOfChain) {
    double[][] byLevel = new double[levels][request.ladders()];
    int[] filled = new int[levels];
    for (int c = 0; c < chains; c++) {
      int k = levelOfChain[c];
      byLevel[k][filled[k]++] = energies[c];
    }
    List<EnergyStatistics> out = new ArrayList<>();
    for (double[] e : byLevel) {
      out.add(EnergyStatistics.of(e));
    }
    return out;
  }

  @Override
  public int[] finishChains() {
    return firstLadderChains(request.resultLadders());
  }

  @Override
  public SessionEvent result(long at, boolean stoppedEarly, GroupFinal[] finals) {
    List<ChainSnapshot> states = new ArrayList<>();
    for (GroupFinal f : finals) {
      states.addAll(f.finalStates());
    }
    int[] stateLevels = states.stream().mapToInt(c -> exchange.levelOf(c.chain())).toArray();
    return new SessionEvent.TemperResult(at, request.ladders(), exchange.temperatures(),
        exchange.cumulative().acceptance(), exchange.sinceLadderChange().rejection(),
        exchange.sinceLadderChange().barrier(), exchange.roundTrips(), exchange.rounds(), lastEnergyPerLevel,
        List.copyOf(states), stateLevels);
  }

  /**
   * Report interval only: the ladder is the session's subject (SetTemperature, which would replace
   * it by one temperature, is refused), and no unit is clamped in a tempering session.
   */
  @Override
  public SessionEvent.Steered steer(SteerCommand command, long effectiveAt) {
    if (command instanceof SteerCommand.SetReportInterval s) {
      InvalidRequestException.require(s.sweeps() >= 1, "report_every_sweeps must be >= 1 (got " + s.sweeps() + ")");
      reportEvery = s.sweeps();
      reportBase = effectiveAt;
      return new SessionEvent.Steered(effectiveAt, command);
    }
    if (command instanceof SteerCommand.SetTemperature) {
      throw new FailedPreconditionException("a parallel tempering session runs a ladder of temperatures; it cannot be"
          + " set to one temperature (start a session with another ladder instead)");
    }
    throw new FailedPreconditionException("a parallel tempering session takes only a new report interval (got "
        + command.getClass().getSimpleName() + ")");
  }
}
