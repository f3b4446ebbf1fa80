package org.ebmsim.dynamics.layered;

/**
 * One layer of a chain of layers coupled to their neighbours only, advanced by an explicit
 * multi-stage scheme: it owns its state and its published output g, and needs nothing but its
 * neighbours' published outputs. Order of calls per stage: every layer publishes {@link #output()}
 * (a copy travels to each neighbour); each evolving layer calls {@link #computeStage} with its
 * neighbours' outputs of that stage, then {@link #finishStage}; a top layer held at its
 * instantaneous fixed point instead calls {@link #relax} with the new output of the layer below.
 */
public interface LayerDynamics {
  /** This layer's index, 0 = bottom. */
  int layer();

  /** The published output at the current stage state: a live array, overwritten by the next stage. */
  double[] output();

  /** A copy of the committed state. */
  double[] state();

  /** The derivative of the current stage from the neighbours' outputs (null at the ends); not modified. */
  void computeStage(double[] gBelow, double[] gAbove);

  /** Moves to the next stage state, or commits the step after the last stage; republishes the output. */
  void finishStage();

  /** Sets the free units to their fixed point given the layer below's output and republishes (top layer only). */
  void relax(double[] gBelow);

  /** This layer's own energy term at the committed state (see {@link LayeredEnergy}). */
  double ownEnergy();

  /**
   * The energy of this layer's coupling to the layer below given that layer's output (0 for the
   * bottom layer); {@code gBelow} is not modified.
   */
  double couplingBelow(double[] gBelow);
}
