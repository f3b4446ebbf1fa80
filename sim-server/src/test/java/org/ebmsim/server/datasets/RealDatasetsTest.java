package org.ebmsim.server.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.ebmsim.proto.v1.CsvOptions;
import org.ebmsim.proto.v1.Dataset;
import org.ebmsim.proto.v1.DatasetFormat;
import org.ebmsim.proto.v1.DatasetSpec;
import org.ebmsim.proto.v1.DatasetSplit;
import org.ebmsim.proto.v1.DatasetTransforms;
import org.ebmsim.proto.v1.GetDatasetRequest;
import org.ebmsim.proto.v1.RegisterDatasetRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real data from Debian packages (.ci/run installs them): Fashion-MNIST's test set registered by
 * path, and scikit-learn's 8×8 digits uploaded as gzipped CSV. Skipped only where the files are
 * absent.
 */
class RealDatasetsTest {
  static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");
  static final Path DIGITS = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz");

  @TempDir Path dir;

  @Test
  void fashionMnistTestSet_registeredByPath_hasTenThousand28x28Images_aThousandPerClass() throws Exception {
    Path images = FASHION.resolve("t10k-images-idx3-ubyte.gz");
    Path labels = FASHION.resolve("t10k-labels-idx1-ubyte.gz");
    assumeTrue(Files.isReadable(images) && Files.isReadable(labels),
        "Fashion-MNIST is absent: " + FASHION + " comes with Debian's dataset-fashion-mnist package");
    Path root = Files.createDirectories(dir.resolve("root"));
    // links inside the root that lead out are refused; copies are what an operator would place there
    Files.copy(images, root.resolve("t10k-images.gz"));
    Files.copy(labels, root.resolve("t10k-labels.gz"));
    try (DatasetTestServer s = new DatasetTestServer(dir.resolve("data"), root, 1L << 30)) {
      Dataset raw = s.blocking.registerDataset(RegisterDatasetRequest.newBuilder()
          .setSpec(DatasetSpec.newBuilder().setName("fashion-t10k").setFormat(DatasetFormat.DATASET_FORMAT_IDX))
          .setDataPath("t10k-images.gz").setLabelsPath("t10k-labels.gz").build());
      assertEquals(10000, raw.getRows());
      assertEquals(784, raw.getCols());
      assertEquals(28, raw.getImageShape().getHeight());
      assertEquals(28, raw.getImageShape().getWidth());
      assertEquals(10, raw.getClasses());
      assertEquals(Collections.nCopies(10, 1000L), raw.getLabelCountsList());
      assertEquals(0f, raw.getMinValue());
      assertEquals(255f, raw.getMaxValue());

      Dataset bits = s.blocking.registerDataset(RegisterDatasetRequest.newBuilder()
          .setSpec(DatasetSpec.newBuilder().setName("fashion-bits").setFormat(DatasetFormat.DATASET_FORMAT_IDX)
              .setTransforms(DatasetTransforms.newBuilder().setScale(1 / 255.0).setBinarizeThreshold(0.5))
              .setSplit(DatasetSplit.newBuilder().setHeldOutFraction(0.1).setSeed(1)))
          .setDataPath("t10k-images.gz").setLabelsPath("t10k-labels.gz").build());
      assertEquals(0f, bits.getMinValue());
      assertEquals(1f, bits.getMaxValue());
      assertEquals(1000, bits.getHeldOutRows());
      Dataset preview = s.blocking.getDataset(GetDatasetRequest.newBuilder().setId(bits.getId()).setPreviewRows(2)
          .build());
      assertEquals(2 * 784, preview.getPreview().getValuesCount());
      preview.getPreview().getValuesList().forEach(v -> assertEquals(0f, v * (1 - v)));
    }
  }

  @Test
  void sklearnDigits_uploadedAsGzippedCsv_has1797RowsOf64PixelsIn0To16() throws Exception {
    assumeTrue(Files.isReadable(DIGITS), "the 8x8 digits are absent: " + DIGITS
        + " comes with Debian's python3-sklearn package");
    try (DatasetTestServer s = new DatasetTestServer(dir.resolve("data"), dir.resolve("root"), 1L << 30)) {
      Dataset d = s.upload(DatasetSpec.newBuilder().setName("digits").setFormat(DatasetFormat.DATASET_FORMAT_CSV)
          .setCsv(CsvOptions.newBuilder().setLabelColumn(-1))
          .setSplit(DatasetSplit.newBuilder().setHeldOutFraction(0.2).setSeed(3)).build(),
          Files.readAllBytes(DIGITS), null, 64 << 10);
      assertEquals(1797, d.getRows());
      assertEquals(64, d.getCols());
      assertEquals(10, d.getClasses());
      // the class sizes of load_digits()
      assertEquals(List.of(178L, 182L, 177L, 183L, 181L, 182L, 181L, 179L, 174L, 180L), d.getLabelCountsList());
      assertEquals(0f, d.getMinValue());
      assertEquals(16f, d.getMaxValue());
      assertEquals(359, d.getHeldOutRows());
      assertEquals(1438, d.getTrainRows());
    }
  }
}
