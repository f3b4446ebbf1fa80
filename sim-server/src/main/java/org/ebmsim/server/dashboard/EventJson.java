package org.ebmsim.server.dashboard;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.util.Locale;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.ebmsim.proto.v1.SessionEvent;

/**
 * The dashboard's wire format: the gRPC messages in protobuf's canonical JSON (lowerCamel field
 * names, 64-bit integers as strings, bytes as base64, every field present so plots see zeros), so
 * the page reads exactly what a gRPC client reads. Session events travel as Server-Sent Events
 * named after the event (the oneof case, e.g. {@code annealProgress}) with the sequence as id.
 */
final class EventJson {
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace()
      .alwaysPrintFieldsWithNoPresence();

  private EventJson() {}

  static String json(MessageOrBuilder message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      // only an Any of an unknown type fails; the dashboard never sends one (parameters are left out)
      throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName() + " as JSON", e);
    }
  }

  static ServerSentEvent sse(SessionEvent event) {
    return ServerSentEvent.create(json(event), eventType(event), Long.toUnsignedString(event.getSequence()));
  }

  /** {@code annealProgress} for ANNEAL_PROGRESS: the event's field name in the JSON. */
  static String eventType(SessionEvent event) {
    String[] words = event.getEventCase().name().toLowerCase(Locale.ROOT).split("_");
    StringBuilder sb = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      sb.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    return sb.toString();
  }
}
