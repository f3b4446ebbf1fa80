/**
 * Training pieces shared by every trainable model, independent of its energy: the parameter
 * update with momentum and weight decay.
 */
package org.ebmsim.dynamics.train;
