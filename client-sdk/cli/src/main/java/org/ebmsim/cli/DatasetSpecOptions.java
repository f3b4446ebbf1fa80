package org.ebmsim.cli;

import org.ebmsim.proto.v1.CsvOptions;
import org.ebmsim.proto.v1.DatasetFormat;
import org.ebmsim.proto.v1.DatasetSpec;
import org.ebmsim.proto.v1.DatasetSplit;
import org.ebmsim.proto.v1.DatasetTransforms;
import picocli.CommandLine.Option;

/** What {@code datasets upload} and {@code datasets register} share: name, format, transforms, split. */
final class DatasetSpecOptions {
  /** File formats by their command-line names. */
  enum Format {
    idx(DatasetFormat.DATASET_FORMAT_IDX),
    csv(DatasetFormat.DATASET_FORMAT_CSV),
    ebmsim(DatasetFormat.DATASET_FORMAT_EBMSIM);

    final DatasetFormat proto;

    Format(DatasetFormat proto) {
      this.proto = proto;
    }
  }

  /** CSV header handling by its command-line name. */
  enum Header {
    auto(CsvOptions.Header.HEADER_AUTO),
    present(CsvOptions.Header.HEADER_PRESENT),
    absent(CsvOptions.Header.HEADER_ABSENT);

    final CsvOptions.Header proto;

    Header(CsvOptions.Header proto) {
      this.proto = proto;
    }
  }

  @Option(names = "--name", description = "Dataset name (1..128 of A-Z a-z 0-9 . _ -; default: unnamed).")
  String name = "";

  @Option(names = "--format", required = true, description = "File format: ${COMPLETION-CANDIDATES} (gzip is detected).")
  Format format;

  @Option(names = "--label-column", description = "CSV: column of the labels, from 0; negative from the end (-1: last).")
  Integer labelColumn;

  @Option(names = "--header", description = "CSV: first line is a header: ${COMPLETION-CANDIDATES} (default: auto, a"
      + " line with a non-number).")
  Header header;

  @Option(names = "--scale", description = "Multiply every value (e.g. 0.00392156862745098 for 1/255).")
  Double scale;

  @Option(names = "--zca", description = "ZCA-whiten the rows (after --scale).")
  boolean zca;

  @Option(names = "--zca-epsilon", description = "Epsilon of ZCA (default 0.01).")
  Double zcaEpsilon;

  @Option(names = "--binarize", paramLabel = "THRESHOLD", description = "Values above THRESHOLD become 1, others 0.")
  Double binarize;

  @Option(names = "--spins", paramLabel = "THRESHOLD", description = "Values above THRESHOLD become +1, others -1.")
  Double spins;

  @Option(names = "--held-out", paramLabel = "FRACTION", description = "Share of rows held out, in [0, 1) (default 0).")
  double heldOut;

  @Option(names = "--split-seed", description = "Seed of the held-out rows (default 0).")
  long splitSeed;

  DatasetSpec spec(picocli.CommandLine.Model.CommandSpec command) {
    if (binarize != null && spins != null) {
      throw EbmsimCli.usage(command, "--binarize and --spins exclude each other");
    }
    DatasetSpec.Builder b = DatasetSpec.newBuilder().setName(name).setFormat(format.proto);
    if (labelColumn != null || header != null) {
      CsvOptions.Builder csv = b.getCsvBuilder();
      if (labelColumn != null) {
        csv.setLabelColumn(labelColumn);
      }
      if (header != null) {
        csv.setHeader(header.proto);
      }
    }
    DatasetTransforms.Builder t = b.getTransformsBuilder().setZca(zca);
    if (scale != null) {
      t.setScale(scale);
    }
    if (zcaEpsilon != null) {
      t.setZcaEpsilon(zcaEpsilon);
    }
    if (binarize != null) {
      t.setBinarizeThreshold(binarize);
    }
    if (spins != null) {
      t.setSpinThreshold(spins);
    }
    b.setSplit(DatasetSplit.newBuilder().setHeldOutFraction(heldOut).setSeed(splitSeed));
    return b.build();
  }
}
