package org.ebmsim.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.ebmsim.server.EbmsimServer;
import org.junit.jupiter.api.Test;

/**
 * The CLI talks to the server only through the SDK: no CLI class may use an engine type
 * (dynamics, actors, sessions, streams, families, memory, errors), Pekko or native BLAS, and of
 * the server only {@link EbmsimServer}, from the {@code server} subcommand, which starts it
 * in-process, and the tokens file format, from {@code token create}, which writes it.
 */
class NoEngineImportsTest {
  private static final JavaClasses CLI = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.ebmsim.cli");

  @Test
  void cli_usesNoEngineType() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "org.ebmsim.dynamics..", "org.ebmsim.actor..", "org.ebmsim.session..", "org.ebmsim.stream..",
            "org.ebmsim.family..", "org.ebmsim.memory..", "org.ebmsim.errors..",
            "org.apache.pekko..", "org.bytedeco..", "org.ejml..")
        .because("the CLI is a client of the server's API, not of its engine")
        .check(CLI);
  }

  @Test
  void cli_usesOfTheServerOnlyEbmsimServer_andOnlyInTheServerCommand() {
    DescribedPredicate<JavaClass> serverButNotItsEntry = DescribedPredicate.describe(
        "server classes other than EbmsimServer and the tokens file",
        c -> c.getPackageName().startsWith("org.ebmsim.server") && !c.isEquivalentTo(EbmsimServer.class)
            && !c.getPackageName().equals("org.ebmsim.server.security"));
    noClasses().should().dependOnClassesThat(serverButNotItsEntry).check(CLI);
    noClasses().that().haveNameNotMatching("org\\.ebmsim\\.cli\\.TokenCommand(\\$.*)?")
        .should().dependOnClassesThat().resideInAPackage("org.ebmsim.server.security")
        .because("only `ebmsim token` writes the server's tokens file")
        .check(CLI);
    noClasses().that().doNotHaveSimpleName("ServerCommand")
        .should().dependOnClassesThat().areAssignableTo(EbmsimServer.class)
        .because("only `ebmsim server` starts the server in-process")
        .check(CLI);
  }
}
