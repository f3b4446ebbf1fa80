package org.ebmsim.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTPS side of {@link ServerTls}: an HTTPS server configured from {@code httpsContext()} and
 * the parameters of {@code newHttpsEngine()} (as a dashboard would be) serves clients trusting the
 * CA, and with a client CA only those presenting a certificate from it.
 */
class HttpsContextTest {
  @TempDir static Path pki;
  private static TestCertificates certs;

  @BeforeAll
  static void makeCertificates() {
    certs = TestCertificates.in(pki);
  }

  private static HttpsServer serve(ServerTls tls) throws IOException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls.httpsContext()) {
      @Override
      public void configure(HttpsParameters params) {
        params.setSSLParameters(tls.newHttpsEngine().getSSLParameters());
      }
    });
    server.createContext("/", exchange -> {
      byte[] body = "ok".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }

  /** A client context trusting the test CA, presenting the client certificate if {@code withClientCert}. */
  private static SSLContext client(boolean withClientCert) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", PemFiles.certificates(certs.caCert, "ca").get(0));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (withClientCert) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("client", PemFiles.privateKey(certs.clientKey, "key"), new char[0],
          PemFiles.certificates(certs.clientCert, "cert").toArray(new java.security.cert.X509Certificate[0]));
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, new char[0]);
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  private static int get(HttpsServer server, SSLContext ctx) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(10)).build();
    return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.getAddress().getPort() + "/"))
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void https_withTheServerCertificate() throws Exception {
    ServerTls tls = ServerTls.read(certs.serverCert, certs.serverKey, Optional.empty());
    assertFalse(tls.newHttpsEngine().getNeedClientAuth());
    HttpsServer server = serve(tls);
    try {
      assertEquals(200, get(server, client(false)));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void https_withAClientCa_requiresAClientCertificate() throws Exception {
    ServerTls tls = ServerTls.read(certs.serverCert, certs.serverKey, Optional.of(certs.caCert));
    assertTrue(tls.newHttpsEngine().getNeedClientAuth());
    HttpsServer server = serve(tls);
    try {
      assertThrows(IOException.class, () -> get(server, client(false)));
      assertEquals(200, get(server, client(true)));
    } finally {
      server.stop(0);
    }
  }
}
