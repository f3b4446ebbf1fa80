/** Test support shared by the engine's tests: models built through their families, and session runs. */
package org.ebmsim.testing;
