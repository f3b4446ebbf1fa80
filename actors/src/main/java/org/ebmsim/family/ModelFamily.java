package org.ebmsim.family;

import com.google.protobuf.Message;
import java.util.List;

/**
 * Everything the server needs to know about one kind of model. Implementations are stateless and
 * thread-safe; registering one in a {@link FamilyRegistry} is all it takes for the server to
 * create, store, list, sample and (where offered) enumerate its models.
 */
public interface ModelFamily {
  /** Family key, lower case: "hopfield", "rbm", … (Model.family on the wire). */
  String key();

  /** One line: what models of this family are. */
  String description();

  /** Default instances of the spec messages CreateModel accepts for this family. */
  List<Message> specPrototypes();

  /** Default instance of the message its stored parameters are encoded in. */
  Message parametersPrototype();

  /**
   * Validates {@code spec} (one of {@link #specPrototypes()}' types) and builds the model.
   *
   * @throws org.ebmsim.errors.InvalidRequestException naming the field and the rule
   * @throws org.ebmsim.errors.ResourceLimitException above the context's limits
   */
  CreatedModel create(Message spec, CreateContext context);

  /**
   * Rebuilds a model from its stored parameters (validated again: files can be damaged).
   *
   * @throws org.ebmsim.errors.InvalidRequestException if they are not a valid model
   */
  EnergyModel decode(Message parameters);
}
