package org.ebmsim.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.ConfigFactory;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.ebmsim.proto.v1.ListFamiliesRequest;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.server.EbmsimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * No token reaches a log, at any level: with every logger (logback and java.util.logging, gRPC
 * and Netty included) at TRACE, a call over Netty with an unknown token and one with a valid
 * token leave neither token in any log line. (grpc-netty's frame loggers print headers at DEBUG;
 * the server's {@link HeaderLogGuard} is what keeps them out.)
 */
class TokensNotLoggedTest {
  @TempDir Path dir;

  @Test
  void tokens_neverAppearInLogs_evenAtTrace() throws Exception {
    String valid = TokensFile.create(dir.resolve("tokens"), "reader", Role.READ);
    String unknown = TokensFile.newToken();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    List<String> logged = new ArrayList<>();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.setContext(context);
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Map<Logger, Level> levels = new HashMap<>();
    List<ch.qos.logback.core.Appender<ILoggingEvent>> consoles = new ArrayList<>();
    java.util.logging.Logger julGrpc = java.util.logging.Logger.getLogger("io.grpc");
    java.util.logging.Level julLevel = julGrpc.getLevel();
    Handler jul = new Handler() {
      @Override
      public void publish(LogRecord r) {
        synchronized (logged) {
          logged.add(r.getMessage() + " " + java.util.Arrays.toString(r.getParameters()) + " " + r.getThrown());
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    try {
      for (String name : new String[] {org.slf4j.Logger.ROOT_LOGGER_NAME, "io.grpc", "io.netty", "org.ebmsim"}) {
        Logger l = context.getLogger(name);
        levels.put(l, l.getLevel());
        l.setLevel(Level.TRACE);
      }
      // only the list sees this run's logs: the console's appenders are taken off meanwhile
      root.iteratorForAppenders().forEachRemaining(consoles::add);
      consoles.forEach(root::detachAppender);
      root.addAppender(appender);
      julGrpc.setLevel(java.util.logging.Level.ALL);
      julGrpc.addHandler(jul);

      Map<String, Object> c = Map.of("ebmsim.server.port", 0, "ebmsim.server.data-dir", dir.resolve("data").toString(),
          "ebmsim.security.tokens-file", dir.resolve("tokens").toString());
      try (EbmsimServer server = EbmsimServer.start(ConfigFactory.parseMap(c).withFallback(ConfigFactory.load()))) {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(),
            InsecureChannelCredentials.create()).build();
        try {
          StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
              () -> SecuredTestServer.as(ModelServiceGrpc.newBlockingStub(channel), unknown)
                  .listFamilies(ListFamiliesRequest.getDefaultInstance()));
          assertEquals(Status.Code.UNAUTHENTICATED, refused.getStatus().getCode());
          SecuredTestServer.as(ModelServiceGrpc.newBlockingStub(channel), valid)
              .listFamilies(ListFamiliesRequest.getDefaultInstance());
        } finally {
          channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
      }
    } finally {
      root.detachAppender(appender);
      consoles.forEach(root::addAppender);
      levels.forEach(Logger::setLevel);
      julGrpc.removeHandler(jul);
      julGrpc.setLevel(julLevel);
    }
    for (ILoggingEvent e : appender.list) {
      logged.add(e.getLoggerName() + " " + e.getFormattedMessage()
          + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())));
    }
    assertTrue(logged.stream().anyMatch(l -> l.contains("refused ebmsim.v1.ModelService/ListFamilies")),
        "the refusal should be logged (at DEBUG), else this test sees no log at all: " + logged.size() + " lines");
    for (String line : logged) {
      assertFalse(line.contains(unknown), "an unknown token was logged: " + line);
      assertFalse(line.contains(valid), "a valid token was logged: " + line);
    }
  }
}
