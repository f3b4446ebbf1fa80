package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.ebmsim.cli.plot.PngFile;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.RbmInitialisation;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ebmsim anneal|ais|train --plot FILE} against the real server: the PNG is there, decodes,
 * has the documented size and shows the first series' colour; an unwritable path fails the
 * command after its usual output.
 */
class PlotCliAgainstRealServerTest {
  /** The first series' colour in every run chart (Charts.BLUE). */
  private static final int FIRST_SERIES_RGB = 0x1f77b4;

  @TempDir Path dir;
  private RealServerCli cli;

  @BeforeAll
  static void javaCanDrawText() {
    System.setProperty("java.awt.headless", "true");
    boolean drawn;
    String why = "";
    try {
      Graphics2D g = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB).createGraphics();
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.drawString("x", 0, 9);
      g.dispose();
      drawn = true;
    } catch (Throwable e) { // no fontconfig or no font: AWT fails with an Error, not an exception
      drawn = false;
      why = e.toString();
    }
    Assumptions.assumeTrue(drawn, "Java2D cannot draw text here (install fontconfig and fonts-dejavu-core, as .ci/run"
        + " does): " + why);
  }

  @BeforeEach
  void start() {
    cli = new RealServerCli(dir.resolve("data"));
  }

  @AfterEach
  void stop() {
    cli.close();
  }

  private String run(int expected, String... args) {
    int code = cli.run(args);
    assertEquals(expected, code, "exit code of " + String.join(" ", args) + "\nstdout:\n" + cli.out() + "\nstderr:\n"
        + cli.err());
    return cli.out();
  }

  /** Asserts {@code png} is a {@link PngFile#WIDTH}×{@link PngFile#HEIGHT} image that is not blank. */
  private static void assertChart(Path png) throws Exception {
    assertTrue(Files.isRegularFile(png), png + " was not written");
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, png + " does not decode as an image");
    assertEquals(PngFile.WIDTH, image.getWidth());
    assertEquals(PngFile.HEIGHT, image.getHeight());
    Set<Integer> colours = new HashSet<>();
    int firstSeries = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        if (rgb == FIRST_SERIES_RGB) {
          firstSeries++;
        }
      }
    }
    assertTrue(colours.size() > 20, "a blank-looking image: " + colours.size() + " colours");
    assertTrue(firstSeries > 50, "the first series is drawn (its colour covers " + firstSeries + " pixels)");
    assertFalse(Files.exists(png.resolveSibling(png.getFileName() + ".partial")), "no partial file left");
  }

  private String letters() throws Exception {
    Path patterns = Files.writeString(dir.resolve("letters.json"), "{\"patterns\": [[1,1,1,1,-1,1,-1,-1,-1,1,-1,-1,"
        + "-1,1,-1,-1],[1,-1,-1,-1,1,-1,-1,-1,1,-1,-1,-1,1,1,1,1]]}");
    run(0, "--json", "models", "create", "--patterns", patterns.toString(), "--name", "letters");
    return JsonParser.parseString(cli.out().trim()).getAsJsonObject().get("id").getAsString();
  }

  @Test
  void anneal_plotsEnergyAndTemperature() throws Exception {
    String id = letters();
    Path png = dir.resolve("anneal.png");
    String out = run(0, "anneal", id, "--chains", "8", "--schedule", "geometric:3:0.05:20", "--no-progress",
        "--plot", png.toString());
    assertTrue(out.contains("annealed " + id), out);
    assertTrue(cli.err().contains("plot written to " + png), cli.err());
    assertChart(png);
  }

  @Test
  void anneal_unwritablePlot_failsAfterPrintingTheRun() throws Exception {
    String id = letters();
    Path missingFolder = dir.resolve("no-such-folder").resolve("anneal.png");
    String out = run(EbmsimCli.EXIT_FAILURE, "anneal", id, "--chains", "4", "--no-progress", "--plot",
        missingFolder.toString());
    assertTrue(out.contains("annealed " + id), "the summary is still printed: " + out);
    assertTrue(cli.err().contains("error: cannot write the plot to " + missingFolder + ": its folder does not exist"),
        cli.err());
    // a folder that is a file cannot hold one either (root may write anywhere, but not there)
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    out = run(EbmsimCli.EXIT_FAILURE, "--json", "anneal", id, "--chains", "4", "--plot",
        file.resolve("anneal.png").toString());
    assertTrue(out.contains("\"result\""), "the JSON events are still printed: " + out);
    assertTrue(cli.err().contains("error: cannot write the plot to " + file.resolve("anneal.png")), cli.err());
    run(EbmsimCli.EXIT_USAGE, "anneal", id, "--detached", "--plot", dir.resolve("x.png").toString());
    assertTrue(cli.err().contains("--plot draws a run this command follows"), cli.err());
  }

  @Test
  void ais_plotsTheRunningLogZWithItsErrorBand() throws Exception {
    Path weights = Files.writeString(dir.resolve("tiny-rbm.csv"), """
        0.8, -0.5, 0.3, 0.0
        -0.6, 0.9, -0.2, 0.4
        0.1, 0.7, -0.9, 0.5
        -0.3, -0.4, 0.6, -0.8
        0.5, 0.2, 0.4, 0.9
        -0.7, 0.3, -0.1, -0.5
        """);
    run(0, "--json", "models", "create", "--rbm-weights", weights.toString(), "--variant", "binary");
    String id = JsonParser.parseString(cli.out().trim()).getAsJsonObject().get("id").getAsString();
    Path png = dir.resolve("ais.png");
    String out = run(0, "ais", id, "--chains", "50", "--steps", "100", "--seed", "7", "--no-progress", "--plot",
        png.toString());
    assertTrue(out.lines().anyMatch(l -> l.startsWith("log Z ")), out);
    assertChart(png);
  }

  @Test
  void train_plotsThePerEpochMetrics() throws Exception {
    SplittableRandom r = new SplittableRandom(2);
    int[][] proto = {{1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0}, {0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 1},
        {1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0, 0}};
    StringBuilder csv = new StringBuilder();
    for (int row = 0; row < 120; row++) {
      for (int i = 0; i < 12; i++) {
        csv.append(i > 0 ? "," : "").append(proto[row % 3][i] ^ (r.nextDouble() < 0.05 ? 1 : 0));
      }
      csv.append(',').append(row % 3).append('\n'); // the class, for the projection initialisation
    }
    Path rows = Files.writeString(dir.resolve("rows.csv"), csv);
    run(0, "--json", "datasets", "upload", rows.toString(), "--format=csv", "--label-column=-1", "--held-out=0.25",
        "--split-seed=1", "--name=rows");
    String dataset = JsonParser.parseString(cli.out().strip()).getAsJsonObject().get("id").getAsString();
    String model;
    try (EbmsimClient client = EbmsimClient.connect("127.0.0.1", cli.port())) {
      model = client.createModel(CreateModelRequest.newBuilder().setName("rbm").setRbm(RbmSpec.newBuilder()
          .setVariant(RbmVariant.BINARY).setInit(RbmInitialisation.newBuilder().setDatasetId(dataset)
              .setMethod(RbmInitialisation.Method.PROJECTION).setHiddenUnits(3))).build()).getId();
    }
    Path png = dir.resolve("train.png");
    String out = run(0, "train", model, "--dataset", dataset, "--method", "pcd", "--epochs", "4", "--lr", "0.05",
        "--batch", "10", "--no-progress", "--plot", png.toString());
    assertEquals(4, out.lines().filter(l -> l.matches("[1-4]/4\\s+.*")).count(), "the per-epoch table: " + out);
    assertChart(png);
  }
}
