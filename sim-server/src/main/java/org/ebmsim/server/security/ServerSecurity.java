package org.ebmsim.server.security;

import com.typesafe.config.Config;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's security, read once from {@code ebmsim.security}: its TLS identity (if any), its
 * bearer tokens (if any) and the exposure rule. With no tokens file every call is allowed and
 * {@link #authenticate} grants {@link Caller#UNRESTRICTED}; with one, every RPC needs a token
 * whose role {@link RpcAccess} accepts, for gRPC through {@link #grpcInterceptor} and for HTTP
 * through {@link #authenticate}. Immutable and thread-safe.
 */
public final class ServerSecurity {
  private static final Logger LOG = LoggerFactory.getLogger(ServerSecurity.class);

  private final SecuritySettings settings;
  private final Optional<ServerTls> tls;
  private final Optional<TokenAuthenticator> tokens;

  private ServerSecurity(SecuritySettings settings, Optional<ServerTls> tls, Optional<TokenAuthenticator> tokens) {
    this.settings = settings;
    this.tls = tls;
    this.tokens = tokens;
  }

  /**
   * Reads {@code ebmsim.security}: the TLS files and the tokens file.
   *
   * @throws IllegalArgumentException for missing, unreadable or malformed files, naming the setting
   */
  public static ServerSecurity from(Config config) {
    SecuritySettings s = SecuritySettings.from(config);
    Optional<ServerTls> tls = s.certFile().map(cert -> ServerTls.read(cert, s.keyFile().orElseThrow(),
        s.clientCaFile()));
    Optional<TokenAuthenticator> tokens = s.tokensFile().map(file -> {
      try {
        List<TokensFile.Entry> entries = TokensFile.read(file);
        if (entries.isEmpty()) {
          LOG.warn("ebmsim.security.tokens-file = {} holds no token: every call will be refused (create one with"
              + " 'ebmsim token create')", file);
        }
        return new TokenAuthenticator(entries);
      } catch (IOException e) {
        throw new IllegalArgumentException("ebmsim.security.tokens-file = " + file + " cannot be read (" + e + ")", e);
      }
    });
    if (tokens.isPresent()) {
      HeaderLogGuard.install();
    }
    return new ServerSecurity(s, tls, tokens);
  }

  public SecuritySettings settings() {
    return settings;
  }

  /** The TLS identity, when {@code ebmsim.security.tls.cert-file} is set. */
  public Optional<ServerTls> tls() {
    return tls;
  }

  /** An SSLContext for HTTPS with the gRPC server's certificate; see {@link ServerTls#httpsContext} about client CAs. */
  public Optional<SSLContext> httpsContext() {
    return tls.map(ServerTls::httpsContext);
  }

  /** Whether calls need a bearer token (a tokens file is configured). */
  public boolean requiresTokens() {
    return tokens.isPresent();
  }

  /**
   * The caller named by an HTTP or gRPC {@code authorization} header value ({@code Bearer TOKEN};
   * null when the header is absent). Without a tokens file: always {@link Caller#UNRESTRICTED}.
   * Decide what the caller may do with {@link Caller#may} and {@link Caller#mayControlSessionOf}.
   */
  public Authentication authenticate(String authorizationHeader) {
    return tokens.map(t -> t.authenticate(authorizationHeader))
        .orElse(new Authentication.Granted(Caller.UNRESTRICTED));
  }

  /** As {@link #authenticate}, for a bare token (e.g. from a cookie or a WebSocket sub-protocol). */
  public Authentication authenticateToken(String token) {
    return tokens.map(t -> t.authenticateToken(token)).orElse(new Authentication.Granted(Caller.UNRESTRICTED));
  }

  /** See {@link SecuritySettings#checkPlaintextExposure}. */
  public void checkPlaintextExposure(String host, String what) {
    settings.checkPlaintextExposure(host, what);
  }

  /** See {@link SecuritySettings#checkExposure}. */
  public void checkExposure(String host) {
    settings.checkExposure(host);
    if (settings.insecure() && !(settings.tls() && settings.tokens()) && !SecuritySettings.isLoopback(host)) {
      LOG.warn("listening on {} without {}: ebmsim.security.insecure = true lets anyone who can reach it {}", host,
          settings.tls() ? "bearer tokens" : settings.tokens() ? "TLS" : "TLS or bearer tokens",
          settings.tokens() ? "read the traffic and its tokens" : "create, run and delete everything");
    }
  }

  /**
   * The interceptor enforcing tokens and roles on {@code services}, or empty without a tokens
   * file. Place it outside every interceptor that charges memory or does work, so refused calls
   * reach nothing (only a metrics interceptor belongs outside it, to count them).
   *
   * @param owners who started a session, for the own-session rule of Stop/Pause/Resume/Steer
   * @throws IllegalStateException if a method of {@code services} has no rule in {@link RpcAccess}
   */
  public Optional<ServerInterceptor> grpcInterceptor(SessionOwners owners, List<ServerServiceDefinition> services) {
    if (tokens.isEmpty()) {
      return Optional.empty();
    }
    List<String> problems = RpcAccess.problems(services);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("cannot enforce tokens: " + String.join("; ", problems));
    }
    return Optional.of(new BearerAuthInterceptor(tokens.get(), owners));
  }
}
