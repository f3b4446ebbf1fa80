package org.ebmsim.server.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.ebmsim.data.CsvDatasetReader;
import org.ebmsim.data.Dataset;
import org.ebmsim.data.DatasetPreparation;
import org.ebmsim.data.EbmsimDatasetReader;
import org.ebmsim.data.IdxReader;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.memory.MemoryBudget;
import org.ebmsim.proto.v1.CsvOptions;
import org.ebmsim.proto.v1.DatasetSpec;

/**
 * Turns files on the server (registered ones, or uploads once received) into a stored dataset:
 * parse in the spec's format, apply its transforms and split, store. Everything is charged to
 * one memory reservation, which the store keeps for the dataset; on any failure (including the
 * caller cancelling before the dataset is stored) nothing is stored and the reservation is
 * given back.
 */
public final class DatasetImport {
  private final DatasetStore store;

  public DatasetImport(DatasetStore store) {
    this.store = store;
  }

  /**
   * Checks what the spec combines, before any byte is read: the format is set, CSV options go
   * with CSV only, a labels file with IDX only.
   */
  public static void checkSpec(DatasetSpec spec, boolean hasLabelsFile) {
    InvalidRequestException.require(spec.getFormatValue() >= 1 && spec.getFormatValue() <= 3,
        "spec.format must be DATASET_FORMAT_IDX, DATASET_FORMAT_CSV or DATASET_FORMAT_EBMSIM (got "
            + spec.getFormatValue() + ")");
    InvalidRequestException.require(!spec.hasCsv() || spec.getFormat() == org.ebmsim.proto.v1.DatasetFormat.DATASET_FORMAT_CSV,
        "spec.csv applies only to DATASET_FORMAT_CSV");
    InvalidRequestException.require(!hasLabelsFile || spec.getFormat() == org.ebmsim.proto.v1.DatasetFormat.DATASET_FORMAT_IDX,
        "a separate labels file applies only to DATASET_FORMAT_IDX (CSV labels are a column, EBMSIM labels are in"
            + " the DatasetFile)");
    InvalidRequestException.require(spec.getCsv().getHeaderValue() >= 0 && spec.getCsv().getHeaderValue() <= 2,
        "spec.csv.header is not a known value (got " + spec.getCsv().getHeaderValue() + ")");
  }

  /**
   * Reads {@code data} (and the IDX labels file {@code labels}, or null), transforms and stores.
   *
   * @param name the dataset's (checked) name
   * @param cancelled true once the caller has gone: checked before storing
   */
  public StoredDataset importFiles(String name, DatasetSpec spec, Path data, Path labels, BooleanSupplier cancelled)
      throws IOException {
    checkSpec(spec, labels != null);
    MemoryBudget.Reservation memory = store.budget().reserve(0, "reading this dataset");
    try {
      Dataset read = read(spec, data, labels, memory);
      Dataset prepared = DatasetPreparation.apply(read, spec.getTransforms(), spec.getSplit(), memory);
      memory.resize(prepared.heapBytes(), "this dataset");
      if (cancelled.getAsBoolean()) {
        throw new java.util.concurrent.CancellationException("the caller cancelled");
      }
      return store.put(name, spec.getFormat(), spec.getTransforms(), spec.getSplit(), prepared, memory);
    } catch (IOException | RuntimeException e) {
      memory.close();
      throw e;
    }
  }

  private static Dataset read(DatasetSpec spec, Path data, Path labels, MemoryBudget.Reservation memory)
      throws IOException {
    try (InputStream in = Files.newInputStream(data)) {
      switch (spec.getFormat()) {
        case DATASET_FORMAT_IDX -> {
          if (labels == null) {
            return IdxReader.dataset(in, null, memory);
          }
          try (InputStream l = Files.newInputStream(labels)) {
            return IdxReader.dataset(in, l, memory);
          }
        }
        case DATASET_FORMAT_CSV -> {
          CsvOptions o = spec.getCsv();
          CsvDatasetReader.Header header = switch (o.getHeader()) {
            case HEADER_PRESENT -> CsvDatasetReader.Header.PRESENT;
            case HEADER_ABSENT -> CsvDatasetReader.Header.ABSENT;
            default -> CsvDatasetReader.Header.AUTO;
          };
          return CsvDatasetReader.read(in, new CsvDatasetReader.Options(header,
              o.hasLabelColumn() ? o.getLabelColumn() : null), memory);
        }
        case DATASET_FORMAT_EBMSIM -> {
          return EbmsimDatasetReader.read(in, memory);
        }
        default -> throw new InvalidRequestException("unknown dataset format " + spec.getFormat());
      }
    }
  }
}
