package org.ebmsim.server.reliability;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server in a child JVM with a small heap (so memory tests are fast and an out-of-memory error
 * cannot take the test JVM down): {@code -XX:+ExitOnOutOfMemoryError} makes any OOM visible as a
 * dead process. Its output goes to a file in the data folder's parent.
 */
final class ChildServer implements AutoCloseable {
  final Process process;
  final ManagedChannel channel;
  final Path log;

  private ChildServer(Process process, int port, Path log) {
    this.process = process;
    this.log = log;
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
        .maxInboundMessageSize(256 << 20).build();
  }

  /** The test classpath (surefire passes it in a property when it runs tests from a manifest jar). */
  private static String classpath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  /** Starts {@code org.ebmsim.server.Main} with {@code -Xmx<heapMib>m} and the given settings. */
  static ChildServer start(Path work, int heapMib, Map<String, Object> settings) throws Exception {
    return start(work, heapMib, settings, List.of());
  }

  /** {@link #start(Path, int, Map)} with extra JVM options (such as {@code --add-modules}). */
  static ChildServer start(Path work, int heapMib, Map<String, Object> settings, List<String> jvmOptions)
      throws Exception {
    return start(work, Files.createDirectories(work.resolve("data")), heapMib, settings, jvmOptions);
  }

  /** {@link #start(Path, int, Map, List)} on data folder {@code data} (several servers may share one: a cluster). */
  static ChildServer start(Path work, Path data, int heapMib, Map<String, Object> settings, List<String> jvmOptions)
      throws Exception {
    Files.createDirectories(work);
    Path portFile = work.resolve("port");
    Path log = work.resolve("server.log");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heapMib + "m", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC"));
    cmd.addAll(jvmOptions);
    settings.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.addAll(List.of("-cp", classpath(), "org.ebmsim.server.Main", "--port", "0", "--data-dir", data.toString(),
        "--port-file", portFile.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(portFile)) { // another process: its port file is the only signal
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new IllegalStateException("the child server did not start (exit " + (p.isAlive() ? "-" : p.exitValue())
            + "):\n" + tail(log));
      }
      Thread.sleep(20);
    }
    return new ChildServer(p, Integer.parseInt(Files.readString(portFile).trim()), log);
  }

  /** The last lines of the child's output. */
  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  String tail() {
    return tail(log);
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
