package org.ebmsim.data;

import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.memory.MemoryBudget;
import org.ebmsim.proto.v1.DatasetSplit;
import org.ebmsim.proto.v1.DatasetTransforms;

/**
 * Applies a stored dataset's transforms and split as the wire messages give them, in their
 * documented order: scale, ZCA whitening, binarize or spins, then the split. Each step that
 * makes a new array charges it to the reservation first; the arrays it replaces become garbage,
 * so the caller resizes the reservation to the result's {@link Dataset#heapBytes} afterwards.
 */
public final class DatasetPreparation {
  /** ε of ZCA when the request leaves it 0. */
  public static final double DEFAULT_ZCA_EPSILON = 0.01;

  private DatasetPreparation() {}

  /** As {@link #apply(Dataset, DatasetTransforms, DatasetSplit, Gemm, MemoryBudget.Reservation)} with native BLAS when it loads. */
  public static Dataset apply(Dataset d, DatasetTransforms t, DatasetSplit split, MemoryBudget.Reservation memory) {
    // one OpenBLAS thread: the compute pool already runs requests side by side
    return apply(d, t, split, Gemm.nativeOrFallback(1), memory);
  }

  public static Dataset apply(Dataset d, DatasetTransforms t, DatasetSplit split, Gemm gemm,
      MemoryBudget.Reservation memory) {
    long valueBytes = 4L * d.rows() * d.cols();
    if (t.getScale() != 0 && t.getScale() != 1) {
      memory.grow(valueBytes, "scaling the dataset");
      d = ValueTransforms.scale(d, t.getScale());
    }
    if (t.getZca()) {
      memory.grow(ZcaWhitening.workBytes(d.rows(), d.cols()), "ZCA whitening of the dataset");
      d = ZcaWhitening.whiten(d, t.getZcaEpsilon() == 0 ? DEFAULT_ZCA_EPSILON : t.getZcaEpsilon(), gemm);
    }
    switch (t.getDiscretizeCase()) {
      case BINARIZE_THRESHOLD -> {
        memory.grow(valueBytes, "binarizing the dataset");
        d = ValueTransforms.binarize(d, t.getBinarizeThreshold());
      }
      case SPIN_THRESHOLD -> {
        memory.grow(valueBytes, "mapping the dataset to spins");
        d = ValueTransforms.toSpins(d, t.getSpinThreshold());
      }
      case DISCRETIZE_NOT_SET -> { }
      default -> throw new IllegalStateException("unknown discretize case " + t.getDiscretizeCase());
    }
    return ValueTransforms.split(d, split.getHeldOutFraction(), split.getSeed());
  }
}
