package org.ebmsim.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ebmsim.dynamics.EnergyStatistics;
import org.ebmsim.dynamics.InitialStates;
import org.ebmsim.dynamics.Schedule;

/**
 * Simulated annealing of many independent chains along a schedule, reporting energy statistics
 * every {@code reportEverySweeps} sweeps and ending with each chain's best state.
 */
public final class AnnealPlan implements SessionPlan {
  private final SessionModel model;
  private final int chains;
  private final long seed;
  private final Schedule schedule;
  private final SamplerKind sampler;
  private final byte[] initialStates; // null, one row, or chains rows
  private final int reportEverySweeps;
  private final SampleMode sampleMode;
  private final int sampleEverySweeps;
  private final int maxSampleChains;
  private final int resultStates;

  /**
   * @param initialStates {@code null} for random states, one row (N) shared by all chains, or
   *     {@code chains × N}
   * @param reportEverySweeps ≥ 1
   * @param sampleEverySweeps ≥ 1 (used by {@link SampleMode#EVERY})
   * @param maxSampleChains ≥ 1: chains whose states an EVERY sample carries
   * @param resultStates chains (the first ones) whose best states the result carries
   */
  public AnnealPlan(SessionModel model, int chains, long seed, Schedule schedule, SamplerKind sampler,
      byte[] initialStates, int reportEverySweeps, SampleMode sampleMode, int sampleEverySweeps,
      int maxSampleChains, int resultStates) {
    if (chains < 1) {
      throw new IllegalArgumentException("chains must be >= 1 (got " + chains + ")");
    }
    int n = model.units();
    if (initialStates != null && initialStates.length != n && initialStates.length != (long) chains * n) {
      throw new IllegalArgumentException("initial_states must have 1 or " + chains + " rows of " + n + " units");
    }
    this.model = model;
    this.chains = chains;
    this.seed = seed;
    this.schedule = schedule;
    this.sampler = sampler;
    this.initialStates = initialStates;
    this.reportEverySweeps = Math.max(1, reportEverySweeps);
    this.sampleMode = sampleMode;
    this.sampleEverySweeps = Math.max(1, sampleEverySweeps);
    this.maxSampleChains = Math.max(1, Math.min(chains, maxSampleChains));
    this.resultStates = Math.max(0, Math.min(chains, resultStates));
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
    return null;
  }

  @Override
  public byte[] initialStates(int firstChain, int count) {
    int n = model.units();
    if (initialStates == null) {
      return InitialStates.random(seed, firstChain, count, n);
    }
    byte[] out = new byte[count * n];
    for (int c = 0; c < count; c++) {
      int row = initialStates.length == n ? 0 : firstChain + c;
      System.arraycopy(initialStates, row * n, out, c * n, n);
    }
    return out;
  }

  @Override
  public long averageFromSweep() {
    return Long.MAX_VALUE;
  }

  @Override
  public long nextReport(long sweep) {
    return Math.min(schedule.totalSweeps(), (sweep / reportEverySweeps + 1) * reportEverySweeps);
  }

  @Override
  public int[] sampleChains(long reportSweep) {
    if (sampleMode != SampleMode.EVERY || !sampleDue(reportSweep)) {
      return new int[0];
    }
    int[] out = new int[maxSampleChains];
    Arrays.setAll(out, c -> c);
    return out;
  }

  /** A sample is due when this report crossed a multiple of the sample interval. */
  private boolean sampleDue(long reportSweep) {
    long previous = Math.max(0, reportSweep - reportEverySweeps);
    return reportSweep / sampleEverySweeps > previous / sampleEverySweeps
        || reportSweep == schedule.totalSweeps();
  }

  @Override
  public boolean stopEarly(SweepReport report) {
    return false;
  }

  @Override
  public SessionEvent progress(SweepReport report) {
    long last = Math.max(0, report.sweep() - 1);
    List<ChainState> samples = new ArrayList<>();
    if (sampleMode == SampleMode.BEST_ONLY) {
      samples.add(report.best());
    } else {
      for (int c : sampleChains(report.sweep())) {
        byte[] s = report.samples().get(c);
        if (s != null) {
          samples.add(new ChainState(c, report.energies()[c], s));
        }
      }
    }
    double flipRate = report.updates() == 0 ? 0 : (double) report.flips() / report.updates();
    return new SessionEvent.AnnealProgress(report.sweep(), schedule.totalSweeps(), schedule.stepOfSweep(last),
        schedule.temperatureOfSweep(last), EnergyStatistics.of(report.energies()), flipRate,
        report.best().energy(), List.copyOf(samples));
  }

  @Override
  public int[] resultChains() {
    int[] out = new int[resultStates];
    Arrays.setAll(out, c -> c);
    return out;
  }

  @Override
  public SessionEvent result(FinalReport report) {
    List<ChainState> bestStates = new ArrayList<>();
    for (int c : resultChains()) {
      bestStates.add(new ChainState(c, report.bestEnergies()[c], report.bestStates().get(c)));
    }
    return new SessionEvent.AnnealResult(report.bestEnergies(), List.copyOf(bestStates), report.best(),
        report.sweeps(), EnergyStatistics.of(report.finalEnergies()));
  }
}
