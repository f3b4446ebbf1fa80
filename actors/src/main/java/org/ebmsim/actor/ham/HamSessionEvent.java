package org.ebmsim.actor.ham;

/** What a {@link HamSession} streams, in order: one {@link Started}, {@link Reported}s, one {@link Finished}. */
public sealed interface HamSessionEvent {
  /** The initial state's energy (after an adiabatic top layer relaxed) and the layer sizes. */
  record Started(int[] layerUnits, int stagesPerStep, double energy) implements HamSessionEvent {}

  /**
   * After step {@code step} (≥ 1): the energy, the largest change of a unit over the step, and
   * the state of every layer (copies).
   */
  record Reported(long step, double energy, double maxChange, double[][] states) implements HamSessionEvent {}

  /** The end: steps taken, final energy, last step's largest change, and whether it converged. */
  record Finished(long steps, double energy, double maxChange, boolean converged, double[][] states)
      implements HamSessionEvent {}
}
