package org.ebmsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ebmsim.proto.v1.ModelVersion;
import org.ebmsim.proto.v1.TrainingCheckpoint;

/** Human tables of {@code models versions} and {@code train checkpoints}. */
final class TrainingTables {
  private TrainingTables() {}

  /**
   * One line per stored version, oldest first: when it was written, by which training session,
   * after how many batches, in which epoch (1-based; {@code -} for the created version).
   */
  static List<String> versions(List<ModelVersion> versions) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"VERSION", "CREATED", "SESSION", "BATCHES", "EPOCH"});
    for (ModelVersion v : versions) {
      boolean trained = !v.getTrainingSession().isEmpty();
      rows.add(new String[] {
        Long.toString(v.getVersion()),
        HumanText.time(v.getCreatedUnixMs()),
        trained ? v.getTrainingSession() : "- (created)",
        trained ? Long.toString(v.getTrainingBatches()) : "-",
        trained ? Integer.toString(v.getTrainingEpoch() + 1) : "-"
      });
    }
    return HumanText.table(rows);
  }

  /**
   * One line per training session with checkpoints, newest first; its state says whether
   * {@code ebmsim train resume} can continue it.
   *
   * @param live ids of sessions still running or paused (they must be stopped before resuming)
   */
  static List<String> checkpoints(List<TrainingCheckpoint> checkpoints, Set<String> live) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"SESSION", "MODEL", "DATASET", "PROGRESS", "STATE", "WRITTEN", "KEPT"});
    for (TrainingCheckpoint c : checkpoints) {
      String state = c.getFinished() ? "finished" : live.contains(c.getSessionId()) ? "running" : "resumable";
      rows.add(new String[] {
        c.getSessionId(),
        c.getModelId(),
        c.getDatasetId(),
        c.getBatches() + "/" + c.getTotalBatches() + " batches",
        state,
        HumanText.time(c.getWrittenUnixMs()),
        Integer.toString(c.getKept())
      });
    }
    return HumanText.table(rows);
  }
}
