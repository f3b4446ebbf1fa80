package org.ebmsim.actor;

import java.util.HashMap;
import java.util.Map;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.session.ModelRef;

/**
 * The models this node's chain groups may build samplers from, by reference (id and version).
 * A session pins its model here before it spawns groups and unpins it when it stops, so a model
 * deleted from the store while a session runs stays available to that session; groups receive
 * only the reference in their spec. Thread-safe.
 */
public final class ModelCache {
  private record Entry(EnergyModel model, int pins) {}

  private final Map<ModelRef, Entry> entries = new HashMap<>();
  /** Where models not pinned by a session of this node come from (a cluster node's store); empty: nowhere. */
  private volatile java.util.function.Function<ModelRef, java.util.Optional<EnergyModel>> loader =
      ref -> java.util.Optional.empty();

  /** Where {@link #pinLoaded} finds models that no session of this node pinned (the node's model store). */
  public void loadFrom(java.util.function.Function<ModelRef, java.util.Optional<EnergyModel>> loader) {
    this.loader = java.util.Objects.requireNonNull(loader);
  }

  /**
   * Pins the model under {@code ref}, loading it if this node has none pinned (a chain group placed
   * here by the cluster for a session of another node); false if it cannot be found.
   */
  public boolean pinLoaded(ModelRef ref) {
    synchronized (this) {
      Entry e = entries.get(ref);
      if (e != null) {
        entries.put(ref, new Entry(e.model(), e.pins() + 1));
        return true;
      }
    }
    java.util.Optional<EnergyModel> model = loader.apply(ref); // outside the lock: it may read a file
    model.ifPresent(m -> pin(ref, m));
    return model.isPresent();
  }
  private final TrainingResources training = new TrainingResources();

  /** The rows and storage of this node's training sessions, by session key. */
  public TrainingResources training() {
    return training;
  }

  /** Makes {@code model} available under {@code ref} until a matching {@link #unpin}. */
  public synchronized void pin(ModelRef ref, EnergyModel model) {
    Entry e = entries.get(ref);
    entries.put(ref, new Entry(e == null ? model : e.model(), e == null ? 1 : e.pins() + 1));
  }

  /** Releases one pin; the model leaves the cache with its last pin. */
  public synchronized void unpin(ModelRef ref) {
    Entry e = entries.get(ref);
    if (e == null) {
      return;
    }
    if (e.pins() <= 1) {
      entries.remove(ref);
    } else {
      entries.put(ref, new Entry(e.model(), e.pins() - 1));
    }
  }

  /**
   * The model pinned under {@code ref}.
   *
   * @throws IllegalStateException if it is not pinned (a bug: sessions pin before spawning groups)
   */
  public synchronized EnergyModel get(ModelRef ref) {
    Entry e = entries.get(ref);
    if (e == null) {
      throw new IllegalStateException("model " + ref + " is not in this node's cache");
    }
    return e.model();
  }

  /** Models pinned now. */
  public synchronized int size() {
    return entries.size();
  }
}
