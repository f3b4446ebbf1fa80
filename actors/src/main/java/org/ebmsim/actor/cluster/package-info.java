/**
 * Running chain groups across a Pekko Cluster: cluster settings, the sharded chain-group entity,
 * group checkpoints on the shared data folder, and how the group protocol's plain data is
 * written on the wire.
 */
package org.ebmsim.actor.cluster;
