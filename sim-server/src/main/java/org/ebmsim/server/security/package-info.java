/**
 * Who may use a server and over what: TLS from PEM files (optionally mutual), bearer tokens with
 * the roles read ⊂ run ⊂ admin kept hashed in a tokens file, the table of which role each RPC
 * needs, the interceptor that enforces it, and the refusal to listen openly beyond loopback.
 */
package org.ebmsim.server.security;
