/**
 * Pure mathematics of ebmsim: energy models, samplers, deterministic dynamics, schedules and
 * exact enumeration. Plain Java over primitive arrays; no Pekko, gRPC or protobuf (an ArchUnit
 * test enforces it) so every formula can be tested directly against ground truth.
 */
package org.ebmsim.dynamics;
