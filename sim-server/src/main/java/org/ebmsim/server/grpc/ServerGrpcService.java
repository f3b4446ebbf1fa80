package org.ebmsim.server.grpc;

import io.grpc.stub.StreamObserver;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
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
        .setClusterMembersUp(engine.clusterMembersUp())
        .setModels(store.size())
        .setModelsLimit(store.maxModels())
        .setDataFolderFreeBytes(Math.max(0, store.usableSpace()))
        .setDataFolderProblem(store.writeProblem())
        .setComputeRunning(compute.getActiveCount())
        .setComputeQueued(compute.getQueue().size())
        .setHeapAfterGcBytes(heapAfterGc())
        .build());
    response.onCompleted();
  }

  /** Sum over heap pools of their usage after their last collection (0 for pools not yet collected). */
  static long heapAfterGc() {
    long total = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage after = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
      if (after != null) {
        total += after.getUsed();
      }
    }
    return total;
  }
}
