package org.ebmsim.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Duration;
import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.ebmsim.actor.ActorCensus;
import org.ebmsim.memory.MemoryBudget;
import org.ebmsim.proto.v1.HamDenseSynapse;
import org.ebmsim.proto.v1.HamEvent;
import org.ebmsim.proto.v1.HamLagrangian;
import org.ebmsim.proto.v1.HamLayerSpec;
import org.ebmsim.proto.v1.HamServiceGrpc;
import org.ebmsim.proto.v1.HamSynapseSpec;
import org.ebmsim.proto.v1.RunHamRequest;
import org.ebmsim.server.ServerConfig.Limits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A HAM session is charged to the memory budget before its state exists (RESOURCE_EXHAUSTED when
 * it does not fit), holds one of max-sessions slots, and gives both back when it stops, whether
 * it finished or was cancelled (a finished session's result stays charged while the registry
 * keeps it).
 */
class HamMemoryTest {
  private final ActorTestKit kit = ActorTestKit.create();
  private Server server;
  private ManagedChannel channel;
  /** Forgets ended sessions at the first lookup: their retained results give their memory back. */
  private final org.ebmsim.actor.registry.SessionRegistry registry =
      new org.ebmsim.actor.registry.SessionRegistry(Duration.ZERO);

  private HamServiceGrpc.HamServiceBlockingStub start(MemoryBudget budget, int maxSessions) throws Exception {
    String name = "ham-memory-" + UUID.randomUUID();
    Limits limits = new Limits(64, 64, 10, 64, 1 << 20, maxSessions, 1_000_000, 1L << 40, 20, 0.5);
    server = InProcessServerBuilder.forName(name).addService(new HamGrpcService(limits, kit.system(), budget, registry, 16,
        1 << 20))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    return HamServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    kit.shutdownTestKit();
  }

  /**
   * Purges the registry until the ended sessions are forgotten: retention 0 forgets a session
   * once the clock has moved past the millisecond it ended in.
   */
  private void forgetEnded(MemoryBudget budget) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    do {
      registry.purge();
    } while (budget.used() > 0 && System.nanoTime() < deadline);
  }

  private static RunHamRequest request(int steps) {
    return RunHamRequest.newBuilder()
        .addLayers(HamLayerSpec.newBuilder().setUnits(50).setLagrangian(HamLagrangian.HAM_IDENTITY))
        .addLayers(HamLayerSpec.newBuilder().setUnits(2).setLagrangian(HamLagrangian.HAM_SOFTMAX))
        .addSynapses(HamSynapseSpec.newBuilder().setDense(HamDenseSynapse.newBuilder()
            .addAllWeights(java.util.Collections.nCopies(100, 0.01))))
        .setDt(0.01).setSteps(steps).build();
  }

  @Test
  void tooLittleMemory_resourceExhausted_nothingHeld() throws Exception {
    MemoryBudget budget = new MemoryBudget(4096);
    HamServiceGrpc.HamServiceBlockingStub ham = start(budget, 4);
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ham.runHam(request(10)).next());
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.getStatus().toString());
    assertEquals(0, budget.used());
  }

  @Test
  void finishedAndCancelledSessions_releaseMemoryAndSlots() throws Exception {
    MemoryBudget budget = new MemoryBudget(1 << 24);
    HamServiceGrpc.HamServiceBlockingStub ham = start(budget, 1);
    ham.runHam(request(10)).forEachRemaining(ev -> { });
    ActorCensus census = ActorCensus.get(kit.system());
    assertTrue(census.awaitAtMost(0, Duration.ofSeconds(20)), census.livePaths().toString());
    assertTrue(budget.used() > 0, "the finished session's result is kept (and charged) until it is forgotten");
    forgetEnded(budget);
    assertEquals(0, budget.used(), "after a finished session, once its result is forgotten");

    io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
    Iterator<HamEvent> running = context.call(() -> ham.runHam(request(1_000_000)));
    running.next(); // started: the session holds its memory and the only slot
    assertTrue(budget.used() > 0);
    StatusRuntimeException full = assertThrows(StatusRuntimeException.class, () -> ham.runHam(request(10)).next());
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, full.getStatus().getCode());
    assertTrue(full.getStatus().getDescription().contains("max-sessions"), full.getStatus().toString());
    context.cancel(null);
    assertTrue(census.awaitAtMost(0, Duration.ofSeconds(20)), census.livePaths().toString());
    forgetEnded(budget);
    assertEquals(0, budget.used(), "after a cancelled session");
    ham.runHam(request(10)).forEachRemaining(ev -> { }); // the slot is free again
  }
}
