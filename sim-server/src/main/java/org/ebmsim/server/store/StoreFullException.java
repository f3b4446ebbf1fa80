package org.ebmsim.server.store;

/** The store cannot take a model without exceeding its model-count or parameter budget. */
public final class StoreFullException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreFullException(String message) {
    super(message);
  }
}
