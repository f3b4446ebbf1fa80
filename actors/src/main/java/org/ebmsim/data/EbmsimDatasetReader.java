package org.ebmsim.data;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.memory.MemoryBudget;
import org.ebmsim.proto.v1.DatasetFile;

/** Reads ebmsim's own format: one serialized {@link DatasetFile} message, gzipped or not. */
public final class EbmsimDatasetReader {
  private EbmsimDatasetReader() {}

  /**
   * Parses and checks the message. The parsed message is transient; the values it becomes are
   * charged to {@code memory} before they are copied out of it.
   *
   * @throws InvalidRequestException if the bytes are not a valid DatasetFile
   */
  public static Dataset read(InputStream raw, MemoryBudget.Reservation memory) throws IOException {
    DatasetFile file;
    try {
      CodedInputStream coded = CodedInputStream.newInstance(Gzip.maybeDecompress(raw));
      coded.setSizeLimit(Integer.MAX_VALUE);
      file = DatasetFile.parseFrom(coded);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidRequestException("the data part is not a DatasetFile message (" + e.getMessage() + ")", e);
    } catch (ZipException | EOFException e) {
      throw new InvalidRequestException("the data part is a damaged or truncated gzip stream (" + e.getMessage() + ")",
          e);
    }
    return fromMessage(file, memory);
  }

  /** The dataset a DatasetFile describes (no split). */
  public static Dataset fromMessage(DatasetFile file, MemoryBudget.Reservation memory) {
    long rows = Integer.toUnsignedLong(file.getRows());
    long cols = Integer.toUnsignedLong(file.getCols());
    InvalidRequestException.require(rows >= 1 && cols >= 1 && rows <= IdxReader.MAX_ELEMENTS
        && cols <= IdxReader.MAX_ELEMENTS, "DatasetFile.rows and cols must be >= 1 (got " + rows + " x " + cols + ")");
    InvalidRequestException.require(rows * cols == file.getValuesCount(), "DatasetFile of " + rows + " x " + cols
        + " needs " + rows * cols + " values, got " + file.getValuesCount());
    InvalidRequestException.require(file.getLabelsCount() == 0 || file.getLabelsCount() == rows,
        "DatasetFile has " + file.getLabelsCount() + " labels for " + rows + " rows: give one per row or none");
    long height = Integer.toUnsignedLong(file.getImageShape().getHeight());
    long width = Integer.toUnsignedLong(file.getImageShape().getWidth());
    InvalidRequestException.require((height == 0 && width == 0) || height * width == cols,
        "DatasetFile.image_shape " + height + " x " + width + " does not cover the " + cols + " values of a row");
    memory.grow(Dataset.heapBytes(rows, cols, file.getLabelsCount() > 0), "reading the DatasetFile");
    float[] values = new float[(int) (rows * cols)];
    for (int k = 0; k < values.length; k++) {
      values[k] = file.getValues(k);
    }
    int[] labels = null;
    if (file.getLabelsCount() > 0) {
      labels = new int[(int) rows];
      for (int r = 0; r < labels.length; r++) {
        labels[r] = Labels.of(Integer.toUnsignedLong(file.getLabels(r)), "DatasetFile.labels", r);
      }
    }
    return new Dataset((int) rows, (int) cols, values, labels, (int) height, (int) width, new int[0]);
  }

  /** The DatasetFile of {@code d}'s values, labels and image shape (not its split). */
  public static DatasetFile toMessage(Dataset d) {
    DatasetFile.Builder b = DatasetFile.newBuilder().setRows(d.rows()).setCols(d.cols());
    float[] v = d.values();
    for (float x : v) {
      b.addValues(x);
    }
    if (d.hasLabels()) {
      for (int l : d.labels()) {
        b.addLabels(l);
      }
    }
    if (d.isImage()) {
      b.getImageShapeBuilder().setHeight(d.imageHeight()).setWidth(d.imageWidth());
    }
    return b.build();
  }
}
