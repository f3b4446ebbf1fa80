package org.ebmsim.client;

import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Blocking unary calls as the SDK's clients make them: a gRPC status becomes an
 * {@link EbmsimException}, and a paged listing is fetched page by page into one list.
 */
final class UnaryCalls {
  private UnaryCalls() {}

  /** {@code call.get()}, with a gRPC status error as an {@link EbmsimException}. */
  static <T> T unary(Supplier<T> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      throw EbmsimException.from(e);
    }
  }

  /**
   * Every item of a paged listing: {@code page} fetches the page after a token ("" for the first),
   * until a page has no next token.
   *
   * @throws IllegalStateException if the server returns the same token twice (a server bug would
   *     otherwise loop forever)
   */
  static <P, T> List<T> allPages(Function<String, P> page, Function<P, List<T>> items, Function<P, String> nextToken) {
    List<T> all = new ArrayList<>();
    String token = "";
    while (true) {
      P current = page.apply(token);
      all.addAll(items.apply(current));
      String next = nextToken.apply(current);
      if (next.isEmpty()) {
        return all;
      }
      if (next.equals(token)) {
        throw new IllegalStateException("server returned the same page token twice: " + next);
      }
      token = next;
    }
  }
}
