package org.ebmsim;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Layering: the pure-math package stays free of actors, streams and the transport (CONVENTIONS.md). */
@AnalyzeClasses(packages = "org.ebmsim", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule dynamicsIsPureMath = noClasses()
      .that().resideInAPackage("org.ebmsim.dynamics..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "org.apache.pekko..", "io.grpc..", "com.google.protobuf..", "org.ebmsim.actor..", "org.ebmsim.stream..")
      .because("dynamics holds the formulas and must be testable and reusable without Pekko, gRPC or protobuf");

  @ArchTest
  static final ArchRule sessionsArePlainData = noClasses()
      .that().resideInAPackage("org.ebmsim.session..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "org.apache.pekko..", "io.grpc..", "com.google.protobuf..", "org.ebmsim.actor..", "org.ebmsim.stream..")
      .because("plans and events are shared by the actors and the gRPC layer without tying either to the other");
}
