package org.ebmsim.family.attnbm;

import org.ebmsim.dynamics.modern.attnbm.AttnBm;
import org.ebmsim.errors.InvalidRequestException;

/** The one check before any exact AttnBM computation, with the library's reasons made request errors. */
final class Exactness {
  private Exactness() {}

  /**
   * INVALID_ARGUMENT (saying that exactness needs an integer β and which to use) for a non-integer
   * β; RESOURCE_EXHAUSTED (ModelTooLargeException) above the expansion's size limits; else the
   * number of mixture components.
   */
  static long require(AttnBm model, String what) {
    try {
      return model.exactComponents(what);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage(), e);
    }
  }
}
