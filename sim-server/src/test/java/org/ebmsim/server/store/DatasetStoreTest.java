package org.ebmsim.server.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ebmsim.data.Dataset;
import org.ebmsim.data.ValueTransforms;
import org.ebmsim.errors.NotFoundException;
import org.ebmsim.errors.ResourceLimitException;
import org.ebmsim.family.TrainingData;
import org.ebmsim.memory.MemoryBudget;
import org.ebmsim.proto.v1.DatasetFormat;
import org.ebmsim.proto.v1.DatasetSplit;
import org.ebmsim.proto.v1.DatasetTransforms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetStoreTest {
  @TempDir Path dir;

  private static Dataset small(int rows) {
    float[] v = new float[rows * 4];
    for (int k = 0; k < v.length; k++) {
      v[k] = k * 0.5f;
    }
    int[] labels = new int[rows];
    for (int r = 0; r < rows; r++) {
      labels[r] = r % 2;
    }
    return ValueTransforms.split(new Dataset(rows, 4, v, labels, 2, 2, new int[0]), 0.25, 11);
  }

  private StoredDataset put(DatasetStore store, Dataset d) throws Exception {
    // as an import does: the dataset is charged once read, the store adds its encoding
    MemoryBudget.Reservation r = store.budget().reserve(d.heapBytes(), "test");
    try {
      return store.put("small", DatasetFormat.DATASET_FORMAT_EBMSIM, DatasetTransforms.newBuilder().setScale(2).build(),
          DatasetSplit.newBuilder().setHeldOutFraction(0.25).setSeed(11).build(), d, r);
    } catch (Exception e) {
      r.close();
      throw e;
    }
  }

  private List<String> files() throws Exception {
    try (var files = Files.list(dir.resolve("datasets"))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aRestart_keepsEveryDataset_withItsValuesLabelsShapeAndSplit() throws Exception {
    DatasetStore store = new DatasetStore(dir, 1 << 20, new MemoryBudget(1 << 20));
    Dataset d = small(8);
    StoredDataset a = put(store, d);
    assertEquals(List.of(a.id() + ".ebmds"), files());
    assertEquals(d.heapBytes(), store.budget().used());
    DatasetStore reopened = new DatasetStore(dir, 1 << 20, new MemoryBudget(1 << 20));
    StoredDataset again = reopened.get(a.id()).orElseThrow();
    assertArrayEquals(d.values(), again.data().values());
    assertArrayEquals(d.labels(), again.data().labels());
    assertArrayEquals(d.rowsOf(Dataset.Part.HELD_OUT), again.data().rowsOf(Dataset.Part.HELD_OUT));
    assertEquals(2, again.data().imageHeight());
    assertEquals("small", again.name());
    assertEquals(2.0, again.transforms().getScale());
    assertEquals(11, again.split().getSeed());
    assertEquals(a.createdMillis(), again.createdMillis());
    assertEquals(a.storedBytes(), reopened.storedBytes());
    assertEquals(d.heapBytes(), reopened.budget().used());
  }

  @Test
  void theByteLimit_refusesADatasetBeforeWritingIt_untilAnotherIsDeleted() throws Exception {
    DatasetStore probe = new DatasetStore(dir.resolve("probe"), 1 << 20, new MemoryBudget(1 << 20));
    long one = put(probe, small(8)).storedBytes();
    DatasetStore store = new DatasetStore(dir, one + one / 2, new MemoryBudget(1 << 20));
    StoredDataset a = put(store, small(8));
    ResourceLimitException full = assertThrows(ResourceLimitException.class, () -> put(store, small(8)));
    assertTrue(full.getMessage().contains("ebmsim.limits.max-dataset-bytes"), full.getMessage());
    assertEquals(List.of(a.id() + ".ebmds"), files(), "nothing of the refused dataset is left");
    assertEquals(small(8).heapBytes(), store.budget().used(), "the refused dataset holds no memory");
    assertTrue(store.delete(a.id()));
    assertEquals(0, store.storedBytes());
    assertEquals(0, store.budget().used());
    put(store, small(8));
    assertEquals(1, store.list().size());
  }

  @Test
  void theMemoryBudget_refusesADatasetWhoseEncodingDoesNotFit() throws Exception {
    // room for the dataset, not for it and its file's message while that is written
    DatasetStore store = new DatasetStore(dir, 1 << 20, new MemoryBudget(small(8).heapBytes() + 100));
    assertThrows(ResourceLimitException.class, () -> put(store, small(8)));
    assertEquals(List.of(), files());
    assertEquals(0, store.size());
    assertEquals(0, store.budget().used());
  }

  @Test
  void leftoverTemporaryFiles_areDeleted_andDamagedFilesSetAside() throws Exception {
    DatasetStore store = new DatasetStore(dir, 1 << 20, new MemoryBudget(1 << 20));
    StoredDataset a = put(store, small(4));
    Path upload = store.newUploadFile();
    Files.write(upload, new byte[] {1, 2, 3});
    Path datasets = dir.resolve("datasets");
    Files.write(datasets.resolve("d-00000000000000ff.ebmds"), new byte[] {(byte) 0xff, 0x01, 0x02});
    Files.copy(datasets.resolve(a.id() + ".ebmds"), datasets.resolve("d-0000000000000001.ebmds"));
    DatasetStore reopened = new DatasetStore(dir, 1 << 20, new MemoryBudget(1 << 20));
    assertEquals(List.of(a.id()), reopened.list().stream().map(StoredDataset::id).toList());
    assertEquals(List.of("d-0000000000000001.ebmds.corrupt", "d-00000000000000ff.ebmds.corrupt", a.id() + ".ebmds"),
        files());
  }

  @Test
  void lookup_givesTheRowsOfAPart_chargingCopies_andNotFoundForUnknownIds() throws Exception {
    DatasetStore store = new DatasetStore(dir, 1 << 20, new MemoryBudget(1 << 20));
    StoredDataset a = put(store, small(8));
    MemoryBudget.Reservation consumer = store.budget().reserve(0, "test consumer");
    TrainingData train = store.lookup(Dataset.Part.TRAIN, consumer).get(a.id());
    assertEquals(6, train.rows());
    assertEquals(a.data().trainingDataBytes(Dataset.Part.TRAIN), consumer.bytes());
    TrainingData all = store.lookup(Dataset.Part.ALL, consumer).get(a.id());
    assertEquals(8, all.rows());
    assertEquals(2, all.classes());
    assertThrows(NotFoundException.class, () -> store.lookup(Dataset.Part.ALL, consumer).get("d-0123456789abcdef"));
    assertFalse(store.delete("../etc/passwd"));
  }
}
