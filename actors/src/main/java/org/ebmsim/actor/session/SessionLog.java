package org.ebmsim.actor.session;

import org.ebmsim.actor.registry.SessionRecord;
import org.ebmsim.actor.registry.SessionState;
import org.ebmsim.session.SessionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Log lines about a session, each with the session's id in the SLF4J MDC under {@link #MDC_KEY}
 * (structured logs show it as a field, so a log search can follow one session). The MDC is
 * thread-local and sessions run on shared dispatcher threads, so it is set around each call and
 * restored after it, never left behind.
 */
public final class SessionLog {
  /** The MDC key holding a session's id. */
  public static final String MDC_KEY = "session_id";

  private static final Logger LOG = LoggerFactory.getLogger(SessionLog.class);

  private SessionLog() {
  }

  /** Runs {@code log} with {@code sessionId} in the MDC, restoring whatever was there before. */
  public static void withSessionId(String sessionId, Runnable log) {
    String previous = MDC.get(MDC_KEY);
    MDC.put(MDC_KEY, sessionId);
    try {
      log.run();
    } finally {
      if (previous == null) {
        MDC.remove(MDC_KEY);
      } else {
        MDC.put(MDC_KEY, previous);
      }
    }
  }

  /** Logs that the session of {@code info} started. */
  public static void started(SessionInfo info) {
    withSessionId(info.id(), () -> LOG.info("session {} started: {} of model {} v{}, {} chains{}", info.id(),
        info.kind(), info.modelId(), info.modelVersion(), info.chains(), info.detached() ? ", detached" : ""));
  }

  /** Logs how the session of {@code record} ended: a warning if it failed. */
  public static void ended(SessionRecord record) {
    SessionRecord.View view = record.view();
    String id = view.info().id();
    String reason = view.reason() == null || view.reason().isEmpty() ? "" : " (" + view.reason() + ")";
    String state = view.state().name().toLowerCase(java.util.Locale.ROOT);
    withSessionId(id, () -> {
      if (view.state() == SessionState.FAILED) {
        LOG.warn("session {} ended {}{}", id, state, reason);
      } else {
        LOG.info("session {} ended {}{}", id, state, reason);
      }
    });
  }
}
