package org.ebmsim.server.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.ebmsim.server.EbmsimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server listens beyond loopback only with TLS and tokens, or when told {@code insecure};
 * loopback needs neither (the README's plain {@code ebmsim server} keeps working).
 */
class ExposureTest {
  @TempDir Path dir;

  private Config config(String host, Map<String, Object> security) {
    Map<String, Object> c = new HashMap<>(security);
    c.put("ebmsim.server.host", host);
    c.put("ebmsim.server.port", 0);
    c.put("ebmsim.server.data-dir", dir.resolve("data").toString());
    return ConfigFactory.parseMap(c).withFallback(ConfigFactory.load());
  }

  private static SecuritySettings settings(Config c) {
    return SecuritySettings.from(c);
  }

  @Test
  void loopback_needsNothing() {
    for (String host : new String[] {"127.0.0.1", "localhost", "::1", "127.0.0.2"}) {
      assertDoesNotThrow(() -> settings(config(host, Map.of())).checkExposure(host), host);
    }
  }

  @Test
  void allInterfaces_withoutTlsAndTokens_isRefused_sayingWhatIsMissing() {
    InsecureExposureException e = assertThrows(InsecureExposureException.class,
        () -> settings(config("0.0.0.0", Map.of())).checkExposure("0.0.0.0"));
    assertTrue(e.getMessage().contains("refusing to listen on 0.0.0.0"), e.getMessage());
    assertTrue(e.getMessage().contains("--tls-cert") && e.getMessage().contains("--tokens-file")
        && e.getMessage().contains("--insecure"), e.getMessage());

    Map<String, Object> tlsOnly = Map.of("ebmsim.security.tls.cert-file", "server.pem",
        "ebmsim.security.tls.key-file", "server.key");
    InsecureExposureException noTokens = assertThrows(InsecureExposureException.class,
        () -> settings(config("0.0.0.0", tlsOnly)).checkExposure("0.0.0.0"));
    assertTrue(noTokens.getMessage().contains("--tokens-file"), noTokens.getMessage());
    assertFalse(noTokens.getMessage().contains("--tls-cert"), noTokens.getMessage());

    InsecureExposureException noTls = assertThrows(InsecureExposureException.class,
        () -> settings(config("0.0.0.0", Map.of("ebmsim.security.tokens-file", "tokens"))).checkExposure("0.0.0.0"));
    assertTrue(noTls.getMessage().contains("--tls-cert"), noTls.getMessage());
    assertFalse(noTls.getMessage().contains("--tokens-file"), noTls.getMessage());
  }

  @Test
  void anUnresolvableHost_countsAsExposed() {
    assertThrows(InsecureExposureException.class,
        () -> settings(config("no-such-host.invalid", Map.of())).checkExposure("no-such-host.invalid"));
  }

  @Test
  void tlsAndTokens_allowAnyHost() {
    Map<String, Object> both = Map.of("ebmsim.security.tls.cert-file", "server.pem",
        "ebmsim.security.tls.key-file", "server.key", "ebmsim.security.tokens-file", "tokens");
    assertDoesNotThrow(() -> settings(config("0.0.0.0", both)).checkExposure("0.0.0.0"));
  }

  @Test
  void theServer_refusesToStart_onAllInterfacesWithoutSecurity() {
    InsecureExposureException e = assertThrows(InsecureExposureException.class,
        () -> EbmsimServer.start(config("0.0.0.0", Map.of())).close());
    assertTrue(e.getMessage().contains("--insecure"), e.getMessage());
  }

  @Test
  void insecure_letsTheServerListenOnAllInterfaces() {
    try (EbmsimServer server = EbmsimServer.start(config("0.0.0.0", Map.of("ebmsim.security.insecure", true)))) {
      assertTrue(server.port() > 0);
      assertEquals("0.0.0.0", server.config().host());
    }
  }

  @Test
  void tlsFilesMustComeInPairs_andAClientCaNeedsTls() {
    IllegalArgumentException half = assertThrows(IllegalArgumentException.class,
        () -> settings(config("127.0.0.1", Map.of("ebmsim.security.tls.cert-file", "server.pem"))));
    assertTrue(half.getMessage().contains("go together"), half.getMessage());
    IllegalArgumentException ca = assertThrows(IllegalArgumentException.class,
        () -> settings(config("127.0.0.1", Map.of("ebmsim.security.tls.client-ca-file", "ca.pem"))));
    assertTrue(ca.getMessage().contains("needs TLS"), ca.getMessage());
  }

  @Test
  void plaintextMetrics_beyondLoopback_needInsecure_evenWithTlsAndTokens() {
    Map<String, Object> secured = Map.of("ebmsim.security.tls.cert-file", "server.pem",
        "ebmsim.security.tls.key-file", "server.key", "ebmsim.security.tokens-file", "tokens");
    assertDoesNotThrow(() -> settings(config("0.0.0.0", secured)).checkPlaintextExposure("127.0.0.1", "metrics"));
    InsecureExposureException e = assertThrows(InsecureExposureException.class,
        () -> settings(config("0.0.0.0", secured)).checkPlaintextExposure("0.0.0.0", "the Prometheus metrics"));
    assertTrue(e.getMessage().contains("refusing to serve the Prometheus metrics on 0.0.0.0")
        && e.getMessage().contains("--insecure"), e.getMessage());
    assertDoesNotThrow(() -> settings(config("0.0.0.0", Map.of("ebmsim.security.insecure", true)))
        .checkPlaintextExposure("0.0.0.0", "metrics"));
  }
}
