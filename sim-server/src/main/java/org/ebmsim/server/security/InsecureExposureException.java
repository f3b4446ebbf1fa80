package org.ebmsim.server.security;

/**
 * The server was asked to listen beyond loopback without TLS and bearer tokens, and without
 * {@code ebmsim.security.insecure = true}. A configuration error: the message says what to set.
 */
public final class InsecureExposureException extends IllegalArgumentException {
  InsecureExposureException(String message) {
    super(message);
  }
}
