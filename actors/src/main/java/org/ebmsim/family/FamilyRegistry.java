package org.ebmsim.family;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.attnbm.AttnBmFamily;
import org.ebmsim.family.harmonium.HarmoniumFamily;
import org.ebmsim.family.modernhopfield.ModernHopfieldFamily;
import org.ebmsim.family.vmf.VmfFamily;
import org.ebmsim.family.dbm.DbmFamily;
import org.ebmsim.family.dense.DenseMemoryFamily;
import org.ebmsim.family.ising.BoltzmannFamily;
import org.ebmsim.family.ising.HopfieldFamily;
import org.ebmsim.family.rbm.RbmFamily;
import org.ebmsim.family.sparse.SparseFamily;

/**
 * The model families a server knows, found by the protobuf type of a spec or of stored
 * parameters (plain or packed in {@code Any}); the one place where families are listed.
 * Immutable; {@link #with} makes an extended copy.
 */
public final class FamilyRegistry {
  private final List<ModelFamily> families;
  private final Map<String, ModelFamily> bySpecType = new LinkedHashMap<>();
  private final Map<String, ModelFamily> byParametersType = new LinkedHashMap<>();
  private final Map<String, Message> prototypes = new LinkedHashMap<>();

  private FamilyRegistry(List<ModelFamily> families) {
    this.families = List.copyOf(families);
    for (ModelFamily f : families) {
      for (ModelFamily other : bySpecType.values()) {
        if (other.key().equals(f.key())) {
          throw new IllegalArgumentException("two families with key " + f.key());
        }
      }
      for (Message spec : f.specPrototypes()) {
        String type = spec.getDescriptorForType().getFullName();
        if (bySpecType.putIfAbsent(type, f) != null) {
          throw new IllegalArgumentException("spec type " + type + " is claimed by two families");
        }
        prototypes.put(type, spec);
      }
      String params = f.parametersPrototype().getDescriptorForType().getFullName();
      if (byParametersType.putIfAbsent(params, f) != null) {
        throw new IllegalArgumentException("parameters type " + params + " is claimed by two families");
      }
      prototypes.put(params, f.parametersPrototype());
    }
  }

  /** The families built into ebmsim. */
  public static FamilyRegistry builtIn() {
    return new FamilyRegistry(List.of(new HopfieldFamily(), new BoltzmannFamily(), new RbmFamily(), new DbmFamily(),
        new DenseMemoryFamily(), new AttnBmFamily(), new ModernHopfieldFamily(), new VmfFamily(),
        new HarmoniumFamily(), new SparseFamily()));
  }

  /** This registry plus {@code family}. */
  public FamilyRegistry with(ModelFamily family) {
    List<ModelFamily> all = new ArrayList<>(families);
    all.add(family);
    return new FamilyRegistry(all);
  }

  public List<ModelFamily> families() {
    return families;
  }

  public Optional<ModelFamily> byKey(String key) {
    return families.stream().filter(f -> f.key().equals(key)).findFirst();
  }

  /** A message and the family it belongs to. */
  public record Resolved(ModelFamily family, Message message) {}

  /** The family of a spec message (unpacking {@code Any}). */
  public Resolved spec(Message spec, String field) {
    Message m = unpack(spec, field);
    ModelFamily f = bySpecType.get(m.getDescriptorForType().getFullName());
    if (f == null) {
      throw new UnknownFamilyException(field + ": no model family on this server accepts "
          + m.getDescriptorForType().getFullName() + " (ListFamilies lists the accepted types)");
    }
    return new Resolved(f, m);
  }

  /** The family of a stored parameters message (unpacking {@code Any}). */
  public Resolved parameters(Message parameters) {
    Message m = unpack(parameters, "parameters");
    ModelFamily f = byParametersType.get(m.getDescriptorForType().getFullName());
    if (f == null) {
      throw new UnknownFamilyException("no model family on this server stores its parameters as "
          + m.getDescriptorForType().getFullName());
    }
    return new Resolved(f, m);
  }

  private Message unpack(Message m, String field) {
    if (!(m instanceof Any any)) {
      return m;
    }
    String url = any.getTypeUrl();
    String type = url.substring(url.lastIndexOf('/') + 1);
    Message prototype = prototypes.get(type);
    if (prototype == null) {
      throw new UnknownFamilyException(field + ": no model family on this server knows the type "
          + org.ebmsim.errors.Quoting.quote(type) + " (ListFamilies lists the accepted types)");
    }
    try {
      return prototype.getParserForType().parseFrom(any.getValue());
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidRequestException(field + ": the packed " + type + " does not parse (" + e.getMessage() + ")");
    }
  }

  /** The message set in oneof {@code oneofName} of {@code message}, or empty when unset. */
  public static Optional<Message> oneofValue(Message message, String oneofName) {
    OneofDescriptor oneof = message.getDescriptorForType().getOneofs().stream()
        .filter(o -> o.getName().equals(oneofName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(message.getDescriptorForType().getFullName()
            + " has no oneof " + oneofName));
    FieldDescriptor set = message.getOneofFieldDescriptor(oneof);
    return set == null ? Optional.empty() : Optional.of((Message) message.getField(set));
  }

  /**
   * Sets {@code value} in oneof {@code oneofName} of {@code builder}: in the field of its type
   * when the oneof has one, else packed into the oneof's {@code Any} field.
   */
  public static void setOneof(Message.Builder builder, String oneofName, Message value) {
    OneofDescriptor oneof = builder.getDescriptorForType().getOneofs().stream()
        .filter(o -> o.getName().equals(oneofName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no oneof " + oneofName));
    String type = value.getDescriptorForType().getFullName();
    FieldDescriptor any = null;
    for (FieldDescriptor f : oneof.getFields()) {
      if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      String fieldType = f.getMessageType().getFullName();
      if (fieldType.equals(type)) {
        builder.setField(f, value);
        return;
      }
      if (fieldType.equals(Any.getDescriptor().getFullName())) {
        any = f;
      }
    }
    if (any == null) {
      throw new IllegalArgumentException("oneof " + oneofName + " has no field for " + type + " and no Any");
    }
    builder.setField(any, Any.pack(value));
  }
}
