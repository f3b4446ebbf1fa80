package org.ebmsim.server.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.AttnBmSpec;
import org.ebmsim.proto.v1.BoltzmannFromWeights;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.CsvOptions;
import org.ebmsim.proto.v1.DatasetFormat;
import org.ebmsim.proto.v1.DatasetSpec;
import org.ebmsim.proto.v1.DatasetSplit;
import org.ebmsim.proto.v1.DbmSpec;
import org.ebmsim.proto.v1.DbmUnits;
import org.ebmsim.proto.v1.DenseInteraction;
import org.ebmsim.proto.v1.DenseMemorySpec;
import org.ebmsim.proto.v1.GeometricSchedule;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.RegisterDatasetRequest;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.proto.v1.StorageRule;

/**
 * What the server under fuzz holds before every input, by placeholder: one small model of every
 * built-in family, one labelled 0/1 dataset, and (made per input, only when an input names it) a
 * live session. Small enough that any session a fuzzed request starts on them is cheap.
 */
final class ServerFixtures {
  static final String DATASET = "@dataset";
  static final String SESSION = "@session";
  /** The dataset's file under the dataset root: 12 rows, a label then 6 bits. */
  static final String DATASET_FILE = "fixture.csv";
  static final int DATASET_COLS = 6;

  private ServerFixtures() {}

  /** The stored models, by placeholder, in creation order. */
  static Map<String, CreateModelRequest> models() {
    Map<String, CreateModelRequest> m = new LinkedHashMap<>();
    m.put("@hopfield", CreateModelRequest.newBuilder().setName("fx-hopfield").setHopfieldPatterns(
        HopfieldFromPatterns.newBuilder().setRule(StorageRule.HEBBIAN).setPatterns(spins(2, 8, 7))).build());
    m.put("@boltzmann", CreateModelRequest.newBuilder().setName("fx-boltzmann").setBoltzmann(
        BoltzmannFromWeights.newBuilder().setWeights(symmetric(8)).setVisibleUnits(DATASET_COLS)).build());
    m.put("@rbm", CreateModelRequest.newBuilder().setName("fx-rbm").setRbm(RbmSpec.newBuilder()
        .setVariant(RbmVariant.BINARY).setWeights(matrix(DATASET_COLS, 3, 0.3))).build());
    m.put("@gaussian-rbm", CreateModelRequest.newBuilder().setName("fx-gaussian-rbm").setRbm(RbmSpec.newBuilder()
        .setVariant(RbmVariant.BINARY_GAUSSIAN).setWeights(matrix(8, 2, 0.4)).setInverseTemperature(1)).build());
    m.put("@dbm", CreateModelRequest.newBuilder().setName("fx-dbm").setDbm(DbmSpec.newBuilder()
        .setUnits(DbmUnits.DBM_BINARY).addWeights(matrix(DATASET_COLS, 4, 0.2)).addWeights(matrix(4, 2, 0.4)))
        .build());
    m.put("@dense", CreateModelRequest.newBuilder().setName("fx-dense").setDenseMemory(DenseMemorySpec.newBuilder()
        .setPatterns(spins(2, 8, 11)).setInteraction(DenseInteraction.POWER).setDegree(3)).build());
    m.put("@attnbm", CreateModelRequest.newBuilder().setName("fx-attnbm").setAttnbm(AttnBmSpec.newBuilder()
        .setPatterns(matrix(2, DATASET_COLS, 0.5)).setInverseTemperature(1)).build());
    return m;
  }

  /** The CSV behind {@link #DATASET}: labels 0/1 in column 0, then 0/1 values. */
  static byte[] datasetCsv() {
    StringBuilder csv = new StringBuilder();
    for (int r = 0; r < 12; r++) {
      csv.append(r % 2);
      for (int c = 0; c < DATASET_COLS; c++) {
        csv.append(',').append((r * 7 + c * 3) % 5 < 2 ? 1 : 0);
      }
      csv.append('\n');
    }
    return csv.toString().getBytes(StandardCharsets.US_ASCII);
  }

  static RegisterDatasetRequest registerDataset() {
    return RegisterDatasetRequest.newBuilder().setDataPath(DATASET_FILE).setSpec(DatasetSpec.newBuilder()
        .setName("fx-dataset").setFormat(DatasetFormat.DATASET_FORMAT_CSV)
        .setCsv(CsvOptions.newBuilder().setLabelColumn(0))
        .setSplit(DatasetSplit.newBuilder().setHeldOutFraction(0.25).setSeed(1))).build();
  }

  /**
   * The request behind {@link #SESSION}: an anneal of the Hopfield fixture long enough never to
   * finish while its owner reads only the first event (the session waits for its stream).
   */
  static AnnealRequest heldSession(String hopfieldId) {
    return AnnealRequest.newBuilder().setModelId(hopfieldId).setChains(2).setSeed(1).setReportEverySweeps(1)
        .setSchedule(Schedule.newBuilder().setSweepsPerTemperature(8).setGeometric(GeometricSchedule.newBuilder()
            .setTStart(2).setTEnd(0.1).setSteps(64))).build();
  }

  /** {@code rows × cols} of ±1, a fixed pseudo-random pattern. */
  static SpinMatrix spins(int rows, int cols, int seed) {
    SpinMatrix.Builder s = SpinMatrix.newBuilder().setRows(rows).setCols(cols);
    for (int k = 0; k < rows * cols; k++) {
      s.addSpins(((k * 31 + seed * 17) % 7) < 3 ? 1 : -1);
    }
    return s.build();
  }

  static Matrix matrix(int rows, int cols, double scale) {
    Matrix.Builder m = Matrix.newBuilder().setRows(rows).setCols(cols);
    for (int k = 0; k < rows * cols; k++) {
      m.addValues(scale * (((k * 13) % 5) - 2) / 2.0);
    }
    return m.build();
  }

  /** Symmetric {@code n × n} couplings with a zero diagonal. */
  static Matrix symmetric(int n) {
    Matrix.Builder m = Matrix.newBuilder().setRows(n).setCols(n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        m.addValues(i == j ? 0 : 0.1 * (((i + j) % 3) - 1));
      }
    }
    return m.build();
  }
}
