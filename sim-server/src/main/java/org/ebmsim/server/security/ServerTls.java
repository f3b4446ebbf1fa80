package org.ebmsim.server.security;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS identity, read once from PEM files: a certificate chain and its private key,
 * and optionally the CA whose certificates clients must present (mutual TLS; a client without
 * one is refused in the handshake). The same key material serves gRPC ({@link #grpcCredentials})
 * and HTTPS ({@link #httpsContext}, {@link #newHttpsEngine}).
 */
public final class ServerTls {
  private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
  private static final char[] IN_MEMORY_PASSWORD = "ebmsim".toCharArray(); // of a key store never written

  private final KeyManager[] keyManagers;
  private final TrustManager[] clientTrust; // null without a client CA
  private final SSLContext httpsContext;

  private ServerTls(KeyManager[] keyManagers, TrustManager[] clientTrust) {
    this.keyManagers = keyManagers;
    this.clientTrust = clientTrust;
    try {
      httpsContext = SSLContext.getInstance("TLS");
      httpsContext.init(keyManagers, clientTrust, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make a TLS context", e);
    }
  }

  /**
   * Reads {@code certFile} (PEM chain, the server's certificate first), {@code keyFile} (its
   * unencrypted PKCS#8 key) and, if present, {@code clientCaFile} (PEM CA certificates).
   *
   * @throws IllegalArgumentException naming the setting and the file that is unreadable, or a
   *     key that does not belong to the certificate
   */
  public static ServerTls read(Path certFile, Path keyFile, Optional<Path> clientCaFile) {
    List<X509Certificate> chain = PemFiles.certificates(certFile, "ebmsim.security.tls.cert-file");
    PrivateKey key = PemFiles.privateKey(keyFile, "ebmsim.security.tls.key-file");
    requireMatch(chain.get(0), key, certFile, keyFile);
    X509Certificate leaf = chain.get(0);
    if (leaf.getNotAfter().before(new Date())) {
      LOG.warn("the server certificate in {} expired on {}; clients will refuse it", certFile, leaf.getNotAfter());
    }
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("server", key, IN_MEMORY_PASSWORD, chain.toArray(new X509Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, IN_MEMORY_PASSWORD);
      TrustManager[] trust = null;
      if (clientCaFile.isPresent()) {
        KeyStore cas = KeyStore.getInstance("PKCS12");
        cas.load(null, null);
        int k = 0;
        for (X509Certificate ca : PemFiles.certificates(clientCaFile.get(), "ebmsim.security.tls.client-ca-file")) {
          cas.setCertificateEntry("client-ca-" + k++, ca);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(cas);
        trust = tmf.getTrustManagers();
      }
      return new ServerTls(kmf.getKeyManagers(), trust);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException("cannot build TLS keys from " + certFile + " and " + keyFile + ": " + e, e);
    }
  }

  /** Whether clients must present a certificate signed by the client CA. */
  public boolean requiresClientCertificates() {
    return clientTrust != null;
  }

  /** Credentials for a Netty gRPC server: this identity, and client certificates REQUIRED with a client CA. */
  public ServerCredentials grpcCredentials() {
    TlsServerCredentials.Builder b = TlsServerCredentials.newBuilder().keyManager(keyManagers);
    if (clientTrust != null) {
      b.trustManager(clientTrust).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
    }
    return b.build();
  }

  /**
   * An {@link SSLContext} with the same identity and client CA, for an HTTPS server. An
   * SSLContext does not carry "client certificate required": engines made from it must be told,
   * which {@link #newHttpsEngine} does; prefer it (e.g. Pekko HTTP's
   * {@code ConnectionContext.httpsServer(tls::newHttpsEngine)}).
   */
  public SSLContext httpsContext() {
    return httpsContext;
  }

  /** A server-side engine of {@link #httpsContext}, requiring a client certificate when there is a client CA. */
  public SSLEngine newHttpsEngine() {
    SSLEngine engine = httpsContext.createSSLEngine();
    engine.setUseClientMode(false);
    if (clientTrust != null) {
      engine.setNeedClientAuth(true);
    }
    return engine;
  }

  /** Signs a challenge with the key and verifies it with the certificate: a mismatch fails here, not in every handshake. */
  private static void requireMatch(X509Certificate cert, PrivateKey key, Path certFile, Path keyFile) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm(); // Ed25519, Ed448 sign as themselves
    };
    byte[] challenge = "ebmsim key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    boolean ok;
    try {
      Signature s = Signature.getInstance(algorithm);
      s.initSign(key);
      s.update(challenge);
      byte[] signature = s.sign();
      Signature v = Signature.getInstance(algorithm);
      v.initVerify(cert.getPublicKey());
      v.update(challenge);
      ok = v.verify(signature);
    } catch (GeneralSecurityException e) {
      ok = false;
    }
    if (!ok) {
      throw new IllegalArgumentException("ebmsim.security.tls.key-file = " + keyFile + " is not the key of the first"
          + " certificate in ebmsim.security.tls.cert-file = " + certFile);
    }
  }
}
