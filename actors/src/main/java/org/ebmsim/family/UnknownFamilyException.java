package org.ebmsim.family;

import org.ebmsim.errors.InvalidRequestException;

/** A spec or stored parameters of a message type no family on this server claims. */
public final class UnknownFamilyException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  public UnknownFamilyException(String message) {
    super(message);
  }
}
