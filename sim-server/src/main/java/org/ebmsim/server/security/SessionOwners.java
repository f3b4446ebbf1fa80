package org.ebmsim.server.security;

import java.util.Optional;

/** Who started a session: the owner of session {@code id}, empty when the server knows no such session. */
@FunctionalInterface
public interface SessionOwners {
  Optional<String> ownerOf(String sessionId);
}
