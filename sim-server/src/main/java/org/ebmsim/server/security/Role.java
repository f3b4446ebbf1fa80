package org.ebmsim.server.security;

import java.util.Locale;

/**
 * What a bearer token may do, each role including the ones before it: {@link #READ} lists, gets
 * and watches; {@link #RUN} also starts sessions and computations and controls its own sessions;
 * {@link #ADMIN} also creates and deletes models and datasets and controls anyone's sessions.
 */
public enum Role {
  READ, RUN, ADMIN;

  /** Whether a holder of this role may do what {@code needed} allows. */
  public boolean includes(Role needed) {
    return compareTo(needed) >= 0;
  }

  /** The name used in the tokens file, on the command line and in messages: read, run, admin. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code read}, {@code run} or {@code admin} (any case). */
  public static Role parse(String label) {
    for (Role r : values()) {
      if (r.label().equalsIgnoreCase(label)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown role '" + label + "' (use read, run or admin)");
  }
}
