package org.ebmsim.server.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import com.google.protobuf.Message;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.FamilyRegistry;
import org.ebmsim.family.UnknownFamilyException;
import org.ebmsim.errors.ResourceLimitException;
import org.ebmsim.memory.MemoryBudget;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Models on disk ({@code <dataDir>/models/<id>.pb}, one serialized {@link Model} with its
 * family's parameters each) and in memory (the families' immutable models). The store knows no
 * model kinds: families encode and decode their own parameters through the {@link FamilyRegistry}.
 *
 * <p>Writes go to a temporary file in the same folder, are fsynced, then atomically renamed over
 * the target, so a crash leaves either the old file or the new one, never half of one. At start-up,
 * leftover temporary files are deleted and every file is loaded; the file name is the id's only
 * source: a file whose name is not a valid id, whose content names another id, or that does not
 * decode is renamed {@code *.corrupt} and skipped. Every model is charged its bytes against the
 * memory budget; a model that does not fit is refused before it is written.
 */
public final class ModelStore {
  private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);
  private static final String SUFFIX = ".pb";
  /** Ids are "m-" and 16 lower-case hex digits; nothing else is ever a file name or a lookup key. */
  public static final Pattern ID = Pattern.compile("m-[0-9a-f]{16}");

  private final Path dir;
  private final FamilyRegistry registry;
  private final int maxModels;
  private final MemoryBudget budget;
  private final ConcurrentHashMap<String, Entry> models = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  private record Entry(StoredModel model, MemoryBudget.Reservation reservation) {}

  /** Why writes fail now ("" once one succeeds), and who is told when that changes. */
  private volatile String writeProblem = "";
  private volatile Consumer<String> writeProblemListener = p -> {};

  /** Opens (creating if needed) the store under {@code dataDir} and loads every model. */
  public ModelStore(Path dataDir, FamilyRegistry registry, int maxModels, MemoryBudget budget) throws IOException {
    this.dir = dataDir.resolve("models");
    this.registry = registry;
    this.maxModels = maxModels;
    this.budget = budget;
    AtomicFiles.open(dir, SUFFIX, "an interrupted write", LOG, this::load);
  }

  private void load(Path file) {
    String name = file.getFileName().toString();
    String id = name.substring(0, name.length() - SUFFIX.length());
    try {
      if (!ID.matcher(id).matches()) {
        throw new IllegalArgumentException("the file name is not a model id");
      }
      Model proto = Model.parseFrom(Files.readAllBytes(file));
      if (!proto.getId().equals(id)) {
        throw new IllegalArgumentException("the file holds model " + org.ebmsim.errors.Quoting.quote(proto.getId())
            + ", not " + id);
      }
      EnergyModel model = decode(proto);
      long version = Math.max(1, proto.getVersion());
      StoredModel stored = new StoredModel(id, proto.getName(), proto.getCreatedUnixMs(), version,
          proto.getImageShape(), model, model.heapBytes(), versionInfo(proto, version));
      MemoryBudget.Reservation r = budget.reserve(stored.heldBytes(), "model " + id);
      models.put(id, new Entry(stored, r));
    } catch (UnknownFamilyException e) {
      // a model of a family this server was started without: keep the file for a server that has it
      LOG.warn("skipping model file {}: {} (the file is kept)", file, e.getMessage());
    } catch (ResourceLimitException e) {
      // a server restarted with less heap: the file is fine, it just does not fit now
      LOG.warn("not loading model file {}: {} (the file is kept)", file, e.getMessage());
    } catch (IOException | RuntimeException e) {
      AtomicFiles.setAside(file, "model", e.getMessage(), LOG);
    }
  }

  private EnergyModel decode(Model proto) {
    Message parameters = FamilyRegistry.oneofValue(proto, "parameters")
        .orElseThrow(() -> new IllegalArgumentException("the file has no parameters"));
    FamilyRegistry.Resolved r = registry.parameters(parameters);
    return r.family().decode(r.message());
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

  public MemoryBudget budget() {
    return budget;
  }

  /** Charges, writes atomically, then indexes a new model (version 1), with a reservation of its own. */
  public StoredModel put(String name, ImageShape imageShape, EnergyModel model) throws IOException {
    MemoryBudget.Reservation reservation = budget.reserve(0, "storing this model");
    try {
      return put(name, imageShape, model, reservation);
    } catch (IOException | RuntimeException e) {
      reservation.close();
      throw e;
    }
  }

  /**
   * Writes atomically, then indexes a new model (version 1). {@code memory} (what the creation
   * reserved) is resized to the model's bytes plus its encoding while it is written, then to the
   * model's bytes, and held by the store until the model is deleted; on failure the caller
   * closes it.
   *
   * @throws StoreFullException above the model count or with a full disk
   * @throws ResourceLimitException if the model and its encoding do not fit the memory budget
   */
  public StoredModel put(String name, ImageShape imageShape, EnergyModel model, MemoryBudget.Reservation memory)
      throws IOException {
    String id;
    StoredModel stored;
    synchronized (this) {
      if (models.size() >= maxModels) {
        throw new StoreFullException("the store holds the maximum of " + maxModels
            + " models; delete some or raise ebmsim.limits.max-models");
      }
      id = newId();
      stored = new StoredModel(id, name, System.currentTimeMillis(), 1, imageShape, model, model.heapBytes(),
          ModelVersion.newBuilder().setVersion(1).setCreatedUnixMs(System.currentTimeMillis()).build());
    }
    // the parameters' message is about as large as the model while it is encoded and written
    memory.resize(2 * stored.heldBytes(), "storing this model");
    write(id, toProto(stored));
    memory.resize(stored.heldBytes(), "storing this model");
    models.put(id, new Entry(stored, memory));
    return stored;
  }

  /** The file form: metadata and the family's parameters. */
  private static Model toProto(StoredModel m) {
    Model.Builder b = Model.newBuilder().setId(m.id()).setName(m.name()).setFamily(m.model().family().key())
        .setVersion(m.version()).setCreatedUnixMs(m.createdMillis()).setImageShape(m.imageShape())
        .setVersionInfo(m.versionInfo());
    FamilyRegistry.setOneof(b, "parameters", m.model().parameters());
    return b.build();
  }

  private void write(String id, Model model) throws IOException {
    write(dir.resolve(id + SUFFIX), model);
  }

  private void write(Path target, Model model) throws IOException {
    try {
      AtomicFiles.write(target, model);
      setWriteProblem("");
    } catch (IOException e) {
      if (AtomicFiles.noSpace(e)) {
        String problem = "no space left in the data folder " + dir.getParent() + "; delete models or free disk space";
        setWriteProblem(problem);
        throw new StoreFullException(problem);
      }
      throw e;
    }
  }

  private void setWriteProblem(String problem) {
    if (!problem.equals(writeProblem)) {
      writeProblem = problem;
      writeProblemListener.accept(problem);
    }
  }

  /** Why the data folder cannot take writes now, or "" (the last write succeeded). */
  public String writeProblem() {
    return writeProblem;
  }

  /** Calls {@code listener} with the new {@link #writeProblem()} each time it changes. */
  public void onWriteProblem(Consumer<String> listener) {
    writeProblemListener = listener;
  }

  /** Stored models now. */
  public int size() {
    return models.size();
  }

  /** Bytes the data folder's file system can still take (for health). */
  public long usableSpace() {
    try {
      return Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      return -1;
    }
  }

  public Optional<StoredModel> get(String id) {
    Entry e = models.get(id);
    if (e == null && shared && ID.matcher(id).matches()) {
      e = loadWrittenElsewhere(id);
    }
    return e == null ? Optional.empty() : Optional.of(e.model());
  }

  /** Whether other servers (cluster nodes) write models into this folder too. */
  private volatile boolean shared;

  /**
   * Tells the store that other servers write models into its folder (the nodes of a cluster):
   * a model id it does not know is then looked for on disk before it is reported missing.
   */
  public void sharedWithOtherServers() {
    shared = true;
  }

  /** A model another node created after this one loaded the folder, if its file is there now. */
  private synchronized Entry loadWrittenElsewhere(String id) {
    Entry known = models.get(id);
    Path file = dir.resolve(id + SUFFIX);
    if (known == null && Files.isRegularFile(file)) {
      load(file);
      known = models.get(id);
    }
    return known;
  }

  /** All models, oldest first (ties by id). */
  public List<StoredModel> list() {
    List<StoredModel> out = new ArrayList<>();
    models.values().forEach(e -> out.add(e.model()));
    out.sort(Comparator.comparingLong(StoredModel::createdMillis).thenComparing(StoredModel::id));
    return out;
  }

  /** Removes the model and its file; false if unknown (ids that are not valid never name a file). */
  public boolean delete(String id) throws IOException {
    if (!ID.matcher(id).matches()) {
      return false;
    }
    Entry removed;
    synchronized (this) {
      removed = models.remove(id);
      if (removed == null) {
        return false;
      }
    }
    Files.deleteIfExists(dir.resolve(id + SUFFIX));
    Path versions = versionsDir(id);
    if (Files.isDirectory(versions)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(versions)) {
        for (Path f : files) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(versions);
    }
    removed.reservation().close();
    return true;
  }

  // ------------------------------------------------------------------------------------------
  // Versions: the latest lives in <id>.pb (and in memory); each one it replaced is kept in
  // versions/<id>/<version>.pb, read from disk when a session asks for it.

  private Path versionsDir(String id) {
    return dir.resolve("versions").resolve(id);
  }

  private static ModelVersion versionInfo(Model proto, long version) {
    return proto.hasVersionInfo() ? proto.getVersionInfo().toBuilder().setVersion(version).build()
        : ModelVersion.newBuilder().setVersion(version).setCreatedUnixMs(proto.getCreatedUnixMs()).build();
  }

  /**
   * Stores {@code model} as the next version of model {@code id}: the current latest is kept as a
   * version file first, then the latest file is replaced atomically, so a crash leaves either the
   * old latest or the new one and never loses a version.
   *
   * @throws org.ebmsim.errors.NotFoundException if the model was deleted
   * @throws ResourceLimitException if the new parameters do not fit the memory budget
   */
  public synchronized StoredModel putVersion(String id, EnergyModel model, String session, long batches, int epoch)
      throws IOException {
    Entry current = models.get(id);
    if (current == null) {
      throw new org.ebmsim.errors.NotFoundException("model " + id + " was deleted; the new version was not stored");
    }
    StoredModel old = current.model();
    Path versions = versionsDir(id);
    Files.createDirectories(versions);
    Path keep = versions.resolve(old.version() + SUFFIX);
    if (!Files.exists(keep)) {
      write(keep, toProto(old));
    }
    long now = System.currentTimeMillis();
    ModelVersion info = ModelVersion.newBuilder().setVersion(old.version() + 1).setCreatedUnixMs(now)
        .setTrainingSession(session).setTrainingBatches(batches).setTrainingEpoch(epoch).build();
    StoredModel next = new StoredModel(id, old.name(), old.createdMillis(), old.version() + 1, old.imageShape(), model,
        model.heapBytes(), info);
    current.reservation().resize(Math.max(old.heldBytes(), next.heldBytes()), "model " + id);
    write(id, toProto(next));
    current.reservation().resize(next.heldBytes(), "model " + id);
    models.put(id, new Entry(next, current.reservation()));
    return next;
  }

  /**
   * Version {@code version} of model {@code id} (0: the latest). Older versions are decoded from
   * their file on every call; the caller holds the result only while it uses it.
   */
  public Optional<StoredModel> get(String id, long version) {
    Optional<StoredModel> latest = get(id);
    if (latest.isEmpty() || version == 0 || version == latest.get().version()) {
      return latest;
    }
    if (version < 1 || version > latest.get().version()) {
      return Optional.empty();
    }
    Path file = versionsDir(id).resolve(version + SUFFIX);
    // the file's bytes and what they decode to are held while decoding (about twice the file);
    // once decoded, whoever uses the version charges its model (see bytesReadFromDisk)
    try (MemoryBudget.Reservation reading = budget.reserve(3 * Files.size(file), "reading version " + version
        + " of model " + id)) {
      Model proto = Model.parseFrom(Files.readAllBytes(file));
      EnergyModel model = decode(proto);
      return Optional.of(new StoredModel(id, proto.getName(), proto.getCreatedUnixMs(), version,
          proto.getImageShape(), model, model.heapBytes(), versionInfo(proto, version)));
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    } catch (ResourceLimitException e) {
      throw e; // the version is there; the memory budget cannot take it now
    } catch (IOException | RuntimeException e) {
      LOG.warn("version {} of model {} could not be read: {}", version, id, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Version {@code version} (≥ 1) of model {@code id} for a chain group a cluster placed on this
   * node: from memory, or read from the (shared) data folder when another node created or trained
   * it after this node loaded its store. Not charged to this node's budget (the session's node
   * charges the session).
   */
  public Optional<EnergyModel> readForCluster(String id, long version) {
    Optional<StoredModel> known = get(id, version);
    if (known.isPresent() && known.get().version() == version) {
      return Optional.of(known.get().model());
    }
    if (!ID.matcher(id).matches() || version < 1) {
      return Optional.empty();
    }
    for (Path file : List.of(dir.resolve(id + SUFFIX), versionsDir(id).resolve(version + SUFFIX))) {
      try {
        Model proto = Model.parseFrom(Files.readAllBytes(file));
        if (proto.getId().equals(id) && Math.max(1, proto.getVersion()) == version) {
          return Optional.of(decode(proto));
        }
      } catch (java.nio.file.NoSuchFileException e) {
        // not this file: the next one, or nowhere
      } catch (IOException | RuntimeException e) {
        LOG.warn("model {} version {} could not be read for a chain group: {}", id, version, e.getMessage());
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The stored versions of model {@code id}, oldest first (empty if unknown). */
  public List<ModelVersion> versions(String id) {
    Optional<StoredModel> latest = get(id);
    if (latest.isEmpty()) {
      return List.of();
    }
    List<ModelVersion> out = new ArrayList<>();
    Path versions = versionsDir(id);
    if (Files.isDirectory(versions)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(versions, "*" + SUFFIX)) {
        for (Path f : files) {
          String name = f.getFileName().toString();
          try {
            long v = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
            if (v < latest.get().version()) {
              Model proto = Model.parseFrom(Files.readAllBytes(f));
              out.add(versionInfo(proto, v));
            }
          } catch (NumberFormatException | IOException e) {
            LOG.warn("skipping version file {}: {}", f, e.getMessage());
          }
        }
      } catch (IOException e) {
        LOG.warn("could not list versions of {}: {}", id, e.getMessage());
      }
    }
    out.add(latest.get().versionInfo());
    out.sort(Comparator.comparingLong(ModelVersion::getVersion));
    return out;
  }
}
