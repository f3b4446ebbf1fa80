/**
 * A chain's state as a list of layers: each layer has a shape (units and value type) and its
 * states for a batch of chains live in a {@link org.ebmsim.dynamics.state.LayerBlock}, compact
 * bytes for discrete units and float32 for real ones. Plain data shared by every family.
 */
package org.ebmsim.dynamics.state;
