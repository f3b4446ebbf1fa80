package org.ebmsim.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ebmsim.errors.ResourceLimitException;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.FamilyRegistry;
import org.ebmsim.family.WireArrays;
import org.ebmsim.family.ising.HopfieldFamily;
import org.ebmsim.memory.MemoryBudget;
import org.ebmsim.proto.v1.HopfieldFromWeights;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
  @TempDir Path dir;

  private static EnergyModel hopfield(int n) {
    double[] w = new double[n * n];
    for (int k = 0; k < n * n; k++) {
      w[k] = k / n == k % n ? 0 : 0.5;
    }
    return new HopfieldFamily().create(HopfieldFromWeights.newBuilder().setWeights(WireArrays.matrix(n, n, w)).build(),
        CreateContext.of(100, 100)).model();
  }

  private ModelStore open(int maxModels, long budgetBytes) throws Exception {
    return new ModelStore(dir, FamilyRegistry.builtIn(), maxModels, new MemoryBudget(budgetBytes));
  }

  private List<String> files() throws Exception {
    try (var files = Files.list(dir.resolve("models"))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void put_beyondTheMemoryBudget_isRefusedUntilAModelIsDeleted() throws Exception {
    EnergyModel m = hopfield(8);
    // room for one model plus its encoding while it is written, then for the model alone
    ModelStore store = open(10, 2 * m.heapBytes() + 10);
    StoredModel a = store.put("a", ImageShape.getDefaultInstance(), m);
    ResourceLimitException full = assertThrows(ResourceLimitException.class,
        () -> store.put("b", ImageShape.getDefaultInstance(), hopfield(8)));
    assertTrue(full.getMessage().contains("memory budget"), full.getMessage());
    assertTrue(store.delete(a.id()));
    store.put("b", ImageShape.getDefaultInstance(), hopfield(8));
    assertEquals(1, store.list().size());
    assertEquals(m.heapBytes(), store.budget().used());
  }

  @Test
  void put_beyondTheModelCount_isRefused_andReopeningChargesLoadedModels() throws Exception {
    ModelStore store = open(2, 1 << 20);
    store.put("a", ImageShape.getDefaultInstance(), hopfield(4));
    store.put("b", ImageShape.getDefaultInstance(), hopfield(4));
    assertThrows(StoreFullException.class, () -> store.put("c", ImageShape.getDefaultInstance(), hopfield(4)));
    ModelStore reopened = open(10, 1 << 20);
    assertEquals(2, reopened.list().size());
    assertEquals(2 * hopfield(4).heapBytes(), reopened.budget().used());
  }

  @Test
  void put_writesAtomically_leavingNoTemporaryFiles_andRestartKeepsTheModel() throws Exception {
    ModelStore store = open(10, 1 << 20);
    StoredModel a = store.put("a", ImageShape.newBuilder().setHeight(2).setWidth(2).build(), hopfield(4));
    assertEquals(List.of(a.id() + ".pb"), files());
    StoredModel again = open(10, 1 << 20).get(a.id()).orElseThrow();
    assertEquals(a.model().parameters(), again.model().parameters());
    assertEquals("a", again.name());
    assertEquals(2, again.imageShape().getHeight());
  }

  @Test
  void fileNameIsTheIdsOnlySource_copiesAndPlantedIdsAreSetAside_tempFilesSwept() throws Exception {
    ModelStore store = open(10, 1 << 20);
    StoredModel a = store.put("a", ImageShape.getDefaultInstance(), hopfield(4));
    Path models = dir.resolve("models");
    // a copy under another valid id: its content names a.id(), so it is set aside, not loaded twice
    Files.copy(models.resolve(a.id() + ".pb"), models.resolve("m-00000000000000ff.pb"));
    // a planted file whose id would escape the folder
    Model planted = Model.parseFrom(Files.readAllBytes(models.resolve(a.id() + ".pb"))).toBuilder()
        .setId("../outside").build();
    Files.write(models.resolve("..%2Foutside.pb"), planted.toByteArray());
    Files.write(dir.resolve("outside.pb"), new byte[] {1});
    // an orphan temporary file of an interrupted write
    Files.write(models.resolve(a.id() + "-0badcafe.tmp"), new byte[] {1, 2, 3});
    ModelStore reopened = open(10, 1 << 20);
    assertEquals(List.of(a.id()), reopened.list().stream().map(StoredModel::id).toList());
    assertTrue(files().contains("m-00000000000000ff.pb.corrupt"), files().toString());
    assertTrue(files().contains("..%2Foutside.pb.corrupt"), files().toString());
    assertFalse(files().stream().anyMatch(f -> f.endsWith(".tmp")), files().toString());
    assertFalse(reopened.delete("../outside"), "ids that are not ids name no file");
    assertTrue(Files.exists(dir.resolve("outside.pb")), "nothing outside the models folder is touched");
    // deleting the model removes its only file: a restart does not bring it back
    assertTrue(reopened.delete(a.id()));
    assertEquals(0, open(10, 1 << 20).list().size());
  }

  @Test
  void putVersion_keepsEveryVersion_acrossRestarts_andDeleteRemovesThemAll() throws Exception {
    ModelStore store = open(10, Long.MAX_VALUE);
    StoredModel v1 = store.put("trained", ImageShape.getDefaultInstance(), hopfield(4));
    EnergyModel second = hopfield(4);
    StoredModel v2 = store.putVersion(v1.id(), second, "s-00000000000000aa", 12, 2);
    StoredModel v3 = store.putVersion(v1.id(), hopfield(4), "s-00000000000000aa", 24, 5);
    assertEquals(2, v2.version());
    assertEquals(3, v3.version());
    assertEquals(3, store.get(v1.id()).orElseThrow().version());
    assertEquals(2, store.get(v1.id(), 2).orElseThrow().version());
    assertEquals(v1.model().parameters(), store.get(v1.id(), 1).orElseThrow().model().parameters());
    assertTrue(store.get(v1.id(), 4).isEmpty());

    ModelStore reopened = open(10, Long.MAX_VALUE);
    List<org.ebmsim.proto.v1.ModelVersion> versions = reopened.versions(v1.id());
    assertEquals(List.of(1L, 2L, 3L), versions.stream().map(org.ebmsim.proto.v1.ModelVersion::getVersion).toList());
    assertEquals("s-00000000000000aa", versions.get(1).getTrainingSession());
    assertEquals(12, versions.get(1).getTrainingBatches());
    assertEquals(5, versions.get(2).getTrainingEpoch());
    assertEquals(3, reopened.get(v1.id()).orElseThrow().version());
    assertEquals(second.parameters(), reopened.get(v1.id(), 2).orElseThrow().model().parameters());

    assertTrue(reopened.delete(v1.id()));
    assertFalse(Files.exists(dir.resolve("models").resolve("versions").resolve(v1.id())));
    assertThrows(org.ebmsim.errors.NotFoundException.class,
        () -> reopened.putVersion(v1.id(), hopfield(4), "s-00000000000000aa", 1, 0));
  }

  @Test
  void readingAnOlderVersion_isChargedWhileItIsDecoded_andRefusedBeyondTheBudget() throws Exception {
    ModelStore store = open(10, Long.MAX_VALUE);
    StoredModel v1 = store.put("v", ImageShape.getDefaultInstance(), hopfield(6));
    store.putVersion(v1.id(), hopfield(6), "s-00000000000000aa", 1, 0);
    long file = Files.size(dir.resolve("models").resolve("versions").resolve(v1.id()).resolve("1.pb"));
    long held = store.get(v1.id()).orElseThrow().heldBytes();
    ModelStore tight = open(10, held + 3 * file - 1);
    assertThrows(ResourceLimitException.class, () -> tight.get(v1.id(), 1));
    assertEquals(held, tight.budget().used());
    ModelStore enough = open(10, held + 3 * file);
    assertEquals(1, enough.get(v1.id(), 1).orElseThrow().version());
    assertEquals(held, enough.budget().used());
  }
}
