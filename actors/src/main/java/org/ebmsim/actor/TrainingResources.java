package org.ebmsim.actor;

import java.util.concurrent.ConcurrentHashMap;
import org.ebmsim.session.TrainingInputs;
import org.ebmsim.session.TrainingStorage;

/**
 * What a node's training groups look up by their plan's session key: the session's rows (large,
 * immutable, never copied into messages) and where versions and checkpoints go. The server
 * registers both before it starts a training session and removes them when the session ends.
 */
public final class TrainingResources {
  /** A session's rows and storage. */
  public record Entry(TrainingInputs inputs, TrainingStorage storage) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  /** Registers {@code key}; refuses a key in use (two sessions never share one). */
  public void register(String key, TrainingInputs inputs, TrainingStorage storage) {
    if (entries.putIfAbsent(key, new Entry(inputs, storage)) != null) {
      throw new IllegalStateException("training resources " + key + " are already registered");
    }
  }

  public void remove(String key) {
    entries.remove(key);
  }

  /** The entry of {@code key}; IllegalStateException if it is not registered (an engine bug). */
  public Entry get(String key) {
    Entry e = entries.get(key);
    if (e == null) {
      throw new IllegalStateException("no training resources registered under " + key);
    }
    return e;
  }
}
