package org.ebmsim.session;

import java.util.ArrayList;
import java.util.List;
import org.ebmsim.dynamics.EnergyStatistics;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.dynamics.state.LayerBlock;

/**
 * Simulated annealing of many independent chains along a schedule, reporting energy statistics
 * every report interval and ending with each chain's best state.
 */
public final class AnnealCoordinator extends SamplingCoordinator {
  /** Which states travel with progress events. */
  public enum SampleMode {
    /** None. */
    NONE,
    /** The first chains' current states every so many sweeps. */
    EVERY,
    /** The lowest-energy state seen so far, at every report. */
    BEST_ONLY
  }

  /**
   * An annealing request.
   *
   * @param initial per layer: null (random) or a block of 1 or {@code chains} rows
   * @param sampleEverySweeps ≥ 1 (for {@link SampleMode#EVERY})
   * @param maxSampleChains ≥ 1: chains whose states an EVERY sample carries
   * @param resultStates chains (the first ones) whose best states the result carries
   * @param retainFinalStates the result also carries every chain's final state
   * @param diagnostics progress carries convergence diagnostics ({@link DiagnosticsTracker}) of the
   *     energy and of the overlaps with {@code diagnosticPatterns}
   * @param diagnosticPatterns stored patterns (indices) whose overlaps are diagnosed too, at most
   *     {@value DiagnosticsTracker#MAX_PATTERNS}; empty for none
   */
  public record Request(ModelRef model, Sampling sampling, int chains, long seed, Schedule schedule,
      SamplerKind sampler, LayerBlock[] initial, long reportEverySweeps, SampleMode sampleMode,
      long sampleEverySweeps, int maxSampleChains, int resultStates, boolean retainFinalStates,
      boolean diagnostics, int[] diagnosticPatterns) {
    /** A request whose diagnostics, if any, cover the energy only. */
    public Request(ModelRef model, Sampling sampling, int chains, long seed, Schedule schedule,
        SamplerKind sampler, LayerBlock[] initial, long reportEverySweeps, SampleMode sampleMode,
        long sampleEverySweeps, int maxSampleChains, int resultStates, boolean retainFinalStates,
        boolean diagnostics) {
      this(model, sampling, chains, seed, schedule, sampler, initial, reportEverySweeps, sampleMode, sampleEverySweeps,
          maxSampleChains, resultStates, retainFinalStates, diagnostics, new int[0]);
    }
  }

  private final Request request;
  private final int maxSampleChains;
  private final int resultStates;

  public AnnealCoordinator(Request r) {
    super(r.model(), r.sampling(), r.chains(), r.seed(), r.sampler(), r.schedule(), r.reportEverySweeps());
    this.request = r;
    this.maxSampleChains = Math.max(1, Math.min(r.chains(), r.maxSampleChains()));
    this.resultStates = Math.max(0, Math.min(r.chains(), r.resultStates()));
    if (r.diagnostics()) {
      traceDiagnostics(r.diagnosticPatterns());
    }
  }

  @Override
  public String kind() {
    return "anneal";
  }

  @Override
  protected long progressBytes() {
    long shown = switch (request.sampleMode()) {
      case NONE -> 0;
      case EVERY -> maxSampleChains + 1;
      case BEST_ONLY -> 1;
    };
    return 256 + shown * Coordinator.stateBytes(layout());
  }

  @Override
  public long resultBytes() {
    long states = (resultStates + 1L) * Coordinator.stateBytes(layout());
    if (request.retainFinalStates()) {
      states += (long) chains * Coordinator.stateBytes(layout());
    }
    return 256 + 16L * chains + states;
  }

  @Override
  protected InitialState initialState() {
    if (request.initial() == null) {
      return new InitialState.Random();
    }
    return new InitialState.Given(request.initial().clone());
  }

  @Override
  protected int[] sampleChains(long reportSweep) {
    if (request.sampleMode() != SampleMode.EVERY || !sampleDue(reportSweep)) {
      return new int[0];
    }
    return firstChains(maxSampleChains);
  }

  /** A sample is due when this report crossed a multiple of the sample interval (or ends the run). */
  private boolean sampleDue(long reportSweep) {
    long every = Math.max(1, request.sampleEverySweeps());
    long previous = Math.max(0, reportSweep - reportEvery());
    return reportSweep / every > previous / every || reportSweep == total();
  }

  @Override
  public Gathered gather(long at, GroupReport[] reports) {
    double[] energies = new double[chains];
    long flips = 0;
    long updates = 0;
    List<ChainSnapshot> samples = new ArrayList<>();
    ChainSnapshot best = null;
    int offset = 0;
    for (GroupReport g : reports) {
      GroupReport.Sweeps s = (GroupReport.Sweeps) g;
      System.arraycopy(s.energies(), 0, energies, offset, s.energies().length);
      offset += s.energies().length;
      flips += s.flips();
      updates += s.updates();
      samples.addAll(s.samples());
      if (best == null || s.best().energy() < best.energy()) { // groups in chain order: ties keep the lower index
        best = s.best();
      }
    }
    long last = Math.max(0, at - 1);
    double temperature = temperatures().temperatureOfSweep(last);
    List<ChainSnapshot> shown = request.sampleMode() == SampleMode.BEST_ONLY ? List.of(best) : samples;
    LiveDiagnostics diagnosis = diagnose(at, temperature, reports, at >= total());
    SessionEvent progress = new SessionEvent.AnnealProgress(at, total(), temperatures().stepOfSweep(last),
        temperature, EnergyStatistics.of(energies), rate(flips, updates), best.energy(), List.copyOf(shown),
        diagnosis);
    return new Gathered(List.of(progress), at >= total(), temperature);
  }

  @Override
  public int[] finishChains() {
    return firstChains(resultStates);
  }

  @Override
  public boolean wantsAllFinalStates() {
    return request.retainFinalStates();
  }

  @Override
  public SessionEvent result(long at, boolean stoppedEarly, GroupFinal[] finals) {
    double[] bestEnergies = new double[chains];
    double[] finalEnergies = new double[chains];
    List<ChainSnapshot> bestStates = new ArrayList<>();
    ChainSnapshot best = null;
    int offset = 0;
    List<List<LayerBlock>> allFinal = new ArrayList<>();
    for (GroupFinal f : finals) {
      System.arraycopy(f.bestEnergies(), 0, bestEnergies, offset, f.bestEnergies().length);
      System.arraycopy(f.finalEnergies(), 0, finalEnergies, offset, f.finalEnergies().length);
      offset += f.bestEnergies().length;
      bestStates.addAll(f.bestStates());
      if (best == null || f.best().energy() < best.energy()) {
        best = f.best();
      }
      if (f.allFinalStates() != null) {
        allFinal.add(f.allFinalStates());
      }
    }
    List<LayerBlock> finalStates = List.of();
    if (request.retainFinalStates() && !allFinal.isEmpty()) {
      List<LayerBlock> stacked = new ArrayList<>();
      for (int l = 0; l < layout().size(); l++) {
        List<LayerBlock> parts = new ArrayList<>();
        for (List<LayerBlock> g : allFinal) {
          parts.add(g.get(l));
        }
        stacked.add(LayerBlock.stack(parts));
      }
      finalStates = stacked;
    }
    return new SessionEvent.AnnealResult(chains, bestEnergies, List.copyOf(bestStates), best, at,
        EnergyStatistics.of(finalEnergies), finalStates);
  }
}
