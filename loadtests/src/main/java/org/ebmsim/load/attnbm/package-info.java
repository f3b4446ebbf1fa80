/**
 * Experiments on the attentional Boltzmann machine run through the server's API: the
 * reconstruction protocol of Ota &amp; Karakida's Fig. 1(a).
 */
package org.ebmsim.load.attnbm;
