package org.ebmsim.actor.registry;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every session of this node that is running or ended within the retention period, by id
 * ("s-" and 16 hex digits). Ended sessions are forgotten lazily, on each lookup, once the
 * retention period has passed. Thread-safe.
 */
public final class SessionRegistry {
  private final ConcurrentHashMap<String, SessionRecord> records = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Duration retention;

  public SessionRegistry(Duration retention) {
    this.retention = retention;
  }

  /** A fresh id. */
  public String newId() {
    byte[] b = new byte[8];
    random.nextBytes(b);
    return "s-" + HexFormat.of().formatHex(b);
  }

  public void add(SessionRecord record) {
    records.put(record.id(), record);
  }

  public Optional<SessionRecord> get(String id) {
    purge();
    return Optional.ofNullable(records.get(id));
  }

  /** Records, newest first; running and paused ones only unless {@code includeEnded}. */
  public List<SessionRecord> list(boolean includeEnded) {
    purge();
    List<SessionRecord> out = new ArrayList<>();
    for (SessionRecord r : records.values()) {
      if (includeEnded || !r.state().ended()) {
        out.add(r);
      }
    }
    out.sort(Comparator.comparingLong((SessionRecord r) -> r.info().startedMillis()).reversed()
        .thenComparing(SessionRecord::id));
    return out;
  }

  /** Forgets sessions that ended more than the retention period ago. */
  public void purge() {
    long cutoff = System.currentTimeMillis() - retention.toMillis();
    for (SessionRecord r : records.values()) {
      if (r.state().ended() && r.endedMillis() < cutoff && records.remove(r.id(), r)) {
        r.forget();
      }
    }
  }

  /** Bytes held by retained results (for memory accounting). */
  public long retainedBytes() {
    long n = 0;
    for (SessionRecord r : records.values()) {
      n += r.resultBytes();
    }
    return n;
  }
}
