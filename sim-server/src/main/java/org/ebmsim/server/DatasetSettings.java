package org.ebmsim.server;

import com.typesafe.config.Config;
import java.nio.file.Path;

/**
 * Typed view of the dataset settings: {@code ebmsim.datasets.root} (the folder RegisterDataset
 * may read from; empty means {@code <data-dir>/datasets-root}) and
 * {@code ebmsim.limits.max-dataset-bytes} (the bytes all stored dataset files may take).
 */
public record DatasetSettings(Path root, long maxBytes) {
  public static DatasetSettings from(Config config, Path dataDir) {
    String root = config.getString("ebmsim.datasets.root");
    long max = config.getBytes("ebmsim.limits.max-dataset-bytes");
    if (max < 1) {
      throw new IllegalArgumentException("ebmsim.limits.max-dataset-bytes must be >= 1 (got " + max + ")");
    }
    return new DatasetSettings(root.isEmpty() ? dataDir.resolve("datasets-root") : Path.of(root).toAbsolutePath(),
        max);
  }
}
