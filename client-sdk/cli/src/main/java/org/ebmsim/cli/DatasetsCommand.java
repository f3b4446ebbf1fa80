package org.ebmsim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.proto.v1.Dataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ebmsim datasets}: upload, register, list, show and delete datasets. */
@Command(
    name = "datasets",
    mixinStandardHelpOptions = true,
    description = "Upload, register, list, show and delete datasets (IDX, CSV or ebmsim files).",
    subcommands = {
      DatasetsCommand.UploadCommand.class,
      DatasetsCommand.RegisterCommand.class,
      DatasetsCommand.ListCommand.class,
      DatasetsCommand.GetCommand.class,
      DatasetsCommand.DeleteCommand.class
    })
final class DatasetsCommand implements Callable<Integer> {
  @ParentCommand EbmsimCli cli;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(cli.err());
    return EbmsimCli.EXIT_USAGE;
  }

  static void show(EbmsimCli cli, Dataset d) {
    if (cli.json()) {
      JsonLines.print(cli.out(), d);
    } else {
      DatasetText.details(d).forEach(cli.out()::println);
    }
  }

  /** {@code datasets upload FILE [--labels FILE] --format ...}. */
  @Command(name = "upload", mixinStandardHelpOptions = true,
      description = "Upload a local file (streamed with its SHA-256) as a dataset.")
  static final class UploadCommand implements Callable<Integer> {
    @ParentCommand DatasetsCommand datasets;
    @Spec CommandSpec spec;
    @Mixin DatasetSpecOptions options;

    @Parameters(paramLabel = "FILE", description = "The data file (IDX, CSV or DatasetFile; gzipped or not).")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX only: the labels file.")
    Path labels;

    @Override
    public Integer call() {
      EbmsimCli cli = datasets.cli;
      for (Path p : labels == null ? List.of(data) : List.of(data, labels)) {
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
          throw new InputFileException("cannot read " + p + ": not a readable file");
        }
      }
      try (EbmsimClient client = cli.connect()) {
        show(cli, client.datasets().upload(options.spec(spec), data, labels));
      }
      return EbmsimCli.EXIT_OK;
    }
  }

  /** {@code datasets register PATH [--labels PATH] --format ...}. */
  @Command(name = "register", mixinStandardHelpOptions = true,
      description = "Register a file already on the server, under its dataset root (ebmsim.datasets.root).")
  static final class RegisterCommand implements Callable<Integer> {
    @ParentCommand DatasetsCommand datasets;
    @Spec CommandSpec spec;
    @Mixin DatasetSpecOptions options;

    @Parameters(paramLabel = "PATH", description = "The data file's path on the server, relative to the dataset root.")
    String data;

    @Option(names = "--labels", paramLabel = "PATH", description = "IDX only: the labels file's path on the server.")
    String labels;

    @Override
    public Integer call() {
      EbmsimCli cli = datasets.cli;
      try (EbmsimClient client = cli.connect()) {
        show(cli, client.datasets().register(options.spec(spec), data, labels));
      }
      return EbmsimCli.EXIT_OK;
    }
  }

  /** {@code datasets list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List all datasets, oldest first.")
  static final class ListCommand implements Callable<Integer> {
    @ParentCommand DatasetsCommand datasets;

    @Override
    public Integer call() {
      EbmsimCli cli = datasets.cli;
      try (EbmsimClient client = cli.connect()) {
        CommandOutput.list(cli, client.datasets().list(), "no datasets", DatasetText::table);
      }
      return EbmsimCli.EXIT_OK;
    }
  }

  /** {@code datasets get ID [--preview N]}. */
  @Command(name = "get", mixinStandardHelpOptions = true,
      description = "Show one dataset: shape, value range, label counts and a few rows (images as ASCII art).")
  static final class GetCommand implements Callable<Integer> {
    @ParentCommand DatasetsCommand datasets;

    @Parameters(paramLabel = "ID", description = "Dataset id (d-...).")
    String id;

    @Option(names = "--preview", paramLabel = "N", description = "Rows to show, 0..64 (default 3).")
    int preview = 3;

    @Override
    public Integer call() {
      EbmsimCli cli = datasets.cli;
      try (EbmsimClient client = cli.connect()) {
        show(cli, client.datasets().get(id, preview));
      }
      return EbmsimCli.EXIT_OK;
    }
  }

  /** {@code datasets delete ID}. */
  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete one dataset.")
  static final class DeleteCommand implements Callable<Integer> {
    @ParentCommand DatasetsCommand datasets;

    @Parameters(paramLabel = "ID", description = "Dataset id (d-...).")
    String id;

    @Override
    public Integer call() {
      EbmsimCli cli = datasets.cli;
      try (EbmsimClient client = cli.connect()) {
        client.datasets().delete(id);
      }
      CommandOutput.deleted(cli, id);
      return EbmsimCli.EXIT_OK;
    }
  }
}
