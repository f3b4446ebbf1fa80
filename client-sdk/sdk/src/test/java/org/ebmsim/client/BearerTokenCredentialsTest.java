package org.ebmsim.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Attributes;
import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The bearer token goes with every call over TLS or to loopback, never in plaintext elsewhere unless allowed. */
class BearerTokenCredentialsTest {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String TOKEN = "tTdYQZz1Sa9R8f0k5Zb9uX3l0z2Vf1Yg7W3pJq6Kc4A";

  /** What the credentials do for a call to {@code authority} at {@code level}: headers, or the failure. */
  private static Object apply(CallCredentials c, String authority, SecurityLevel level) {
    AtomicReference<Object> result = new AtomicReference<>();
    c.applyRequestMetadata(new CallCredentials.RequestInfo() {
      @Override
      public MethodDescriptor<?, ?> getMethodDescriptor() {
        return org.ebmsim.proto.v1.ModelServiceGrpc.getListModelsMethod();
      }

      @Override
      public SecurityLevel getSecurityLevel() {
        return level;
      }

      @Override
      public String getAuthority() {
        return authority;
      }

      @Override
      public Attributes getTransportAttrs() {
        return Attributes.EMPTY;
      }
    }, Runnable::run, new CallCredentials.MetadataApplier() {
      @Override
      public void apply(Metadata headers) {
        result.set(headers);
      }

      @Override
      public void fail(Status status) {
        result.set(status);
      }
    });
    return result.get();
  }

  @Test
  void overTls_theTokenIsSentToAnyHost() {
    Metadata h = (Metadata) apply(new BearerTokenCredentials(TOKEN, false), "sim.example.org:50051",
        SecurityLevel.PRIVACY_AND_INTEGRITY);
    assertEquals("Bearer " + TOKEN, h.get(AUTHORIZATION));
  }

  @Test
  void inPlaintext_theTokenIsSentToLoopbackOnly() {
    for (String local : new String[] {"localhost:50051", "127.0.0.1:50051", "[::1]:50051", "LOCALHOST"}) {
      assertTrue(apply(new BearerTokenCredentials(TOKEN, false), local, SecurityLevel.NONE) instanceof Metadata, local);
    }
    Status refused = (Status) apply(new BearerTokenCredentials(TOKEN, false), "10.1.2.3:50051", SecurityLevel.NONE);
    assertEquals(Status.Code.UNAUTHENTICATED, refused.getCode());
    assertTrue(refused.getDescription().contains("without TLS to 10.1.2.3:50051"), refused.getDescription());
    assertFalse(refused.getDescription().contains(TOKEN));
    assertFalse(BearerTokenCredentials.isLoopback("localhost.example.org:1"));
    assertTrue(apply(new BearerTokenCredentials(TOKEN, true), "10.1.2.3:50051", SecurityLevel.NONE)
        instanceof Metadata, "allowed explicitly");
  }

  @Test
  void clientSecurity_describesItselfWithoutTheToken() {
    ClientSecurity s = ClientSecurity.plaintext().withTrustedCa(Path.of("ca.pem")).withBearerToken(TOKEN);
    assertTrue(s.tls() && s.hasBearerToken());
    assertFalse(s.toString().contains(TOKEN), s.toString());
    assertFalse(ClientSecurity.plaintext().withBearerToken("  ").hasBearerToken());
  }
}
