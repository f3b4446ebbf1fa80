package org.ebmsim.server.fuzz;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The ebmsim RPCs a running server binds, found through its reflection service (so a service or
 * method added to the server is fuzzed without touching this package), each with the generated
 * {@link MethodDescriptor} whose marshallers a client uses. Methods are sorted by full name.
 */
final class RpcCatalog {
  /** Services outside this prefix (health, reflection) are grpc-java's, not ebmsim's. */
  static final String EBMSIM_PREFIX = "ebmsim.";

  private final List<MethodDescriptor<?, ?>> methods;

  private RpcCatalog(List<MethodDescriptor<?, ?>> methods) {
    this.methods = List.copyOf(methods);
  }

  /** Asks the server behind {@code channel} which services it binds and resolves their generated stubs. */
  static RpcCatalog discover(Channel channel) throws Exception {
    List<MethodDescriptor<?, ?>> out = new ArrayList<>();
    for (String service : reflect(channel, ServerReflectionRequest.newBuilder().setListServices("").build())
        .getListServicesResponse().getServiceList().stream().map(ServiceResponse::getName).toList()) {
      if (!service.startsWith(EBMSIM_PREFIX)) {
        continue;
      }
      ServiceDescriptorProto declared = declaration(channel, service);
      ServiceDescriptor generated = generatedDescriptor(channel, service);
      List<String> declaredNames = declared.getMethodList().stream()
          .map(m -> MethodDescriptor.generateFullMethodName(service, m.getName())).sorted().toList();
      List<String> generatedNames = generated.getMethods().stream().map(MethodDescriptor::getFullMethodName).sorted()
          .toList();
      if (!declaredNames.equals(generatedNames)) {
        throw new IllegalStateException("the server declares " + declaredNames + " but the generated stub of "
            + service + " has " + generatedNames);
      }
      out.addAll(generated.getMethods());
    }
    out.sort(Comparator.comparing(MethodDescriptor::getFullMethodName));
    return new RpcCatalog(out);
  }

  List<MethodDescriptor<?, ?>> methods() {
    return methods;
  }

  Optional<MethodDescriptor<?, ?>> byName(String fullMethodName) {
    for (MethodDescriptor<?, ?> m : methods) {
      if (m.getFullMethodName().equals(fullMethodName)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  private static ServiceDescriptorProto declaration(Channel channel, String service) throws Exception {
    FileDescriptorProto file = declaringFile(channel, service);
    String simple = service.substring(service.lastIndexOf('.') + 1);
    return file.getServiceList().stream().filter(s -> s.getName().equals(simple)).findFirst().orElseThrow();
  }

  private static FileDescriptorProto declaringFile(Channel channel, String service) throws Exception {
    ServerReflectionResponse r = reflect(channel, ServerReflectionRequest.newBuilder().setFileContainingSymbol(service)
        .build());
    String simple = service.substring(service.lastIndexOf('.') + 1);
    for (var bytes : r.getFileDescriptorResponse().getFileDescriptorProtoList()) {
      FileDescriptorProto file = parse(bytes.toByteArray());
      if (file.getServiceList().stream().anyMatch(s -> s.getName().equals(simple))) {
        return file;
      }
    }
    throw new IllegalStateException("reflection gave no file declaring " + service);
  }

  /** The {@code getServiceDescriptor()} of {@code <java_package>.<Service>Grpc}, the class protoc generated. */
  private static ServiceDescriptor generatedDescriptor(Channel channel, String service) throws Exception {
    FileDescriptorProto file = declaringFile(channel, service);
    String pkg = file.getOptions().hasJavaPackage() ? file.getOptions().getJavaPackage() : file.getPackage();
    String simple = service.substring(service.lastIndexOf('.') + 1);
    Class<?> stub = Class.forName(pkg + "." + simple + "Grpc");
    return (ServiceDescriptor) stub.getMethod("getServiceDescriptor").invoke(null);
  }

  private static FileDescriptorProto parse(byte[] bytes) throws InvalidProtocolBufferException {
    return FileDescriptorProto.parseFrom(bytes);
  }

  private static ServerReflectionResponse reflect(Channel channel, ServerReflectionRequest request) throws Exception {
    CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS).serverReflectionInfo(new StreamObserver<>() {
          @Override
          public void onNext(ServerReflectionResponse value) {
            answer.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            answer.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            answer.completeExceptionally(new IllegalStateException("reflection ended without an answer"));
          }
        });
    requests.onNext(request);
    requests.onCompleted();
    ServerReflectionResponse r = answer.get(10, TimeUnit.SECONDS);
    if (r.hasErrorResponse()) {
      throw new IllegalStateException("reflection: " + r.getErrorResponse().getErrorMessage());
    }
    return r;
  }
}
