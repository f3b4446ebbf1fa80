package org.ebmsim.server.grpc;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.ThreadPoolExecutor;
import org.ebmsim.actor.registry.SessionRecord;
import org.ebmsim.memory.MemoryBudget;
import org.ebmsim.proto.v1.GetServerStatusRequest;
import org.ebmsim.proto.v1.ServerServiceGrpc;
import org.ebmsim.proto.v1.ServerStatus;
import org.ebmsim.server.store.ModelStore;
import org.ebmsim.stream.SimulationEngine;

/** ServerService: the server's memory, sessions, actors, store and compute pool at one moment. */
public final class ServerGrpcService extends ServerServiceGrpc.ServerServiceImplBase {
  private final long startedMillis = System.currentTimeMillis();
  private final MemoryBudget budget;
  private final SimulationEngine engine;
  private final ModelStore store;
  private final ThreadPoolExecutor compute;
  private final int maxSessions;

  public ServerGrpcService(MemoryBudget budget, SimulationEngine engine, ModelStore store, ThreadPoolExecutor compute,
      int maxSessions) {
    this.budget = budget;
    this.engine = engine;
    this.store = store;
    this.compute = compute;
    this.maxSessions = maxSessions;
  }

  @Override
  public void getServerStatus(GetServerStatusRequest request, StreamObserver<ServerStatus> response) {
    Runtime rt = Runtime.getRuntime();
    int retained = 0;
    for (SessionRecord r : engine.registry().list(true)) {
      retained += r.state().ended() ? 1 : 0;
    }
    response.onNext(ServerStatus.newBuilder()
        .setUptimeMs(System.currentTimeMillis() - startedMillis)
        .setHeapMaxBytes(rt.maxMemory())
        .setHeapUsedBytes(rt.totalMemory() - rt.freeMemory())
        .setMemoryBudgetBytes(budget.total())
        .setMemoryReservedBytes(budget.used())
        .setSessionsActive(engine.activeSessions())
        .setSessionsLimit(maxSessions)
        .setSessionsRetained(retained)
        .setLiveActors(engine.census().live())
        .setModels(store.size())
        .setModelsLimit(store.maxModels())
        .setDataFolderFreeBytes(Math.max(0, store.usableSpace()))
        .setDataFolderProblem(store.writeProblem())
        .setComputeRunning(compute.getActiveCount())
        .setComputeQueued(compute.getQueue().size())
        .build());
    response.onCompleted();
  }
}
