package org.ebmsim.server.store;

import org.ebmsim.errors.ResourceLimitException;

/** The store cannot take a model: the model count, the memory budget or the disk is full. */
public final class StoreFullException extends ResourceLimitException {
  private static final long serialVersionUID = 1L;

  public StoreFullException(String message) {
    super(message);
  }
}
