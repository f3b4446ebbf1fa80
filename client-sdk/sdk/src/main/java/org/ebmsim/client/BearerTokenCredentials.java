package org.ebmsim.client;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.SecurityLevel;
import io.grpc.Status;
import java.util.Locale;
import java.util.concurrent.Executor;

/**
 * Adds {@code authorization: Bearer TOKEN} to every call. Over a connection without TLS the token
 * is sent only to loopback addresses, unless allowed explicitly: elsewhere the call fails with
 * UNAUTHENTICATED before anything leaves the machine.
 */
final class BearerTokenCredentials extends CallCredentials {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final String token;
  private final boolean plaintextAllowed;

  BearerTokenCredentials(String token, boolean plaintextAllowed) {
    this.token = token;
    this.plaintextAllowed = plaintextAllowed;
  }

  @Override
  public void applyRequestMetadata(RequestInfo info, Executor appExecutor, MetadataApplier applier) {
    if (info.getSecurityLevel() != SecurityLevel.PRIVACY_AND_INTEGRITY && !plaintextAllowed
        && !isLoopback(info.getAuthority())) {
      applier.fail(Status.UNAUTHENTICATED.withDescription("refusing to send the bearer token without TLS to "
          + info.getAuthority() + "; connect with TLS (CLI: --tls-ca FILE)"));
      return;
    }
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, "Bearer " + token);
    applier.apply(headers);
  }

  /** Whether {@code authority} ({@code host[:port]}) names this machine, judged from its text alone. */
  static boolean isLoopback(String authority) {
    String host = authority;
    if (host.startsWith("[")) { // [::1]:50051
      int end = host.indexOf(']');
      host = end < 0 ? host : host.substring(1, end);
    } else if (host.indexOf(':') == host.lastIndexOf(':') && host.indexOf(':') >= 0) {
      host = host.substring(0, host.indexOf(':'));
    }
    host = host.toLowerCase(Locale.ROOT);
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  @Override
  public String toString() {
    return "BearerTokenCredentials[token hidden]";
  }
}
