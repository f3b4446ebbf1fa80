package org.ebmsim.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ServerCalls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ebmsim.proto.v1.ListModelsRequest;
import org.ebmsim.proto.v1.MapRbmToHopfieldRequest;
import org.ebmsim.proto.v1.RbmServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every RPC of every service the server binds, called without a token, with unknown and
 * malformed tokens and with each role: refused with UNAUTHENTICATED, refused with
 * PERMISSION_DENIED, or let through (any other status: the service answered, usually
 * INVALID_ARGUMENT or NOT_FOUND for an empty request) exactly as {@link RpcAccess} says.
 */
class RpcAccessTest {
  @TempDir static Path dir;
  private static SecuredTestServer t;

  @BeforeAll
  static void start() {
    t = new SecuredTestServer(dir);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    t.close();
  }

  /** The bound methods that need a token (every service but health and reflection). */
  private static List<MethodDescriptor<?, ?>> guardedMethods() {
    List<MethodDescriptor<?, ?>> methods = new ArrayList<>();
    for (ServerServiceDefinition s : t.server.grpcServices()) {
      if (!RpcAccess.OPEN_SERVICES.contains(s.getServiceDescriptor().getName())) {
        s.getMethods().forEach(m -> methods.add(m.getMethodDescriptor()));
      }
    }
    return methods;
  }

  @Test
  void everyBoundMethod_isClassified() {
    List<String> unclassified = new ArrayList<>();
    for (MethodDescriptor<?, ?> m : guardedMethods()) {
      if (RpcAccess.rule(m.getFullMethodName()).isEmpty()) {
        unclassified.add(m.getFullMethodName());
      }
    }
    assertEquals(List.of(), unclassified, "RPCs without a role in RpcAccess");
    assertEquals(List.of(), RpcAccess.problems(t.server.grpcServices()));
    assertTrue(guardedMethods().size() >= 30, "expected every ebmsim RPC, got " + guardedMethods().size());
  }

  @Test
  void onlyHealthAndReflection_areOpen() {
    for (ServerServiceDefinition s : t.server.grpcServices()) {
      String name = s.getServiceDescriptor().getName();
      assertTrue(RpcAccess.OPEN_SERVICES.contains(name) || !name.startsWith("grpc."), name);
      assertFalse(RpcAccess.OPEN_SERVICES.contains(name) && name.startsWith("ebmsim."), name);
    }
  }

  @Test
  void anUnclassifiedMethod_isReported_andTheServerWouldNotStartWithIt() {
    MethodDescriptor<ListModelsRequest, ListModelsRequest> m = MethodDescriptor
        .<ListModelsRequest, ListModelsRequest>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("ebmsim.v1.LaterService/Added")
        .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(ListModelsRequest.getDefaultInstance()))
        .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(ListModelsRequest.getDefaultInstance()))
        .build();
    ServerServiceDefinition later = ServerServiceDefinition.builder(
            ServiceDescriptor.newBuilder("ebmsim.v1.LaterService").addMethod(m).build())
        .addMethod(ServerMethodDefinition.create(m, ServerCalls.asyncUnaryCall((r, o) -> o.onCompleted())))
        .build();
    assertEquals(List.of("ebmsim.v1.LaterService/Added has no role in RpcAccess"),
        RpcAccess.problems(List.of(later)));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> t.server.security().grpcInterceptor(id -> java.util.Optional.empty(), List.of(later)));
    assertTrue(e.getMessage().contains("LaterService/Added"), e.getMessage());
  }

  @TestFactory
  Stream<DynamicTest> everyMethod_withoutOrWithABadToken_isUnauthenticated() {
    String unknown = TokensFile.newToken();
    return guardedMethods().stream().flatMap(m -> Stream.of(
        DynamicTest.dynamicTest(m.getFullMethodName() + " without a token",
            () -> expectUnauthenticated(m, null, "missing bearer token")),
        DynamicTest.dynamicTest(m.getFullMethodName() + " with an unknown token",
            () -> expectUnauthenticated(m, "Bearer " + unknown, "unknown bearer token")),
        DynamicTest.dynamicTest(m.getFullMethodName() + " with a malformed header",
            () -> expectUnauthenticated(m, "Basic " + t.tokenOf(Role.ADMIN), "malformed")),
        DynamicTest.dynamicTest(m.getFullMethodName() + " with a malformed token",
            () -> expectUnauthenticated(m, "Bearer not a token!", "malformed"))));
  }

  private static void expectUnauthenticated(MethodDescriptor<?, ?> m, String header, String why) throws Exception {
    Status s = SecuredTestServer.call(t.channel, m, SecuredTestServer.defaultRequest(m), header);
    assertEquals(Status.Code.UNAUTHENTICATED, s.getCode(), m.getFullMethodName() + ": " + s);
    assertTrue(s.getDescription().contains(why), s.getDescription());
    for (String token : t.tokens.values()) {
      assertFalse(s.getDescription().contains(token), "the refusal repeats a token");
    }
  }

  @TestFactory
  Stream<DynamicTest> everyMethod_withEachRole_isAllowedOrDeniedAsTheTableSays() {
    return guardedMethods().stream().flatMap(m -> Stream.of(Role.values()).map(role ->
        DynamicTest.dynamicTest(m.getFullMethodName() + " as " + role.label(), () -> {
          Role needed = RpcAccess.rule(m.getFullMethodName()).orElseThrow().role();
          Status s = SecuredTestServer.call(t.channel, m, SecuredTestServer.defaultRequest(m),
              "Bearer " + t.tokenOf(role));
          if (role.includes(needed)) {
            assertAllowed(m.getFullMethodName() + " as " + role.label(), s);
          } else {
            assertEquals(Status.Code.PERMISSION_DENIED, s.getCode(), m.getFullMethodName() + ": " + s);
            assertTrue(s.getDescription().contains("needs role " + needed.label()), s.getDescription());
          }
        })));
  }

  private static void assertAllowed(String what, Status s) {
    assertNotEquals(Status.Code.UNAUTHENTICATED, s.getCode(), what + ": " + s);
    assertNotEquals(Status.Code.PERMISSION_DENIED, s.getCode(), what + ": " + s);
  }

  @Test
  void mapRbmToHopfield_registeringTheHopfieldNetwork_needsAdmin() throws Exception {
    MethodDescriptor<?, ?> m = RbmServiceGrpc.getMapRbmToHopfieldMethod();
    MapRbmToHopfieldRequest registering = MapRbmToHopfieldRequest.newBuilder().setRbmModelId("m-none")
        .setRegisterHopfield(true).build();
    Status asRunner = SecuredTestServer.call(t.channel, m, registering, "Bearer " + t.tokenOf(Role.RUN));
    assertEquals(Status.Code.PERMISSION_DENIED, asRunner.getCode(), asRunner.toString());
    assertTrue(asRunner.getDescription().contains("register_hopfield stores a new model, which needs role admin"),
        asRunner.getDescription());
    assertAllowed("as admin", SecuredTestServer.call(t.channel, m, registering, "Bearer " + t.tokenOf(Role.ADMIN)));
    assertAllowed("without registering, as runner", SecuredTestServer.call(t.channel, m,
        registering.toBuilder().setRegisterHopfield(false).build(), "Bearer " + t.tokenOf(Role.RUN)));
  }

  @Test
  void health_needsNoToken() {
    HealthCheckResponse r = HealthGrpc.newBlockingStub(t.channel).withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance());
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, r.getStatus());
  }

  @Test
  void reflection_needsNoToken() throws Exception {
    java.util.concurrent.CompletableFuture<io.grpc.reflection.v1.ServerReflectionResponse> answer =
        new java.util.concurrent.CompletableFuture<>();
    io.grpc.stub.StreamObserver<io.grpc.reflection.v1.ServerReflectionRequest> requests =
        io.grpc.reflection.v1.ServerReflectionGrpc.newStub(t.channel).serverReflectionInfo(
            new io.grpc.stub.StreamObserver<>() {
              @Override
              public void onNext(io.grpc.reflection.v1.ServerReflectionResponse r) {
                answer.complete(r);
              }

              @Override
              public void onError(Throwable e) {
                answer.completeExceptionally(e);
              }

              @Override
              public void onCompleted() {}
            });
    requests.onNext(io.grpc.reflection.v1.ServerReflectionRequest.newBuilder().setListServices("").build());
    io.grpc.reflection.v1.ServerReflectionResponse r = answer.get(10, java.util.concurrent.TimeUnit.SECONDS);
    requests.onCompleted();
    assertTrue(r.getListServicesResponse().getServiceList().stream()
        .anyMatch(s -> s.getName().equals("ebmsim.v1.ModelService")), r.toString());
  }
}
