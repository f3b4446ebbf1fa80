package org.ebmsim.actor.group;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/**
 * A group's kept reports in and out of checkpoints, through the serializers the reports cross
 * nodes with, so a checkpoint holds them exactly as a session would have received them.
 */
final class SerializedReports {
  private SerializedReports() {}

  static List<GroupCheckpoint.SerializedReport> of(ActorSystem<?> system, Collection<?> reports) {
    Serialization serialization = SerializationExtension.get(system.classicSystem());
    List<GroupCheckpoint.SerializedReport> out = new ArrayList<>();
    for (Object report : reports) {
      Serializer serializer = serialization.findSerializerFor(report);
      out.add(new GroupCheckpoint.SerializedReport(serializer.identifier(), Serializers.manifestFor(serializer, report),
          serializer.toBinary(report)));
    }
    return out;
  }

  static <T> List<T> read(ActorSystem<?> system, List<GroupCheckpoint.SerializedReport> saved, Class<T> type) {
    Serialization serialization = SerializationExtension.get(system.classicSystem());
    List<T> out = new ArrayList<>();
    for (GroupCheckpoint.SerializedReport r : saved) {
      out.add(type.cast(serialization.deserialize(r.bytes(), r.serializer(), r.manifest()).get()));
    }
    return out;
  }
}
