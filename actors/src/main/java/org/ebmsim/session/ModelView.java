package org.ebmsim.session;

import org.ebmsim.dynamics.IsingModel;
import org.ebmsim.dynamics.LayerCouplings;

/**
 * A stored model as a session sees it: its energy, how many of its units are visible (the
 * first ones), and the ±1 patterns it stores over the visible units (row-major p × V, possibly
 * none) for overlaps.
 */
public record ModelView(IsingModel ising, int visibleUnits, byte[] patterns, int patternCount)
    implements SessionModel {
  public ModelView {
    if (visibleUnits < 1 || visibleUnits > ising.units()) {
      throw new IllegalArgumentException("visible units must be in [1, " + ising.units() + "]");
    }
    if (patterns == null) {
      patterns = new byte[0];
    }
    if (patterns.length != patternCount * visibleUnits) {
      throw new IllegalArgumentException("patterns must be patternCount × visibleUnits");
    }
  }

  @Override
  public int units() {
    return ising.units();
  }

  public boolean hasHiddenUnits() {
    return visibleUnits < ising.units();
  }

  /** One layer for a Hopfield network, {visible, hidden} for a Boltzmann machine. */
  public LayerCouplings[] layers() {
    return hasHiddenUnits()
        ? LayerCouplings.visibleHidden(ising, visibleUnits)
        : new LayerCouplings[] {LayerCouplings.single(ising)};
  }
}
