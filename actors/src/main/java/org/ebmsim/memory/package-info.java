/**
 * Admission control by memory: one budget in bytes, derived from the heap, that every stored
 * model, running session and retained result is charged against before anything is allocated.
 */
package org.ebmsim.memory;
