package org.ebmsim.server.dashboard;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Debian's {@code chromium} in headless mode, driven over the Chrome DevTools Protocol: started
 * with {@code --remote-debugging-port=0} and a fresh profile folder, whose {@code DevToolsActivePort}
 * file names the port; one page target is driven over a WebSocket (java.net.http) with
 * {@code Page.navigate}, {@code Runtime.evaluate} and {@code Page.captureScreenshot}.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();

  /** The chromium executable on PATH, if installed. */
  static Optional<Path> executable() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /** Starts chromium with a {@code width} × {@code height} window and connects to its first page. */
  HeadlessChromium(Path executable, int width, int height) throws IOException, InterruptedException {
    profile = Files.createTempDirectory("ebmsim-chromium-");
    process = new ProcessBuilder(executable.toString(), "--headless=new", "--remote-debugging-port=0",
        "--remote-debugging-address=127.0.0.1", "--user-data-dir=" + profile,
        // tests run as root in CI, where chromium's sandbox cannot start
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
        "--disable-extensions", "--window-size=" + width + "," + height, "about:blank")
        .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
    try {
      int port = devToolsPort();
      HttpClient http = HttpClient.newHttpClient();
      String pageSocket = null;
      long deadline = System.nanoTime() + STARTUP.toNanos();
      while (pageSocket == null) { // the first page target appears shortly after the port
        JsonArray targets = JsonParser.parseString(http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/json/list")).build(), HttpResponse.BodyHandlers.ofString())
            .body()).getAsJsonArray();
        for (JsonElement t : targets) {
          if (t.getAsJsonObject().get("type").getAsString().equals("page")) {
            pageSocket = t.getAsJsonObject().get("webSocketDebuggerUrl").getAsString();
          }
        }
        if (pageSocket == null) {
          checkAlive(deadline, "a page target");
          TimeUnit.MILLISECONDS.sleep(50); // polling chromium with a deadline
        }
      }
      socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new Listener())
          .get(30, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    } catch (Exception e) {
      close();
      throw new IOException("cannot connect to chromium's DevTools: " + e, e);
    }
  }

  /** Waits for chromium to write {@code DevToolsActivePort} (its first line is the port). */
  private int devToolsPort() throws IOException, InterruptedException {
    Path file = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (true) {
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file);
        if (lines.size() >= 2) { // written whole once both lines are there
          return Integer.parseInt(lines.get(0).trim());
        }
      }
      checkAlive(deadline, "DevToolsActivePort");
      TimeUnit.MILLISECONDS.sleep(50); // polling chromium with a deadline
    }
  }

  private void checkAlive(long deadline, String what) throws IOException {
    if (!process.isAlive() || System.nanoTime() > deadline) {
      String log = Files.exists(profile.resolve("chromium.log")) ? Files.readString(profile.resolve("chromium.log")) : "";
      throw new IOException("chromium " + (process.isAlive() ? "gave no " + what + " within " + STARTUP
          : "exited with " + process.exitValue()) + "; its output:\n" + log);
    }
  }

  /** Sends one CDP command to the page and waits (30 s at most) for its result. */
  JsonObject call(String method, JsonObject params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonObject> answer = new CompletableFuture<>();
    pending.put(id, answer);
    JsonObject message = new JsonObject();
    message.addProperty("id", id);
    message.addProperty("method", method);
    message.add("params", params == null ? new JsonObject() : params);
    synchronized (socket) { // one message at a time on the socket
      socket.sendText(message.toString(), true).get(30, TimeUnit.SECONDS);
    }
    JsonObject reply = answer.get(30, TimeUnit.SECONDS);
    if (reply.has("error")) {
      throw new IllegalStateException(method + " failed: " + reply.get("error"));
    }
    return reply.getAsJsonObject("result");
  }

  void navigate(String url) throws Exception {
    JsonObject p = new JsonObject();
    p.addProperty("url", url);
    call("Page.navigate", p);
  }

  /** The value of a JavaScript expression in the page (awaited if it is a promise). */
  JsonElement evaluate(String expression) throws Exception {
    JsonObject p = new JsonObject();
    p.addProperty("expression", expression);
    p.addProperty("returnByValue", true);
    p.addProperty("awaitPromise", true);
    JsonObject r = call("Runtime.evaluate", p);
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("page script failed: " + expression + " → " + r.get("exceptionDetails"));
    }
    JsonObject result = r.getAsJsonObject("result");
    return result.has("value") ? result.get("value") : null;
  }

  /** A PNG of the page as it is shown now. */
  byte[] screenshot() throws Exception {
    JsonObject p = new JsonObject();
    p.addProperty("format", "png");
    return Base64.getDecoder().decode(call("Page.captureScreenshot", p).get("data").getAsString());
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind; nothing else depends on it
    }
  }

  /** Collects each text message (it may come in parts) and completes the command it answers. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        JsonObject message = JsonParser.parseString(text.toString()).getAsJsonObject();
        text.setLength(0);
        if (message.has("id")) { // events (no id) are not needed
          CompletableFuture<JsonObject> f = pending.remove(message.get("id").getAsInt());
          if (f != null) {
            f.complete(message);
          }
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      pending.values().forEach(f -> f.completeExceptionally(error));
    }
  }
}
