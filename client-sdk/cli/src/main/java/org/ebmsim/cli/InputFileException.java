package org.ebmsim.cli;

/**
 * An input file cannot be used; the message names the file and, where it applies, the line
 * and column ({@code file:line:column: what is wrong}). The CLI reports it as a usage error.
 */
final class InputFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InputFileException(String message) {
    super(message);
  }

  InputFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
