/**
 * The server's log format: logback's text pattern by default, or one JSON object per line
 * ({@code ebmsim.logging.format = json}) for log collectors, with session ids as fields.
 */
package org.ebmsim.server.logging;
