/**
 * Coverage-guided fuzzing (Jazzer {@code @FuzzTest}) of every RPC the server binds: arbitrary bytes
 * are decoded with the method's request marshaller and sent to a real in-process server, which must
 * answer with a precise status, stay healthy and give its memory back. The saved inputs under
 * {@code src/test/resources/org/ebmsim/server/fuzz/} run as regression tests in every build.
 */
package org.ebmsim.server.fuzz;
