package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.util.JsonFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ebmsim.client.LayerStates;
import org.ebmsim.proto.v1.ChainState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code models families}, deep Boltzmann machines and cues over 0/1 visible units end to end
 * against the real server over Netty on port 0.
 */
class FamiliesCliAgainstRealServerTest {
  @TempDir Path dir;
  private RealServerCli cli;

  @BeforeEach
  void start() {
    cli = new RealServerCli(dir.resolve("data"));
  }

  @AfterEach
  void stop() {
    cli.close();
  }

  private static void assertContains(String text, String part) {
    assertTrue(text.contains(part), "expected <" + part + "> in:\n" + text);
  }

  private Path file(String name, String content) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  @Test
  void modelsFamilies_listsTheBuiltInFamilies() {
    cli.assertRun(0, "--json", "models", "families");

    List<String> families = new ArrayList<>();
    cli.out().lines().forEach(l -> families.add(JsonParser.parseString(l).getAsJsonObject().get("family").getAsString()));
    assertTrue(families.containsAll(List.of("hopfield", "boltzmann", "rbm", "dbm")), families.toString());
    cli.assertRun(0, "models", "families");
    assertContains(cli.out(), "DbmSpec");
  }

  /** A spin DBM with layers of 4, 3 and 2 units (2^9 states): weights and biases. */
  private static final double[][] W0 = {{0.8, -0.4, 0.3}, {-0.5, 0.9, 0.2}, {0.6, 0.1, -0.7}, {-0.2, -0.6, 0.5}};
  private static final double[][] W1 = {{1.0, -0.5}, {-0.8, 0.4}, {0.3, 0.9}};
  private static final double[][] B = {{0.1, -0.1, 0.2, 0}, {0, 0.3, -0.2}, {0.2, -0.2}};

  /** E(s) = -Σ_l b_lᵀ s_l - Σ_l s_lᵀ W_l s_(l+1) of the DBM above. */
  private static double dbmEnergy(int[] v, int[] h1, int[] h2) {
    double e = 0;
    int[][] s = {v, h1, h2};
    for (int l = 0; l < 3; l++) {
      for (int i = 0; i < s[l].length; i++) {
        e -= B[l][i] * s[l][i];
      }
    }
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 3; j++) {
        e -= v[i] * W0[i][j] * h1[j];
      }
    }
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 2; j++) {
        e -= h1[i] * W1[i][j] * h2[j];
      }
    }
    return e;
  }

  /** The lowest energy over all 2^9 spin states, by brute force. */
  private static double dbmGroundEnergy() {
    double best = Double.POSITIVE_INFINITY;
    for (int k = 0; k < 1 << 9; k++) {
      int[] bits = new int[9];
      for (int u = 0; u < 9; u++) {
        bits[u] = ((k >> u) & 1) == 1 ? 1 : -1;
      }
      best = Math.min(best, dbmEnergy(java.util.Arrays.copyOfRange(bits, 0, 4),
          java.util.Arrays.copyOfRange(bits, 4, 7), java.util.Arrays.copyOfRange(bits, 7, 9)));
    }
    return best;
  }

  private static String csv(double[][] rows) {
    StringBuilder sb = new StringBuilder();
    for (double[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        sb.append(c == 0 ? "" : " ").append(row[c]);
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  @Test
  void dbm_createAnnealToTheGroundEnergy_andShowItsLayers() throws Exception {
    Path w0 = file("w0.csv", csv(W0));
    Path w1 = file("w1.csv", csv(W1));
    Path b0 = file("b0.csv", csv(new double[][] {B[0]}));
    Path b1 = file("b1.csv", csv(new double[][] {B[1]}));
    Path b2 = file("b2.csv", csv(new double[][] {B[2]}));
    cli.assertRun(0, "--json", "models", "create", "--dbm-weights", w0 + "," + w1, "--dbm-units", "spin",
        "--dbm-biases", b0 + "," + b1 + "," + b2, "--image", "2x2", "--name", "deep");
    JsonObject model = cli.lastJsonLine();
    String id = model.get("id").getAsString();
    assertEquals("dbm", model.get("family").getAsString());
    assertEquals("spin", model.get("variant").getAsString());
    JsonArray layers = model.getAsJsonArray("layers");
    assertEquals(3, layers.size());
    assertEquals("h2", layers.get(2).getAsJsonObject().get("name").getAsString());
    assertEquals(9, model.get("units").getAsInt());

    cli.assertRun(0, "--json", "anneal", id, "--chains", "16", "--seed", "3", "--schedule", "geometric:3:0.05:30",
        "--sweeps-per-temp", "10");
    ChainState.Builder best = ChainState.newBuilder();
    JsonFormat.parser().merge(cli.lastJsonLine().getAsJsonObject("result").getAsJsonObject("best").toString(), best);
    int[] v = LayerStates.row(LayerStates.layer(best.build(), "visible").orElseThrow(), 0);
    int[] h1 = LayerStates.row(LayerStates.layer(best.build(), "h1").orElseThrow(), 0);
    int[] h2 = LayerStates.row(LayerStates.layer(best.build(), "h2").orElseThrow(), 0);
    assertEquals(dbmEnergy(v, h1, h2), best.getEnergy(), 1e-5, "the best state's layers decode to its energy");
    assertEquals(dbmGroundEnergy(), best.getEnergy(), 1e-5, "annealing 16 chains reaches the ground energy of 512 states");

    cli.assertRun(0, "anneal", id, "--chains", "4", "--seed", "3");
    assertContains(cli.out(), "annealed " + id + ": ");
    assertContains(cli.out(), "best state (visible units):");
    assertContains(cli.out(), "h1 units:");
    assertContains(cli.out(), "h2 units:");
    cli.assertRun(0, "exact", id);
    assertContains(cli.out(), "P(h2_i = +1)");
    cli.assertRun(0, "models", "get", id, "--params");
    assertContains(cli.out(), "kind           DBM (spin)");
    assertContains(cli.out(), "W1 (1-2)       3 x 2");
    assertContains(cli.out(), "bias 2         0.2000 -0.2000");
  }

  @Test
  void binaryRbm_completeWithSignCue_sendsZeroOneAndDrawsTheVisibleImage() throws Exception {
    Path w = file("w.csv", "2 0\n2 0\n0 2\n0 2\n");
    cli.assertRun(0, "--json", "models", "create", "--rbm-weights", w.toString(), "--variant", "binary",
        "--image", "2x2");
    String id = cli.lastJsonLine().get("id").getAsString();

    cli.assertRun(0, "complete", id, "--cue-values", "1,0,-1,0", "--seed", "1");

    assertContains(cli.out(), "completed with " + id + ": ");
    assertContains(cli.out(), "cue      completed");
    assertContains(cli.out(), "hamming to cue 0 of 4 units");
  }
}
