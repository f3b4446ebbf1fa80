package org.ebmsim.server.store;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.ebmsim.data.Dataset;
import org.ebmsim.data.EbmsimDatasetReader;
import org.ebmsim.errors.NotFoundException;
import org.ebmsim.errors.Quoting;
import org.ebmsim.errors.ResourceLimitException;
import org.ebmsim.family.DatasetLookup;
import org.ebmsim.memory.MemoryBudget;
import org.ebmsim.proto.v1.DatasetSplit;
import org.ebmsim.proto.v1.DatasetTransforms;
import org.ebmsim.proto.v1.StoredDatasetRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Datasets on disk ({@code <dataDir>/datasets/<id>.ebmds}, one {@link StoredDatasetRecord} each)
 * and in memory (immutable {@link Dataset}s, each charged to the memory budget).
 *
 * <p>Like the model store: a file is written to a temporary file in the same folder, fsynced and
 * atomically renamed, so a crash leaves the whole file or none. Uploads are received into
 * temporary files of the same folder ({@link #newUploadFile}); at start-up every temporary file
 * is a leftover of an interrupted write or upload and is deleted. A file that does not decode or
 * whose name is not its id is renamed {@code *.corrupt} and skipped. The files together may take
 * at most {@code maxBytes}; a dataset that would exceed it is refused before it is written.
 */
public final class DatasetStore {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetStore.class);
  private static final String SUFFIX = ".ebmds";
  /** Ids are "d-" and 16 lower-case hex digits; nothing else is ever a file name or a lookup key. */
  public static final Pattern ID = Pattern.compile("d-[0-9a-f]{16}");

  private final Path dir;
  private final long maxBytes;
  private final MemoryBudget budget;
  private final ConcurrentHashMap<String, Entry> datasets = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  /** Bytes of dataset files on disk, plus those being written; guarded by this. */
  private long storedBytes;

  private record Entry(StoredDataset dataset, MemoryBudget.Reservation reservation) {}

  /**
   * Opens (creating if needed) the store under {@code dataDir} and loads every dataset.
   *
   * @param maxBytes limit on the bytes of all dataset files together
   */
  public DatasetStore(Path dataDir, long maxBytes, MemoryBudget budget) throws IOException {
    this.dir = dataDir.resolve("datasets");
    this.maxBytes = maxBytes;
    this.budget = budget;
    AtomicFiles.open(dir, SUFFIX, "an interrupted write or upload", LOG, this::load);
  }

  private void load(Path file) {
    String name = file.getFileName().toString();
    String id = name.substring(0, name.length() - SUFFIX.length());
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      LOG.warn("skipping dataset file {}: {}", file, e.toString());
      return;
    }
    MemoryBudget.Reservation memory = null;
    try {
      if (!ID.matcher(id).matches()) {
        throw new IllegalArgumentException("the file name is not a dataset id");
      }
      // the record while it is parsed is about as large as the file, the dataset as large again
      memory = budget.reserve(2 * size, "dataset " + id);
      StoredDatasetRecord record;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
        record = StoredDatasetRecord.parseFrom(in);
      }
      if (!record.getInfo().getId().equals(id)) {
        throw new IllegalArgumentException("the file holds dataset " + Quoting.quote(record.getInfo().getId())
            + ", not " + id);
      }
      Dataset data = EbmsimDatasetReader.fromMessage(record.getData(), memory)
          .withHeldOut(record.getHeldOutList().stream().mapToInt(Integer::intValue).toArray());
      memory.resize(data.heapBytes(), "dataset " + id);
      var info = record.getInfo();
      StoredDataset stored = new StoredDataset(id, info.getName(), info.getCreatedUnixMs(), info.getFormat(),
          info.getTransforms(), info.getSplit(), data, size, data.heapBytes());
      datasets.put(id, new Entry(stored, memory));
      synchronized (this) {
        storedBytes += size;
      }
    } catch (ResourceLimitException e) {
      // a server restarted with less heap: the file is fine, it just does not fit now
      LOG.warn("not loading dataset file {}: {} (the file is kept)", file, e.getMessage());
      synchronized (this) {
        storedBytes += size;
      }
      if (memory != null) {
        memory.close();
      }
    } catch (IOException | RuntimeException e) {
      if (memory != null) {
        memory.close();
      }
      AtomicFiles.setAside(file, "dataset", e.getMessage(), LOG);
    }
  }

  public MemoryBudget budget() {
    return budget;
  }

  /** Limit on the bytes of all dataset files (ebmsim.limits.max-dataset-bytes). */
  public long maxBytes() {
    return maxBytes;
  }

  /** Bytes of the dataset files now (including any being written). */
  public synchronized long storedBytes() {
    return storedBytes;
  }

  /**
   * A new empty temporary file in the store's folder for receiving an upload; the caller
   * deletes it when done (a restart deletes any left).
   */
  public Path newUploadFile() throws IOException {
    return Files.createFile(dir.resolve("upload-" + HexFormat.of().formatHex(randomBytes(8))
        + AtomicFiles.TMP_SUFFIX));
  }

  private String newId() {
    return "d-" + HexFormat.of().formatHex(randomBytes(8));
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /**
   * Writes atomically, then indexes a new dataset. {@code memory} (what reading and transforming
   * it reserved) grows by the file's message while it is written, then is resized to the
   * dataset's bytes and held by the store until the dataset is deleted; on failure the caller
   * closes it.
   *
   * @throws StoreFullException if the file would take the dataset files above {@link #maxBytes}
   *     or the disk is full
   * @throws ResourceLimitException if the file's message does not fit the memory budget
   */
  public StoredDataset put(String name, org.ebmsim.proto.v1.DatasetFormat format, DatasetTransforms transforms,
      DatasetSplit split, Dataset data, MemoryBudget.Reservation memory) throws IOException {
    String id = newId();
    long created = System.currentTimeMillis();
    memory.grow(Dataset.heapBytes(data.rows(), data.cols(), data.hasLabels()), "storing this dataset");
    StoredDatasetRecord.Builder record = StoredDatasetRecord.newBuilder()
        .setData(EbmsimDatasetReader.toMessage(data));
    for (int r : data.rowsOf(Dataset.Part.HELD_OUT)) {
      record.addHeldOut(r);
    }
    record.getInfoBuilder().setId(id).setName(name).setCreatedUnixMs(created).setFormat(format)
        .setTransforms(transforms).setSplit(split);
    StoredDatasetRecord message = record.build();
    long size = message.getSerializedSize();
    synchronized (this) {
      if (storedBytes + size > maxBytes) {
        throw new StoreFullException("this dataset takes " + size + " bytes on disk, but the stored datasets take "
            + storedBytes + " of the limit of " + maxBytes + " bytes; delete some or raise"
            + " ebmsim.limits.max-dataset-bytes");
      }
      storedBytes += size;
    }
    boolean written = false;
    try {
      write(id, message);
      written = true;
    } finally {
      if (!written) {
        synchronized (this) {
          storedBytes -= size;
        }
      }
    }
    memory.resize(data.heapBytes(), "storing this dataset");
    StoredDataset stored = new StoredDataset(id, name, created, format, transforms, split, data, size,
        data.heapBytes());
    datasets.put(id, new Entry(stored, memory));
    return stored;
  }

  private void write(String id, StoredDatasetRecord message) throws IOException {
    try {
      AtomicFiles.write(dir.resolve(id + SUFFIX), message);
    } catch (IOException e) {
      if (AtomicFiles.noSpace(e)) {
        throw new StoreFullException("no space left in the data folder " + dir.getParent()
            + " for this dataset; delete datasets or models or free disk space");
      }
      throw e;
    }
  }

  public Optional<StoredDataset> get(String id) {
    Entry e = datasets.get(id);
    return e == null ? Optional.empty() : Optional.of(e.dataset());
  }

  /** All datasets, oldest first (ties by id). */
  public List<StoredDataset> list() {
    List<StoredDataset> out = new ArrayList<>();
    datasets.values().forEach(e -> out.add(e.dataset()));
    out.sort(Comparator.comparingLong(StoredDataset::createdMillis).thenComparing(StoredDataset::id));
    return out;
  }

  public int size() {
    return datasets.size();
  }

  /** Removes the dataset and its file; false if unknown (ids that are not valid never name a file). */
  public boolean delete(String id) throws IOException {
    if (!ID.matcher(id).matches()) {
      return false;
    }
    Entry removed = datasets.remove(id);
    if (removed == null) {
      return false;
    }
    Files.deleteIfExists(dir.resolve(id + SUFFIX));
    synchronized (this) {
      storedBytes -= removed.dataset().storedBytes();
    }
    removed.reservation().close();
    return true;
  }

  /**
   * The rows of {@code part} of stored datasets, as families and training sessions consume them.
   * ALL shares the stored arrays; TRAIN and HELD_OUT are copies, charged to {@code memory} (the
   * consumer's reservation) before they are made.
   */
  public DatasetLookup lookup(Dataset.Part part, MemoryBudget.Reservation memory) {
    return id -> {
      Dataset d = get(id).orElseThrow(() -> new NotFoundException("dataset " + Quoting.bare(id) + " not found"))
          .data();
      memory.grow(d.trainingDataBytes(part), "the " + part.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
          + " rows of dataset " + id);
      return d.toTrainingData(part);
    };
  }
}
