package org.ebmsim.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.TemperaturePlan;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.dynamics.state.LayerLayout;
import org.ebmsim.dynamics.state.LayerShape;
import org.ebmsim.errors.FailedPreconditionException;
import org.ebmsim.errors.InvalidRequestException;

/**
 * What annealing and completion share: chains sampled sweep by sweep along a temperature plan,
 * groups sized by the model's sampling, a report interval, steering (temperature, clamps,
 * report interval) applied from a round boundary on, and, on request, live convergence
 * diagnostics of the energy and of stored-pattern overlaps ({@link DiagnosticsTracker}).
 */
public abstract class SamplingCoordinator implements Coordinator {
  protected final ModelRef model;
  protected final Sampling sampling;
  protected final int chains;
  protected final long seed;
  protected final SamplerKind sampler;
  private TemperaturePlan temperatures;
  private long reportEvery;
  private long reportBase; // reports fall at reportBase + k·reportEvery
  private final List<ClampChange> pendingClamps = new ArrayList<>();
  private final boolean[][] clamped;
  private DiagnosticsTracker diagnostics; // null unless asked for

  protected SamplingCoordinator(ModelRef model, Sampling sampling, int chains, long seed, SamplerKind sampler,
      Schedule schedule, long reportEvery) {
    if (chains < 1) {
      throw new IllegalArgumentException("chains must be >= 1 (got " + chains + ")");
    }
    if (!sampling.samplers().contains(sampler)) {
      throw new FailedPreconditionException("this model does not support " + sampler + " dynamics (it supports "
          + sampling.samplers() + ")");
    }
    this.model = model;
    this.sampling = sampling;
    this.chains = chains;
    this.seed = seed;
    this.sampler = sampler;
    this.temperatures = TemperaturePlan.of(schedule);
    this.reportEvery = Math.max(1, reportEvery);
    LayerLayout layout = sampling.layout();
    this.clamped = new boolean[layout.size()][];
    for (int l = 0; l < layout.size(); l++) {
      clamped[l] = new boolean[layout.layer(l).units()];
    }
  }

  @Override
  public ModelRef model() {
    return model;
  }

  @Override
  public LayerLayout layout() {
    return sampling.layout();
  }

  @Override
  public int chains() {
    return chains;
  }

  @Override
  public long total() {
    return temperatures.totalSweeps();
  }

  /** The current report interval (steering may change it). */
  protected long reportEvery() {
    return reportEvery;
  }

  protected TemperaturePlan temperatures() {
    return temperatures;
  }

  /**
   * Bytes per chain and unit held while sampling: the state (live, best, initial), the fields
   * the layers keep and exchange (float64 for single-site kernels), the copy of its partner field
   * and states a Boltzmann machine layer updates incrementally (9), and slack for trackers.
   */
  public static final long BYTES_PER_CHAIN_UNIT = 48;

  @Override
  public long heapEstimate() {
    return (long) chains * layout().totalUnits() * BYTES_PER_CHAIN_UNIT + (long) chains * 64 + (1L << 20)
        + (long) chains * sampling.extraBytesPerChain() + EVENTS_HELD * (progressBytes() + 16L * chains) + resultBytes()
        + diagnosticsBytes;
  }

  private long diagnosticsBytes;

  /**
   * From now on, progress carries convergence diagnostics of the energy and of the overlaps with
   * the stored patterns {@code patterns} (indices, possibly none; see
   * {@link org.ebmsim.family.EnergyModel#overlapPatternCount()}). Called from a constructor.
   */
  protected final void traceDiagnostics(int[] patterns) {
    diagnostics = new DiagnosticsTracker(chains, patterns, 0);
    int traced = diagnostics.chains();
    // the traces, plus the overlaps riding in the reports and events held ahead
    diagnosticsBytes = DiagnosticsTracker.heapBytes(chains, patterns.length)
        + EVENTS_HELD * (8L * traced * patterns.length + 128L * (1 + patterns.length));
  }

  /**
   * Records the round's reports in the diagnostics and returns them (null when not asked for or
   * still undefined); {@code last} for the session's last report.
   */
  protected final LiveDiagnostics diagnose(long at, double temperature, GroupReport[] reports, boolean last) {
    return diagnostics == null ? null : diagnostics.observe(at, temperature, reports, last);
  }

  /** Bytes of the largest progress event (its sampled states and per-chain arrays). */
  protected abstract long progressBytes();

  /** {@code initial} cut to the chains {@code [first, first + count)} of one group (given states per chain). */
  static InitialState forGroup(InitialState initial, long first, int count) {
    return initial instanceof InitialState.Given given ? given.forChains(first, count) : initial;
  }

  /** How the group with these chains starts. */
  protected abstract InitialState initialState();

  /** Completed-sweep count from which states enter the averaging window ({@code Long.MAX_VALUE}: none). */
  protected long averageFromSweep() {
    return Long.MAX_VALUE;
  }

  @Override
  public List<GroupSpec> groups(GroupSizing sizing) {
    int[] sizes = sampling.usesBlas() ? GroupSizing.split(chains, sizing.blasChainsPerGroup(), Integer.MAX_VALUE)
        : GroupSizing.split(chains, sizing.singleSiteChainsPerGroup(sampler), sizing.maxGroups());
    List<GroupSpec> out = new ArrayList<>();
    long first = 0;
    for (int g = 0; g < sizes.length; g++) {
      out.add(new GroupSpec.Sampling(g, model, first, sizes[g], seed, sampler, forGroup(initialState(), first, sizes[g]),
          averageFromSweep()));
      first += sizes[g];
    }
    return out;
  }

  @Override
  public long nextReport(long done) {
    long next = reportBase + ((done - reportBase) / reportEvery + 1) * reportEvery;
    return Math.min(total(), Math.max(done + 1, next));
  }

  /** Clamps every group applies before its first sweep (completion's known units). */
  protected void clampAtStart(ClampChange change) {
    applyClampBookkeeping(change);
    pendingClamps.add(change);
  }

  @Override
  public GroupOrders orders(long from, long to) {
    List<ClampChange> clamps = List.copyOf(pendingClamps);
    pendingClamps.clear();
    return new GroupOrders(temperatures, clamps, sampleChains(to), diagnostics == null ? null : diagnostics.probe());
  }

  /** Global indices of the chains whose states the report at {@code reportSweep} needs. */
  protected abstract int[] sampleChains(long reportSweep);

  /** Whether this session accepts temperature changes (zero-temperature dynamics do not). */
  protected boolean steersTemperature() {
    return sampler != SamplerKind.DETERMINISTIC;
  }

  @Override
  public SessionEvent.Steered steer(SteerCommand command, long effectiveAt) {
    if (command instanceof SteerCommand.SetTemperature t) {
      if (!steersTemperature()) {
        throw new FailedPreconditionException("this session runs zero-temperature (deterministic) dynamics;"
            + " its temperature cannot be steered");
      }
      InvalidRequestException.require(Double.isFinite(t.temperature()) && t.temperature() > 0,
          "temperature must be finite and > 0 (got " + t.temperature() + ")");
      temperatures = temperatures.withTemperature(effectiveAt, t.temperature());
    } else if (command instanceof SteerCommand.Clamp c) {
      LayerShape shape = checkLayer(c.layer());
      InvalidRequestException.require(c.units().length == c.values().length && c.units().length > 0,
          "clamp needs one value per unit and at least one unit");
      checkUnits(c.layer(), c.units());
      for (int k = 0; k < c.values().length; k++) {
        double v = c.values()[k];
        InvalidRequestException.require(shape.accepts(v), "clamp value " + v + " for unit " + c.units()[k]
            + " of layer " + shape.name() + " must be " + shape.domain());
      }
      ClampChange change = new ClampChange(c.layer(), c.units().clone(), c.values().clone());
      applyClampBookkeeping(change);
      pendingClamps.add(change);
    } else if (command instanceof SteerCommand.Release r) {
      checkLayer(r.layer());
      int[] units = r.units();
      if (units.length == 0) {
        units = clampedUnits(r.layer());
      } else {
        checkUnits(r.layer(), units);
      }
      ClampChange change = new ClampChange(r.layer(), units, null);
      applyClampBookkeeping(change);
      pendingClamps.add(change);
    } else if (command instanceof SteerCommand.SetReportInterval s) {
      InvalidRequestException.require(s.sweeps() >= 1, "report_every_sweeps must be >= 1 (got " + s.sweeps() + ")");
      reportEvery = s.sweeps();
      reportBase = effectiveAt;
    }
    return new SessionEvent.Steered(effectiveAt, command);
  }

  private LayerShape checkLayer(int layer) {
    InvalidRequestException.require(layer >= 0 && layer < layout().size(), "layer must name one of the model's "
        + layout().size() + " layers");
    if (!sampling.clampable(layer)) {
      throw new FailedPreconditionException("units of layer " + layout().layer(layer).name()
          + " cannot be clamped in this model");
    }
    return layout().layer(layer);
  }

  private void checkUnits(int layer, int[] units) {
    int n = layout().layer(layer).units();
    boolean[] seen = new boolean[n];
    for (int u : units) {
      InvalidRequestException.require(u >= 0 && u < n, "unit " + u + " is outside layer "
          + layout().layer(layer).name() + " (" + n + " units)");
      InvalidRequestException.require(!seen[u], "unit " + u + " is listed twice");
      seen[u] = true;
    }
  }

  private void applyClampBookkeeping(ClampChange change) {
    for (int u : change.units()) {
      clamped[change.layer()][u] = !change.release();
    }
  }

  private int[] clampedUnits(int layer) {
    return java.util.stream.IntStream.range(0, clamped[layer].length).filter(u -> clamped[layer][u]).toArray();
  }

  /** Unit updates counted per sweep over all chains, for flip rates. */
  protected static double rate(long flips, long updates) {
    return updates == 0 ? 0 : (double) flips / updates;
  }

  /** The first {@code n} chain indices. */
  protected static int[] firstChains(int n) {
    int[] out = new int[n];
    Arrays.setAll(out, c -> c);
    return out;
  }
}
