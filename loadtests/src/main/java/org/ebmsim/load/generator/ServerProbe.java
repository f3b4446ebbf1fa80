package org.ebmsim.load.generator;

import io.grpc.ManagedChannel;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.ebmsim.proto.v1.GetServerStatusRequest;
import org.ebmsim.proto.v1.ListSessionsRequest;
import org.ebmsim.proto.v1.ServerServiceGrpc;
import org.ebmsim.proto.v1.ServerStatus;
import org.ebmsim.proto.v1.SessionServiceGrpc;

/**
 * Reads one server: its status (heap, memory budget, sessions, live actors) over gRPC, its
 * Prometheus endpoint when given (CPU time, sweeps done), its CPU time from /proc when its pid is
 * given, and a full collection through {@code jcmd} when asked.
 */
final class ServerProbe {
  /** One reading; NaN where the source is missing. */
  record Sample(long nanos, ServerStatus status, double cpuSeconds, double sweeps) {}

  private final String target;
  private final ManagedChannel channel;
  private final String metrics;
  private final Long pid;

  /**
   * @param metrics the Prometheus endpoint {@code host:port}, or null
   * @param pid the server's process id if it runs on this machine, or null
   */
  ServerProbe(String target, ManagedChannel channel, String metrics, Long pid) {
    this.target = target;
    this.channel = channel;
    this.metrics = metrics;
    this.pid = pid;
  }

  String target() {
    return target;
  }

  /** Where CPU figures come from: "proc", "prometheus" or "none". */
  String cpuSource() {
    return pid != null ? "proc" : metrics != null ? "prometheus" : "none";
  }

  ServerStatus status() {
    return ServerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .getServerStatus(GetServerStatusRequest.getDefaultInstance());
  }

  Sample sample() {
    long now = System.nanoTime();
    ServerStatus status = status();
    double cpu = pid != null ? ProcStat.processCpuSeconds(pid) : Double.NaN;
    double sweeps = Double.NaN;
    if (metrics != null) {
      try {
        PrometheusText m = PrometheusText.scrape(metrics);
        sweeps = m.sum("ebmsim_sweeps_total");
        if (Double.isNaN(sweeps)) {
          sweeps = 0; // no sampling session has reported on this server yet
        }
        if (pid == null) {
          cpu = m.sum("process_cpu_time_ns_total") / 1e9;
        }
      } catch (IOException e) {
        // a missed scrape leaves this sample without CPU and sweeps; the next one will have them
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return new Sample(now, status, cpu, sweeps);
  }

  /** Running or paused sessions in the server's registry. */
  int sessionsRunning() {
    return SessionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .listSessions(ListSessionsRequest.newBuilder().setIncludeEnded(false).build()).getSessionsCount();
  }

  /** Chains of the running and paused sessions in the server's registry. */
  int chainsLive() {
    return SessionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .listSessions(ListSessionsRequest.newBuilder().setIncludeEnded(false).build()).getSessionsList().stream()
        .mapToInt(x -> x.getChains()).sum();
  }

  /**
   * Forces a full collection in the server ({@code jcmd PID GC.run}) and then reads its heap in
   * use; -1 without a pid or when jcmd fails.
   */
  long heapAfterFullGc() throws InterruptedException {
    if (pid == null) {
      return -1;
    }
    try {
      String jcmd = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
      Process p = new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroy();
        return -1;
      }
    } catch (IOException e) {
      return -1;
    }
    return status().getHeapUsedBytes();
  }
}
