package org.ebmsim.server.security;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every call of the intercepted services by its bearer token and enforces
 * {@link RpcAccess}: no or an unknown token gives UNAUTHENTICATED, a role too small
 * PERMISSION_DENIED, both before the service (and the request-memory interceptor inside this
 * one) sees the call or its message. A granted call runs with its {@link Caller} in the gRPC
 * context. Checks that need the request ({@link RpcAccess.RequestCheck}) run when its message
 * arrives and, when they refuse, close the call before the message is passed on.
 */
final class BearerAuthInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Logger LOG = LoggerFactory.getLogger(BearerAuthInterceptor.class);

  private final TokenAuthenticator tokens;
  private final SessionOwners owners;

  BearerAuthInterceptor(TokenAuthenticator tokens, SessionOwners owners) {
    this.tokens = tokens;
    this.owners = owners;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    Optional<RpcAccess.Rule> rule = RpcAccess.rule(method);
    if (rule.isEmpty()) { // the server checks the table at start; this is the fail-closed default
      return refuse(call, Status.PERMISSION_DENIED.withDescription(method + " is not open to any role"));
    }
    Authentication auth = tokens.authenticate(headers.get(AUTHORIZATION));
    if (auth instanceof Authentication.Refused refused) {
      // the reason never holds the token; the peer helps to find a misconfigured client
      LOG.debug("refused {} from {}: {}", method, call.getAttributes().get(io.grpc.Grpc.TRANSPORT_ATTR_REMOTE_ADDR),
          refused.reason());
      return refuse(call, Status.UNAUTHENTICATED.withDescription(refused.reason()));
    }
    Caller caller = ((Authentication.Granted) auth).caller();
    Role needed = rule.get().role();
    if (!caller.may(needed)) {
      return refuse(call, Status.PERMISSION_DENIED.withDescription(shortName(method) + " needs role "
          + needed.label() + "; the token '" + caller.name() + "' has role " + caller.role().label()));
    }
    ServerCall.Listener<Q> listener = Contexts.interceptCall(Context.current().withValue(Caller.KEY, caller),
        call, headers, next);
    RpcAccess.RequestCheck check = rule.get().check();
    return check instanceof RpcAccess.RequestCheck.None ? listener
        : new CheckingListener<>(listener, call, caller, check);
  }

  /** The reason {@code caller} may not make this request, if it may not. */
  private Optional<String> denial(RpcAccess.RequestCheck check, Caller caller, Object request) {
    if (!(request instanceof Message m)) {
      return Optional.of("the request could not be checked");
    }
    if (check instanceof RpcAccess.RequestCheck.OwnSession) {
      String id = (String) field(m, "session_id");
      Optional<String> owner = owners.ownerOf(id);
      // an unknown session goes on to the service, which answers NOT_FOUND
      if (owner.isPresent() && !caller.mayControlSessionOf(owner.get())) {
        return Optional.of("session " + id + " was started by another token; controlling it needs role admin"
            + " (the token '" + caller.name() + "' has role " + caller.role().label() + ")");
      }
    } else if (check instanceof RpcAccess.RequestCheck.RoleWhenSet w) {
      if (Boolean.TRUE.equals(field(m, w.field())) && !caller.may(w.role())) {
        return Optional.of(w.what() + ", which needs role " + w.role().label() + "; the token '" + caller.name()
            + "' has role " + caller.role().label());
      }
    }
    return Optional.empty();
  }

  private static Object field(Message m, String name) {
    Descriptors.FieldDescriptor f = m.getDescriptorForType().findFieldByName(name);
    return m.getField(f); // RpcAccess.problems made sure at start that the field exists
  }

  private static String shortName(String fullMethodName) {
    int dot = fullMethodName.lastIndexOf('.', fullMethodName.indexOf('/'));
    return fullMethodName.substring(dot + 1);
  }

  private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
    call.close(status, new Metadata());
    return new ServerCall.Listener<>() {};
  }

  /**
   * Holds back each message until its check passes; after a refusal the call is closed and the
   * service sees neither that message nor the half-close (which it would answer a second time).
   */
  private final class CheckingListener<Q, R> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
    private final ServerCall<Q, R> call;
    private final Caller caller;
    private final RpcAccess.RequestCheck check;
    private boolean refused; // listener callbacks are serialized by gRPC

    CheckingListener(ServerCall.Listener<Q> delegate, ServerCall<Q, R> call, Caller caller,
        RpcAccess.RequestCheck check) {
      super(delegate);
      this.call = call;
      this.caller = caller;
      this.check = check;
    }

    @Override
    public void onMessage(Q message) {
      if (refused) {
        return;
      }
      Optional<String> denial = denial(check, caller, message);
      if (denial.isPresent()) {
        refused = true;
        call.close(Status.PERMISSION_DENIED.withDescription(denial.get()), new Metadata());
        return;
      }
      super.onMessage(message);
    }

    @Override
    public void onHalfClose() {
      if (!refused) {
        super.onHalfClose();
      }
    }
  }
}
