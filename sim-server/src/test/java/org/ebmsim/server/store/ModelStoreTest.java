package org.ebmsim.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
  @TempDir Path dir;

  private static Model hopfield(String id, int n) {
    Matrix.Builder w = Matrix.newBuilder().setRows(n).setCols(n);
    for (int k = 0; k < n * n; k++) {
      w.addValues(k / n == k % n ? 0 : 0.5);
    }
    return Model.newBuilder().setId(id).setName(id).setKind(ModelKind.HOPFIELD).setUnits(n).setVisibleUnits(n)
        .setWeights(w).build();
  }

  @Test
  void put_beyondTheParameterBudget_isRefusedUntilAModelIsDeleted() throws Exception {
    ModelStore store = new ModelStore(dir, 10, 100);
    store.put(hopfield("m-a", 8)); // 64 parameters
    StoreFullException full = assertThrows(StoreFullException.class, () -> store.put(hopfield("m-b", 8)));
    assertTrue(full.getMessage().contains("budget of 100"), full.getMessage());
    assertTrue(store.delete("m-a"));
    store.put(hopfield("m-b", 8));
    assertEquals(1, store.list().size());
  }

  @Test
  void put_beyondTheModelCount_isRefused_andReopeningCountsLoadedModels() throws Exception {
    ModelStore store = new ModelStore(dir, 2, 1000);
    store.put(hopfield("m-a", 4));
    store.put(hopfield("m-b", 4));
    assertThrows(StoreFullException.class, () -> store.put(hopfield("m-c", 4)));
    ModelStore reopened = new ModelStore(dir, 10, 40);
    assertEquals(2, reopened.list().size());
    // 32 parameters loaded; 16 more would pass 40
    assertThrows(StoreFullException.class, () -> reopened.put(hopfield("m-c", 4)));
  }

  @Test
  void put_writesAtomically_leavingNoTemporaryFiles() throws Exception {
    ModelStore store = new ModelStore(dir, 10);
    store.put(hopfield("m-a", 4));
    try (var files = Files.list(dir.resolve("models"))) {
      assertEquals(java.util.List.of("m-a.pb"), files.map(p -> p.getFileName().toString()).toList());
    }
  }
}
