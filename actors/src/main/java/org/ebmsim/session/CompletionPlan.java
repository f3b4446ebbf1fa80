package org.ebmsim.session;

import java.util.Arrays;
import org.ebmsim.dynamics.InitialStates;
import org.ebmsim.dynamics.PatternOverlaps;
import org.ebmsim.dynamics.Schedule;

/**
 * Pattern completion: chains start from a cue over the visible units (unknown units random),
 * optionally keep the known units clamped, and evolve by the chosen dynamics. The answer is
 * {@code sign(mean state)} per visible unit over the last {@code averageLast} sweeps and all chains
 * (the final states when a deterministic run stops at a fixed point first).
 */
public final class CompletionPlan implements SessionPlan {
  private final SessionModel model;
  private final byte[] cue;
  private final boolean[] known;
  private final boolean clampKnown;
  private final SamplerKind sampler;
  private final Schedule schedule;
  private final int averageLast;
  private final int chains;
  private final long seed;
  private final int reportEverySweeps;
  private final PatternOverlaps overlaps; // null without stored patterns

  /**
   * @param cue visible-unit values, ±1 where known, anything (ignored) where not
   * @param known which cue entries are known
   * @param schedule temperatures per sweep; for {@link SamplerKind#DETERMINISTIC} only its
   *     length (the maximum number of sweeps) matters
   */
  public CompletionPlan(SessionModel model, byte[] cue, boolean[] known, boolean clampKnown, SamplerKind sampler,
      Schedule schedule, int averageLast, int chains, long seed, int reportEverySweeps) {
    int v = model.visibleUnits();
    if (cue.length != v || known.length != v) {
      throw new IllegalArgumentException("cue must cover the " + v + " visible units (got " + cue.length + ")");
    }
    for (int i = 0; i < v; i++) {
      if (known[i] && cue[i] != 1 && cue[i] != -1) {
        throw new IllegalArgumentException("cue value " + i + " is known but not -1 or +1 (got " + cue[i] + ")");
      }
    }
    if (chains < 1) {
      throw new IllegalArgumentException("chains must be >= 1 (got " + chains + ")");
    }
    this.model = model;
    this.cue = cue.clone();
    this.known = known.clone();
    this.clampKnown = clampKnown;
    this.sampler = sampler;
    this.schedule = schedule;
    this.averageLast = (int) Math.max(1, Math.min(schedule.totalSweeps(), averageLast));
    this.chains = chains;
    this.seed = seed;
    this.reportEverySweeps = Math.max(1, reportEverySweeps);
    this.overlaps = model.patternCount() == 0 ? null
        : new PatternOverlaps(model.patternCount(), v, model.patterns());
  }

  @Override
  public SessionModel model() {
    return model;
  }

  @Override
  public int chains() {
    return chains;
  }

  @Override
  public long seed() {
    return seed;
  }

  @Override
  public SamplerKind sampler() {
    return sampler;
  }

  @Override
  public Schedule schedule() {
    return schedule;
  }

  @Override
  public boolean[] clamped() {
    if (!clampKnown) {
      return null;
    }
    boolean[] out = new boolean[model.units()];
    System.arraycopy(known, 0, out, 0, known.length);
    return out;
  }

  @Override
  public byte[] initialStates(int firstChain, int count) {
    return InitialStates.randomWithCue(seed, firstChain, count, model.units(), cue, known);
  }

  @Override
  public long averageFromSweep() {
    return schedule.totalSweeps() - averageLast + 1;
  }

  @Override
  public long nextReport(long sweep) {
    return Math.min(schedule.totalSweeps(), (sweep / reportEverySweeps + 1) * reportEverySweeps);
  }

  @Override
  public int[] sampleChains(long reportSweep) {
    return new int[] {0};
  }

  @Override
  public boolean mayStopEarly() {
    return sampler == SamplerKind.DETERMINISTIC;
  }

  @Override
  public boolean stopEarly(SweepReport report) {
    return sampler == SamplerKind.DETERMINISTIC && report.lastSweepFlips() == 0;
  }

  @Override
  public SessionEvent progress(SweepReport report) {
    byte[] chain0 = report.samples().get(0);
    double mean = 0;
    for (double e : report.energies()) {
      mean += e;
    }
    mean /= report.energies().length;
    double temperature = sampler == SamplerKind.DETERMINISTIC ? 0
        : schedule.temperatureOfSweep(Math.max(0, report.sweep() - 1));
    double flipRate = report.updates() == 0 ? 0 : (double) report.flips() / report.updates();
    return new SessionEvent.CompletionProgress(report.sweep(), schedule.totalSweeps(), temperature, mean,
        overlaps(chain0), hammingToCue(chain0), flipRate);
  }

  @Override
  public int[] resultChains() {
    int[] out = new int[chains];
    Arrays.setAll(out, c -> c);
    return out;
  }

  @Override
  public SessionEvent result(FinalReport report) {
    int v = model.visibleUnits();
    double[] plus = new double[v];
    if (report.averagedStates() > 0) {
      for (int i = 0; i < v; i++) {
        plus[i] = (double) report.plusCounts()[i] / report.averagedStates();
      }
    } else { // a deterministic run stopped before the window: its final states are the answer
      for (int c = 0; c < chains; c++) {
        byte[] s = report.finalStates().get(c);
        for (int i = 0; i < v; i++) {
          if (s[i] > 0) {
            plus[i] += 1.0 / chains;
          }
        }
      }
    }
    byte[] completed = new byte[v];
    for (int i = 0; i < v; i++) {
      completed[i] = plus[i] >= 0.5 ? (byte) 1 : (byte) -1;
    }
    double[] completedOverlaps = overlaps(completed);
    PatternOverlaps.Match best = overlaps == null ? new PatternOverlaps.Match(-1, 0) : overlaps.bestMatch(completed);
    byte[] reportedCue = new byte[v];
    for (int i = 0; i < v; i++) {
      reportedCue[i] = known[i] ? cue[i] : 0;
    }
    boolean converged = sampler == SamplerKind.DETERMINISTIC && report.stoppedEarly();
    return new SessionEvent.CompletionResult(completed, plus, best.pattern(), best.overlap(), completedOverlaps,
        report.finalEnergies()[0], report.sweeps(), converged, hammingToCue(completed), reportedCue);
  }

  /** {@code m_μ = (1/V) ξ^μ·s} over the visible units of {@code state} (the first V entries). */
  private double[] overlaps(byte[] state) {
    return overlaps == null ? new double[0] : overlaps.overlaps(state, 0);
  }

  /** Known visible units where {@code state} differs from the cue. */
  private int hammingToCue(byte[] state) {
    int d = 0;
    for (int i = 0; i < cue.length; i++) {
      if (known[i] && state[i] != cue[i]) {
        d++;
      }
    }
    return d;
  }
}
