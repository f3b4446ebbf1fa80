package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.server.EbmsimServer;
import org.ebmsim.server.security.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against real servers with TLS and bearer tokens: {@code token create} writes the
 * tokens file, {@code EBMSIM_TOKEN} or {@code --token} authenticates, {@code --tls-ca} trusts the
 * server, {@code --tls-cert/--tls-key} satisfy mutual TLS, and each failure exits 3 with its
 * status; {@code server} refuses an exposed host without TLS and tokens (exit 2).
 */
class SecurityCliAgainstRealServerTest {
  @TempDir static Path dir;
  private static TestCertificates certs;
  private static Path tokensFile;
  private static String adminToken;
  private static String readerToken;
  private static EbmsimServer tlsServer;
  private static EbmsimServer mutualServer;

  private String out = "";
  private String err = "";

  @BeforeAll
  static void start() {
    certs = TestCertificates.in(mkdir(dir.resolve("pki")));
    tokensFile = dir.resolve("tokens");
    adminToken = createToken("alice", "admin");
    readerToken = createToken("rita", "read");
    tlsServer = server("tls", null);
    mutualServer = server("mtls", certs.caCert);
  }

  private static Path mkdir(Path p) {
    try {
      return Files.createDirectories(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String createToken(String name, String role) {
    SecurityCliAgainstRealServerTest t = new SecurityCliAgainstRealServerTest();
    int code = t.run(Map.of(), "token", "create", "--name", name, "--role", role, "--tokens-file", tokensFile.toString());
    assertEquals(0, code, t.err);
    assertTrue(t.err.contains("shown only now"), t.err);
    return t.out.strip();
  }

  private static EbmsimServer server(String name, Path clientCa) {
    Map<String, Object> c = new HashMap<>();
    c.put("ebmsim.server.port", 0);
    c.put("ebmsim.server.data-dir", dir.resolve(name).toString());
    c.put("ebmsim.security.tls.cert-file", certs.serverCert.toString());
    c.put("ebmsim.security.tls.key-file", certs.serverKey.toString());
    c.put("ebmsim.security.tokens-file", tokensFile.toString());
    if (clientCa != null) {
      c.put("ebmsim.security.tls.client-ca-file", clientCa.toString());
    }
    return EbmsimServer.start(ConfigFactory.parseMap(c).withFallback(ConfigFactory.load()));
  }

  @AfterAll
  static void stop() {
    tlsServer.close();
    mutualServer.close();
  }

  /** Runs the CLI with {@code env} as its environment; keeps its output. */
  private int run(Map<String, String> env, String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = EbmsimCli.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
        new PrintStream(e, true, StandardCharsets.UTF_8), EbmsimClient::connect, env::get);
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return code;
  }

  /** {@code ebmsim --target=localhost:PORT --deadline=30s [security...] args...}. */
  private int against(EbmsimServer server, Map<String, String> env, List<String> security, String... args) {
    List<String> all = new ArrayList<>(List.of("--target=localhost:" + server.port(), "--deadline=30s"));
    all.addAll(security);
    all.addAll(List.of(args));
    return run(env, all.toArray(new String[0]));
  }

  private List<String> trustingCa() {
    return List.of("--tls-ca", certs.caCert.toString());
  }

  @Test
  void tokenCreate_printsTheTokenOnce_andKeepsOnlyItsHash() throws Exception {
    String file = Files.readString(tokensFile);
    assertTrue(adminToken.length() >= 43, adminToken);
    assertFalse(file.contains(adminToken) || file.contains(readerToken));
    assertTrue(file.contains("alice admin sha256:") && file.contains("rita read sha256:"), file);
    assertEquals(EbmsimCli.EXIT_USAGE, run(Map.of(), "token", "create", "--name", "alice", "--role", "run",
        "--tokens-file", tokensFile.toString()), "a name used twice");
    assertTrue(err.contains("already in"), err);
    assertEquals(EbmsimCli.EXIT_USAGE, run(Map.of(), "token", "create", "--name", "bob", "--role", "boss",
        "--tokens-file", tokensFile.toString()));
    assertTrue(err.contains("unknown role 'boss'"), err);
  }

  @Test
  void tlsAndTokenFromTheEnvironment_work() {
    assertEquals(0, against(tlsServer, Map.of("EBMSIM_TOKEN", readerToken), trustingCa(), "models", "families"), err);
    assertTrue(out.contains("hopfield"), out);
  }

  @Test
  void tokenOption_works_andOverridesTheEnvironment() {
    assertEquals(0, against(tlsServer, Map.of("EBMSIM_TOKEN", "not-a-valid-token-at-all"),
        List.of("--tls-ca", certs.caCert.toString(), "--token", readerToken), "models", "list"), err);
  }

  @Test
  void noToken_isUnauthenticated_andAWrongOneToo() {
    assertEquals(EbmsimCli.EXIT_GRPC, against(tlsServer, Map.of(), trustingCa(), "models", "list"));
    assertTrue(err.contains("UNAUTHENTICATED") && err.contains("missing bearer token"), err);
    assertEquals(EbmsimCli.EXIT_GRPC, against(tlsServer, Map.of("EBMSIM_TOKEN", readerToken + "x"), trustingCa(),
        "models", "list"));
    assertTrue(err.contains("UNAUTHENTICATED") && err.contains("unknown bearer token"), err);
    assertFalse(err.contains(readerToken), "the token must not be echoed");
  }

  @Test
  void aReadToken_cannotDelete() {
    assertEquals(EbmsimCli.EXIT_GRPC, against(tlsServer, Map.of("EBMSIM_TOKEN", readerToken), trustingCa(),
        "models", "delete", "m-0000000000000000"));
    assertTrue(err.contains("PERMISSION_DENIED") && err.contains("needs role admin"), err);
    assertEquals(EbmsimCli.EXIT_GRPC, against(tlsServer, Map.of("EBMSIM_TOKEN", adminToken), trustingCa(),
        "models", "delete", "m-0000000000000000"));
    assertTrue(err.contains("NOT_FOUND"), "admin gets past the check to the service: " + err);
  }

  @Test
  void plaintextOrAnotherCa_isUnavailable() {
    assertEquals(EbmsimCli.EXIT_GRPC, against(tlsServer, Map.of("EBMSIM_TOKEN", readerToken), List.of(),
        "models", "list"));
    assertTrue(err.contains("UNAVAILABLE"), err);
    assertEquals(EbmsimCli.EXIT_GRPC, against(tlsServer, Map.of("EBMSIM_TOKEN", readerToken),
        List.of("--tls-ca", certs.otherCaCert.toString()), "models", "list"));
    assertTrue(err.contains("UNAVAILABLE"), err);
  }

  @Test
  void mutualTls_needsTheClientCertificate() {
    Map<String, String> env = Map.of("EBMSIM_TOKEN", readerToken);
    assertEquals(EbmsimCli.EXIT_GRPC, against(mutualServer, env, trustingCa(), "models", "list"));
    assertTrue(err.contains("UNAVAILABLE"), err);
    assertEquals(0, against(mutualServer, env, List.of("--tls-ca", certs.caCert.toString(), "--tls-cert",
        certs.clientCert.toString(), "--tls-key", certs.clientKey.toString()), "models", "list"), err);
  }

  @Test
  void tlsOptions_areCheckedBeforeConnecting() {
    assertEquals(EbmsimCli.EXIT_USAGE, against(tlsServer, Map.of(), List.of("--tls-cert", certs.clientCert.toString()),
        "models", "list"));
    assertTrue(err.contains("--tls-cert and --tls-key go together"), err);
    assertEquals(EbmsimCli.EXIT_USAGE, against(tlsServer, Map.of(), List.of("--tls-ca", dir.resolve("none.pem").toString()),
        "models", "list"));
    assertTrue(err.contains("none.pem: no such file"), err);
  }

  @Test
  void server_onAllInterfacesWithoutTlsAndTokens_refusesToStart() {
    assertEquals(EbmsimCli.EXIT_USAGE, run(Map.of(), "server", "--host", "0.0.0.0", "--port", "0", "--data-dir",
        dir.resolve("exposed").toString()));
    assertTrue(err.contains("refusing to listen on 0.0.0.0") && err.contains("--insecure"), err);
    // the server's --tls-cert/--tls-key (the global options) reach its config: only tokens are missing now
    assertEquals(EbmsimCli.EXIT_USAGE, run(Map.of(), "server", "--host", "0.0.0.0", "--port", "0", "--data-dir",
        dir.resolve("exposed").toString(), "--tls-cert", certs.serverCert.toString(), "--tls-key",
        certs.serverKey.toString()));
    assertTrue(err.contains("--tokens-file") && !err.contains("--tls-cert FILE"), err);
  }

  @Test
  void server_withAKeyOfAnotherCertificate_refusesToStart() {
    assertEquals(EbmsimCli.EXIT_USAGE, run(Map.of(), "server", "--port", "0", "--data-dir",
        dir.resolve("mismatch").toString(), "--tls-cert", certs.serverCert.toString(), "--tls-key",
        certs.clientKey.toString()));
    assertTrue(err.contains("is not the key of the first certificate"), err);
  }
}
