package org.ebmsim.server.dashboard;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ebmsim.proto.v1.AisSchedule;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.LinearSchedule;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.PartitionFunctionEvent;
import org.ebmsim.proto.v1.PauseSessionRequest;
import org.ebmsim.proto.v1.SamplePolicy;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SpinMatrix;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test: takes the README's screenshots of the dashboard with live sessions (an anneal of an
 * 8×8 Hopfield network storing three glyphs, and an AIS estimate of log Z of a binary RBM) in
 * headless chromium.
 * Runs only when asked:
 * <pre>
 * mvn -B -o -q test -pl proto,actors,sim-server -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dtest=DashboardScreenshots -Debmsim.screenshots=$PWD/docs/dashboard
 * </pre>
 */
@EnabledIfSystemProperty(named = "ebmsim.screenshots", matches = ".+")
class DashboardScreenshots {
  @TempDir Path dataDir;

  private static final List<String> GLYPHS = List.of(
      "..####.." + ".##..##." + ".##..##." + ".##..##." + ".##..##." + ".##..##." + ".##..##." + "..####..",
      "...##..." + "..###..." + ".####..." + "...##..." + "...##..." + "...##..." + "...##..." + ".######.",
      ".######." + ".....##." + "....##.." + "...##..." + "..##...." + "..##...." + "..##...." + "..##....");

  @Test
  void takeScreenshots() throws Exception {
    Assumptions.assumeTrue(HeadlessChromium.executable().isPresent(), "chromium is not installed");
    Path out = Path.of(System.getProperty("ebmsim.screenshots"));
    Files.createDirectories(out);
    try (DashboardTestServer t = new DashboardTestServer(dataDir);
        HeadlessChromium browser = new HeadlessChromium(HeadlessChromium.executable().get(), 1400, 1000)) {
      SpinMatrix.Builder patterns = SpinMatrix.newBuilder().setRows(GLYPHS.size()).setCols(64);
      GLYPHS.forEach(g -> g.chars().forEach(c -> patterns.addSpins(c == '#' ? 1 : -1)));
      Model glyphs = ModelServiceGrpc.newBlockingStub(t.channel).createModel(CreateModelRequest.newBuilder()
          .setName("glyphs-8x8").setHopfieldPatterns(HopfieldFromPatterns.newBuilder().setPatterns(patterns)
              .setImageShape(ImageShape.newBuilder().setHeight(8).setWidth(8))).build());
      // the page subscribes while it is paused (a watch sees events from then on), then its Resume
      // button runs it
      String anneal = t.detached(AnnealRequest.newBuilder().setModelId(glyphs.getId()).setChains(64).setSeed(7)
          .setSchedule(Schedule.newBuilder().setLinear(LinearSchedule.newBuilder().setTStart(4).setTEnd(0.05)
              .setSteps(100)).setSweepsPerTemperature(400))
          .setReportEverySweeps(400)
          .setSamples(SamplePolicy.newBuilder().setMode(SamplePolicy.Mode.EVERY).setMaxChains(8)).build());
      t.sessions.pauseSession(PauseSessionRequest.newBuilder().setSessionId(anneal).build());
      // AIS needs a family with an AIS path: a binary RBM, 64 visible × 16 hidden, weights N(0, 2.5²)
      Random r = new Random(3);
      Matrix.Builder w = Matrix.newBuilder().setRows(64).setCols(16);
      for (int k = 0; k < 64 * 16; k++) {
        w.addValues(2.5 * r.nextGaussian());
      }
      RbmSpec.Builder spec = RbmSpec.newBuilder().setVariant(RbmVariant.BINARY).setWeights(w)
          .setImageShape(ImageShape.newBuilder().setHeight(8).setWidth(8));
      for (int k = 0; k < 64; k++) {
        spec.addVisibleBias(0);
      }
      for (int k = 0; k < 16; k++) {
        spec.addHiddenBias(0);
      }
      Model rbm = ModelServiceGrpc.newBlockingStub(t.channel).createModel(CreateModelRequest.newBuilder()
          .setName("rbm-64x16").setRbm(spec).build());

      browser.navigate(t.base() + "/");
      select(browser, anneal);
      browser.evaluate("document.getElementById('resume').click()");
      await(browser, "Number(document.getElementById('plot-energy')?.dataset.points || 0) >= 3 * 70");
      pause(browser); // mid-run, with the live states on the page
      shoot(browser, out.resolve("anneal.png"));
      Iterator<PartitionFunctionEvent> ais = t.sim.estimatePartitionFunction(EstimatePartitionFunctionRequest
          .newBuilder().setModelId(rbm.getId()).setChains(64).setSeed(3).setDetached(true)
          .setSchedule(AisSchedule.newBuilder().setUniformSteps(5_000)).setReportEvery(25).build());
      String aisId = ais.next().getStarted().getSessionId();
      ais.forEachRemaining(e -> { });
      t.sessions.pauseSession(PauseSessionRequest.newBuilder().setSessionId(aisId).build());
      select(browser, aisId);
      browser.evaluate("document.getElementById('resume').click()");
      await(browser, "Number(document.getElementById('plot-logz')?.dataset.points || 0) >= 60");
      pause(browser);
      shoot(browser, out.resolve("ais.png"));
    }
  }

  private static void select(HeadlessChromium browser, String id) throws Exception {
    String row = "document.querySelector('#sessions tr[data-id=\"" + id + "\"]')";
    await(browser, row + " !== null");
    browser.evaluate(row + ".click()");
    await(browser, "document.getElementById('log').innerText.includes('started')");
  }

  /** Clicks Pause and waits until the page and the list show the session PAUSED. */
  private static void pause(HeadlessChromium browser) throws Exception {
    browser.evaluate("document.getElementById('pause').click()");
    await(browser, "document.getElementById('detail-state').dataset.state === 'PAUSED'"
        + " && document.querySelector('#sessions tr.selected')?.dataset.state === 'PAUSED'");
  }

  private static void shoot(HeadlessChromium browser, Path file) throws Exception {
    // two animation frames: the charts are drawn on the next one
    browser.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");
    Files.write(file, browser.screenshot());
  }

  private static void await(HeadlessChromium browser, String expression) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      JsonElement v = browser.evaluate(expression);
      if (v != null && v.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for " + expression);
      }
      TimeUnit.MILLISECONDS.sleep(100); // polling the page with a deadline
    }
  }
}
