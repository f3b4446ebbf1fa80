package org.ebmsim.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ebmsim.proto.v1.ListFamiliesRequest;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.server.EbmsimServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gRPC over TLS on a real Netty server on loopback, as grpc-java's own TLS tests check it: the
 * right CA works; a client trusting another CA, an expired server certificate, a plaintext
 * client, and (with mutual TLS) a client without a certificate or with one from another CA all
 * fail the handshake, which gRPC reports as UNAVAILABLE.
 */
class GrpcTlsTest {
  @TempDir static Path pki;
  @TempDir Path dataDir;
  private static TestCertificates certs;

  @BeforeAll
  static void makeCertificates() {
    certs = TestCertificates.in(pki);
  }

  private EbmsimServer start(Path cert, Path key, Path clientCa) {
    Map<String, Object> c = new HashMap<>();
    c.put("ebmsim.server.port", 0);
    c.put("ebmsim.server.data-dir", dataDir.toString());
    c.put("ebmsim.security.tls.cert-file", cert.toString());
    c.put("ebmsim.security.tls.key-file", key.toString());
    if (clientCa != null) {
      c.put("ebmsim.security.tls.client-ca-file", clientCa.toString());
    }
    return EbmsimServer.start(ConfigFactory.parseMap(c).withFallback(ConfigFactory.load()));
  }

  /** How a ListFamilies call over {@code credentials} to "localhost:port" ends. */
  private static Status.Code listFamilies(int port, ChannelCredentials credentials) throws InterruptedException {
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", port, credentials).build();
    try {
      ModelServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
          .listFamilies(ListFamiliesRequest.getDefaultInstance());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static ChannelCredentials trusting(Path ca) throws IOException {
    return TlsChannelCredentials.newBuilder().trustManager(ca.toFile()).build();
  }

  @Test
  void tls_withTheRightCa_works_andEveryOtherClientIsUnavailable() throws Exception {
    try (EbmsimServer server = start(certs.serverCert, certs.serverKey, null)) {
      assertEquals(Status.Code.OK, listFamilies(server.port(), trusting(certs.caCert)));
      assertEquals(Status.Code.UNAVAILABLE, listFamilies(server.port(), trusting(certs.otherCaCert)), "wrong CA");
      assertEquals(Status.Code.UNAVAILABLE, listFamilies(server.port(), InsecureChannelCredentials.create()),
          "plaintext client");
    }
  }

  @Test
  void expiredServerCertificate_isUnavailable() throws Exception {
    try (EbmsimServer server = start(certs.expiredCert, certs.expiredKey, null)) {
      assertEquals(Status.Code.UNAVAILABLE, listFamilies(server.port(), trusting(certs.caCert)));
    }
  }

  @Test
  void mutualTls_requiresAClientCertificateFromTheClientCa() throws Exception {
    try (EbmsimServer server = start(certs.serverCert, certs.serverKey, certs.caCert)) {
      assertTrue(server.security().tls().orElseThrow().requiresClientCertificates());
      assertEquals(Status.Code.UNAVAILABLE, listFamilies(server.port(), trusting(certs.caCert)), "no client cert");
      assertEquals(Status.Code.UNAVAILABLE, listFamilies(server.port(), TlsChannelCredentials.newBuilder()
          .trustManager(certs.caCert.toFile()).keyManager(certs.otherClientCert.toFile(), certs.otherClientKey.toFile())
          .build()), "client cert from another CA");
      assertEquals(Status.Code.OK, listFamilies(server.port(), TlsChannelCredentials.newBuilder()
          .trustManager(certs.caCert.toFile()).keyManager(certs.clientCert.toFile(), certs.clientKey.toFile())
          .build()), "client cert from the client CA");
    }
  }

  @Test
  void aKeyOfAnotherCertificate_isRefusedAtStart() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> start(certs.serverCert, certs.clientKey, null).close());
    assertTrue(e.getMessage().contains("is not the key of the first certificate"), e.getMessage());
  }

  @Test
  void aCertificateFileWithoutCertificates_isRefusedAtStart() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> start(certs.serverKey, certs.serverKey, null).close());
    assertTrue(e.getMessage().contains("no '-----BEGIN CERTIFICATE-----' block"), e.getMessage());
  }
}
