/**
 * The web dashboard: a Pekko HTTP server with static pages, a JSON API and Server-Sent Events,
 * all served through the gRPC services in-process (the same steering and watch semantics as gRPC
 * clients get); every API request passes a {@link org.ebmsim.server.dashboard.DashboardAccess} check.
 */
package org.ebmsim.server.dashboard;
