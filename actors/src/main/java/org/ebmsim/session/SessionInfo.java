package org.ebmsim.session;

import org.ebmsim.dynamics.state.LayerLayout;

/**
 * Who a session is: announced in its first event and kept in the registry.
 *
 * @param kind "anneal", "complete" or "partition_function"
 * @param total sweeps (or AIS temperatures) it runs at most
 */
public record SessionInfo(String id, String kind, ModelRef model, int chains, long total, LayerLayout layout,
    boolean detached, long startedMillis) {}
