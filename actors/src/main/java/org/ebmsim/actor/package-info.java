/**
 * Orchestration: session actors own a request's schedule, reporting and lifetime; chain-group
 * actors own batches of chains; layer actors own one layer of a batch and exchange fields.
 * No formulas live here: every computation is a call into {@code org.ebmsim.dynamics}.
 */
package org.ebmsim.actor;
