package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.proto.v1.AisBase;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.MapRbmToHopfieldRequest;
import org.ebmsim.proto.v1.Orthogonalization;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.testing.FakeEbmsimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.TypeConversionException;

/** Options of the RBM commands: converters, and the usage errors given before any call. */
class RbmOptionParsingTest {
  @TempDir Path dir;
  private String out;
  private String err;

  /** Runs the CLI with a connector that fails the test: usage errors must come before connecting. */
  private int runOffline(String... args) {
    return run(target -> {
      throw new AssertionError("connected although the arguments are invalid");
    }, args);
  }

  private int run(java.util.function.Function<String, EbmsimClient> connector, String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = EbmsimCli.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
        new PrintStream(e, true, StandardCharsets.UTF_8), connector);
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return code;
  }

  private void assertUsageError(String part, String... args) {
    assertEquals(EbmsimCli.EXIT_USAGE, runOffline(args), "stdout:\n" + out + "\nstderr:\n" + err);
    assertTrue(err.contains(part), "expected <" + part + "> in:\n" + err);
  }

  private Path file(String name, String content) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  @Test
  void converters_acceptTheDocumentedWords() {
    assertEquals(RbmVariant.BINARY_GAUSSIAN, new ProtoEnumOptions.RbmVariantConverter().convert("Binary-Gaussian"));
    assertEquals(RbmVariant.GAUSSIAN_BERNOULLI, new ProtoEnumOptions.RbmVariantConverter().convert("gaussian_bernoulli"));
    assertEquals(Orthogonalization.SYMMETRIC_ROOT, new ProtoEnumOptions.OrthogonalizationConverter().convert("root"));
    assertEquals(MapRbmToHopfieldRequest.Start.GIVEN, new ProtoEnumOptions.StartConverter().convert("given"));
    assertEquals(AisBase.DATA_BASE_RATE, new ProtoEnumOptions.AisBaseConverter().convert("data"));
    assertEquals("binary-gaussian", ProtoEnumOptions.word(RbmVariant.BINARY_GAUSSIAN));
    TypeConversionException e = assertThrows(TypeConversionException.class,
        () -> new ProtoEnumOptions.RbmVariantConverter().convert("bernoulli"));
    assertTrue(e.getMessage().contains("use binary, spin, binary-gaussian or gaussian-bernoulli"), e.getMessage());
  }

  @Test
  void betas_commaOrBlankSeparated_parsed_andNonNumbersNamed() {
    assertArrayEquals(new double[] {0, 0.25, 0.5, 1}, AisCommand.parseBetas("0,0.25, 0.5 1"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AisCommand.parseBetas("0,x,1"));
    assertTrue(e.getMessage().contains("entry 1 \"x\" is not a number"), e.getMessage());
  }

  @Test
  void modelsCreate_rbmFromJson_sendsWeightsBiasesBetaAndImage() throws Exception {
    Path weights = file("bg.json", "{\"weights\": [[1, 0], [0, 1], [0.5, -0.5], [0, 0]],"
        + " \"visible_bias\": [0.1, 0.2, 0.3, 0.4], \"hiddenBias\": [1, -1]}");
    try (FakeEbmsimServer server = new FakeEbmsimServer()) {
      int code = run(target -> EbmsimClient.create(server.newChannel()), "models", "create", "--rbm-weights",
          weights.toString(), "--variant", "binary-gaussian", "--beta", "2", "--image", "2x2");

      assertEquals(0, code, err);
      RbmSpec sent = server.requests(CreateModelRequest.class).get(0).getRbm();
      assertEquals(RbmVariant.BINARY_GAUSSIAN, sent.getVariant());
      assertEquals(List.of(1.0, 0.0, 0.0, 1.0, 0.5, -0.5, 0.0, 0.0), sent.getWeights().getValuesList());
      assertEquals(List.of(0.1, 0.2, 0.3, 0.4), sent.getVisibleBiasList());
      assertEquals(List.of(1.0, -1.0), sent.getHiddenBiasList());
      assertEquals(2.0, sent.getInverseTemperature());
      assertEquals(2, sent.getImageShape().getHeight());
      assertTrue(out.contains("\"bg\": RBM (binary-gaussian), 4 visible x 2 hidden units"), out);
    }
  }

  @Test
  void modelsCreate_rbmShapeMistakes_areUsageErrorsBeforeSending() throws Exception {
    String w = file("w.csv", "1, 0, 0.5\n0, 1, -0.5\n").toString(); // V = 2, H = 3
    String three = file("three.csv", "1 2 3\n").toString();
    String two = file("two.csv", "1 2\n").toString();

    assertUsageError("--rbm-weights needs --variant", "models", "create", "--rbm-weights", w);
    assertUsageError("visible bias must have one entry per visible unit (2", "models", "create", "--rbm-weights", w,
        "--variant", "binary", "--visible-bias", three);
    assertUsageError("hidden bias must have one entry per hidden unit (3", "models", "create", "--rbm-weights", w,
        "--variant", "spin", "--hidden-bias", two);
    assertUsageError("σ must have one entry per visible unit (2", "models", "create", "--rbm-weights", w,
        "--variant", "gaussian-bernoulli", "--sigma", three);
    assertUsageError("applies only to a BINARY_GAUSSIAN RBM", "models", "create", "--rbm-weights", w,
        "--variant", "binary", "--beta", "2");
    assertUsageError("image 3x3 has 9 pixels but the model has 2 visible units", "models", "create",
        "--rbm-weights", w, "--variant", "binary", "--image", "3x3");
    assertUsageError("need --rbm-weights", "models", "create", "--weights", w, "--variant", "binary");
    assertUsageError("cannot be combined with --weights", "models", "create", "--rbm-weights", w, "--weights", w,
        "--variant", "binary");
  }

  @Test
  void ais_badOptionCombinations_areUsageErrorsBeforeConnecting() throws Exception {
    assertUsageError("Missing required option: '--chains=C'", "ais", "m-1");
    assertUsageError("give only one of --steps, --three-segment and --betas", "ais", "m-1", "--chains", "5",
        "--steps", "10", "--betas", "0,1");
    assertUsageError("3 to 1000000 temperatures, got 2", "ais", "m-1", "--chains", "5", "--three-segment", "2");
    assertUsageError("from β = 0 to β = 1", "ais", "m-1", "--chains", "5", "--betas", "0.1,1");
    assertUsageError("--reverse needs --data", "ais", "m-1", "--chains", "5", "--reverse");
    assertUsageError("--base data needs --data", "ais", "m-1", "--chains", "5", "--base", "data");
    assertUsageError("--chains must be ≥ 1, got -3", "ais", "m-1", "--chains", "-3");
  }

  @Test
  void map_badOptionCombinations_areUsageErrorsBeforeConnecting() throws Exception {
    String patterns = file("p.csv", "1 -1 1 -1\n").toString();
    String x = file("x.csv", "1 0\n0 1\n0 0\n").toString();

    assertUsageError("give either MODEL", "map", "hopfield-to-rbm");
    assertUsageError("give either MODEL", "map", "hopfield-to-rbm", "m-1", "--patterns", patterns);
    assertUsageError("invalid method 'lu': use qr, svd or root", "map", "hopfield-to-rbm", "m-1", "--method", "lu");
    assertUsageError("--start given needs --transform", "map", "rbm-to-hopfield", "m-1", "--start", "given");
    assertUsageError("--transform is used only with --start given", "map", "rbm-to-hopfield", "m-1",
        "--start", "random", "--transform", x);
    assertUsageError("must be square (H x H), got 3 x 2", "map", "rbm-to-hopfield", "m-1", "--transform", x);
    assertUsageError("--name names the registered network and needs --register", "map", "rbm-to-hopfield", "m-1",
        "--name", "h");
    assertUsageError("--alpha must be finite and > 0", "map", "rbm-to-hopfield", "m-1", "--alpha", "0");
  }

  @Test
  void help_listsTheRbmCommandsAndOptions() {
    assertEquals(0, runOffline("--help"));
    assertTrue(out.contains("map") && out.contains("ais"), out);
    assertEquals(0, runOffline("models", "create", "--help"));
    assertTrue(out.contains("--rbm-weights=FILE") && out.contains("--variant=VARIANT"), out);
    assertEquals(0, runOffline("map", "rbm-to-hopfield", "--help"));
    assertTrue(out.contains("--transform=FILE") && out.contains("--register"), out);
  }
}
