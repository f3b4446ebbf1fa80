package org.ebmsim.session;

/**
 * Plain data that may cross cluster nodes: the session ↔ chain-group protocol. Bound to Pekko's
 * Jackson CBOR serializer in {@code reference.conf} ({@code pekko.actor.serialization-bindings});
 * the types it needs beyond records and enums are described in
 * {@code org.ebmsim.actor.cluster.GroupProtocolModule}.
 */
public interface ClusterSerializable {}
