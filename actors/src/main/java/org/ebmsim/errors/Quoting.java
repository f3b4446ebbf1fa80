package org.ebmsim.errors;

/**
 * Quotes request input inside error messages, shortened so that a message never grows with the
 * input (a 1 MiB name must not come back in a status header).
 */
public final class Quoting {
  /** Characters of an input value kept in a message. */
  public static final int MAX_QUOTED = 64;

  private Quoting() {}

  /**
   * {@code value} as it is when it is a short plain token (an id, a name: letters, digits and
   * {@code ._:-}, at most {@link #MAX_QUOTED} characters), else {@link #quote}d.
   */
  public static String bare(String value) {
    if (value != null && value.length() <= MAX_QUOTED && value.matches("[A-Za-z0-9._:-]+")) {
      return value;
    }
    return quote(value);
  }

  /** {@code "value"} with control characters escaped, cut to {@link #MAX_QUOTED} characters plus a note. */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(Math.min(value.length(), MAX_QUOTED) + 32).append('"');
    int n = Math.min(value.length(), MAX_QUOTED);
    if (n < value.length() && n > 0 && Character.isHighSurrogate(value.charAt(n - 1))) {
      n--; // never cut a surrogate pair: half of one is sent as '?'
    }
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    b.append('"');
    if (value.length() > MAX_QUOTED) {
      b.append("… (").append(value.length()).append(" characters)");
    }
    return b.toString();
  }
}
