package org.ebmsim.actor.registry;

import java.util.concurrent.CompletionStage;
import org.ebmsim.session.SessionEvent;
import org.ebmsim.session.SteerCommand;

/** Steering a running session from outside (implemented over the session actor). */
public interface SessionControl {
  /** Stops the session (idempotent); {@code reason} is recorded. */
  void stop(String reason);

  /** Completes when the session has taken the pause (or was not running). */
  CompletionStage<Void> pause();

  CompletionStage<Void> resume();

  /**
   * Completes with the event announcing when the command takes effect, or exceptionally with a
   * {@link org.ebmsim.errors.FailedPreconditionException} / {@link org.ebmsim.errors.InvalidRequestException}.
   */
  CompletionStage<SessionEvent.Steered> steer(SteerCommand command);
}
