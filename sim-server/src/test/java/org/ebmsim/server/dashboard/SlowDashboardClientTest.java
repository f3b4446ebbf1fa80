package org.ebmsim.server.dashboard;

import static org.ebmsim.server.dashboard.DashboardTestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.ebmsim.actor.registry.SessionRecord;
import org.ebmsim.proto.v1.GetServerStatusRequest;
import org.ebmsim.proto.v1.PauseSessionRequest;
import org.ebmsim.proto.v1.ServerServiceGrpc;
import org.ebmsim.proto.v1.SessionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A browser that stops reading never slows a session (its watch conflates, as a slow gRPC
 * watcher's does), and one that goes away gives its observer buffer and memory back.
 */
class SlowDashboardClientTest {
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

  private long reservedBytes() {
    return ServerServiceGrpc.newBlockingStub(t.channel).getServerStatus(GetServerStatusRequest.getDefaultInstance())
        .getMemoryReservedBytes();
  }

  private SessionRecord record(String id) {
    return t.server.engine().registry().get(id).orElseThrow();
  }

  @Test
  void stalledReader_neverSlowsTheSession_andLaterGetsTheEndWithDroppedCounts() throws Exception {
    // a report (with 4 states) every sweep for long enough that the watch, conflating, still writes
    // more than the socket buffers hold before the session ends: with 15 000 sweeps a fast session
    // ended before the writer had filled them, and the stream reached its end unread (CI, 01:29)
    String id = t.detached(t.anneal(1, 100_000, 1));
    try (RawEventStream stream = new RawEventStream(t.server.dashboardPort().orElseThrow(),
        "/api/sessions/" + id + "/events")) {
      await(() -> record(id).view().observers() == 1, "the dashboard's observer to attach");
      t.awaitState(id, SessionState.FINISHED); // while nothing is read
      assertEquals(1, record(id).view().observers(), "the stalled stream has not reached the end yet");
      long reservedWhileStalled = reservedBytes();

      assertTrue(stream.readHead().startsWith("HTTP/1.1 200"));
      List<DashboardRoutesTest.Sse> events = DashboardRoutesTest.read(
          Arrays.asList(stream.readToEnd().split("\n", -1)).iterator(), s -> false);
      assertEquals("started", events.get(0).type());
      assertEquals("annealResult", events.get(events.size() - 2).type());
      assertEquals("FINISHED", events.get(events.size() - 1).data().getAsJsonObject("ended").get("state")
          .getAsString());
      long dropped = events.stream().mapToLong(e -> e.data().get("dropped").getAsLong()).sum();
      assertTrue(dropped > 0, "old progress was dropped for the stalled reader");
      // sequence numbers count every event the session published: each gap is a drop, counted
      long previous = -1;
      for (DashboardRoutesTest.Sse e : events.subList(1, events.size() - 1)) { // between started and ended
        long sequence = e.data().get("sequence").getAsLong();
        if (previous >= 0) {
          assertEquals(sequence - previous - 1, e.data().get("dropped").getAsLong(),
              "dropped count of " + e.type() + " #" + sequence + " after #" + previous);
        }
        previous = sequence;
      }
      await(() -> record(id).view().observers() == 0, "the observer to detach after the end");
      long observerBytes = t.server.engine().settings().observerBytes();
      await(() -> reservedBytes() == reservedWhileStalled - observerBytes,
          "the observer buffer's " + observerBytes + " bytes to be returned to the budget");
    }
  }

  @Test
  void clientGoingAway_detachesItsObserverAndReturnsItsMemory() throws Exception {
    String id = t.detached(t.endless(50));
    t.sessions.pauseSession(PauseSessionRequest.newBuilder().setSessionId(id).build());
    t.awaitState(id, SessionState.PAUSED); // nothing else changes the budget while paused
    long before = reservedBytes();
    long observerBytes = t.server.engine().settings().observerBytes();
    RawEventStream stream = new RawEventStream(t.server.dashboardPort().orElseThrow(),
        "/api/sessions/" + id + "/events");
    assertTrue(stream.readHead().startsWith("HTTP/1.1 200"));
    String first = stream.readChunk();
    assertTrue(first.contains("event:started"), first);
    assertEquals(1, record(id).view().observers());
    assertEquals(before + observerBytes, reservedBytes(), "a watch holds its buffer's bound");

    stream.close();
    await(() -> record(id).view().observers() == 0, "the observer to detach when the client went away");
    await(() -> reservedBytes() == before, "the observer's memory to be returned (" + reservedBytes()
        + " reserved, " + before + " before the watch)");
    assertEquals(SessionState.PAUSED, t.session(id).getState(), "the session itself is untouched");
  }
}
