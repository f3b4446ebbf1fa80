package org.ebmsim.server.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.ExplicitSchedule;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.server.EbmsimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A server started with {@code ebmsim.logging.format = json} writes one JSON object per line, and
 * the lines about a session carry its id in {@code mdc.session_id}. The log is captured by an
 * appender added to the root logger for the test (the server switches it to JSON like the console).
 */
class JsonLogsTest {
  @TempDir Path dataDir;

  @Test
  void jsonFormat_everyLineIsJson_andSessionLinesCarryTheSessionId() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    OutputStreamAppender<ILoggingEvent> capture = new OutputStreamAppender<>();
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern("%msg%n");
    text.start();
    capture.setContext(context);
    capture.setEncoder(text);
    capture.setOutputStream(captured);
    capture.start();
    root.addAppender(capture);
    String session;
    try {
      try (EbmsimServer server = EbmsimServer.inProcess(ConfigFactory.parseMap(Map.of("ebmsim.server.data-dir",
          dataDir.toString(), "ebmsim.logging.format", "json")).withFallback(ConfigFactory.load()), "json-logs")) {
        ManagedChannel channel = InProcessChannelBuilder.forName("json-logs").directExecutor().build();
        try {
          String model = ModelServiceGrpc.newBlockingStub(channel).createModel(CreateModelRequest.newBuilder()
              .setName("m").setHopfieldPatterns(HopfieldFromPatterns.newBuilder().setPatterns(SpinMatrix.newBuilder()
                  .setRows(1).setCols(6).addAllSpins(List.of(1, -1, 1, -1, 1, 1)))).build()).getId();
          var events = SimulationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
              .anneal(AnnealRequest.newBuilder().setModelId(model).setChains(2).setSchedule(Schedule.newBuilder()
                  .setExplicit(ExplicitSchedule.newBuilder().addTemperatures(1)).setSweepsPerTemperature(20)).build());
          session = events.next().getStarted().getSessionId();
          AnnealEvent last = null;
          while (events.hasNext()) {
            last = events.next();
          }
          assertTrue(last.hasResult());
        } finally {
          channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        // the session's end is logged as its actor stops, which may follow the stream's end
        awaitLine(captured, session + " ended");
      }
    } finally {
      LogFormat.apply(LogFormat.TEXT);
      root.detachAppender(capture);
      capture.stop();
    }

    List<JsonObject> lines = new ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        lines.add(JsonParser.parseString(line).getAsJsonObject());
      } catch (JsonSyntaxException | IllegalStateException e) {
        fail("not a JSON object: " + line);
      }
    }
    List<JsonObject> aboutSession = lines.stream()
        .filter(l -> l.get("formattedMessage").getAsString().contains(session)).toList();
    assertTrue(aboutSession.size() >= 2, "started and ended lines: " + lines);
    for (JsonObject line : aboutSession) {
      assertTrue(line.has("mdc") && line.getAsJsonObject("mdc").has("session_id"), "no session_id: " + line);
      assertEquals(session, line.getAsJsonObject("mdc").get("session_id").getAsString(), line.toString());
    }
    // the MDC is set around a session's own lines, not left on a thread: every line that carries a
    // session id is about that session (each names it), whichever session it is
    lines.stream().filter(l -> l.has("mdc") && l.getAsJsonObject("mdc").has("session_id")).forEach(l ->
        assertTrue(l.get("formattedMessage").getAsString().contains(
            l.getAsJsonObject("mdc").get("session_id").getAsString()), "leaked session_id: " + l));
    assertTrue(lines.stream().anyMatch(l -> l.get("formattedMessage").getAsString().contains("listening")),
        "the server's own lines are JSON too: " + lines);
  }

  @Test
  void anUnknownFormat_isRefusedWithTheAcceptedOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogFormat.apply("xml"));
    assertTrue(e.getMessage().contains("\"text\" or \"json\""), e.getMessage());
  }

  /** Polls the captured log (the appender writes synchronously) until {@code text} appears, up to 10 s. */
  private static void awaitLine(ByteArrayOutputStream captured, String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!captured.toString(StandardCharsets.UTF_8).contains(text)) {
      if (System.nanoTime() > deadline) {
        fail("no log line containing '" + text + "' within 10 s:\n" + captured.toString(StandardCharsets.UTF_8));
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // a poll, not a wait for timing
    }
  }
}
