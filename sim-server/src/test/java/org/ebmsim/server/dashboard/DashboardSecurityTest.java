package org.ebmsim.server.dashboard;

import static org.ebmsim.server.dashboard.DashboardTestServer.assertStatus;
import static org.ebmsim.server.dashboard.DashboardTestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.GetSessionRequest;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.LinearSchedule;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.SessionState;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.server.EbmsimServer;
import org.ebmsim.server.security.Role;
import org.ebmsim.server.security.TestCertificates;
import org.ebmsim.server.security.TokensFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard under the server's tokens and TLS: every API request without a token or with a
 * wrong one is 401; a read token reads but its buttons are 403; a run token controls its own
 * session and gets 403 on another's (the gRPC interceptor's owner rule, through the forwarded
 * header); admin controls anyone's. With a certificate configured the dashboard speaks HTTPS only:
 * a client trusting the CA gets the page, one that does not fails the handshake, and plaintext
 * HTTP gets no page.
 */
class DashboardSecurityTest {
  @TempDir Path dir;
  private EbmsimServer server;
  private ManagedChannel channel;
  private final Map<String, String> tokens = new HashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  private void start(Map<String, Object> extra) throws IOException {
    Path file = dir.resolve("tokens");
    for (String[] t : new String[][] {{"reader", "READ"}, {"runner", "RUN"}, {"other-runner", "RUN"},
        {"admin", "ADMIN"}}) {
      tokens.put(t[0], TokensFile.create(file, t[0], Role.valueOf(t[1])));
    }
    Map<String, Object> config = new HashMap<>(extra);
    config.put("ebmsim.server.data-dir", dir.resolve("data").toString());
    config.put("ebmsim.security.tokens-file", file.toString());
    config.put("ebmsim.dashboard.port", 0);
    config.put("ebmsim.dashboard.heartbeat", "100ms");
    String name = "dashboard-security-" + UUID.randomUUID();
    server = EbmsimServer.inProcess(ConfigFactory.parseMap(config).withFallback(ConfigFactory.load()), name);
    channel = InProcessChannelBuilder.forName(name).build();
  }

  private static <S extends AbstractStub<S>> S as(S stub, String token) {
    Metadata h = new Metadata();
    h.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(h)).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** A detached anneal far longer than the test, started by {@code owner}. */
  private String session(String owner) {
    SpinMatrix.Builder patterns = SpinMatrix.newBuilder().setRows(2).setCols(16);
    Random r = new Random(3);
    for (int k = 0; k < 32; k++) {
      patterns.addSpins(r.nextBoolean() ? 1 : -1);
    }
    String model = as(ModelServiceGrpc.newBlockingStub(channel), tokens.get("admin")).createModel(
        CreateModelRequest.newBuilder().setHopfieldPatterns(HopfieldFromPatterns.newBuilder().setPatterns(patterns))
            .build()).getId();
    Iterator<AnnealEvent> it = as(SimulationServiceGrpc.newBlockingStub(channel), tokens.get(owner)).anneal(
        AnnealRequest.newBuilder().setModelId(model).setChains(2).setSeed(1).setDetached(true)
            .setSchedule(Schedule.newBuilder().setLinear(LinearSchedule.newBuilder().setTStart(2).setTEnd(2)
                .setSteps(100)).setSweepsPerTemperature(1_000_000)).setReportEverySweeps(10).build());
    String id = it.next().getStarted().getSessionId();
    it.forEachRemaining(e -> { });
    return id;
  }

  private SessionState state(String id) {
    return as(SessionServiceGrpc.newBlockingStub(channel), tokens.get("admin")).getSession(
        GetSessionRequest.newBuilder().setSessionId(id).build()).getState();
  }

  private String base() {
    return "http://127.0.0.1:" + server.dashboardPort().orElseThrow();
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void tokensAndRoles_gateEveryApiRequest_andTheOwnerRuleHolds() throws Exception {
    start(Map.of());
    String id = session("runner");
    assertStatus(200, get("/", null)); // the page itself holds no data
    assertStatus(401, get("/api/sessions", null));
    assertStatus(401, get("/api/sessions", "not-a-token"));
    assertStatus(401, get("/api/sessions/" + id + "/events", null));
    HttpResponse<String> list = get("/api/sessions", tokens.get("reader"));
    assertStatus(200, list);
    assertTrue(list.body().contains(id), list.body());
    assertFalse(list.body().contains(tokens.get("reader")), "no token echoed");

    HttpResponse<String> denied = post("/api/sessions/" + id + "/pause", tokens.get("reader"));
    assertStatus(403, denied);
    assertTrue(denied.body().contains("needs role run"), denied.body());
    assertStatus(403, post("/api/sessions/" + id + "/pause", tokens.get("other-runner")));
    assertEquals(SessionState.RUNNING, state(id), "nobody without the right paused it");

    assertStatus(200, post("/api/sessions/" + id + "/pause", tokens.get("runner")));
    await(() -> state(id) == SessionState.PAUSED, "the owner's pause");
    assertStatus(200, post("/api/sessions/" + id + "/stop", tokens.get("admin")));
    await(() -> state(id) != SessionState.PAUSED && state(id) != SessionState.RUNNING, "admin's stop");
  }

  @Test
  void withACertificate_theDashboardSpeaksHttpsOnly() throws Exception {
    TestCertificates certs = TestCertificates.in(Files.createDirectories(dir.resolve("pki")));
    start(Map.of("ebmsim.security.tls.cert-file", certs.serverCert.toString(),
        "ebmsim.security.tls.key-file", certs.serverKey.toString()));
    int port = server.dashboardPort().orElseThrow();
    URI page = URI.create("https://localhost:" + port + "/api/sessions");
    HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(certs.caCert))
        .connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> ok = trusting.send(HttpRequest.newBuilder(page).header("Authorization", "Bearer "
        + tokens.get("reader")).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    assertStatus(200, ok);
    HttpClient wrongCa = HttpClient.newBuilder().sslContext(trusting(certs.otherCaCert))
        .connectTimeout(Duration.ofSeconds(10)).build();
    assertThrows(IOException.class, () -> wrongCa.send(HttpRequest.newBuilder(page).timeout(Duration.ofSeconds(20))
        .build(), HttpResponse.BodyHandlers.ofString()));
    // plaintext to the TLS port: the server takes the bytes for a broken handshake, never a page
    boolean refused;
    try {
      HttpResponse<String> plain = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
          + "/api/sessions")).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
      refused = plain.statusCode() != 200;
    } catch (IOException e) {
      refused = true;
    }
    assertTrue(refused, "plain HTTP must not get an answer from the HTTPS dashboard");
  }

  private static SSLContext trusting(Path caPem) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(caPem)) {
      store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
