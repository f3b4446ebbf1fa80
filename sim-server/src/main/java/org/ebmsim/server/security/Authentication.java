package org.ebmsim.server.security;

/**
 * The outcome of checking a presented bearer token: the {@link Caller} it names, or why it was
 * refused (a message for the client that never repeats the token).
 */
public sealed interface Authentication {
  /** The token is known. */
  record Granted(Caller caller) implements Authentication {}

  /** Missing, malformed or unknown; {@code reason} is safe to send and to log. */
  record Refused(String reason) implements Authentication {}
}
