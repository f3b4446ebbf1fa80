package org.ebmsim.session;

/**
 * Where a resumed training session starts: a checkpoint's position, learner state and latest
 * version.
 */
public record TrainingResume(long batches, byte[] learnerState, long lastVersion) {}
