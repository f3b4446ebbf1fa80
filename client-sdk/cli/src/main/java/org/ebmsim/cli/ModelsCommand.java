package org.ebmsim.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.ModelFamilyInfo;
import org.ebmsim.proto.v1.ModelVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ebmsim models}: create, list, show and delete stored models; list a model's versions and
 * the model families.
 */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "Create, list, show and delete models; list a model's versions and the model families the server"
        + " knows.",
    subcommands = {
      ModelsCreateCommand.class,
      ModelsCommand.ListCommand.class,
      ModelsCommand.GetCommand.class,
      ModelsCommand.VersionsCommand.class,
      ModelsCommand.DeleteCommand.class,
      ModelsCommand.FamiliesCommand.class
    })
final class ModelsCommand implements Callable<Integer> {
  @ParentCommand EbmsimCli cli;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(cli.err());
    return EbmsimCli.EXIT_USAGE;
  }

  /** {@code models list}: every model, oldest first. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List all models, oldest first.")
  static final class ListCommand implements Callable<Integer> {
    @ParentCommand ModelsCommand models;

    @Override
    public Integer call() {
      EbmsimCli cli = models.cli;
      try (EbmsimClient client = cli.connect()) {
        CommandOutput.list(cli, client.listModels(), "no models", HumanText::modelTable);
      }
      return EbmsimCli.EXIT_OK;
    }
  }

  /** {@code models get ID [--params] [--version V]}. */
  @Command(name = "get", description = "Show one model (at one of its versions with --version).")
  static final class GetCommand implements Callable<Integer> {
    @ParentCommand ModelsCommand models;
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin ModelVersionOption version;

    @Parameters(paramLabel = "ID", description = "Model id (m-...).")
    String id;

    @Option(names = "--params", description = "Also fetch the parameters: weights, biases, stored patterns, ...")
    boolean params;

    @Override
    public Integer call() {
      EbmsimCli cli = models.cli;
      try (EbmsimClient client = cli.connect()) {
        Model m = client.getModel(id, version.checked(spec), params);
        if (cli.json()) {
          JsonLines.print(cli.out(), m);
        } else {
          HumanText.modelDetails(m).forEach(cli.out()::println);
        }
      }
      return EbmsimCli.EXIT_OK;
    }
  }

  /** {@code models versions ID}: the stored parameter versions, oldest first. */
  @Command(name = "versions", mixinStandardHelpOptions = true,
      description = "List a model's stored versions, oldest first: version 1 is the created model, training writes"
          + " the others (with the session, batches and epoch).")
  static final class VersionsCommand implements Callable<Integer> {
    @ParentCommand ModelsCommand models;

    @Parameters(paramLabel = "ID", description = "Model id (m-...).")
    String id;

    @Override
    public Integer call() {
      EbmsimCli cli = models.cli;
      List<ModelVersion> versions;
      try (EbmsimClient client = cli.connect()) {
        versions = client.listModelVersions(id);
      }
      if (cli.json()) {
        versions.forEach(v -> JsonLines.print(cli.out(), v));
      } else {
        TrainingTables.versions(versions).forEach(cli.out()::println);
      }
      return EbmsimCli.EXIT_OK;
    }
  }

  /** {@code models delete ID}. */
  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete one model.")
  static final class DeleteCommand implements Callable<Integer> {
    @ParentCommand ModelsCommand models;

    @Parameters(paramLabel = "ID", description = "Model id (m-...).")
    String id;

    @Override
    public Integer call() {
      EbmsimCli cli = models.cli;
      try (EbmsimClient client = cli.connect()) {
        client.deleteModel(id);
      }
      CommandOutput.deleted(cli, id);
      return EbmsimCli.EXIT_OK;
    }
  }

  /** {@code models families}: the model families the server knows and the specs each accepts. */
  @Command(name = "families", mixinStandardHelpOptions = true,
      description = "List the model families the server knows (built in and plug-ins) with the specs each accepts.")
  static final class FamiliesCommand implements Callable<Integer> {
    @ParentCommand ModelsCommand models;

    @Override
    public Integer call() {
      EbmsimCli cli = models.cli;
      List<ModelFamilyInfo> families;
      try (EbmsimClient client = cli.connect()) {
        families = client.listFamilies();
      }
      CommandOutput.list(cli, families, "no model families", HumanText::familyTable);
      return EbmsimCli.EXIT_OK;
    }
  }
}
