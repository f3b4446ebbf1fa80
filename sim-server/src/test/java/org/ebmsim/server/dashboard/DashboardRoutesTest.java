package org.ebmsim.server.dashboard;

import static org.ebmsim.server.dashboard.DashboardTestServer.assertStatus;
import static org.ebmsim.server.dashboard.DashboardTestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.ebmsim.proto.v1.Session;
import org.ebmsim.proto.v1.SessionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's JSON API and event stream against a running server (dashboard on a free port,
 * real HTTP): what the API does is checked through gRPC, the way any other client sees it.
 */
class DashboardRoutesTest {
  @TempDir Path dataDir;
  private DashboardTestServer t;

  @BeforeEach
  void start() {
    t = new DashboardTestServer(dataDir);
  }

  @AfterEach
  void stop() throws InterruptedException {
    t.close();
  }

  /** One Server-Sent Event: its type and its data parsed as JSON. */
  record Sse(String type, JsonObject data) {}

  /** Reads events from SSE lines until {@code stop} says enough or the stream ends. */
  static List<Sse> read(Iterator<String> lines, java.util.function.Predicate<List<Sse>> stop) {
    List<Sse> out = new ArrayList<>();
    String type = "message";
    StringBuilder data = new StringBuilder();
    while (!stop.test(out) && lines.hasNext()) {
      String line = lines.next();
      if (line.isEmpty()) {
        if (data.length() > 0) {
          out.add(new Sse(type, JsonParser.parseString(data.toString()).getAsJsonObject()));
        }
        type = "message";
        data.setLength(0);
      } else if (line.startsWith("event:")) {
        type = line.substring(6).trim();
      } else if (line.startsWith("data:")) {
        data.append(line.substring(5).trim());
      }
    }
    return out;
  }

  private HttpResponse<Stream<String>> events(String id) throws IOException, InterruptedException {
    return t.http.send(HttpRequest.newBuilder(URI.create(t.base() + "/api/sessions/" + id + "/events"))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofLines());
  }

  @Test
  void sessionList_showsARunningSessionWithItsKindStateAndModel() throws Exception {
    String id = t.detached(t.endless(100));
    HttpResponse<String> r = t.get("/api/sessions");
    assertStatus(200, r);
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
    JsonObject listed = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonArray("sessions").asList().stream()
        .map(e -> e.getAsJsonObject()).filter(s -> s.get("id").getAsString().equals(id)).findFirst().orElseThrow();
    assertEquals("anneal", listed.get("kind").getAsString());
    assertEquals("RUNNING", listed.get("state").getAsString());
    assertEquals(t.model.getId(), listed.get("modelId").getAsString());
    assertEquals("100000000", listed.get("total").getAsString());

    JsonObject model = JsonParser.parseString(t.get("/api/models/" + t.model.getId()).body()).getAsJsonObject();
    assertEquals(8, model.getAsJsonObject("imageShape").get("height").getAsInt(), model.toString());
  }

  @Test
  void eventStream_deliversProgressOfARunningAnnealAsJson() throws Exception {
    String id = t.detached(t.endless(50));
    HttpResponse<Stream<String>> r = events(id);
    assertEquals(200, r.statusCode());
    assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElse(""));
    List<Sse> seen;
    try (Stream<String> lines = r.body()) {
      seen = read(lines.iterator(), s -> s.stream().filter(e -> e.type().equals("annealProgress")).count() >= 3);
    }
    assertEquals("started", seen.get(0).type());
    assertEquals(id, seen.get(0).data().getAsJsonObject("started").get("sessionId").getAsString());
    long previous = -1;
    for (Sse e : seen.subList(1, seen.size())) {
      if (e.type().equals("annealProgress")) {
        JsonObject p = e.data().getAsJsonObject("annealProgress");
        long sweep = p.get("sweep").getAsLong();
        assertTrue(sweep > previous, "sweeps grow: " + sweep + " after " + previous);
        previous = sweep;
        assertEquals(2.0, p.get("temperature").getAsDouble());
        assertTrue(p.getAsJsonObject("energy").get("min").getAsDouble()
            <= p.getAsJsonObject("energy").get("max").getAsDouble(), p.toString());
        assertEquals(4, p.getAsJsonArray("samples").size(), "states of the first 4 chains");
      }
    }
    // the stream closed by the client: the server detaches the observer
    await(() -> t.server.engine().registry().get(id).orElseThrow().view().observers() == 0,
        "the observer to be detached after the client closed its stream");
  }

  @Test
  void pauseResumeTemperatureAndStop_steerTheSessionAsTheGrpcApiDoes() throws Exception {
    String id = t.detached(t.endless(50));
    HttpResponse<String> paused = t.post("/api/sessions/" + id + "/pause", "{}");
    assertStatus(200, paused);
    assertEquals("PAUSED", JsonParser.parseString(paused.body()).getAsJsonObject().get("state").getAsString());
    assertEquals(SessionState.PAUSED, t.session(id).getState());

    assertStatus(200, t.post("/api/sessions/" + id + "/resume", "{}"));
    assertEquals(SessionState.RUNNING, t.session(id).getState());

    HttpResponse<String> steered = t.post("/api/sessions/" + id + "/temperature", "{\"value\": 0.5}");
    assertStatus(200, steered);
    JsonObject s = JsonParser.parseString(steered.body()).getAsJsonObject();
    assertEquals(0.5, s.getAsJsonObject("action").get("temperature").getAsDouble(), steered.body());
    // the answer names the sweep the change takes effect at; the session records the Steered event
    // when it publishes it, which may come a moment after the answer
    await(() -> t.session(id).getSteeringCount() == 1, "the steering to be recorded on the session");
    Session after = t.session(id);
    assertEquals(1, after.getSteeringCount());
    assertEquals(0.5, after.getSteering(0).getAction().getTemperature());
    // the new temperature reaches the reports from the sweep it took effect at
    long at = s.get("sweep").getAsLong();
    await(() -> {
      Session now = t.session(id);
      return now.getDone() > at && now.getTemperature() == 0.5;
    }, "progress at T = 0.5 after sweep " + at);

    HttpResponse<String> stopped = t.post("/api/sessions/" + id + "/stop", "");
    assertStatus(200, stopped);
    assertEquals("STOPPED", JsonParser.parseString(stopped.body()).getAsJsonObject().get("state").getAsString());
    assertEquals(SessionState.STOPPED, t.session(id).getState());
    // an ended session cannot be paused: 409, as gRPC's FAILED_PRECONDITION
    HttpResponse<String> late = t.post("/api/sessions/" + id + "/pause", "{}");
    assertStatus(409, late);
    assertEquals("FAILED_PRECONDITION", JsonParser.parseString(late.body()).getAsJsonObject().get("code").getAsString());
  }

  @Test
  void unknownSession_is404ForEveryRoute() throws Exception {
    String unknown = "s-00000000deadbeef";
    for (HttpResponse<String> r : List.of(t.get("/api/sessions/" + unknown), t.get("/api/sessions/" + unknown
        + "/events"), t.post("/api/sessions/" + unknown + "/pause", "{}"), t.post("/api/sessions/" + unknown
        + "/temperature", "{\"value\": 1}"))) {
      assertStatus(404, r);
      JsonObject body = JsonParser.parseString(r.body()).getAsJsonObject();
      assertEquals("NOT_FOUND", body.get("code").getAsString());
      assertTrue(body.get("message").getAsString().contains(unknown), r.body());
    }
    assertStatus(404, t.post("/api/sessions/" + unknown + "/explode", "{}"));
    assertStatus(404, t.get("/api/nothing-here"));
  }

  @Test
  void badTemperature_is400AndLeavesTheSessionAlone() throws Exception {
    String id = t.detached(t.endless(50));
    for (String body : List.of("{\"value\": -1}", "{\"value\": 0}", "{\"value\": \"hot\"}", "{}", "not json",
        "{\"value\": 1e400}")) {
      HttpResponse<String> r = t.post("/api/sessions/" + id + "/temperature", body);
      assertStatus(400, r);
      assertEquals("INVALID_ARGUMENT", JsonParser.parseString(r.body()).getAsJsonObject().get("code").getAsString(),
          "for body " + body);
    }
    assertEquals(0, t.session(id).getSteeringCount());
    assertEquals(SessionState.RUNNING, t.session(id).getState());
  }

  @Test
  void eventStreamOfAFinishedSession_givesItsResultAndEnds() throws Exception {
    String id = t.detached(t.anneal(1, 200, 50));
    t.awaitState(id, SessionState.FINISHED);
    HttpResponse<Stream<String>> r = events(id);
    assertEquals(200, r.statusCode());
    List<Sse> seen;
    try (Stream<String> lines = r.body()) {
      seen = read(lines.iterator(), s -> false); // to the end of the stream
    }
    assertEquals(List.of("started", "annealResult", "ended"), seen.stream().map(Sse::type).toList());
    assertEquals("FINISHED", seen.get(2).data().getAsJsonObject("ended").get("state").getAsString());
    assertEquals("200", seen.get(1).data().getAsJsonObject("annealResult").get("sweeps").getAsString());
  }
}
