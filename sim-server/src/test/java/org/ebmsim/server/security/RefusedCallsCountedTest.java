package org.ebmsim.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.ebmsim.proto.v1.ListModelsRequest;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.server.EbmsimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token interceptor sits inside the metrics interceptor: a call refused for its token never
 * reaches a service, yet Prometheus counts it with its status.
 */
class RefusedCallsCountedTest {
  @TempDir Path dir;

  @Test
  void anUnauthenticatedCall_isCountedByTheMetrics() throws Exception {
    TokensFile.create(dir.resolve("tokens"), "reader", Role.READ);
    String name = "counted-" + UUID.randomUUID();
    Map<String, Object> c = Map.of("ebmsim.server.data-dir", dir.resolve("data").toString(),
        "ebmsim.security.tokens-file", dir.resolve("tokens").toString(), "ebmsim.metrics.port", 0);
    try (EbmsimServer server = EbmsimServer.inProcess(ConfigFactory.parseMap(c).withFallback(ConfigFactory.load()),
        name)) {
      io.grpc.ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
      try {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ModelServiceGrpc
            .newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
            .listModels(ListModelsRequest.getDefaultInstance()));
        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + server.metricsPort().orElseThrow() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(text.lines().anyMatch(l -> l.startsWith("ebmsim_grpc_requests_total{")
          && l.contains("code=\"UNAUTHENTICATED\"") && l.contains("ModelService/ListModels") && l.endsWith(" 1.0")),
          text.lines().filter(l -> l.startsWith("ebmsim_grpc_requests_total")).toList().toString());
    }
  }
}
