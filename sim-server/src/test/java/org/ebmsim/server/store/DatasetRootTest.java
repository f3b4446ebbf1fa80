package org.ebmsim.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.errors.NotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetRootTest {
  @TempDir Path dir;

  @Test
  void filesUnderTheRoot_resolveToTheirRealPath_evenThroughInnerLinksAndDots() throws Exception {
    DatasetRoot root = new DatasetRoot(dir.resolve("root"));
    Path file = Files.writeString(root.path().resolve("a.csv"), "1,2\n");
    Files.createDirectories(root.path().resolve("sub"));
    Files.createSymbolicLink(root.path().resolve("sub/link.csv"), file);
    assertEquals(file, root.resolve("a.csv", "data_path"));
    assertEquals(file, root.resolve("sub/../a.csv", "data_path"));
    assertEquals(file, root.resolve("sub/link.csv", "data_path"));
    assertEquals(file, root.resolve(file.toString(), "data_path"));
  }

  @Test
  void pathsOutsideTheRoot_areRefused_asWrittenAndThroughLinks() throws Exception {
    DatasetRoot root = new DatasetRoot(dir.resolve("root"));
    Path outside = Files.writeString(dir.resolve("secret.csv"), "1\n");
    Files.createSymbolicLink(root.path().resolve("escape.csv"), outside);
    Files.createSymbolicLink(root.path().resolve("escape-dir"), dir);
    assertThrows(DatasetRoot.OutsideRootException.class, () -> root.resolve("../secret.csv", "data_path"));
    assertThrows(DatasetRoot.OutsideRootException.class, () -> root.resolve(outside.toString(), "data_path"));
    assertThrows(DatasetRoot.OutsideRootException.class, () -> root.resolve("/etc/passwd", "data_path"));
    String link = assertThrows(DatasetRoot.OutsideRootException.class,
        () -> root.resolve("escape.csv", "data_path")).getMessage();
    assertTrue(link.contains("symbolic link"), link);
    assertThrows(DatasetRoot.OutsideRootException.class, () -> root.resolve("escape-dir/secret.csv", "labels_path"));
    // a missing file outside is refused as outside, never reported as missing
    assertThrows(DatasetRoot.OutsideRootException.class, () -> root.resolve("../nothing-here", "data_path"));
  }

  @Test
  void missingFiles_directories_andEmptyPaths_getTheirOwnErrors() throws Exception {
    DatasetRoot root = new DatasetRoot(dir.resolve("root"));
    Files.createDirectories(root.path().resolve("folder"));
    assertThrows(NotFoundException.class, () -> root.resolve("missing.idx", "data_path"));
    assertTrue(assertThrows(InvalidRequestException.class, () -> root.resolve("folder", "data_path")).getMessage()
        .contains("not a regular file"));
    assertThrows(InvalidRequestException.class, () -> root.resolve("", "data_path"));
    assertThrows(InvalidRequestException.class, () -> root.resolve("a\0b", "data_path"));
  }
}
