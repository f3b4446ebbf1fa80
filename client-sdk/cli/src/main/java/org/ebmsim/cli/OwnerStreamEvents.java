package org.ebmsim.cli;

import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.CompleteEvent;
import org.ebmsim.proto.v1.PartitionFunctionEvent;
import org.ebmsim.proto.v1.SessionEvent;
import org.ebmsim.proto.v1.TemperEvent;
import org.ebmsim.proto.v1.TrainEvent;

/**
 * The events of the stream that started a session (anneal, complete, AIS, training) as the
 * {@link SessionEvent}s a watcher of the same session receives, so that one
 * {@link SessionFollower} reads both. ({@code --json} prints the original events.)
 */
final class OwnerStreamEvents {
  private OwnerStreamEvents() {}

  static SessionEvent of(AnnealEvent e) {
    SessionEvent.Builder b = SessionEvent.newBuilder();
    switch (e.getEventCase()) {
      case STARTED -> b.setStarted(e.getStarted());
      case PROGRESS -> b.setAnnealProgress(e.getProgress());
      case RESULT -> b.setAnnealResult(e.getResult());
      case STEERED -> b.setSteered(e.getSteered());
      case PAUSED -> b.setPaused(e.getPaused());
      case RESUMED -> b.setResumed(e.getResumed());
      case REBALANCED -> b.setRebalanced(e.getRebalanced());
      case EVENT_NOT_SET -> { }
    }
    return b.build();
  }

  static SessionEvent of(TemperEvent e) {
    SessionEvent.Builder b = SessionEvent.newBuilder();
    switch (e.getEventCase()) {
      case STARTED -> b.setStarted(e.getStarted());
      case PROGRESS -> b.setTemperProgress(e.getProgress());
      case RESULT -> b.setTemperResult(e.getResult());
      case STEERED -> b.setSteered(e.getSteered());
      case PAUSED -> b.setPaused(e.getPaused());
      case RESUMED -> b.setResumed(e.getResumed());
      case REBALANCED -> b.setRebalanced(e.getRebalanced());
      case EVENT_NOT_SET -> { }
    }
    return b.build();
  }

  static SessionEvent of(CompleteEvent e) {
    SessionEvent.Builder b = SessionEvent.newBuilder();
    switch (e.getEventCase()) {
      case STARTED -> b.setStarted(e.getStarted());
      case PROGRESS -> b.setCompleteProgress(e.getProgress());
      case RESULT -> b.setCompleteResult(e.getResult());
      case STEERED -> b.setSteered(e.getSteered());
      case PAUSED -> b.setPaused(e.getPaused());
      case RESUMED -> b.setResumed(e.getResumed());
      case REBALANCED -> b.setRebalanced(e.getRebalanced());
      case EVENT_NOT_SET -> { }
    }
    return b.build();
  }

  static SessionEvent of(TrainEvent e) {
    SessionEvent.Builder b = SessionEvent.newBuilder();
    switch (e.getEventCase()) {
      case STARTED -> b.setStarted(e.getStarted());
      case PROGRESS -> b.setTrainProgress(e.getProgress());
      case RESULT -> b.setTrainResult(e.getResult());
      case STEERED -> b.setSteered(e.getSteered());
      case PAUSED -> b.setPaused(e.getPaused());
      case RESUMED -> b.setResumed(e.getResumed());
      case EVENT_NOT_SET -> { }
    }
    return b.build();
  }

  static SessionEvent of(PartitionFunctionEvent e) {
    SessionEvent.Builder b = SessionEvent.newBuilder();
    switch (e.getEventCase()) {
      case STARTED -> b.setStarted(e.getStarted());
      case PROGRESS -> b.setPartitionFunctionProgress(e.getProgress());
      case RESULT -> b.setPartitionFunctionResult(e.getResult());
      case STEERED -> b.setSteered(e.getSteered());
      case PAUSED -> b.setPaused(e.getPaused());
      case RESUMED -> b.setResumed(e.getResumed());
      case REBALANCED -> b.setRebalanced(e.getRebalanced());
      case EVENT_NOT_SET -> { }
    }
    return b.build();
  }
}
