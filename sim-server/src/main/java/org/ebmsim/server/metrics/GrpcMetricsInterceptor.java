package org.ebmsim.server.metrics;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Counts every call by method and final status code and times it from arrival to close
 * ({@code ebmsim_grpc_requests_total}, {@code ebmsim_grpc_request_seconds}, a histogram so that
 * Prometheus can take quantiles across servers). A session stream's time is the session's length.
 */
final class GrpcMetricsInterceptor implements ServerInterceptor {
  private final MeterRegistry registry;

  GrpcMetricsInterceptor(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    Timer.Sample started = Timer.start(registry);
    ServerCall<Q, R> counted = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        Counter.builder("ebmsim.grpc.requests").description("gRPC calls by method and final status")
            .tag("method", method).tag("code", status.getCode().name()).register(registry).increment();
        started.stop(Timer.builder("ebmsim.grpc.request").description("gRPC call duration, arrival to close")
            .tag("method", method).publishPercentileHistogram().register(registry));
        super.close(status, trailers);
      }
    };
    return next.startCall(counted, headers);
  }
}
