package org.ebmsim.server.fuzz;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Names in fuzz inputs ("@hopfield", "@dataset", "@session", ...) that stand for ids of things
 * the server under fuzz holds. Real ids are random per server, so a saved input could never name
 * one; a string field equal to a placeholder is replaced by the current id before the call, which
 * lets the fuzzer reach the validation that runs only on an existing model, dataset or session.
 */
final class Placeholders {
  static final String PREFIX = "@";

  private Placeholders() {}

  /** The placeholders that appear as whole string values anywhere in {@code messages}. */
  static Set<String> used(List<Message> messages) {
    Set<String> out = new TreeSet<>();
    messages.forEach(m -> collect(m, out));
    return out;
  }

  /** {@code message} with every string field equal to a key of {@code ids} replaced by its value. */
  static Message substitute(Message message, Map<String, String> ids) {
    Message.Builder b = message.toBuilder();
    for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
      FieldDescriptor f = e.getKey();
      if (f.isRepeated()) {
        List<?> values = (List<?>) e.getValue();
        for (int i = 0; i < values.size(); i++) {
          b.setRepeatedField(f, i, replace(f, values.get(i), ids));
        }
      } else {
        b.setField(f, replace(f, e.getValue(), ids));
      }
    }
    return b.build();
  }

  private static Object replace(FieldDescriptor f, Object value, Map<String, String> ids) {
    return switch (f.getJavaType()) {
      case STRING -> ids.getOrDefault((String) value, (String) value);
      case MESSAGE -> substitute((Message) value, ids);
      default -> value;
    };
  }

  private static void collect(Message message, Set<String> out) {
    for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
      List<?> values = e.getKey().isRepeated() ? (List<?>) e.getValue() : List.of(e.getValue());
      for (Object v : values) {
        if (v instanceof String s && s.startsWith(PREFIX)) {
          out.add(s);
        } else if (v instanceof Message m) {
          collect(m, out);
        }
      }
    }
  }
}
