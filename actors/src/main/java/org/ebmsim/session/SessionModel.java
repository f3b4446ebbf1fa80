package org.ebmsim.session;

/**
 * The model a sampling session runs, as plans see it: how wide a chain's reported state is,
 * which of those units are visible (the first ones), and stored ±1 patterns over the visible
 * units for overlaps.
 */
public sealed interface SessionModel permits ModelView, RbmModelView {
  /** Units of a chain's reported state (all units for a Boltzmann machine, visible for an RBM). */
  int units();

  int visibleUnits();

  /** Row-major p × visibleUnits, ±1; possibly empty. */
  byte[] patterns();

  int patternCount();
}
