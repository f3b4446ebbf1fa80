package org.ebmsim.server.security;

import java.security.MessageDigest;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks an {@code authorization: Bearer TOKEN} value against the hashed tokens of a tokens file.
 * The presented token is hashed and compared with every entry in constant time (no early exit),
 * so neither the comparison nor the position of a match shows in the answer's timing. Messages
 * never contain the token. Immutable and thread-safe.
 */
final class TokenAuthenticator {
  private static final String SCHEME = "bearer ";
  /** base64url characters; tokens made by {@link TokensFile#create} are 43 of them. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,512}");

  private final List<TokensFile.Entry> entries;

  TokenAuthenticator(List<TokensFile.Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  int size() {
    return entries.size();
  }

  /** The caller of the {@code authorization} header value {@code header} (null when absent). */
  Authentication authenticate(String header) {
    if (header == null || header.isBlank()) {
      return new Authentication.Refused("missing bearer token: send the header 'authorization: Bearer <token>'"
          + " (ebmsim CLI: set EBMSIM_TOKEN or use --token)");
    }
    String h = header.strip();
    if (h.length() <= SCHEME.length() || !h.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return new Authentication.Refused("malformed authorization header: expected 'Bearer <token>'");
    }
    return authenticateToken(h.substring(SCHEME.length()).strip());
  }

  /** The caller of a bare token (e.g. from a cookie); null or blank is refused as missing. */
  Authentication authenticateToken(String token) {
    if (token == null || token.isBlank()) {
      return new Authentication.Refused("missing bearer token");
    }
    if (!TOKEN.matcher(token).matches()) {
      return new Authentication.Refused("malformed bearer token: expected base64url characters as printed by"
          + " 'ebmsim token create'");
    }
    byte[] presented = TokensFile.sha256(token);
    TokensFile.Entry match = null;
    for (TokensFile.Entry e : entries) {
      if (MessageDigest.isEqual(presented, e.sha256())) {
        match = e; // keep comparing: the time must not depend on where the match is
      }
    }
    return match == null ? new Authentication.Refused("unknown bearer token")
        : new Authentication.Granted(new Caller(match.name(), match.role()));
  }
}
