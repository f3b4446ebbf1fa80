package org.ebmsim.server.grpc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.errors.Quoting;

/** Page tokens of the List calls: an opaque form of the offset of the next item. */
final class PageTokens {
  private PageTokens() {}

  static String encode(int offset) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  /** The offset of {@code token} ("" is 0), INVALID_ARGUMENT naming {@code call} for anything it never returned. */
  static int decode(String token, String call) {
    if (token.isEmpty()) {
      return 0;
    }
    String message = "page_token is not a token returned by " + call + " (got " + Quoting.quote(token) + ")";
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      InvalidRequestException.require(s.startsWith("o:") && s.length() <= 12, message);
      long offset = Long.parseLong(s.substring(2));
      InvalidRequestException.require(offset >= 0 && offset <= Integer.MAX_VALUE, message);
      InvalidRequestException.require(s.equals("o:" + offset) && token.equals(encode((int) offset)), message);
      return (int) offset;
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(message);
    }
  }
}
