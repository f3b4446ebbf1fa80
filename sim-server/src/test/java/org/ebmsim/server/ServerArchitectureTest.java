package org.ebmsim.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The server adapts; it does not know model families. Services, the store and the server reach
 * models only through the family interfaces ({@code org.ebmsim.family}), the layered states and
 * the session events, so a family added to the registry needs no server change. The one
 * family-specific service, RbmService (the Hopfield ↔ RBM mapping), goes through the RBM
 * family's facade and nowhere else.
 */
@AnalyzeClasses(packages = "org.ebmsim.server", importOptions = ImportOption.DoNotIncludeTests.class)
class ServerArchitectureTest {
  private static final String[] FAMILY_INTERNALS = {
      "org.ebmsim.dynamics.ising..", "org.ebmsim.dynamics.rbm..", "org.ebmsim.dynamics.dbm..",
      "org.ebmsim.dynamics.blas..", "org.ebmsim.dynamics.dense..", "org.ebmsim.dynamics.modern..",
      "org.ebmsim.family.ising..", "org.ebmsim.family.dbm..", "org.ebmsim.family.dense..", "org.ebmsim.family.attnbm.."};

  @ArchTest
  static final ArchRule serverKnowsNoFamilyInternals = noClasses()
      .that().resideInAPackage("org.ebmsim.server..")
      .should().dependOnClassesThat().resideInAnyPackage(FAMILY_INTERNALS)
      .because("models are created, stored, shown and run through ModelFamily and EnergyModel");

  @ArchTest
  static final ArchRule onlyTheRbmServiceUsesTheRbmFacade = noClasses()
      .that().resideInAPackage("org.ebmsim.server..")
      .and().doNotHaveSimpleName("RbmGrpcService")
      .should().dependOnClassesThat().resideInAnyPackage("org.ebmsim.family.rbm..")
      .because("the mapping service is RBM-specific by definition; nothing else may be");

  @ArchTest
  static final ArchRule storeIsBelowTheTransport = noClasses()
      .that().resideInAPackage("org.ebmsim.server.store..")
      .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "org.ebmsim.server.grpc..",
          "org.ebmsim.actor..", "org.ebmsim.stream..")
      .because("the store persists models through the family registry and is used by, not using, the services");

  @ArchTest
  static final ArchRule noChainGroupsFromTheServer = noClasses()
      .that().resideInAPackage("org.ebmsim.server..")
      .should().dependOnClassesThat().resideInAnyPackage("org.ebmsim.actor.group..")
      .because("the server starts sessions through the engine; groups and layer actors are the engine's business");
}
