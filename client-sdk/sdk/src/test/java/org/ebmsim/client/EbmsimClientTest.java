package org.ebmsim.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealProgress;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.AnnealResult;
import org.ebmsim.proto.v1.CompleteEvent;
import org.ebmsim.proto.v1.CompleteProgress;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CompleteResult;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.ExactSummaryResponse;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.SessionStarted;
import org.ebmsim.proto.v1.StorageRule;
import org.ebmsim.testing.FakeEbmsimServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SDK against an in-process server with canned responses ({@link FakeEbmsimServer}). */
class EbmsimClientTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private FakeEbmsimServer server;
  private EbmsimClient client;

  @BeforeEach
  void start() throws Exception {
    server = new FakeEbmsimServer();
    client = EbmsimClient.create(server.newChannel());
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.close();
  }

  private Model createTiny() {
    return client.createModel(ModelRequests.withImageShape(
        ModelRequests.hopfieldFromPatterns("tiny", new int[][] {{1, -1, 1, -1, 1, -1}, {1, 1, 1, -1, -1, -1}},
            StorageRule.PROJECTION),
        2, 3));
  }

  @Test
  void createModel_hopfieldFromPatterns_requestArrivesAsBuilt() {
    Model m = createTiny();

    CreateModelRequest sent = server.requests(CreateModelRequest.class).get(0);
    assertEquals("tiny", sent.getName());
    assertEquals(StorageRule.PROJECTION, sent.getHopfieldPatterns().getRule());
    assertEquals(2, sent.getHopfieldPatterns().getPatterns().getRows());
    assertEquals(6, sent.getHopfieldPatterns().getPatterns().getCols());
    assertEquals(List.of(1, -1, 1, -1, 1, -1, 1, 1, 1, -1, -1, -1), sent.getHopfieldPatterns().getPatterns().getSpinsList());
    assertEquals(3, sent.getHopfieldPatterns().getImageShape().getWidth());
    assertEquals(6, m.getUnits());
    assertTrue(m.getId().startsWith("m-"), m.getId());
  }

  @Test
  void getModel_unknownId_throwsNotFoundWithServerMessage() {
    EbmsimException e = assertThrows(EbmsimException.class, () -> client.getModel("m-nope", true));

    assertEquals(Status.Code.NOT_FOUND, e.code());
    assertEquals("no model with id m-nope", e.description());
    assertEquals("NOT_FOUND: no model with id m-nope", e.getMessage());
    assertTrue(server.requests(org.ebmsim.proto.v1.GetModelRequest.class).get(0).getIncludeParameters());
  }

  @Test
  void listModels_moreThanOnePage_returnsEveryModelInOrder() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(createTiny().getId());
    }

    List<String> listed = client.listModels().stream().map(Model::getId).collect(Collectors.toList());

    assertEquals(created, listed);
    // 5 models in pages of 2: three requests, following the tokens.
    List<String> tokens = server.requests(org.ebmsim.proto.v1.ListModelsRequest.class).stream()
        .map(r -> r.getPageToken()).collect(Collectors.toList());
    assertEquals(List.of("", "2", "4"), tokens);
  }

  @Test
  void deleteModel_existing_thenGetFailsNotFound() {
    String id = createTiny().getId();

    client.deleteModel(id);

    assertEquals(Status.Code.NOT_FOUND, assertThrows(EbmsimException.class, () -> client.getModel(id)).code());
    assertEquals(Status.Code.NOT_FOUND, assertThrows(EbmsimException.class, () -> client.deleteModel(id)).code());
  }

  @Test
  void exactSummary_knownModel_returnsServerResponse() {
    String id = createTiny().getId();

    ExactSummaryResponse r = client.exactSummary(
        ExactSummaryRequest.newBuilder().setModelId(id).setTemperature(0.5).setMaxGroundStates(3).build());

    assertEquals(4.5, r.getLogZ());
    assertEquals(2, r.getGroundStates(0).getRows());
    assertArrayEquals(new int[][] {{1, 1, 1, -1, -1, -1}, {-1, -1, -1, 1, 1, 1}}, LayerStates.decode(r.getGroundStates(0)));
    ExactSummaryRequest sent = server.requests(ExactSummaryRequest.class).get(0);
    assertEquals(0.5, sent.getTemperature());
    assertEquals(3, sent.getMaxGroundStates());
  }

  @Test
  void exactSummary_deadlineShorterThanServer_throwsDeadlineExceededAndCancels() throws Exception {
    EbmsimClient impatient = client.withDeadline(Duration.ofMillis(200));

    EbmsimException e = assertThrows(EbmsimException.class, () -> impatient.exactSummary(FakeEbmsimServer.SLOW));

    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.code());
    assertTrue(server.cancelled.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "server saw no cancellation");
  }

  @Test
  void anneal_blocking_yieldsProgressThenResult() {
    String id = createTiny().getId();
    AnnealRequest request = AnnealRequest.newBuilder()
        .setModelId(id)
        .setChains(4)
        .setSeed(42)
        .setSchedule(Schedules.withSweepsPerTemperature(Schedules.geometric(5, 0.5, 3), 10))
        .setSamples(SamplePolicies.every(5, 2))
        .build();

    List<AnnealEvent> events = new ArrayList<>();
    try (EventStream<AnnealEvent> stream = client.anneal(request)) {
      stream.forEachRemaining(events::add);
    }

    assertEquals(FakeEbmsimServer.ANNEAL_PROGRESS_EVENTS + 2, events.size());
    SessionStarted started = events.get(0).getStarted();
    assertEquals("anneal", started.getKind());
    assertEquals(id, started.getModelId());
    assertEquals(4, started.getChains());
    assertTrue(started.getSessionId().startsWith("s-"), started.getSessionId());
    for (int i = 0; i < FakeEbmsimServer.ANNEAL_PROGRESS_EVENTS; i++) {
      assertTrue(events.get(i + 1).hasProgress(), "event " + (i + 1));
      assertEquals(10L * (i + 1), events.get(i + 1).getProgress().getSweep());
    }
    AnnealResult result = events.get(events.size() - 1).getResult();
    assertEquals(4, result.getBestPerChainCount());
    assertEquals(4, result.getChains());
    assertEquals(-6.0, result.getBest().getEnergy());
    assertArrayEquals(new int[] {1, -1, 1, -1, 1, -1},
        LayerStates.row(LayerStates.layer(result.getBest(), "visible").orElseThrow(), 0));
    assertEquals(request, server.requests(AnnealRequest.class).get(0));
  }

  @Test
  void anneal_closingIteratorEarly_cancelsServerCallAndReadsOnlyWhatItNeeds() throws Exception {
    EventStream<AnnealEvent> stream = client.anneal(
        AnnealRequest.newBuilder().setModelId(FakeEbmsimServer.ENDLESS).build());
    assertTrue(stream.next().hasStarted(), "the first event is started");
    for (int i = 0; i < 3; i++) {
      assertTrue(stream.hasNext());
      assertEquals(i + 1, stream.next().getProgress().getSweep());
    }

    stream.close();

    assertTrue(server.cancelled.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "server saw no cancellation");
    assertFalse(stream.hasNext());
    // Flow control: the endless server may run ahead of the reader by a few messages only.
    long sent = server.endlessEventsSent.get();
    assertTrue(sent <= 3 + 4, "server produced " + sent + " events for 3 read");
  }

  @Test
  void anneal_javaStreamClosed_cancelsServerCall() throws Exception {
    List<Long> sweeps;
    try (Stream<AnnealEvent> events = client.anneal(
        AnnealRequest.newBuilder().setModelId(FakeEbmsimServer.ENDLESS).build()).stream()) {
      sweeps = events.skip(1).limit(2).map(e -> e.getProgress().getSweep()).collect(Collectors.toList());
    }

    assertEquals(List.of(1L, 2L), sweeps);
    assertTrue(server.cancelled.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "server saw no cancellation");
  }

  @Test
  void anneal_closedFromAnotherThreadWhileWaiting_endsWithoutError() throws Exception {
    // close() from another thread must end the reader's loop quietly, not with CANCELLED.
    EventStream<AnnealEvent> stream = client.anneal(
        AnnealRequest.newBuilder().setModelId(FakeEbmsimServer.ENDLESS).build());
    assertTrue(stream.hasNext());
    stream.next();
    Thread closer = new Thread(stream::close);
    closer.start();
    closer.join(WAIT.toMillis());

    int more = 0;
    while (stream.hasNext() && more < 1000) {
      stream.next();
      more++;
    }
    assertFalse(stream.hasNext());
    assertTrue(server.cancelled.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
  }

  @Test
  void anneal_serverFailsMidway_throwsAfterDeliveredEvents() {
    Iterator<AnnealEvent> stream = client.anneal(
        AnnealRequest.newBuilder().setModelId(FakeEbmsimServer.FAILING).build());

    assertTrue(stream.next().hasStarted());
    assertEquals(1, stream.next().getProgress().getSweep());
    assertEquals(2, stream.next().getProgress().getSweep());
    EbmsimException e = assertThrows(EbmsimException.class, stream::hasNext);

    assertEquals(Status.Code.INTERNAL, e.code());
    assertEquals("chain group crashed", e.description());
  }

  @Test
  void anneal_unknownModel_throwsNotFoundOnFirstRead() {
    EventStream<AnnealEvent> stream = client.anneal(AnnealRequest.newBuilder().setModelId("m-none").build());

    EbmsimException e = assertThrows(EbmsimException.class, stream::hasNext);

    assertEquals(Status.Code.NOT_FOUND, e.code());
    stream.close();
  }

  @Test
  void anneal_async_deliversProgressResultCompletedInOrder() throws Exception {
    String id = createTiny().getId();
    RecordingObserver<AnnealProgress, AnnealResult> observer = new RecordingObserver<>();

    SessionHandle handle = client.anneal(AnnealRequest.newBuilder().setModelId(id).setChains(2).build(), observer);

    assertTrue(handle.awaitTermination(WAIT), "session did not end");
    assertTrue(handle.isDone());
    assertEquals(List.of("started", "progress", "progress", "progress", "result", "completed"), observer.calls);
    assertEquals(2, ((SessionStarted) observer.items.get(0)).getChains());
    assertEquals(2, ((AnnealResult) observer.items.get(4)).getBestPerChainCount());
  }

  @Test
  void anneal_asyncCancel_cancelsServerCallAndReportsCancelled() throws Exception {
    RecordingObserver<AnnealProgress, AnnealResult> observer = new RecordingObserver<>();

    SessionHandle handle = client.anneal(AnnealRequest.newBuilder().setModelId(FakeEbmsimServer.ENDLESS).build(), observer);
    // Cancel once the server is streaming, so that there is a server-side call to cancel.
    assertTrue(observer.firstEvent.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "no progress arrived");
    handle.cancel();

    assertTrue(handle.awaitTermination(WAIT), "session did not end");
    assertTrue(server.cancelled.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "server saw no cancellation");
    assertEquals("error", observer.calls.get(observer.calls.size() - 1));
    assertEquals(Status.Code.CANCELLED, observer.error.code());
    handle.cancel(); // idempotent after the end
  }

  @Test
  void complete_blocking_sendsMaskedCueAndReturnsResult() {
    String id = createTiny().getId();
    CompleteRequest request = CompleteRequest.newBuilder()
        .setModelId(id)
        .setMasked(CompletionCues.masked(new int[] {1, 0, -1, 0, 1, 1}))
        .setSeed(7)
        .build();

    CompleteResult result = null;
    try (EventStream<CompleteEvent> stream = client.complete(request)) {
      while (stream.hasNext()) {
        CompleteEvent e = stream.next();
        if (e.hasResult()) {
          result = e.getResult();
        }
      }
    }

    CompleteRequest sent = server.requests(CompleteRequest.class).get(0);
    assertEquals(List.of(true, false, true, false, true, true), sent.getMasked().getKnownList());
    assertArrayEquals(new int[] {1, 1, -1, 1, 1, 1}, LayerStates.row(result.getCompleted(), 0));
    assertTrue(result.getBestIsMirror());
  }

  @Test
  void complete_asyncUnknownModel_reportsNotFoundOnce() throws Exception {
    RecordingObserver<CompleteProgress, CompleteResult> observer = new RecordingObserver<>();

    SessionHandle handle = client.complete(
        CompleteRequest.newBuilder().setModelId("m-none").setNoisy(CompletionCues.noisyStored(0, 0.1)).build(), observer);

    assertTrue(handle.awaitTermination(WAIT));
    assertEquals(List.of("error"), observer.calls);
    assertEquals(Status.Code.NOT_FOUND, observer.error.code());
  }

  @Test
  void closedClient_callFailsWithEbmsimException() {
    client.close();

    EbmsimException e = assertThrows(EbmsimException.class, () -> client.getModel("m-1"));

    assertEquals(Status.Code.UNAVAILABLE, e.code());
  }

  /** Records the order of callbacks. */
  private static final class RecordingObserver<P, R> implements SessionObserver<P, R> {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final List<Object> items = Collections.synchronizedList(new ArrayList<>());
    final java.util.concurrent.CountDownLatch firstEvent = new java.util.concurrent.CountDownLatch(1);
    volatile EbmsimException error;

    @Override
    public void onStarted(SessionStarted started) {
      calls.add("started");
      items.add(started);
    }

    @Override
    public void onProgress(P progress) {
      calls.add("progress");
      items.add(progress);
      firstEvent.countDown();
    }

    @Override
    public void onResult(R result) {
      calls.add("result");
      items.add(result);
    }

    @Override
    public void onError(EbmsimException e) {
      error = e;
      calls.add("error");
      items.add(e);
    }

    @Override
    public void onCompleted() {
      calls.add("completed");
      items.add("completed");
    }
  }
}
