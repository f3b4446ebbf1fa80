package org.ebmsim.server.security;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ebmsim.proto.v1.DatasetServiceGrpc;
import org.ebmsim.proto.v1.HamServiceGrpc;
import org.ebmsim.proto.v1.ModelServiceGrpc;
import org.ebmsim.proto.v1.RbmServiceGrpc;
import org.ebmsim.proto.v1.ServerServiceGrpc;
import org.ebmsim.proto.v1.SessionServiceGrpc;
import org.ebmsim.proto.v1.SimulationServiceGrpc;
import org.ebmsim.proto.v1.TrainingServiceGrpc;

/**
 * Which role each RPC needs. Every method of every service the server binds must be listed here
 * (the server refuses to start with tokens otherwise, and a test enumerates the bound services):
 * an RPC added later is not reachable until someone decides who may call it.
 *
 * <table>
 *   <caption>Roles by RPC</caption>
 *   <tr><th>role</th><th>RPCs</th></tr>
 *   <tr><td>read</td><td>ModelService Get/List*; SessionService List/Get/WatchSession;
 *       DatasetService Get/ListDatasets; TrainingService ListCheckpoints; ServerService GetServerStatus</td></tr>
 *   <tr><td>run</td><td>SimulationService (every RPC: sessions, and ExactSummary/Evaluate/Reconstruct,
 *       which spend compute); TrainingService Train, ResumeTraining, FitProductOfExperts; RbmService
 *       MapRbmToHopfield (admin when register_hopfield stores a model); SessionService Stop/Pause/
 *       Resume/SteerSession of the caller's own sessions (admin: anyone's); HamService RunHam</td></tr>
 *   <tr><td>admin</td><td>ModelService CreateModel, DeleteModel; RbmService MapHopfieldToRbm (stores
 *       a model); DatasetService Upload/Register/DeleteDataset</td></tr>
 *   <tr><td>open</td><td>grpc.health.v1.Health; server reflection (v1 and v1alpha: they describe the
 *       public API, the same .proto files that ship with the client)</td></tr>
 * </table>
 */
public final class RpcAccess {
  /** Services every client may call without a token. */
  public static final Set<String> OPEN_SERVICES = Set.of("grpc.health.v1.Health",
      "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");

  /** What one RPC needs: a role, and possibly a further check of its request. */
  public record Rule(Role role, RequestCheck check) {
    Rule(Role role) {
      this(role, RequestCheck.NONE);
    }
  }

  /** A check of the request message once it arrives, beyond the role of the call. */
  public sealed interface RequestCheck {
    RequestCheck NONE = new None();

    /** No check. */
    record None() implements RequestCheck {}

    /**
     * The session named by the request's {@code session_id} must be the caller's own (role run)
     * unless the caller is admin.
     */
    record OwnSession() implements RequestCheck {}

    /** Role {@code role} is needed when the request's boolean {@code field} is set ({@code what} says why). */
    record RoleWhenSet(String field, Role role, String what) implements RequestCheck {}
  }

  private static final Map<String, Rule> RULES = table();

  private RpcAccess() {}

  private static Map<String, Rule> table() {
    Map<String, Rule> t = new LinkedHashMap<>();
    Rule read = new Rule(Role.READ);
    Rule run = new Rule(Role.RUN);
    Rule admin = new Rule(Role.ADMIN);
    Rule ownSession = new Rule(Role.RUN, new RequestCheck.OwnSession());

    put(t, ModelServiceGrpc.getCreateModelMethod(), admin);
    put(t, ModelServiceGrpc.getGetModelMethod(), read);
    put(t, ModelServiceGrpc.getListModelsMethod(), read);
    put(t, ModelServiceGrpc.getDeleteModelMethod(), admin);
    put(t, ModelServiceGrpc.getListFamiliesMethod(), read);
    put(t, ModelServiceGrpc.getListModelVersionsMethod(), read);

    put(t, SimulationServiceGrpc.getAnnealMethod(), run);
    put(t, SimulationServiceGrpc.getTemperMethod(), run);
    put(t, SimulationServiceGrpc.getCompleteMethod(), run);
    // read-only with respect to the store, but they spend the compute pool: run
    put(t, SimulationServiceGrpc.getExactSummaryMethod(), run);
    put(t, SimulationServiceGrpc.getEstimatePartitionFunctionMethod(), run);
    put(t, SimulationServiceGrpc.getEvaluateMethod(), run);
    put(t, SimulationServiceGrpc.getReconstructMethod(), run);

    put(t, RbmServiceGrpc.getMapHopfieldToRbmMethod(), admin); // always registers the RBM it builds
    put(t, RbmServiceGrpc.getMapRbmToHopfieldMethod(), new Rule(Role.RUN,
        new RequestCheck.RoleWhenSet("register_hopfield", Role.ADMIN, "register_hopfield stores a new model")));

    put(t, SessionServiceGrpc.getListSessionsMethod(), read);
    put(t, SessionServiceGrpc.getGetSessionMethod(), read);
    put(t, SessionServiceGrpc.getWatchSessionMethod(), read);
    put(t, SessionServiceGrpc.getStopSessionMethod(), ownSession);
    put(t, SessionServiceGrpc.getPauseSessionMethod(), ownSession);
    put(t, SessionServiceGrpc.getResumeSessionMethod(), ownSession);
    put(t, SessionServiceGrpc.getSteerSessionMethod(), ownSession);

    put(t, ServerServiceGrpc.getGetServerStatusMethod(), read);

    put(t, DatasetServiceGrpc.getUploadDatasetMethod(), admin);
    put(t, DatasetServiceGrpc.getRegisterDatasetMethod(), admin);
    put(t, DatasetServiceGrpc.getGetDatasetMethod(), read);
    put(t, DatasetServiceGrpc.getListDatasetsMethod(), read);
    put(t, DatasetServiceGrpc.getDeleteDatasetMethod(), admin);

    put(t, TrainingServiceGrpc.getTrainMethod(), run);
    put(t, TrainingServiceGrpc.getResumeTrainingMethod(), run);
    put(t, TrainingServiceGrpc.getListCheckpointsMethod(), read);
    put(t, TrainingServiceGrpc.getFitProductOfExpertsMethod(), run);

    put(t, HamServiceGrpc.getRunHamMethod(), run); // runs a session: spends the sampling dispatcher
    return Map.copyOf(t);
  }

  private static void put(Map<String, Rule> t, MethodDescriptor<?, ?> method, Rule rule) {
    if (t.put(method.getFullMethodName(), rule) != null) {
      throw new IllegalStateException(method.getFullMethodName() + " is listed twice");
    }
  }

  /** The rule of {@code fullMethodName} ({@code package.Service/Method}), if it is classified. */
  public static Optional<Rule> rule(String fullMethodName) {
    return Optional.ofNullable(RULES.get(fullMethodName));
  }

  /** Every classified method with its rule. */
  public static Map<String, Rule> rules() {
    return RULES;
  }

  /**
   * The problems of {@code services} against this table: methods of services that are not open
   * and have no rule, and request checks naming a field their request message lacks. Empty when
   * all is well.
   */
  public static List<String> problems(List<ServerServiceDefinition> services) {
    List<String> problems = new ArrayList<>();
    for (ServerServiceDefinition s : services) {
      if (OPEN_SERVICES.contains(s.getServiceDescriptor().getName())) {
        continue;
      }
      for (ServerMethodDefinition<?, ?> m : s.getMethods()) {
        MethodDescriptor<?, ?> d = m.getMethodDescriptor();
        Rule rule = RULES.get(d.getFullMethodName());
        if (rule == null) {
          problems.add(d.getFullMethodName() + " has no role in RpcAccess");
          continue;
        }
        String field = rule.check() instanceof RequestCheck.OwnSession ? "session_id"
            : rule.check() instanceof RequestCheck.RoleWhenSet w ? w.field() : null;
        if (field != null && requestField(d, field).isEmpty()) {
          problems.add(d.getFullMethodName() + ": its request has no field " + field + " for its access check");
        }
      }
    }
    return problems;
  }

  /** The field {@code name} of the method's request message, if the request is a protobuf message. */
  static Optional<Descriptors.FieldDescriptor> requestField(MethodDescriptor<?, ?> method, String name) {
    if (method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> p
        && p.getMessagePrototype() instanceof Message prototype) {
      return Optional.ofNullable(prototype.getDescriptorForType().findFieldByName(name));
    }
    return Optional.empty();
  }
}
