/** Training Hopfield networks from data: the valleys rule (targets minus where the network lands). */
package org.ebmsim.dynamics.train.hopfield;
