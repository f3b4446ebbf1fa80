package org.ebmsim.server.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.PartitionFunctionEvent;

/** EstimatePartitionFunction: validates AIS requests and streams AIS sessions. */
public final class PartitionFunctionSessions {
  /** Answers {@code request} on {@code response}. */
  public void estimate(EstimatePartitionFunctionRequest request, StreamObserver<PartitionFunctionEvent> response) {
    response.onError(Status.UNIMPLEMENTED.withDescription("EstimatePartitionFunction is being built").asRuntimeException());
  }
}
