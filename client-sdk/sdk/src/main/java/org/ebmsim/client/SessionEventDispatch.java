package org.ebmsim.client;

import org.ebmsim.proto.v1.AisProgress;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealProgress;
import org.ebmsim.proto.v1.AnnealResult;
import org.ebmsim.proto.v1.CompleteEvent;
import org.ebmsim.proto.v1.CompleteProgress;
import org.ebmsim.proto.v1.CompleteResult;
import org.ebmsim.proto.v1.PartitionFunctionEvent;
import org.ebmsim.proto.v1.PartitionFunctionResult;
import org.ebmsim.proto.v1.TemperEvent;
import org.ebmsim.proto.v1.TemperProgress;
import org.ebmsim.proto.v1.TemperResult;
import org.ebmsim.proto.v1.TrainEvent;
import org.ebmsim.proto.v1.TrainProgress;
import org.ebmsim.proto.v1.TrainResult;

/**
 * Hands one event of a session stream to the matching {@link SessionObserver} callback. The five
 * session streams have the same kinds of events in differently generated oneofs, so each gets
 * its own dispatch; an event of a kind this SDK does not know (a newer server) is skipped.
 *
 * @param <E> event type
 * @param <P> progress type
 * @param <R> result type
 */
@FunctionalInterface
interface SessionEventDispatch<E, P, R> {

  void deliver(E event, SessionObserver<P, R> observer);

  static void anneal(AnnealEvent e, SessionObserver<AnnealProgress, AnnealResult> o) {
    switch (e.getEventCase()) {
      case STARTED -> o.onStarted(e.getStarted());
      case PROGRESS -> o.onProgress(e.getProgress());
      case STEERED -> o.onSteered(e.getSteered());
      case PAUSED -> o.onPaused(e.getPaused());
      case RESUMED -> o.onResumed(e.getResumed());
      case REBALANCED -> o.onRebalanced(e.getRebalanced());
      case RESULT -> o.onResult(e.getResult());
      case EVENT_NOT_SET -> { }
    }
  }

  static void temper(TemperEvent e, SessionObserver<TemperProgress, TemperResult> o) {
    switch (e.getEventCase()) {
      case STARTED -> o.onStarted(e.getStarted());
      case PROGRESS -> o.onProgress(e.getProgress());
      case STEERED -> o.onSteered(e.getSteered());
      case PAUSED -> o.onPaused(e.getPaused());
      case RESUMED -> o.onResumed(e.getResumed());
      case REBALANCED -> o.onRebalanced(e.getRebalanced());
      case RESULT -> o.onResult(e.getResult());
      case EVENT_NOT_SET -> { }
    }
  }

  static void complete(CompleteEvent e, SessionObserver<CompleteProgress, CompleteResult> o) {
    switch (e.getEventCase()) {
      case STARTED -> o.onStarted(e.getStarted());
      case PROGRESS -> o.onProgress(e.getProgress());
      case STEERED -> o.onSteered(e.getSteered());
      case PAUSED -> o.onPaused(e.getPaused());
      case RESUMED -> o.onResumed(e.getResumed());
      case REBALANCED -> o.onRebalanced(e.getRebalanced());
      case RESULT -> o.onResult(e.getResult());
      case EVENT_NOT_SET -> { }
    }
  }

  static void partitionFunction(PartitionFunctionEvent e, SessionObserver<AisProgress, PartitionFunctionResult> o) {
    switch (e.getEventCase()) {
      case STARTED -> o.onStarted(e.getStarted());
      case PROGRESS -> o.onProgress(e.getProgress());
      case STEERED -> o.onSteered(e.getSteered());
      case PAUSED -> o.onPaused(e.getPaused());
      case RESUMED -> o.onResumed(e.getResumed());
      case REBALANCED -> o.onRebalanced(e.getRebalanced());
      case RESULT -> o.onResult(e.getResult());
      case EVENT_NOT_SET -> { }
    }
  }

  static void train(TrainEvent e, SessionObserver<TrainProgress, TrainResult> o) {
    switch (e.getEventCase()) {
      case STARTED -> o.onStarted(e.getStarted());
      case PROGRESS -> o.onProgress(e.getProgress());
      case STEERED -> o.onSteered(e.getSteered());
      case PAUSED -> o.onPaused(e.getPaused());
      case RESUMED -> o.onResumed(e.getResumed());
      case RESULT -> o.onResult(e.getResult());
      case EVENT_NOT_SET -> { }
    }
  }
}
