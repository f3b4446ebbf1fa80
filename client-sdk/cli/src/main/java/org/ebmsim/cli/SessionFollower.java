package org.ebmsim.cli;

import org.ebmsim.proto.v1.AisProgress;
import org.ebmsim.proto.v1.AnnealProgress;
import java.util.function.Consumer;
import org.ebmsim.proto.v1.CompleteProgress;
import org.ebmsim.proto.v1.SessionEnded;
import org.ebmsim.proto.v1.SessionEvent;
import org.ebmsim.proto.v1.SessionStarted;
import org.ebmsim.proto.v1.TrainProgress;

/**
 * Follows one session's events for human output: progress moves the progress bar, steering,
 * pause and resume become notes on stderr, and the started event, the result event and the end
 * are kept for the command's summary. Reads the events of an owner stream (through
 * {@link OwnerStreamEvents}) and of a watch alike.
 */
final class SessionFollower {
  private final ProgressBar bar;
  private final boolean showProgress;
  private final boolean countOnly;
  private SessionStarted started;
  private SessionEvent result;
  private SessionEnded ended;
  private Consumer<TrainProgress> epochEnds;
  private Consumer<SessionEvent> everyEvent = e -> { };

  /**
   * @param showProgress whether progress events update {@code bar}
   * @param countOnly whether the bar shows a count only, without the total (a deterministic
   *     completion stops at its fixed point, usually long before its maximum)
   */
  SessionFollower(ProgressBar bar, boolean showProgress, boolean countOnly) {
    this.bar = bar;
    this.showProgress = showProgress;
    this.countOnly = countOnly;
  }

  /**
   * Hands every training progress event that ends an epoch to {@code epochEnds} (after erasing
   * the bar), for the per-epoch table; only when showing, not with {@code --json}.
   */
  SessionFollower onEpochEnd(Consumer<TrainProgress> epochEnds) {
    this.epochEnds = epochEnds;
    return this;
  }

  /** Hands every event, shown or not, to {@code everyEvent} as well (the curves of {@code --plot}). */
  SessionFollower onEvent(Consumer<SessionEvent> everyEvent) {
    this.everyEvent = everyEvent;
    return this;
  }

  /** Keeps what the summary needs from {@code e} without showing anything (for {@code --json}). */
  void record(SessionEvent e) {
    everyEvent.accept(e);
    switch (e.getEventCase()) {
      case STARTED -> started = e.getStarted();
      case ANNEAL_RESULT, COMPLETE_RESULT, PARTITION_FUNCTION_RESULT, TRAIN_RESULT, TEMPER_RESULT, HAM_RESULT -> result = e;
      case ENDED -> ended = e.getEnded();
      default -> { }
    }
  }

  /** Keeps what the summary needs from {@code e} and shows it: progress bar, notes. */
  void accept(SessionEvent e) {
    record(e);
    switch (e.getEventCase()) {
      case STARTED -> {
        String id = started.getSessionId();
        bar.unit(SessionText.unit(started.getKind()));
        bar.header("session " + id + " (" + started.getKind() + " of " + started.getModelId() + ", "
            + started.getChains() + " chains); pause, steer or stop it with: ebmsim sessions pause|steer|stop " + id);
      }
      case ANNEAL_PROGRESS -> {
        AnnealProgress p = e.getAnnealProgress();
        update(p.getSweep(), p.getTotalSweeps(), AnnealSummary.progress(p));
      }
      case TEMPER_PROGRESS -> {
        org.ebmsim.proto.v1.TemperProgress p = e.getTemperProgress();
        update(p.getSweep(), p.getTotalSweeps(), TemperSummary.progress(p));
      }
      case HAM_REPORT -> {
        org.ebmsim.proto.v1.HamReport p = e.getHamReport();
        update(p.getStep(), started == null ? 0 : started.getTotal(), "energy " + HumanText.num(p.getEnergy())
            + ", largest change " + HumanText.num(p.getMaxChange()));
      }
      case COMPLETE_PROGRESS -> {
        CompleteProgress p = e.getCompleteProgress();
        update(p.getSweep(), countOnly ? 0 : p.getTotalSweeps(), CompletionSummary.progress(p));
      }
      case PARTITION_FUNCTION_PROGRESS -> {
        AisProgress p = e.getPartitionFunctionProgress();
        update(p.getStep(), p.getTotalSteps(), AisSummary.progress(p));
      }
      case TRAIN_PROGRESS -> {
        TrainProgress p = e.getTrainProgress();
        update(p.getBatches(), p.getTotalBatches(), TrainSummary.progress(p));
        if (p.getEpochEnd() && epochEnds != null) {
          bar.clear();
          epochEnds.accept(p);
        }
      }
      case STEERED -> bar.note("steered from " + position() + " " + e.getSteered().getSweep() + ": "
          + HumanText.steer(e.getSteered().getAction()));
      case PAUSED -> bar.note("paused after " + position() + " " + e.getPaused().getSweep());
      case RESUMED -> bar.note("resumed at " + position() + " " + e.getResumed().getSweep());
      case REBALANCED -> bar.note("chain group " + e.getRebalanced().getGroup() + " moved from "
          + e.getRebalanced().getFromNode() + " to " + e.getRebalanced().getToNode() + ", resuming after "
          + position() + " " + e.getRebalanced().getRestoredSweep());
      default -> { }
    }
  }

  private String position() {
    return SessionText.position(started == null ? "" : started.getKind());
  }

  private void update(long done, long total, String detail) {
    if (showProgress) {
      bar.update(done, total, detail);
    }
  }

  /** Ends the progress bar's line. */
  void finish() {
    bar.finish();
  }

  /** The started event, or null if none came. */
  SessionStarted started() {
    return started;
  }

  /** The result event (anneal_result, temper_result, complete_result, partition_function_result or train_result), or null. */
  SessionEvent result() {
    return result;
  }

  /** The ended event of a watch, or null (owner streams have none). */
  SessionEnded ended() {
    return ended;
  }
}
