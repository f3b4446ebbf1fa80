package org.ebmsim.client;

import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How {@link EbmsimClient#connect(String, ClientSecurity)} reaches a secured server: TLS (trusting
 * a CA file, or the JVM's default trust store), optionally a client certificate for mutual TLS,
 * and optionally a bearer token sent with every call ({@code authorization: Bearer …}). Immutable;
 * each {@code with…} returns a new value. {@link #toString} never shows the token.
 *
 * <pre>{@code
 * ClientSecurity s = ClientSecurity.plaintext()
 *     .withTrustedCa(Path.of("ca.pem"))
 *     .withBearerToken(System.getenv("EBMSIM_TOKEN"));
 * try (EbmsimClient client = EbmsimClient.connect("sim.example.org:50051", s)) { ... }
 * }</pre>
 */
public final class ClientSecurity {
  private static final ClientSecurity PLAINTEXT = new ClientSecurity(false, null, null, null, null, false);

  private final boolean tls;
  private final Path trustedCa;
  private final Path clientCert;
  private final Path clientKey;
  private final String token;
  private final boolean plaintextTokenAllowed;

  private ClientSecurity(boolean tls, Path trustedCa, Path clientCert, Path clientKey, String token,
      boolean plaintextTokenAllowed) {
    this.tls = tls;
    this.trustedCa = trustedCa;
    this.clientCert = clientCert;
    this.clientKey = clientKey;
    this.token = token;
    this.plaintextTokenAllowed = plaintextTokenAllowed;
  }

  /** No TLS and no token: what {@link EbmsimClient#connect(String)} uses. */
  public static ClientSecurity plaintext() {
    return PLAINTEXT;
  }

  /** TLS, trusting the JVM's default CAs (for a server certificate from a public CA). */
  public ClientSecurity withTls() {
    return new ClientSecurity(true, trustedCa, clientCert, clientKey, token, plaintextTokenAllowed);
  }

  /** TLS, trusting the CA certificate(s) of the PEM file {@code caPem} instead of the JVM's. */
  public ClientSecurity withTrustedCa(Path caPem) {
    return new ClientSecurity(true, Objects.requireNonNull(caPem, "caPem"), clientCert, clientKey, token,
        plaintextTokenAllowed);
  }

  /**
   * TLS with this client certificate (PEM chain) and its unencrypted PKCS#8 PEM key, for servers
   * that require one (mutual TLS).
   */
  public ClientSecurity withClientCertificate(Path certPem, Path keyPem) {
    return new ClientSecurity(true, trustedCa, Objects.requireNonNull(certPem, "certPem"),
        Objects.requireNonNull(keyPem, "keyPem"), token, plaintextTokenAllowed);
  }

  /** Sends {@code token} as a bearer token with every call; null or blank sends none. */
  public ClientSecurity withBearerToken(String token) {
    String t = token == null || token.isBlank() ? null : token.strip();
    return new ClientSecurity(tls, trustedCa, clientCert, clientKey, t, plaintextTokenAllowed);
  }

  /**
   * Lets the token travel without TLS to a host other than loopback (by default such calls fail
   * with UNAUTHENTICATED before anything is sent, since anyone on the path could read the token).
   */
  public ClientSecurity allowingPlaintextToken() {
    return new ClientSecurity(tls, trustedCa, clientCert, clientKey, token, true);
  }

  /** Whether the connection uses TLS. */
  public boolean tls() {
    return tls;
  }

  /** Whether a bearer token is sent. */
  public boolean hasBearerToken() {
    return token != null;
  }

  /**
   * The gRPC channel credentials: TLS or plaintext, with the bearer token attached.
   *
   * @throws UncheckedIOException if a certificate or key file cannot be read
   * @throws IllegalArgumentException if a file is not PEM of the expected kind
   */
  public ChannelCredentials channelCredentials() {
    ChannelCredentials channel;
    if (tls) {
      TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
      try {
        if (trustedCa != null) {
          b.trustManager(readable(trustedCa, "trusted CA").toFile());
        }
        if (clientCert != null) {
          b.keyManager(readable(clientCert, "client certificate").toFile(), readable(clientKey, "client key").toFile());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the TLS files: " + e.getMessage(), e);
      }
      channel = b.build();
    } else {
      channel = InsecureChannelCredentials.create();
    }
    return token == null ? channel
        : CompositeChannelCredentials.create(channel, new BearerTokenCredentials(token, plaintextTokenAllowed));
  }

  private static Path readable(Path file, String what) throws IOException {
    if (!Files.isReadable(file)) {
      throw new IOException(what + " file " + file + " does not exist or cannot be read");
    }
    return file;
  }

  @Override
  public String toString() {
    return "ClientSecurity[" + (tls ? "TLS" + (trustedCa != null ? " trusting " + trustedCa : "")
        + (clientCert != null ? ", client certificate " + clientCert : "") : "plaintext")
        + (token != null ? ", bearer token" : "") + "]";
  }
}
