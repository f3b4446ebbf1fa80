package org.ebmsim.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.client.ProtoMatrices;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.ReconstructRequest;
import org.ebmsim.proto.v1.ReconstructResponse;
import org.ebmsim.proto.v1.ReconstructionMethod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ebmsim reconstruct MODEL --rows FILE --known FILE}: the rows with their missing units
 * filled in by the model's conditional means (exact) or one retrieval step; printed, or written
 * as CSV with {@code --out}.
 */
@Command(
    name = "reconstruct",
    sortOptions = false,
    description = {
      "Fill in missing visible units of given rows: conditional means <v_m | v_o> (exact; attnbm",
      "with an integer β) or one model-B retrieval step from the rows as given (--method retrieval).",
      "--known holds 1 for a known unit and 0 for a missing one: N flags for every row, or one row",
      "of N flags per row of --rows.",
      "Example: ebmsim reconstruct m-0123456789abcdef --rows masked.csv --known mask.csv --out filled.csv"
    })
final class ReconstructCommand implements Callable<Integer> {
  @ParentCommand EbmsimCli cli;
  @Spec CommandSpec spec;

  @Mixin HelpOption help;
  @Mixin ModelVersionOption version;

  @Parameters(paramLabel = "MODEL", description = "Model id (m-...).")
  String modelId;

  @Option(names = "--rows", paramLabel = "FILE", required = true,
      description = "Rows to complete, one per line (values at missing units: anything finite, e.g. 0).")
  Path rows;

  @Option(names = "--known", paramLabel = "FILE", required = true,
      description = "0/1 mask: 1 = known, 0 = missing; N values, or as many rows as --rows.")
  Path known;

  @Option(names = "--method", paramLabel = "conditional-mean|retrieval", defaultValue = "conditional-mean",
      description = "conditional-mean (default) or retrieval (one step; known units kept).")
  String method;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the completed rows as CSV instead of printing them.")
  Path out;

  @Override
  public Integer call() {
    ReconstructionMethod m = switch (method) {
      case "conditional-mean" -> ReconstructionMethod.CONDITIONAL_MEAN;
      case "retrieval" -> ReconstructionMethod.ONE_STEP_RETRIEVAL;
      default -> throw EbmsimCli.usage(spec, "--method must be conditional-mean or retrieval (got " + method + ")");
    };
    double[][] data = InputFiles.readMatrix(rows, "rows");
    Matrix matrix;
    try {
      matrix = ProtoMatrices.matrix(data);
    } catch (IllegalArgumentException e) {
      throw EbmsimCli.usage(spec, rows + ": " + e.getMessage());
    }
    ReconstructRequest.Builder request = ReconstructRequest.newBuilder().setModelId(modelId)
        .setModelVersion(version.checked(spec)).setRows(matrix).setMethod(m);
    double[] mask = InputFiles.readVector(known, "known");
    for (int k = 0; k < mask.length; k++) {
      if (mask[k] != 0 && mask[k] != 1) {
        throw EbmsimCli.usage(spec, known + ": value " + k + " is " + mask[k] + "; the mask holds 0 (missing) or 1"
            + " (known)");
      }
      request.addKnown(mask[k] == 1);
    }
    try (EbmsimClient client = cli.connect()) {
      ReconstructResponse r = client.reconstruct(request.build());
      if (cli.json()) {
        JsonLines.print(cli.out(), r);
        return EbmsimCli.EXIT_OK;
      }
      double[][] filled = ProtoMatrices.rows(r.getRows());
      String how = r.getMethod() == ReconstructionMethod.CONDITIONAL_MEAN ? "conditional means" : "one retrieval step";
      if (out != null) {
        MatrixCsv.write(out, filled);
        cli.out().println("reconstructed " + filled.length + " rows by " + how + "; written to " + out);
      } else {
        cli.out().println("reconstructed " + filled.length + " rows by " + how + ":");
        for (int i = 0; i < filled.length; i++) {
          cli.out().println("  #" + i + "  " + HumanText.vector(Arrays.stream(filled[i]).boxed().toList()));
        }
      }
    }
    return EbmsimCli.EXIT_OK;
  }
}
