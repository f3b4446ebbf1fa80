/**
 * The failures a request can cause, by what the caller should do about them: fix the request
 * ({@link InvalidRequestException}), pick another model or mode ({@link FailedPreconditionException}),
 * ask for less ({@link ResourceLimitException}) or name something that exists
 * ({@link NotFoundException}). The gRPC edge maps exactly these to client statuses; any other
 * exception is a bug and becomes INTERNAL.
 */
package org.ebmsim.errors;
