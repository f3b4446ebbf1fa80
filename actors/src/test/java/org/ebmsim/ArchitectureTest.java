package org.ebmsim;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Layering (CONVENTIONS.md): the math stays free of actors, streams and the transport; the
 * family plug-ins free of actors; sessions are plain data; the engine's orchestration knows no
 * model family (it reaches models through {@code family} and {@code dynamics.sampling} only).
 */
@AnalyzeClasses(packages = "org.ebmsim", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule dynamicsIsPureMath = noClasses()
      .that().resideInAPackage("org.ebmsim.dynamics..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "org.apache.pekko..", "io.grpc..", "com.google.protobuf..", "org.ebmsim.proto..", "org.ebmsim.actor..",
          "org.ebmsim.stream..", "org.ebmsim.session..", "org.ebmsim.family..")
      .because("dynamics holds the formulas and must be testable and reusable without Pekko, gRPC or protobuf");

  @ArchTest
  static final ArchRule familiesHaveNoActors = noClasses()
      .that().resideInAPackage("org.ebmsim.family..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "org.apache.pekko..", "io.grpc..", "org.ebmsim.actor..", "org.ebmsim.stream..", "org.ebmsim.session..")
      .because("a family is math plus its wire spec; the engine runs it");

  @ArchTest
  static final ArchRule sessionsArePlainData = noClasses()
      .that().resideInAPackage("org.ebmsim.session..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "org.apache.pekko..", "io.grpc..", "com.google.protobuf..", "org.ebmsim.proto..", "org.ebmsim.actor..",
          "org.ebmsim.stream..")
      .because("coordinators and events are shared by the actors and the gRPC layer without tying either to the"
          + " other, and may cross nodes");

  @ArchTest
  static final ArchRule engineKnowsNoFamily = noClasses()
      .that().resideInAnyPackage("org.ebmsim.actor..", "org.ebmsim.stream..", "org.ebmsim.session..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "org.ebmsim.dynamics.ising..", "org.ebmsim.dynamics.rbm..", "org.ebmsim.dynamics.dbm..",
          "org.ebmsim.dynamics.dense..", "org.ebmsim.dynamics.modern..", "org.ebmsim.family.ising..",
          "org.ebmsim.family.rbm..", "org.ebmsim.family.dbm..", "org.ebmsim.family.dense..",
          "org.ebmsim.family.attnbm..")
      .because("sessions, chain groups and layer actors run any family through its interfaces; adding a family"
          + " must not touch them");

  @ArchTest
  static final ArchRule familiesAreIndependent = noClasses()
      .that().resideInAnyPackage("org.ebmsim.family.ising..", "org.ebmsim.family.dbm..", "org.ebmsim.family.dense..",
          "org.ebmsim.family.attnbm..")
      .should().dependOnClassesThat().resideInAnyPackage("org.ebmsim.family.rbm..")
      .because("each family is one package; families do not reach into each other");
}
