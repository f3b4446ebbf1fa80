package org.ebmsim.session;

import org.ebmsim.dynamics.rbm.Rbm;

/**
 * A restricted Boltzmann machine as a session sees it. Chains are reported by their visible
 * units as ±1 (a {0,1} unit's 1 is +1, its 0 is −1) with the free energy F(v) as their energy;
 * hidden units are summed out of the energy and not reported. Only RBMs with discrete visible
 * units qualify.
 */
public record RbmModelView(Rbm rbm, byte[] patterns, int patternCount) implements SessionModel {
  public RbmModelView {
    if (!rbm.discreteVisible()) {
      throw new IllegalArgumentException("this RBM has real-valued (Gaussian) visible units; annealing and"
          + " completion work on discrete visible units");
    }
    if (patterns == null) {
      patterns = new byte[0];
    }
    if (patterns.length != patternCount * rbm.visibleUnits()) {
      throw new IllegalArgumentException("patterns must be patternCount × visible units");
    }
  }

  @Override
  public int units() {
    return rbm.visibleUnits();
  }

  @Override
  public int visibleUnits() {
    return rbm.visibleUnits();
  }
}
