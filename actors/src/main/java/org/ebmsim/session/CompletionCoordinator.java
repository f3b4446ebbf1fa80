package org.ebmsim.session;

import java.util.List;
import org.ebmsim.dynamics.PatternOverlaps;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerShape;
import org.ebmsim.dynamics.state.ValueType;
import org.ebmsim.family.RealPatterns;
import org.ebmsim.family.StoredPatterns;

/**
 * Pattern completion: chains start from a cue over the visible layer (unknown units random),
 * optionally keep the known units clamped, and evolve by the chosen dynamics. The answer per
 * visible unit is the majority value (two-valued), the most frequent level (categorical) or the
 * mean (real) over the last {@code averageLast} sweeps and all chains — the final states when a
 * deterministic run stops at a fixed point first.
 */
public final class CompletionCoordinator extends SamplingCoordinator {
  /**
   * A completion request.
   *
   * @param cue one row of the visible layer, in its domain where known
   * @param schedule temperatures per sweep; for {@link SamplerKind#DETERMINISTIC} only its length
   *     (the maximum number of sweeps) matters
   * @param realPatterns the model's real patterns retrieved by attention, or null: overlaps are
   *     then cosines with them, and events carry chain 0's attention weights
   * @param diagnostics progress carries convergence diagnostics ({@link DiagnosticsTracker}) of the
   *     energy and of the overlaps with {@code diagnosticPatterns}
   * @param diagnosticPatterns patterns (indices, as {@link org.ebmsim.family.EnergyModel#overlapPatternCount}
   *     counts them) whose overlaps are diagnosed too, at most {@value DiagnosticsTracker#MAX_PATTERNS}
   */
  public record Request(ModelRef model, Sampling sampling, StoredPatterns patterns, LayerBlock cue, boolean[] known,
      boolean clampKnown, SamplerKind sampler, Schedule schedule, int averageLast, int chains, long seed,
      long reportEverySweeps, RealPatterns realPatterns, boolean diagnostics, int[] diagnosticPatterns) {
    /** A request without diagnostics. */
    public Request(ModelRef model, Sampling sampling, StoredPatterns patterns, LayerBlock cue, boolean[] known,
        boolean clampKnown, SamplerKind sampler, Schedule schedule, int averageLast, int chains, long seed,
        long reportEverySweeps, RealPatterns realPatterns) {
      this(model, sampling, patterns, cue, known, clampKnown, sampler, schedule, averageLast, chains, seed,
          reportEverySweeps, realPatterns, false, new int[0]);
    }

    /** A request for a model without real patterns. */
    public Request(ModelRef model, Sampling sampling, StoredPatterns patterns, LayerBlock cue, boolean[] known,
        boolean clampKnown, SamplerKind sampler, Schedule schedule, int averageLast, int chains, long seed,
        long reportEverySweeps) {
      this(model, sampling, patterns, cue, known, clampKnown, sampler, schedule, averageLast, chains, seed,
          reportEverySweeps, null, false, new int[0]);
    }
  }

  private final Request request;
  private final LayerShape visible;
  private final int averageLast;
  private final PatternOverlaps overlaps; // null without stored patterns or for categorical layers

  public CompletionCoordinator(Request r) {
    super(r.model(), r.sampling(), r.chains(), r.seed(), r.sampler(), r.schedule(), r.reportEverySweeps());
    this.request = r;
    this.visible = r.sampling().layout().visible();
    if (r.cue().rows() != 1 || r.cue().units() != visible.units() || r.known().length != visible.units()) {
      throw new IllegalArgumentException("the cue must be one row over the " + visible.units() + " visible units");
    }
    for (int i = 0; i < visible.units(); i++) {
      if (r.known()[i] && !visible.accepts(r.cue().get(0, i))) {
        throw new IllegalArgumentException("cue value " + i + " is known but not " + visible.domain());
      }
    }
    this.averageLast = (int) Math.max(1, Math.min(total(), r.averageLast()));
    if (r.diagnostics()) {
      traceDiagnostics(r.diagnosticPatterns());
    }
    this.overlaps = r.patterns().count() == 0 || visible.type() == ValueType.CATEGORICAL ? null
        : new PatternOverlaps(r.patterns().count(), visible.units(), r.patterns().values());
    if (r.clampKnown()) {
      int n = 0;
      for (boolean k : r.known()) {
        n += k ? 1 : 0;
      }
      if (n > 0) {
        int[] units = new int[n];
        double[] values = new double[n];
        for (int i = 0, k = 0; i < visible.units(); i++) {
          if (r.known()[i]) {
            units[k] = i;
            values[k++] = r.cue().get(0, i);
          }
        }
        clampAtStart(new ClampChange(0, units, values));
      }
    }
  }

  @Override
  public String kind() {
    return "complete";
  }

  @Override
  protected long progressBytes() {
    return 256 + 8L * patternCount() * (request.realPatterns() == null ? 1 : 2);
  }

  @Override
  public long resultBytes() {
    int units = visible.units();
    return 512 + 2 * Coordinator.stateBytes(layout()) + 9L * units
        + 8L * patternCount() * (request.realPatterns() == null ? 1 : 2);
  }

  /** Patterns the events report against: the real ones when the model has them, else the ±1 ones. */
  private int patternCount() {
    return request.realPatterns() != null ? request.realPatterns().count() : request.patterns().count();
  }

  @Override
  protected InitialState initialState() {
    return new InitialState.Cue(request.cue().copy(), request.known().clone());
  }

  @Override
  protected long averageFromSweep() {
    return total() - averageLast + 1;
  }

  @Override
  public boolean mayStopEarly() {
    return sampler == SamplerKind.DETERMINISTIC;
  }

  @Override
  protected int[] sampleChains(long reportSweep) {
    return new int[] {0};
  }

  @Override
  public Gathered gather(long at, GroupReport[] reports) {
    double sum = 0;
    long flips = 0;
    long updates = 0;
    long lastSweepFlips = 0;
    LayerBlock chain0 = null;
    for (GroupReport g : reports) {
      GroupReport.Sweeps s = (GroupReport.Sweeps) g;
      for (double e : s.energies()) {
        sum += e;
      }
      flips += s.flips();
      updates += s.updates();
      lastSweepFlips += s.lastSweepFlips();
      for (ChainSnapshot c : s.samples()) {
        if (c.chain() == 0) {
          chain0 = c.layers().get(0);
        }
      }
    }
    double temperature = sampler == SamplerKind.DETERMINISTIC ? 0
        : temperatures().temperatureOfSweep(Math.max(0, at - 1));
    boolean fixedPoint = sampler == SamplerKind.DETERMINISTIC && lastSweepFlips == 0;
    LiveDiagnostics diagnosis = diagnose(at, temperature, reports, at >= total() || fixedPoint);
    SessionEvent progress = new SessionEvent.CompletionProgress(at, total(), temperature, sum / chains,
        overlaps(chain0), hammingToCue(chain0), rate(flips, updates), patternWeights(chain0), diagnosis);
    return new Gathered(List.of(progress), at >= total() || fixedPoint, temperature);
  }

  @Override
  public int[] finishChains() {
    return firstChains(chains);
  }

  @Override
  public SessionEvent result(long at, boolean stoppedEarly, GroupFinal[] finals) {
    int n = visible.units();
    double[] sums = new double[visible.type() == ValueType.CATEGORICAL ? n * visible.levels() : n];
    long averaged = 0;
    for (GroupFinal f : finals) {
      double[] s = f.windowSums().get(0);
      for (int k = 0; k < sums.length; k++) {
        sums[k] += s[k];
      }
      averaged += f.averaged();
    }
    if (averaged == 0) { // a deterministic run stopped before the window: its final states are the answer
      java.util.Arrays.fill(sums, 0);
      for (GroupFinal f : finals) {
        for (ChainSnapshot c : f.finalStates()) {
          LayerBlock v = c.layers().get(0);
          for (int i = 0; i < n; i++) {
            double x = v.get(0, i);
            switch (visible.type()) {
              case SPIN, BINARY -> sums[i] += x > 0 ? 1 : 0;
              case REAL -> sums[i] += x;
              case CATEGORICAL -> sums[i * visible.levels() + (int) x] += 1;
            }
          }
          averaged++;
        }
      }
    }
    LayerBlock completed = visible.type() == ValueType.REAL ? LayerBlock.ofFloats(visible, 1)
        : LayerBlock.ofBytes(visible, 1);
    double[] means = new double[n];
    for (int i = 0; i < n; i++) {
      switch (visible.type()) {
        case SPIN, BINARY -> {
          means[i] = sums[i] / averaged;
          completed.set(0, i, means[i] >= 0.5 ? 1 : visible.type().low());
        }
        case REAL -> {
          means[i] = sums[i] / averaged;
          completed.set(0, i, means[i]);
        }
        case CATEGORICAL -> {
          int bestLevel = 0;
          for (int q = 1; q < visible.levels(); q++) {
            if (sums[i * visible.levels() + q] > sums[i * visible.levels() + bestLevel]) {
              bestLevel = q;
            }
          }
          means[i] = sums[i * visible.levels() + bestLevel] / averaged;
          completed.set(0, i, bestLevel);
        }
      }
    }
    double[] completedOverlaps = overlaps(completed);
    int bestPattern = -1;
    double bestOverlap = 0;
    for (int mu = 0; mu < completedOverlaps.length; mu++) {
      if (bestPattern < 0 || Math.abs(completedOverlaps[mu]) > Math.abs(bestOverlap)) {
        bestPattern = mu;
        bestOverlap = completedOverlaps[mu];
      }
    }
    double energy0 = Double.NaN;
    for (GroupFinal f : finals) {
      if (f.finalEnergies().length > 0 && energy0 != energy0) {
        energy0 = f.finalEnergies()[0];
      }
    }
    LayerBlock cue = visible.type() == ValueType.REAL ? LayerBlock.ofFloats(visible, 1) : LayerBlock.ofBytes(visible, 1);
    for (int i = 0; i < n; i++) {
      cue.set(0, i, request.known()[i] ? request.cue().get(0, i) : visible.type() == ValueType.REAL ? 0
          : visible.type().low());
    }
    boolean converged = sampler == SamplerKind.DETERMINISTIC && stoppedEarly;
    return new SessionEvent.CompletionResult(completed, means, bestPattern, bestOverlap, completedOverlaps, energy0,
        at, converged, hammingToCue(completed), cue, request.known().clone(), patternWeights(completed));
  }

  /** The attention weights of a one-row real state over the model's real patterns; empty without them. */
  private double[] patternWeights(LayerBlock state) {
    RealPatterns real = request.realPatterns();
    return real == null || state == null ? new double[0] : real.weights(row(state));
  }

  private static float[] row(LayerBlock state) {
    float[] v = new float[state.units()];
    System.arraycopy(state.floats(), 0, v, 0, v.length);
    return v;
  }

  /**
   * Overlaps of a one-row visible state with the stored patterns: {@code m_μ = (1/N) ξ^μ·s} on ±1
   * values for two-valued layers (a binary unit's 1 counts +1, its 0 counts −1), the cosine for
   * real layers.
   */
  private double[] overlaps(LayerBlock state) {
    if (state != null && request.realPatterns() != null) {
      return request.realPatterns().cosines(row(state));
    }
    if (overlaps == null || state == null) {
      return new double[0];
    }
    int n = visible.units();
    if (visible.type() == ValueType.REAL) {
      StoredPatterns p = request.patterns();
      double[] out = new double[p.count()];
      double vv = 0;
      for (int i = 0; i < n; i++) {
        vv += state.get(0, i) * state.get(0, i);
      }
      for (int mu = 0; mu < p.count(); mu++) {
        byte[] xi = p.pattern(mu);
        double dot = 0;
        for (int i = 0; i < n; i++) {
          dot += xi[i] * state.get(0, i);
        }
        out[mu] = vv == 0 ? 0 : dot / Math.sqrt(vv * n);
      }
      return out;
    }
    byte[] s = new byte[n];
    for (int i = 0; i < n; i++) {
      s[i] = state.get(0, i) > 0 ? (byte) 1 : (byte) -1;
    }
    return overlaps.overlaps(s, 0);
  }

  /** Known visible units where {@code state} differs from the cue. */
  private int hammingToCue(LayerBlock state) {
    if (state == null) {
      return 0;
    }
    int d = 0;
    for (int i = 0; i < visible.units(); i++) {
      if (request.known()[i] && state.get(0, i) != request.cue().get(0, i)) {
        d++;
      }
    }
    return d;
  }
}
