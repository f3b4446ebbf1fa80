/**
 * The curves of a CLI run ({@code --plot FILE}): each command's progress events gathered into
 * series and drawn as a PNG with JFreeChart, headless.
 */
package org.ebmsim.cli.plot;
