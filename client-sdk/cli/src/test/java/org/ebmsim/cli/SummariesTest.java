package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ebmsim.client.LayerStates;
import org.ebmsim.proto.v1.AnnealResult;
import org.ebmsim.proto.v1.ChainState;
import org.ebmsim.proto.v1.CompleteResult;
import org.ebmsim.proto.v1.EnergyStats;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.SteerAction;
import org.ebmsim.client.SteerActions;
import org.ebmsim.proto.v1.AnnealProgress;
import org.ebmsim.proto.v1.ConvergenceDiagnostics;
import org.junit.jupiter.api.Test;

/** The human summaries of session results, on hand-made results. */
class SummariesTest {

  private static ChainState chain(int c, double energy) {
    return ChainState.newBuilder().setChain(c).setEnergy(energy)
        .addLayers(LayerStates.spins("visible", new int[][] {{1, -1, -1, 1}})).build();
  }

  @Test
  void anneal_bestChainOutsideTheStatesShown_reportsChainsThatRanAndStatesShownApart() {
    // 1000 chains ran, the result carries the first 64 best states, the best chain is 95.
    AnnealResult.Builder r = AnnealResult.newBuilder().setSweeps(3000).setChains(1000)
        .setFinalEnergy(EnergyStats.newBuilder().setMin(-11).setMean(-10).setMax(-9)).setBest(chain(95, -11));
    for (int c = 0; c < 1000; c++) {
      r.addBestEnergies(c == 95 ? -11 : -10);
    }
    for (int c = 0; c < 64; c++) {
      r.addBestPerChain(chain(c, -10));
    }

    List<String> lines = AnnealSummary.lines("m-1", r.build(), ImageShape.newBuilder().setHeight(2).setWidth(2).build());

    assertEquals("annealed m-1: 3000 sweeps, 1000 chains", lines.get(0));
    assertEquals("best energy    -11.0000 (chain 95)", lines.get(1));
    assertTrue(lines.contains("best states    64 of 1000 chains (0..63) in the result; --json prints them"),
        String.join("\n", lines));
    assertTrue(lines.get(3).endsWith("... (1000 values)"), lines.get(3));
    assertEquals(List.of("best state:", "  #.", "  .#"), lines.subList(lines.size() - 3, lines.size()));
  }

  @Test
  void anneal_serverWithoutTheChainsField_countsEveryChainsBestEnergy() {
    AnnealResult r = AnnealResult.newBuilder().addBestEnergies(-1).addBestEnergies(-2).addBestEnergies(-3)
        .addBestPerChain(chain(0, -1)).build();

    assertEquals(3, AnnealSummary.chainsRun(r));
  }

  @Test
  void completion_mirrorImageIsSaid_exactMatchIsNot() {
    CompleteResult mirror = CompleteResult.newBuilder().setBestPattern(2).setBestOverlap(-1).setBestIsMirror(true)
        .build();
    CompleteResult exact = CompleteResult.newBuilder().setBestPattern(2).setBestOverlap(1).build();
    CompleteResult oldServer = CompleteResult.newBuilder().setBestPattern(0).setBestOverlap(-0.75).build();

    assertEquals("#2 (mirror image), overlap -1.0000", CompletionSummary.closest(mirror));
    assertEquals("#2, overlap 1.0000", CompletionSummary.closest(exact));
    assertEquals("#0 (mirror image), overlap -0.7500", CompletionSummary.closest(oldServer));
  }

  @Test
  void steer_everyActionInWords() {
    SteerAction clampReal = SteerActions.clampReal("visible", new int[] {2}, new float[] {0.5f});

    assertEquals("temperature 0.2500", HumanText.steer(SteerActions.temperature(0.25)));
    assertEquals("β 2.0000", HumanText.steer(SteerActions.inverseTemperature(2)));
    assertEquals("clamp visible units 0=1, 3=-1", HumanText.steer(SteerActions.clamp("", new int[] {0, 3},
        new int[] {1, -1})));
    assertEquals("clamp visible units 2=0.5000", HumanText.steer(clampReal));
    assertEquals("release hidden units 1, 2", HumanText.steer(SteerActions.release("hidden", 1, 2)));
    assertEquals("release every clamped unit of the visible layer", HumanText.steer(SteerActions.release("")));
    assertEquals("report every 5 sweeps", HumanText.steer(SteerActions.reportEvery(5)));
  }

  @Test
  void annealProgress_showsDiagnosticsWhenTheEventHasThem() {
    AnnealProgress plain = AnnealProgress.newBuilder().setTemperature(0.5)
        .setEnergy(EnergyStats.newBuilder().setMin(-3).setMean(-1).setMax(0)).setBestEnergy(-3).setFlipRate(0.25)
        .build();
    assertFalse(AnnealSummary.progress(plain).contains("R̂"));
    String line = AnnealSummary.progress(plain.toBuilder().setDiagnostics(ConvergenceDiagnostics.newBuilder()
        .setSplitRHat(1.0034).setEffectiveSampleSize(812.4).setAutocorrelationSweeps(3.94)).build());
    assertTrue(line.endsWith("R̂ 1.003  ESS 812  τ 3.9400 sweeps"), line);
  }
}
