package org.ebmsim.actor.session;

import org.ebmsim.session.SessionEvent;

/** What a session sends to its stream: an event, the end, or a failure. */
public sealed interface SessionOutput extends org.apache.pekko.actor.NoSerializationVerificationNeeded {
  record Emit(SessionEvent event) implements SessionOutput {}

  enum Done implements SessionOutput { INSTANCE }

  record Failed(Throwable cause) implements SessionOutput {}
}
