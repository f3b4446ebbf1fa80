package org.ebmsim.errors;

/** A model, session or dataset the request names does not exist (NOT_FOUND). */
public class NotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message);
  }
}
