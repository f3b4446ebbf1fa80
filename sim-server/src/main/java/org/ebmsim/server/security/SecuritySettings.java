package org.ebmsim.server.security;

import com.typesafe.config.Config;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Typed view of {@code ebmsim.security.*} (see {@code reference.conf}): the TLS files, the tokens
 * file and the {@code insecure} override. Paths are as given; files are read by {@link ServerSecurity}.
 */
public record SecuritySettings(Optional<Path> certFile, Optional<Path> keyFile, Optional<Path> clientCaFile,
    Optional<Path> tokensFile, boolean insecure) {

  public static SecuritySettings from(Config config) {
    Config s = config.getConfig("ebmsim.security");
    SecuritySettings settings = new SecuritySettings(path(s, "tls.cert-file"), path(s, "tls.key-file"),
        path(s, "tls.client-ca-file"), path(s, "tokens-file"), s.getBoolean("insecure"));
    if (settings.certFile.isPresent() != settings.keyFile.isPresent()) {
      throw new IllegalArgumentException("ebmsim.security.tls.cert-file and tls.key-file go together (TLS needs"
          + " the certificate and its key; --tls-cert and --tls-key)");
    }
    if (settings.clientCaFile.isPresent() && settings.certFile.isEmpty()) {
      throw new IllegalArgumentException("ebmsim.security.tls.client-ca-file needs TLS: set tls.cert-file and"
          + " tls.key-file too");
    }
    return settings;
  }

  private static Optional<Path> path(Config c, String key) {
    String v = c.getString(key).strip();
    return v.isEmpty() ? Optional.empty() : Optional.of(Path.of(v));
  }

  public boolean tls() {
    return certFile.isPresent();
  }

  public boolean tokens() {
    return tokensFile.isPresent();
  }

  /**
   * Refuses to listen on {@code host} unless it is a loopback address, or TLS and tokens are both
   * configured, or {@link #insecure} says the exposure is intended. An address that does not
   * resolve counts as exposed.
   *
   * @throws InsecureExposureException saying what is missing and how to set it
   */
  public void checkExposure(String host) {
    if (insecure || (tls() && tokens()) || isLoopback(host)) {
      return;
    }
    List<String> missing = new ArrayList<>();
    if (!tls()) {
      missing.add("TLS (ebmsim.security.tls.cert-file and tls.key-file; ebmsim server --tls-cert FILE --tls-key FILE)");
    }
    if (!tokens()) {
      missing.add("bearer tokens (ebmsim.security.tokens-file; ebmsim server --tokens-file FILE, tokens from"
          + " 'ebmsim token create')");
    }
    throw new InsecureExposureException("refusing to listen on " + host + ", which is not a loopback address,"
        + " without " + String.join(" and ", missing) + ". Configure them, or accept an open server with"
        + " ebmsim.security.insecure = true (ebmsim server --insecure)");
  }

  /**
   * Refuses to serve {@code what} (an endpoint with neither TLS nor tokens, e.g. the Prometheus
   * metrics) on {@code host} unless it is a loopback address or the server is {@code insecure}:
   * TLS and tokens on the gRPC port do not protect it.
   */
  public void checkPlaintextExposure(String host, String what) {
    if (insecure || isLoopback(host)) {
      return;
    }
    throw new InsecureExposureException("refusing to serve " + what + " on " + host + ", which is not a loopback"
        + " address: that endpoint has neither TLS nor tokens. Bind it to 127.0.0.1 (and let the scraper reach it"
        + " through a proxy or tunnel), or accept an open endpoint with ebmsim.security.insecure = true (ebmsim"
        + " server --insecure)");
  }

  /** Whether every address {@code host} names is a loopback address. */
  static boolean isLoopback(String host) {
    try {
      InetAddress[] all = InetAddress.getAllByName(host);
      for (InetAddress a : all) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return all.length > 0;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
