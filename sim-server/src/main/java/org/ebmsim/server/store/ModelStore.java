package org.ebmsim.server.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.ebmsim.proto.v1.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Models on disk ({@code <dataDir>/models/<id>.pb}, one serialized {@link Model} each) and in
 * memory. Writes go to a temporary file in the same folder, are fsynced, then atomically renamed
 * over the target, so a crash leaves either the old file or the new one, never half of one.
 * Unreadable files found at start-up are renamed {@code *.corrupt} and skipped.
 */
public final class ModelStore {
  private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);
  private static final String SUFFIX = ".pb";

  private final Path dir;
  private final int maxModels;
  private final long maxParameters;
  private long parameters; // guarded by this
  private final ConcurrentHashMap<String, StoredModel> models = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  /** Opens (creating if needed) the store under {@code dataDir} and loads every model. */
  public ModelStore(Path dataDir, int maxModels) throws IOException {
    this(dataDir, maxModels, Long.MAX_VALUE);
  }

  /**
   * @param maxParameters budget on the numbers (weights, biases, pattern entries) all models
   *     hold together: every model lives in memory, so this bounds the server's heap
   */
  public ModelStore(Path dataDir, int maxModels, long maxParameters) throws IOException {
    this.dir = dataDir.resolve("models");
    this.maxModels = maxModels;
    this.maxParameters = maxParameters;
    Files.createDirectories(dir);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path file : files) {
        load(file);
      }
    }
  }

  private void load(Path file) {
    try {
      StoredModel model = new StoredModel(Model.parseFrom(Files.readAllBytes(file)));
      models.put(model.id(), model);
      parameters += parameterCount(model.proto());
    } catch (IOException | RuntimeException e) {
      Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
      LOG.warn("skipping unreadable model file {} ({}); moved to {}", file, e.getMessage(), aside);
      try {
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException moveFailure) {
        LOG.warn("could not move {} aside: {}", file, moveFailure.getMessage());
      }
    }
  }

  /** Fresh id: "m-" and 16 hex digits. */
  public String newId() {
    byte[] bytes = new byte[8];
    random.nextBytes(bytes);
    return "m-" + HexFormat.of().formatHex(bytes);
  }

  public boolean isFull() {
    return models.size() >= maxModels;
  }

  public int maxModels() {
    return maxModels;
  }

  /** Numbers a model holds: weights, biases, σ and pattern entries. */
  public static long parameterCount(Model m) {
    return (long) m.getWeights().getValuesCount() + m.getBiasCount() + m.getHiddenBiasCount()
        + m.getVisibleSigmaCount() + m.getPatterns().getSpinsCount();
  }

  /**
   * Validates (by building the energy), writes atomically, then indexes the model.
   *
   * @throws StoreFullException above the model-count or parameter budget
   */
  public synchronized StoredModel put(Model model) throws IOException {
    if (models.size() >= maxModels) {
      throw new StoreFullException("the store holds the maximum of " + maxModels
          + " models; delete some or raise ebmsim.limits.max-models");
    }
    long count = parameterCount(model);
    if (parameters + count > maxParameters) {
      throw new StoreFullException("storing " + count + " more parameters would exceed the budget of " + maxParameters
          + " held by all models (" + parameters + " in use); delete models or raise ebmsim.limits.max-stored-parameters");
    }
    StoredModel stored = new StoredModel(model);
    Path target = dir.resolve(model.getId() + SUFFIX);
    Path tmp = Files.createTempFile(dir, model.getId(), ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
          OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
        model.writeTo(out);
        out.flush();
        channel.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    models.put(model.getId(), stored);
    parameters += count;
    return stored;
  }

  public Optional<StoredModel> get(String id) {
    return Optional.ofNullable(models.get(id));
  }

  /** All models, oldest first (ties by id). */
  public List<StoredModel> list() {
    List<StoredModel> out = new ArrayList<>(models.values());
    out.sort(Comparator.comparingLong((StoredModel m) -> m.proto().getCreatedUnixMs()).thenComparing(StoredModel::id));
    return out;
  }

  /** Removes the model and its file; false if unknown. */
  public synchronized boolean delete(String id) throws IOException {
    StoredModel removed = models.remove(id);
    if (removed == null) {
      return false;
    }
    parameters -= parameterCount(removed.proto());
    Files.deleteIfExists(dir.resolve(id + SUFFIX));
    return true;
  }
}
