package org.ebmsim.actor.cluster;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import org.ebmsim.dynamics.Schedule;
import org.ebmsim.dynamics.TemperaturePlan;
import org.ebmsim.dynamics.blas.FloatMatrix;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerShape;
import org.ebmsim.session.GroupSpec;
import org.ebmsim.session.InitialState;

/**
 * How the group protocol's types that are not records are written by Jackson (registered in
 * {@code pekko.serialization.jackson.jackson-modules}): state blocks and matrices as their shape
 * and one primitive array, temperature plans as their schedule and overrides, and the sealed
 * interfaces of the protocol with a type name. Kept here, outside {@code dynamics} and
 * {@code session}, so the math and the plain data carry no wire annotations.
 */
public final class GroupProtocolModule extends SimpleModule {
  private static final long serialVersionUID = 1L;

  public GroupProtocolModule() {
    super("ebmsim-group-protocol");
    addSerializer(LayerBlock.class, new LayerBlockSerializer());
    addDeserializer(LayerBlock.class, new LayerBlockDeserializer());
    addSerializer(FloatMatrix.class, new FloatMatrixSerializer());
    addDeserializer(FloatMatrix.class, new FloatMatrixDeserializer());
    addSerializer(TemperaturePlan.class, new TemperaturePlanSerializer());
    addDeserializer(TemperaturePlan.class, new TemperaturePlanDeserializer());
    setMixInAnnotation(GroupSpec.class, GroupSpecTypes.class);
    setMixInAnnotation(InitialState.class, InitialStateTypes.class);
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
  @JsonSubTypes({@JsonSubTypes.Type(value = GroupSpec.Sampling.class, name = "sampling"),
      @JsonSubTypes.Type(value = GroupSpec.Ais.class, name = "ais")})
  private interface GroupSpecTypes {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
  @JsonSubTypes({@JsonSubTypes.Type(value = InitialState.Random.class, name = "random"),
      @JsonSubTypes.Type(value = InitialState.Given.class, name = "given"),
      @JsonSubTypes.Type(value = InitialState.Cue.class, name = "cue")})
  private interface InitialStateTypes {}

  /** The wire form of a {@link LayerBlock}: its shape, rows and exactly one of the two arrays. */
  private record LayerBlockWire(LayerShape shape, int rows, byte[] bytes, float[] floats) {}

  private static final class LayerBlockSerializer extends JsonSerializer<LayerBlock> {
    @Override
    public void serialize(LayerBlock b, JsonGenerator gen, SerializerProvider p) throws IOException {
      p.defaultSerializeValue(new LayerBlockWire(b.shape(), b.rows(), b.isFloat() ? null : b.bytes(),
          b.isFloat() ? b.floats() : null), gen);
    }
  }

  private static final class LayerBlockDeserializer extends JsonDeserializer<LayerBlock> {
    @Override
    public LayerBlock deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
      LayerBlockWire w = ctx.readValue(parser, LayerBlockWire.class);
      return w.floats() != null ? LayerBlock.wrap(w.shape(), w.rows(), w.floats())
          : LayerBlock.wrap(w.shape(), w.rows(), w.bytes());
    }
  }

  private record FloatMatrixWire(int rows, int cols, float[] data) {}

  private static final class FloatMatrixSerializer extends JsonSerializer<FloatMatrix> {
    @Override
    public void serialize(FloatMatrix m, JsonGenerator gen, SerializerProvider p) throws IOException {
      p.defaultSerializeValue(new FloatMatrixWire(m.rows(), m.cols(), m.data()), gen);
    }
  }

  private static final class FloatMatrixDeserializer extends JsonDeserializer<FloatMatrix> {
    @Override
    public FloatMatrix deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
      FloatMatrixWire w = ctx.readValue(parser, FloatMatrixWire.class);
      return FloatMatrix.wrap(w.rows(), w.cols(), w.data());
    }
  }

  /** A plan as its schedule's temperatures and sweeps per temperature, and its steering overrides. */
  private record TemperaturePlanWire(double[] temperatures, int sweepsPerTemperature, long[] overrideSweeps,
      double[] overrideTemperatures) {}

  private static final class TemperaturePlanSerializer extends JsonSerializer<TemperaturePlan> {
    @Override
    public void serialize(TemperaturePlan plan, JsonGenerator gen, SerializerProvider p) throws IOException {
      Schedule s = plan.schedule();
      double[] t = new double[s.steps()];
      for (int k = 0; k < t.length; k++) {
        t[k] = s.temperature(k);
      }
      p.defaultSerializeValue(new TemperaturePlanWire(t, s.sweepsPerTemperature(), plan.overrideSweeps(),
          plan.overrideTemperatures()), gen);
    }
  }

  private static final class TemperaturePlanDeserializer extends JsonDeserializer<TemperaturePlan> {
    @Override
    public TemperaturePlan deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
      TemperaturePlanWire w = ctx.readValue(parser, TemperaturePlanWire.class);
      TemperaturePlan plan = TemperaturePlan.of(Schedule.explicit(w.temperatures(), w.sweepsPerTemperature()));
      for (int k = 0; k < w.overrideSweeps().length; k++) {
        plan = plan.withTemperature(w.overrideSweeps()[k], w.overrideTemperatures()[k]);
      }
      return plan;
    }
  }
}
