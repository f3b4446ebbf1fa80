package org.ebmsim.server.grpc;

import org.ebmsim.data.Dataset;
import org.ebmsim.proto.v1.DatasetPreview;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.server.store.StoredDataset;

/** A stored dataset as the wire shows it: shape, value range, label counts, split, a few rows. */
final class DatasetViews {
  /** Most preview rows a GetDataset may ask for. */
  static final int MAX_PREVIEW_ROWS = 64;

  private DatasetViews() {}

  static org.ebmsim.proto.v1.Dataset dataset(StoredDataset s, int previewRows) {
    Dataset d = s.data();
    org.ebmsim.proto.v1.Dataset.Builder b = org.ebmsim.proto.v1.Dataset.newBuilder().setId(s.id())
        .setName(s.name()).setCreatedUnixMs(s.createdMillis()).setFormat(s.format()).setRows(d.rows())
        .setCols(d.cols()).setImageShape(ImageShape.newBuilder().setHeight(d.imageHeight()).setWidth(d.imageWidth()))
        .setMinValue(d.min()).setMaxValue(d.max()).setClasses(d.classes())
        .setTrainRows(d.rowCount(Dataset.Part.TRAIN)).setHeldOutRows(d.rowCount(Dataset.Part.HELD_OUT))
        .setTransforms(s.transforms()).setSplit(s.split()).setStoredBytes(s.storedBytes()).setHeldBytes(s.heldBytes());
    for (long count : d.labelCounts()) {
      b.addLabelCounts(count);
    }
    int n = Math.min(previewRows, d.rows());
    if (n > 0) {
      DatasetPreview.Builder p = b.getPreviewBuilder();
      float[] v = d.values();
      for (int r = 0; r < n; r++) {
        p.addRowIndices(r);
        for (int c = 0; c < d.cols(); c++) {
          p.addValues(v[r * d.cols() + c]);
        }
        if (d.hasLabels()) {
          p.addLabels(d.labels()[r]);
        }
      }
    }
    return b.build();
  }
}
