package org.ebmsim.data;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "org.ebmsim", importOptions = ImportOption.DoNotIncludeTests.class)
class DataArchitectureTest {
  @ArchTest
  static final ArchRule datasetsArePlainJava = noClasses()
      .that().resideInAPackage("org.ebmsim.data..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "org.apache.pekko..", "io.grpc..", "org.ebmsim.actor..", "org.ebmsim.stream..", "org.ebmsim.session..")
      .because("datasets are read and transformed by plain math that the server and training sessions share");
}
