package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ebmsim.proto.v1.SessionEvent;
import org.ebmsim.proto.v1.SessionStarted;
import org.ebmsim.proto.v1.SplitMetrics;
import org.ebmsim.proto.v1.TrainProgress;
import org.junit.jupiter.api.Test;

/** The human text of training sessions on hand-made events: bar detail, table cells, follower. */
class TrainTextTest {

  private static TrainProgress progress(int epoch, int inEpoch, boolean end) {
    return TrainProgress.newBuilder().setEpoch(epoch).setBatchInEpoch(inEpoch).setBatchesPerEpoch(4)
        .setBatches(epoch * 4L + inEpoch).setTotalBatches(12).setEpochEnd(end).setLearningRate(0.1)
        .setTrain(SplitMetrics.newBuilder().setRows(10).setReconstructionError(0.25).setPseudoLogLikelihood(-3))
        .putWeightNorms("W2", 2).putWeightNorms("W1", 1).build();
  }

  @Test
  void progressDetail_saysEpochBatchRateAndError() {
    assertEquals("epoch 1/3  batch 2/4  lr 0.1000  recon 0.2500", TrainSummary.progress(progress(0, 2, false)));
  }

  @Test
  void tableCells_dashForWhatIsAbsent_normsInNameOrder_elapsedInReadableUnits() {
    assertEquals("-", TrainTable.pll(SplitMetrics.newBuilder().setRows(5).setPseudoLogLikelihood(Double.NaN).build()),
        "PLL is undefined for real-valued units");
    assertEquals("-", TrainTable.recon(SplitMetrics.getDefaultInstance()), "no rows");
    assertEquals("12.3s", TrainTable.elapsed(12.34));
    assertEquals("3m05s", TrainTable.elapsed(185));
    assertEquals("2h07m", TrainTable.elapsed(7620));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new TrainTable(new PrintStream(bytes, true, StandardCharsets.UTF_8), () -> null).row(progress(0, 4, true));
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    String header = lines.get(0);
    String row = lines.get(1);
    assertTrue(header.indexOf("‖W1‖") < header.indexOf("‖W2‖"), header);
    assertEquals(header.indexOf("‖W1‖"), row.indexOf("1.0000"), "aligned:\n" + header + "\n" + row);
    assertEquals(header.indexOf("‖W2‖"), row.indexOf("2.0000"), "aligned:\n" + header + "\n" + row);
    assertEquals(header.indexOf("ELAPSED"), row.indexOf("0.0s"), "aligned:\n" + header + "\n" + row);
  }

  @Test
  void follower_movesTheBarOverBatches_andHandsOnlyEpochEndsToTheTable() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ProgressBar bar = new ProgressBar(new PrintStream(err, true, StandardCharsets.UTF_8), "sweeps", () -> 0L, 0);
    List<Long> rows = new ArrayList<>();
    SessionFollower follower = new SessionFollower(bar, true, false).onEpochEnd(p -> rows.add(p.getBatches()));

    follower.accept(SessionEvent.newBuilder().setStarted(SessionStarted.newBuilder().setSessionId("s-1")
        .setKind("train").setModelId("m-1").setTotal(12)).build());
    follower.accept(SessionEvent.newBuilder().setTrainProgress(progress(0, 2, false)).build());
    String drawn = err.toString(StandardCharsets.UTF_8);
    follower.accept(SessionEvent.newBuilder().setTrainProgress(progress(0, 4, true)).build());

    assertTrue(drawn.endsWith("\r[#####-------------------------]  16% 2/12 batches  epoch 1/3  batch 2/4  lr 0.1000"
        + "  recon 0.2500"), drawn);
    assertEquals(List.of(4L), rows);
  }
}
