package org.ebmsim.dynamics.modern.ham;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Parameter checks shared by the Lagrangian kinds {@link Lagrangian#of} knows. */
final class LagrangianKinds {
  static final List<String> NAMES = List.of("identity", "softmax", "channel_softmax", "sigmoid", "tanh", "relu");

  private LagrangianKinds() {}

  /** Rejects any parameter: the kind takes none. */
  static void requireOnly(String kind, Map<String, Double> parameters) {
    if (!parameters.isEmpty()) {
      // the alphabetically first name, so the message does not depend on the map's iteration order
      String name = new TreeSet<>(parameters.keySet()).first();
      throw new IllegalArgumentException("lagrangian '" + kind + "' takes no parameters (got '" + name + "')");
    }
  }

  /** The {@code beta} parameter (default 1), rejecting any other name and a non-positive value. */
  static double beta(String kind, Map<String, Double> parameters) {
    for (String name : new TreeSet<>(parameters.keySet())) {
      if (!"beta".equals(name)) {
        throw new IllegalArgumentException("lagrangian '" + kind + "' has no parameter '" + name
            + "' (known: beta)");
      }
    }
    Double beta = parameters.get("beta");
    if (beta == null) {
      return 1;
    }
    if (!(beta > 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("lagrangian '" + kind + "' needs a finite beta > 0 (got " + beta + ")");
    }
    return beta;
  }
}
