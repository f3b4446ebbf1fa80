package org.ebmsim.dynamics.rbm;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The RBM, BLAS, AIS and mapping packages are pure math: no Pekko, gRPC or protobuf. */
class PureMathArchitectureTest {
  @Test
  void pureMathPackages_doNotDependOnPekkoGrpcOrProtobuf() {
    JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.ebmsim.dynamics.rbm", "org.ebmsim.dynamics.blas", "org.ebmsim.dynamics.ais",
            "org.ebmsim.dynamics.mapping");
    noClasses().should().dependOnClassesThat().resideInAnyPackage("org.apache.pekko..", "io.grpc..",
        "com.google.protobuf..", "org.ebmsim.v1..").check(classes);
  }
}
