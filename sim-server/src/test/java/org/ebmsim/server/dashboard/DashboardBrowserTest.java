package org.ebmsim.server.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.Iterator;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.Dataset;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.PauseSessionRequest;
import org.ebmsim.proto.v1.RbmInitialisation;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.SessionState;
import org.ebmsim.proto.v1.TrainEvent;
import org.ebmsim.proto.v1.TrainingServiceGrpc;
import org.ebmsim.server.training.TrainingWire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser (Debian's headless chromium over the DevTools protocol): the
 * page lists a running anneal, its energy plot grows as events stream in, its states are drawn as
 * 8×8 images, and its Pause button pauses the session (as gRPC GetSession shows); a training
 * session's per-epoch metrics are plotted and its Stop button stops it. Skipped when chromium is not
 * installed ({@code .ci/run} installs it).
 */
class DashboardBrowserTest {
  @TempDir Path dataDir;
  private DashboardTestServer t;
  private HeadlessChromium browser;

  @BeforeEach
  void start() throws Exception {
    Assumptions.assumeTrue(HeadlessChromium.executable().isPresent(),
        "chromium is not installed (apt-get install chromium; .ci/run installs it): the browser test is skipped");
    t = new DashboardTestServer(dataDir);
    browser = new HeadlessChromium(HeadlessChromium.executable().get(), 1280, 900);
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (browser != null) {
      browser.close();
    }
    if (t != null) {
      t.close();
    }
  }

  /** Evaluates {@code expression} until it is true; fails after 60 s naming {@code what}. */
  private void awaitPage(String expression, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      JsonElement v = browser.evaluate(expression);
      if (v != null && v.isJsonPrimitive() && v.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        fail("timed out after 60 s waiting in the page for " + what + " (" + expression + "); the page's log: "
            + browser.evaluate("document.getElementById('log').innerText"));
      }
      TimeUnit.MILLISECONDS.sleep(50); // polling the page with a deadline
    }
  }

  private long energyPoints() throws Exception {
    JsonElement v = browser.evaluate("Number(document.getElementById('plot-energy')?.dataset.points || 0)");
    return v.getAsLong();
  }

  @Test
  void energyPlotUpdates_andPauseButtonPausesTheSession() throws Exception {
    String id = t.detached(t.endless(2000));
    browser.navigate(t.base() + "/");
    String row = "document.querySelector('#sessions tr[data-id=\"" + id + "\"]')";
    awaitPage(row + " !== null", "the session in the list");
    browser.evaluate(row + ".click()");

    awaitPage("Number(document.getElementById('plot-energy')?.dataset.points || 0) >= 6", "energy points");
    long seen = energyPoints();
    awaitPage("Number(document.getElementById('plot-energy').dataset.points) > " + seen, "the energy plot to grow");
    // states of the 8×8 model drawn as 8×8 images
    awaitPage("document.querySelectorAll('#samples canvas').length >= 1", "sample states");
    assertEquals(8, browser.evaluate("document.querySelector('#samples canvas').width").getAsInt());
    assertEquals(8, browser.evaluate("document.querySelector('#samples canvas').height").getAsInt());

    browser.evaluate("document.getElementById('pause').click()");
    t.awaitState(id, SessionState.PAUSED);
    awaitPage("document.getElementById('detail-state').dataset.state === 'PAUSED'", "the page to show PAUSED");
    assertTrue(browser.evaluate("document.getElementById('control-message').textContent").getAsString()
        .contains("PAUSED"));

    browser.evaluate("document.getElementById('resume').click()");
    t.awaitState(id, SessionState.RUNNING);
  }

  @Test
  void trainingSession_plotsThePerEpochMetricsItsEventsCarry_andStopStopsIt() throws Exception {
    Dataset data = TrainingWire.upload(t.channel, "prototypes", TrainingWire.prototypes(400, 16, 5), 0.2);
    Model rbm = ModelServiceGrpc.newBlockingStub(t.channel).createModel(CreateModelRequest.newBuilder().setName("rbm")
        .setRbm(RbmSpec.newBuilder().setVariant(RbmVariant.BINARY).setInit(RbmInitialisation.newBuilder()
            .setDatasetId(data.getId()).setMethod(RbmInitialisation.Method.RANDOM).setHiddenUnits(6)
            .setRandomSd(0.01).setSeed(1))).build());
    Iterator<TrainEvent> started = TrainingServiceGrpc.newBlockingStub(t.channel).train(
        TrainingWire.pcd(rbm.getId(), data.getId(), 10_000, 10).setDetached(true).build());
    String id = started.next().getStarted().getSessionId();
    started.forEachRemaining(e -> { });
    // paused until the page watches (a watch sees events from then on); the page's Resume runs it
    t.sessions.pauseSession(PauseSessionRequest.newBuilder().setSessionId(id).build());
    t.awaitState(id, SessionState.PAUSED);

    browser.navigate(t.base() + "/");
    String row = "document.querySelector('#sessions tr[data-id=\"" + id + "\"]')";
    awaitPage(row + " !== null", "the training session in the list");
    browser.evaluate(row + ".click()");
    awaitPage("document.getElementById('log').innerText.includes('started')", "the watch to start");
    browser.evaluate("document.getElementById('resume').click()");
    awaitPage("Number(document.getElementById('plot-lr')?.dataset.points || 0) >= 3", "learning-rate points");
    // the epoch-end metrics of the training split, whatever they are, each on its chart
    awaitPage("[...document.querySelectorAll('canvas[id^=\"plot-train.train.\"]')]"
        + ".some(c => Number(c.dataset.points) >= 3)", "three epochs of training metrics");
    assertTrue(browser.evaluate("document.getElementById('temp-set').disabled").getAsBoolean(),
        "a training session has no temperature to set");

    browser.evaluate("document.getElementById('stop').click()");
    t.awaitState(id, SessionState.STOPPED);
    awaitPage("document.getElementById('detail-state').dataset.state === 'STOPPED'", "the page to show STOPPED");
  }
}
