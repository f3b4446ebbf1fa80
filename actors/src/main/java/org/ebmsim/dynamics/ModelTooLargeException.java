package org.ebmsim.dynamics;

import org.ebmsim.errors.ResourceLimitException;

/** A computation refused because the model exceeds a size limit (e.g. exact enumeration). */
public final class ModelTooLargeException extends ResourceLimitException {
  private static final long serialVersionUID = 1L;

  public ModelTooLargeException(String message) {
    super(message);
  }
}
