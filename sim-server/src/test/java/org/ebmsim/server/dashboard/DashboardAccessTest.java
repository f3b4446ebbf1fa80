package org.ebmsim.server.dashboard;

import static org.ebmsim.server.dashboard.DashboardTestServer.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.ebmsim.proto.v1.ListSessionsRequest;
import org.ebmsim.proto.v1.ListSessionsResponse;
import org.ebmsim.proto.v1.Session;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every API request passes {@link DashboardAccess} with its Authorization header and what it
 * needs; a refusal answers 401 or 403 before any service is called, and an allowed request's header
 * reaches the gRPC services as metadata (where a gRPC auth interceptor judges it too). Runs the
 * dashboard over a stand-in SessionService, so that what reached it can be seen.
 */
class DashboardAccessTest {
  private record Checked(Optional<String> header, DashboardAccess.Need need, Optional<String> session) {}

  private final List<Checked> checks = new CopyOnWriteArrayList<>();
  private final List<String> headersSeen = new CopyOnWriteArrayList<>();
  private ActorSystem<Void> system;
  private DashboardServer dashboard;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    system = ActorSystem.create(Behaviors.empty(), "dashboard-access-test");
    // tokens: "reader" may read, "operator" may also control; nothing else is let in
    DashboardAccess access = (header, need, session) -> {
      checks.add(new Checked(header, need, session));
      if (header.isEmpty()) {
        return DashboardAccess.Outcome.unauthenticated("a bearer token is required");
      }
      return switch (header.get()) {
        case "Bearer operator" -> DashboardAccess.Outcome.OK;
        case "Bearer reader" -> need == DashboardAccess.Need.READ ? DashboardAccess.Outcome.OK
            : DashboardAccess.Outcome.forbidden("role read cannot control sessions");
        default -> DashboardAccess.Outcome.unauthenticated("unknown token");
      };
    };
    SessionServiceGrpc.SessionServiceImplBase sessions = new SessionServiceGrpc.SessionServiceImplBase() {
      @Override
      public void listSessions(ListSessionsRequest request, StreamObserver<ListSessionsResponse> response) {
        response.onNext(ListSessionsResponse.newBuilder().addSessions(Session.newBuilder().setId("s-1")).build());
        response.onCompleted();
      }
      // pause and the rest: UNIMPLEMENTED, which the dashboard answers with 501
    };
    ServerInterceptor recordHeaders = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        headersSeen.add(String.valueOf(headers.get(SessionCalls.AUTHORIZATION)));
        return next.startCall(call, headers);
      }
    };
    dashboard = DashboardServer.start(system, new DashboardSettings("127.0.0.1", 0, Duration.ofSeconds(5)),
        List.of(ServerInterceptors.intercept(sessions, recordHeaders)), access, Optional.empty());
  }

  @AfterEach
  void stop() {
    dashboard.close();
    system.terminate();
  }

  private HttpResponse<String> send(String method, String path, String token) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(dashboard.url() + path.substring(1)))
        .timeout(Duration.ofSeconds(20)).method(method, method.equals("POST")
            ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertError(int status, String code, HttpResponse<String> r) {
    assertStatus(status, r);
    assertEquals(code, JsonParser.parseString(r.body()).getAsJsonObject().get("code").getAsString(), r.body());
  }

  @Test
  void withoutAToken_everyApiRouteIs401_andNoServiceIsCalled() throws Exception {
    assertError(401, "UNAUTHENTICATED", send("GET", "/api/sessions", null));
    assertError(401, "UNAUTHENTICATED", send("GET", "/api/sessions/s-1/events", null));
    assertError(401, "UNAUTHENTICATED", send("POST", "/api/sessions/s-1/pause", null));
    assertError(401, "UNAUTHENTICATED", send("GET", "/api/sessions", "wrong"));
    assertEquals(List.of(), headersSeen);
    // the page itself holds no data and stays open
    HttpResponse<String> page = send("GET", "/", null);
    assertStatus(200, page);
    assertTrue(page.body().contains("dashboard.js"), page.body());
  }

  @Test
  void readRole_reads_butControlIs403() throws Exception {
    HttpResponse<String> list = send("GET", "/api/sessions", "reader");
    assertStatus(200, list);
    assertTrue(list.body().contains("\"s-1\""), list.body());
    assertEquals(List.of("Bearer reader"), headersSeen, "the header travels to the service as gRPC metadata");
    assertError(403, "PERMISSION_DENIED", send("POST", "/api/sessions/s-1/pause", "reader"));
    assertEquals(new Checked(Optional.of("Bearer reader"), DashboardAccess.Need.CONTROL, Optional.of("s-1")),
        checks.get(checks.size() - 1));
  }

  @Test
  void controlRole_reachesTheService_whoseStatusTheAnswerMirrors() throws Exception {
    assertError(501, Status.Code.UNIMPLEMENTED.name(), send("POST", "/api/sessions/s-1/pause", "operator"));
    assertEquals(List.of("Bearer operator"), headersSeen);
  }
}
