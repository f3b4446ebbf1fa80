package org.ebmsim.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.client.ModelRequests;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.DbmUnits;
import org.ebmsim.proto.v1.DenseInteraction;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.SparseSpec;
import org.ebmsim.proto.v1.SparseUnits;
import org.ebmsim.proto.v1.StorageRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code models create}: a Hopfield network from patterns ({@code --patterns}), or from
 * weights ({@code --weights}), a Boltzmann machine ({@code --weights --visible N}), a
 * restricted Boltzmann machine ({@code --rbm-weights FILE --variant V}), or a deep Boltzmann
 * machine ({@code --dbm-weights FILE,FILE,... [--dbm-units U]}).
 */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Create a model from a patterns file (Hopfield) or a weights file (Hopfield, or a",
      "Boltzmann machine with --visible), an RBM from V x H weights (--rbm-weights with",
      "--variant), or a deep Boltzmann machine from one weights file per pair of neighbouring",
      "layers (--dbm-weights W0,W1,...; W_l is n_l x n_l+1, layer 0 visible).",
      "Files: .json ({\"patterns\": [[1,-1,...],...]}, {\"weights\": [[...]],",
      "\"bias\": [...]}, for RBMs also \"visible_bias\" and \"hidden_bias\", or a bare array of",
      "arrays) or .csv/.txt (one row per line, comma or blank separated, # comments).",
      "0/1 patterns become ±1; --patterns with weights attaches stored patterns (for overlaps).",
      "Example: ebmsim models create --rbm-weights w.csv --variant binary --name tiny-rbm",
      "Example: ebmsim models create --dbm-weights w0.csv,w1.csv --dbm-units spin --name deep",
      "Example: ebmsim models create --patterns letters.json --dense power:3 (dense associative memory)",
      "Example: ebmsim models create --attnbm-patterns xi.csv --beta 2 (attentional Boltzmann machine;",
      "  real p x N patterns, optional --visible-bias and --hidden-bias)",
      "Example: ebmsim models create --modern-patterns xi.csv --beta 8 (modern continuous Hopfield",
      "  network; real p x N patterns; ebmsim complete retrieves by v <- xi^T softmax(beta xi v))",
      "Example: ebmsim models create --planted 2:32:0.5:7 (planted frustrated loops, N = 1024; the",
      "  planted ground state is pattern 0: anneal and compare the best energy with its energy)",
      "Example: ebmsim models create --lattice 3d:64:pm:1 (sparse family: 3D periodic ±J lattice,",
      "  N = 262144; also --chimera MxNxT[:LAW][:SEED], --diluted N:K:P[:SEED], --binary for 0/1 units)",
      "Example: ebmsim models create --sparse-planted 3:22:0.5:1 (planted loops on a sparse 3D lattice,",
      "  N = 10648; the description states the planted ground energy E0; also",
      "  chimera:MxNxT:DENSITY and pegasus:M:DENSITY)",
      "Example: ebmsim models create --pegasus 16:gauss:1 (D-Wave Advantage's Pegasus",
      "  graph P(16): 5640 units, 40484 couplings; 16:full for all 5760 qubits)",
      "Example: ebmsim models create --csr j.txt --units binary --visible-units 4",
      "  (couplings file: 'i j J_ij' per edge, optional 'units N' and 'bias i b_i'",
      "  lines; see --csr)",
      "Example: ebmsim models create --vmf-patterns xi.csv --beta 0.5 (model C: directions with a",
      "  von Mises-Fisher law; ebmsim exact gives log Z, ebmsim anneal draws exact samples)"
    })
final class ModelsCreateCommand implements Callable<Integer> {
  @ParentCommand ModelsCommand models;
  @Spec CommandSpec spec;

  @Option(names = "--patterns", paramLabel = "FILE", description = "±1 (or 0/1) patterns, one per row.")
  Path patterns;

  @Option(
      names = "--rule",
      paramLabel = "hebbian|projection",
      converter = ProtoEnumOptions.RuleConverter.class,
      defaultValue = "hebbian",
      description = "Storage rule for --patterns: hebbian or projection (default ${DEFAULT-VALUE}).")
  StorageRule rule;

  @Option(
      names = "--dense",
      paramLabel = "F",
      description = "Store --patterns in a dense associative memory with interaction F instead of a Hopfield"
          + " network: power:N (x^N), rectified-power:N (max(x,0)^N), N >= 2, or exp (e^x, log domain).")
  String dense;

  @Option(
      names = "--attnbm-patterns",
      paramLabel = "FILE",
      description = "Attentional Boltzmann machine from real patterns ξ, p rows x N columns; β from --beta"
          + " (default 1; an integer for exact results), biases from --visible-bias (N) and --hidden-bias (p).")
  Path attnBmPatterns;

  @Option(
      names = "--modern-patterns",
      paramLabel = "FILE",
      description = "Modern continuous Hopfield network from real patterns ξ, p rows x N columns; β from --beta"
          + " (default 1).")
  Path modernPatterns;

  @Option(
      names = "--vmf-patterns",
      paramLabel = "FILE",
      description = "Model C (divisive normalization) from real patterns ξ, p rows x N >= 2 columns; β from --beta"
          + " (default 1).")
  Path vmfPatterns;

  @Option(
      names = "--planted",
      paramLabel = "D:L:DENSITY[:SEED]",
      description = "Planted-solution Ising instance: frustrated loops on a periodic D-dimensional lattice (D = 2"
          + " or 3) of side L, DENSITY loops per spin; its ground state is stored as pattern 0 (default seed 0).")
  String planted;

  @Option(
      names = "--lattice",
      paramLabel = "D:L[:pm|gauss|ferro][:SEED]",
      description = "Sparse model: periodic D-dimensional lattice (D = 2 or 3, written 3 or 3d) of side L with ±J"
          + " (pm, default), Gaussian or ferromagnetic couplings.")
  String lattice;

  @Option(
      names = "--chimera",
      paramLabel = "MxNxT[:LAW][:SEED]",
      description = "Sparse model: Chimera graph C(M, N, T) (N defaults to M, T to 4) with pm, gauss or ferro couplings.")
  String chimera;

  @Option(
      names = "--pegasus",
      paramLabel = "M[:full][:LAW][:SEED]",
      description = "Sparse model: D-Wave's Pegasus graph P(M) (Advantage is P(16): 5640 units, 40484 couplings),"
          + " the fabric by default or the full graph with :full, with pm (default), gauss or ferro couplings.")
  String pegasus;

  @Option(
      names = "--csr",
      paramLabel = "FILE",
      description = "Sparse model from a couplings file, one item per line, # comments: 'i j J_ij' (an undirected"
          + " edge, 0-based, listed once), 'units N' (optional; default: the largest index + 1), 'bias i b_i'"
          + " (optional; default 0). Sent as a symmetric CSR; errors name the line.")
  Path csr;

  @Option(
      names = "--diluted",
      paramLabel = "N:K:P[:SEED]",
      description = "Sparse model: diluted Hopfield network, P random patterns stored by the Hebbian rule on a random"
          + " graph of N units and mean degree K (even).")
  String diluted;

  @Option(
      names = "--sparse-planted",
      paramLabel = "D:L:DENSITY[:SEED]",
      description = "Sparse model: planted frustrated loops on a periodic lattice (or chimera:MxNxT:DENSITY[:SEED],"
          + " pegasus:M:DENSITY[:SEED] on the P(M) fabric, pegasus-full:M:DENSITY[:SEED]); up to 10^6 units, the planted ground energy in the description, the planted state as pattern 0.")
  String sparsePlanted;

  @Option(names = "--binary", description = "Sparse models: 0/1 units instead of ±1 (same as --units binary).")
  boolean binary;

  @Option(
      names = "--units",
      paramLabel = "spin|binary",
      description = "Sparse models (--lattice, --chimera, --pegasus, --csr): ±1 units (spin, default) or 0/1 (binary).")
  String unitValues;

  @Option(
      names = "--visible-units",
      paramLabel = "K",
      description = "Sparse models: units 0..K-1 are visible, the rest hidden (default: all visible).")
  Integer visibleUnits;

  @Option(names = "--weights", paramLabel = "FILE", description = "Symmetric N x N weights (may hold a \"bias\" too).")
  Path weights;

  @Option(names = "--bias", paramLabel = "FILE", description = "Bias vector, one value per unit (default zeros).")
  Path bias;

  @Option(
      names = "--visible",
      paramLabel = "N",
      description = "Make a Boltzmann machine whose first N units are visible (needs --weights).")
  Integer visible;

  @Option(
      names = "--rbm-weights",
      paramLabel = "FILE",
      description = "RBM weights, V rows (visible units) x H columns (hidden units); needs --variant.")
  Path rbmWeights;

  @Option(
      names = "--variant",
      paramLabel = "VARIANT",
      converter = ProtoEnumOptions.RbmVariantConverter.class,
      description = "RBM variant: binary ({0,1} units), spin (±1), binary-gaussian (±1 visible, real hidden;"
          + " the Hopfield-equivalent RBM) or gaussian-bernoulli (real visible, {0,1} hidden).")
  RbmVariant variant;

  @Option(names = "--visible-bias", paramLabel = "FILE", description = "RBM visible bias b, V values (default zeros).")
  Path visibleBias;

  @Option(names = "--hidden-bias", paramLabel = "FILE", description = "RBM hidden bias c, H values (default zeros).")
  Path hiddenBias;

  @Option(names = "--beta", paramLabel = "B", description = "Inverse temperature β > 0 of a binary-gaussian RBM, an AttnBM or a modern Hopfield network (default 1).")
  Double beta;

  @Option(names = "--sigma", paramLabel = "FILE", description = "Per-unit σ > 0 of a gaussian-bernoulli RBM, V values (default ones).")
  Path sigma;

  @Option(
      names = "--dbm-weights",
      paramLabel = "FILE",
      split = ",",
      description = "Deep Boltzmann machine: one weights file per pair of neighbouring layers, in order;"
          + " file l is n_l x n_l+1 (rows: units of layer l; layer 0 is visible).")
  List<Path> dbmWeights;

  @Option(
      names = "--dbm-units",
      paramLabel = "binary|spin",
      converter = ProtoEnumOptions.DbmUnitsConverter.class,
      description = "Units of every layer of a deep Boltzmann machine: binary ({0,1}, default) or spin (±1).")
  DbmUnits dbmUnits;

  @Option(
      names = "--dbm-biases",
      paramLabel = "FILE",
      split = ",",
      description = "Deep Boltzmann machine biases: one file per layer (one more than --dbm-weights); default zeros.")
  List<Path> dbmBiases;

  @Option(
      names = "--image",
      paramLabel = "HxW",
      converter = ImageShapeOption.class,
      description = "Image shape of the (visible) pattern, e.g. 28x28, so patterns print as pictures.")
  ImageShape image;

  @Option(names = "--name", paramLabel = "NAME", description = "Model name, [A-Za-z0-9._-]{1,128} (default: from the file name).")
  String name;

  @Override
  public Integer call() {
    EbmsimCli cli = models.cli;
    CreateModelRequest request = request(cli);
    try (EbmsimClient client = cli.connect()) {
      Model m = client.createModel(request);
      if (cli.json()) {
        JsonLines.print(cli.out(), m);
      } else {
        // an AttnBM's patterns are real (not stored ±1 patterns): its description counts them
        String what = java.util.Set.of("attnbm", "modern_hopfield", "vmf").contains(m.getFamily()) ? m.getDescription()
            : m.getStoredPatterns() + " stored patterns";
        cli.out().println("created " + m.getId() + " \"" + m.getName() + "\": " + HumanText.kind(m)
            + ", " + HumanText.units(m) + ", " + what);
      }
    }
    return EbmsimCli.EXIT_OK;
  }

  /** Builds the request from the options; usage errors for invalid combinations. */
  CreateModelRequest request(EbmsimCli cli) {
    if (dbmWeights != null) {
      return dbmRequest(cli);
    }
    if (dbmUnits != null || dbmBiases != null) {
      throw EbmsimCli.usage(spec, "--dbm-units and --dbm-biases describe a deep Boltzmann machine and need"
          + " --dbm-weights FILE,FILE,...");
    }
    if (attnBmPatterns != null) {
      return attnBmRequest();
    }
    if (modernPatterns != null) {
      return modernHopfieldRequest();
    }
    if (planted != null) {
      return plantedRequest();
    }
    if (lattice != null || chimera != null || pegasus != null || diluted != null || sparsePlanted != null
        || csr != null) {
      return sparseRequest();
    }
    if (binary || unitValues != null || visibleUnits != null) {
      throw EbmsimCli.usage(spec, "--binary, --units and --visible-units describe a sparse model and need --lattice,"
          + " --chimera, --pegasus, --diluted, --sparse-planted or --csr");
    }
    if (vmfPatterns != null) {
      if (patterns != null || weights != null || rbmWeights != null || variant != null || sigma != null
          || visible != null || bias != null || dense != null || visibleBias != null || hiddenBias != null
          || image != null) {
        throw EbmsimCli.usage(spec, "--vmf-patterns takes only --beta and --name");
      }
      try {
        return ModelRequests.vmf(name != null ? name : defaultName(vmfPatterns),
            InputFiles.readMatrix(vmfPatterns, "patterns"), beta != null ? beta : 1);
      } catch (IllegalArgumentException e) {
        throw EbmsimCli.usage(spec, e.getMessage());
      }
    }
    if (rbmWeights != null) {
      return rbmRequest(cli);
    }
    if (variant != null || visibleBias != null || hiddenBias != null || beta != null || sigma != null) {
      throw EbmsimCli.usage(spec,
          "--variant, --visible-bias, --hidden-bias, --beta and --sigma describe an RBM and need --rbm-weights FILE");
    }
    if (patterns == null && weights == null) {
      throw EbmsimCli.usage(spec, "give --patterns FILE (Hopfield network from patterns), --weights FILE,"
          + " --rbm-weights FILE or --dbm-weights FILE,FILE,...");
    }
    if (dense != null && (patterns == null || weights != null)) {
      throw EbmsimCli.usage(spec, "--dense stores --patterns FILE in a dense associative memory (without --weights)");
    }
    if (visible != null && weights == null) {
      throw EbmsimCli.usage(spec, "--visible needs --weights");
    }
    if (bias != null && weights == null) {
      throw EbmsimCli.usage(spec, "--bias needs --weights (patterns models have zero bias)");
    }
    String modelName = name != null ? name : defaultName(weights != null ? weights : patterns);
    CreateModelRequest request;
    try {
      if (weights != null) {
        InputFiles.Weights w = InputFiles.readWeights(weights);
        double[] b = bias != null ? InputFiles.readVector(bias, "bias") : w.bias();
        request = visible != null
            ? ModelRequests.boltzmann(modelName, w.weights(), b, visible)
            : ModelRequests.hopfieldFromWeights(modelName, w.weights(), b);
        if (patterns != null) {
          request = ModelRequests.withPatterns(request, InputFiles.readPatterns(patterns, cli.err()::println));
        }
      } else if (dense != null) {
        request = denseRequest(modelName, InputFiles.readPatterns(patterns, cli.err()::println));
      } else {
        request = ModelRequests.hopfieldFromPatterns(
            modelName, InputFiles.readPatterns(patterns, cli.err()::println), rule);
      }
      if (image != null) {
        request = ModelRequests.withImageShape(request, image.getHeight(), image.getWidth());
      }
    } catch (IllegalArgumentException e) {
      // Shape mismatches between files (bias length, visible count) are the user's to fix.
      throw EbmsimCli.usage(spec, e.getMessage());
    }
    return request;
  }

  /** An AttnBM from {@code --attnbm-patterns}, {@code --beta} and the bias files. */
  private CreateModelRequest attnBmRequest() {
    if (patterns != null || weights != null || rbmWeights != null || variant != null || sigma != null
        || visible != null || bias != null || dense != null) {
      throw EbmsimCli.usage(spec, "--attnbm-patterns takes only --beta, --visible-bias, --hidden-bias, --image and"
          + " --name");
    }
    String modelName = name != null ? name : defaultName(attnBmPatterns);
    try {
      double[][] xi = InputFiles.readMatrix(attnBmPatterns, "patterns");
      double[] b = visibleBias != null ? InputFiles.readVector(visibleBias, "visible_bias") : null;
      double[] c = hiddenBias != null ? InputFiles.readVector(hiddenBias, "hidden_bias") : null;
      CreateModelRequest request = ModelRequests.attnBm(modelName, xi, b, c, beta != null ? beta : 1);
      return image != null ? ModelRequests.withImageShape(request, image.getHeight(), image.getWidth()) : request;
    } catch (IllegalArgumentException e) {
      throw EbmsimCli.usage(spec, e.getMessage());
    }
  }

  /** A planted instance from {@code --planted D:L:DENSITY[:SEED]}. */
  private CreateModelRequest plantedRequest() {
    if (patterns != null || weights != null || rbmWeights != null || variant != null || sigma != null
        || visible != null || bias != null || dense != null || visibleBias != null || hiddenBias != null
        || beta != null || image != null) {
      throw EbmsimCli.usage(spec, "--planted takes only --name");
    }
    String[] parts = planted.split(":", -1);
    if (parts.length != 3 && parts.length != 4) {
      throw EbmsimCli.usage(spec, "--planted must be D:L:DENSITY or D:L:DENSITY:SEED, e.g. 2:32:0.5 (got " + planted
          + ")");
    }
    try {
      org.ebmsim.proto.v1.HopfieldPlanted.Builder b = org.ebmsim.proto.v1.HopfieldPlanted.newBuilder()
          .setDimensions(Integer.parseInt(parts[0])).setSide(Integer.parseInt(parts[1]))
          .setLoopDensity(Double.parseDouble(parts[2]));
      if (parts.length == 4) {
        b.setSeed(Long.parseLong(parts[3]));
      }
      return CreateModelRequest.newBuilder().setName(name != null ? name : "planted-" + planted.replace(':', '-'))
          .setHopfieldPlanted(b).build();
    } catch (NumberFormatException e) {
      throw EbmsimCli.usage(spec, "--planted must be D:L:DENSITY[:SEED] with whole D, L, SEED and a decimal DENSITY"
          + " (got " + planted + ")");
    }
  }

  /**
   * A sparse model from one of {@code --lattice}, {@code --chimera}, {@code --pegasus},
   * {@code --diluted}, {@code --sparse-planted}, {@code --csr}, with {@code --units} (or
   * {@code --binary}) and {@code --visible-units}.
   */
  private CreateModelRequest sparseRequest() {
    int given = (lattice != null ? 1 : 0) + (chimera != null ? 1 : 0) + (pegasus != null ? 1 : 0)
        + (diluted != null ? 1 : 0) + (sparsePlanted != null ? 1 : 0) + (csr != null ? 1 : 0);
    if (given > 1 || patterns != null || weights != null || rbmWeights != null || variant != null || sigma != null
        || visible != null || bias != null || dense != null || visibleBias != null || hiddenBias != null
        || beta != null || image != null) {
      throw EbmsimCli.usage(spec, "--lattice, --chimera, --pegasus, --diluted, --sparse-planted and --csr exclude"
          + " each other and take only --units (or --binary), --visible-units and --name");
    }
    SparseUnits units = sparseUnits();
    if (units == SparseUnits.SPARSE_BINARY && (diluted != null || sparsePlanted != null)) {
      throw EbmsimCli.usage(spec, "--binary applies to --lattice, --chimera, --pegasus and --csr (diluted Hopfield"
          + " and planted loops are ±1)");
    }
    if (visibleUnits != null && sparsePlanted != null) {
      throw EbmsimCli.usage(spec, "--visible-units does not apply to --sparse-planted (every planted spin is visible)");
    }
    if (visibleUnits != null && visibleUnits < 1) {
      throw EbmsimCli.usage(spec, "--visible-units must be >= 1 (got " + visibleUnits + ")");
    }
    try {
      String option = lattice != null ? lattice : chimera != null ? chimera : pegasus != null ? pegasus
          : diluted != null ? diluted : sparsePlanted;
      SparseSpec s = lattice != null ? SparseModelOptions.lattice(lattice)
          : chimera != null ? SparseModelOptions.chimera(chimera)
          : pegasus != null ? SparseModelOptions.pegasus(pegasus)
          : diluted != null ? SparseModelOptions.diluted(diluted)
          : sparsePlanted != null ? SparseModelOptions.planted(sparsePlanted)
          : SparseCouplingsFile.read(csr);
      SparseSpec.Builder b = s.toBuilder();
      if (units != null) {
        b.setUnitValues(units);
      }
      if (visibleUnits != null) {
        b.setVisibleUnits(visibleUnits);
      }
      String kind = lattice != null ? "lattice" : chimera != null ? "chimera" : pegasus != null ? "pegasus"
          : diluted != null ? "diluted" : "sparse-planted";
      String modelName = name != null ? name : csr != null ? defaultName(csr)
          : (kind + "-" + option).replaceAll("[^A-Za-z0-9._-]", "-");
      return CreateModelRequest.newBuilder().setName(modelName).setSparse(b).build();
    } catch (IllegalArgumentException e) {
      throw EbmsimCli.usage(spec, e.getMessage());
    }
  }

  /** {@code --units} or {@code --binary}; null when neither is given (the server's default, ±1). */
  private SparseUnits sparseUnits() {
    SparseUnits fromBinary = binary ? SparseUnits.SPARSE_BINARY : null;
    if (unitValues == null) {
      return fromBinary;
    }
    SparseUnits u = switch (unitValues.toLowerCase(Locale.ROOT)) {
      case "spin" -> SparseUnits.SPARSE_SPIN;
      case "binary" -> SparseUnits.SPARSE_BINARY;
      default -> throw EbmsimCli.usage(spec, "--units must be spin or binary (got " + unitValues + ")");
    };
    if (fromBinary != null && u != fromBinary) {
      throw EbmsimCli.usage(spec, "--binary contradicts --units " + unitValues);
    }
    return u;
  }

  /** A modern Hopfield network from {@code --modern-patterns} and {@code --beta}. */
  private CreateModelRequest modernHopfieldRequest() {
    if (patterns != null || weights != null || rbmWeights != null || variant != null || sigma != null
        || visible != null || bias != null || dense != null || visibleBias != null || hiddenBias != null) {
      throw EbmsimCli.usage(spec, "--modern-patterns takes only --beta, --image and --name");
    }
    String modelName = name != null ? name : defaultName(modernPatterns);
    try {
      CreateModelRequest request = ModelRequests.modernHopfield(modelName,
          InputFiles.readMatrix(modernPatterns, "patterns"), beta != null ? beta : 1);
      return image != null ? ModelRequests.withImageShape(request, image.getHeight(), image.getWidth()) : request;
    } catch (IllegalArgumentException e) {
      throw EbmsimCli.usage(spec, e.getMessage());
    }
  }

  /** A dense memory of {@code xi} with the interaction named by {@code --dense}. */
  private CreateModelRequest denseRequest(String modelName, int[][] xi) {
    String[] parts = dense.split(":", -1);
    DenseInteraction kind = switch (parts[0]) {
      case "power" -> DenseInteraction.POWER;
      case "rectified-power" -> DenseInteraction.RECTIFIED_POWER;
      case "exp" -> DenseInteraction.EXPONENTIAL;
      default -> throw EbmsimCli.usage(spec, "--dense must be power:N, rectified-power:N or exp (got " + dense + ")");
    };
    int degree = 0;
    if (kind != DenseInteraction.EXPONENTIAL) {
      try {
        degree = parts.length == 2 ? Integer.parseInt(parts[1]) : -1;
      } catch (NumberFormatException e) {
        degree = -1;
      }
      if (degree < 2) {
        throw EbmsimCli.usage(spec, "--dense " + parts[0] + " needs an integer degree N >= 2, e.g. " + parts[0]
            + ":3 (got " + dense + ")");
      }
    } else if (parts.length != 1) {
      throw EbmsimCli.usage(spec, "--dense exp takes no degree (got " + dense + ")");
    }
    return ModelRequests.denseMemory(modelName, xi, kind, degree);
  }

  /**
   * An RBM from {@code --rbm-weights} and {@code --variant}; biases from their own files or
   * the weights' JSON file, β and σ for the variants that have them, optional patterns and
   * image shape. Every shape is checked before anything is sent.
   */
  private CreateModelRequest rbmRequest(EbmsimCli cli) {
    if (weights != null || visible != null || bias != null) {
      throw EbmsimCli.usage(spec, "--rbm-weights cannot be combined with --weights, --visible or --bias"
          + " (an RBM's biases are --visible-bias and --hidden-bias)");
    }
    if (variant == null) {
      throw EbmsimCli.usage(spec,
          "--rbm-weights needs --variant binary, spin, binary-gaussian or gaussian-bernoulli");
    }
    String modelName = name != null ? name : defaultName(rbmWeights);
    try {
      InputFiles.RbmWeights w = InputFiles.readRbmWeights(rbmWeights);
      double[] b = visibleBias != null ? InputFiles.readVector(visibleBias, "visible_bias") : w.visibleBias();
      double[] c = hiddenBias != null ? InputFiles.readVector(hiddenBias, "hidden_bias") : w.hiddenBias();
      CreateModelRequest request = ModelRequests.rbm(modelName, variant, w.weights(), b, c);
      if (beta != null) {
        request = ModelRequests.withInverseTemperature(request, beta);
      }
      if (sigma != null) {
        request = ModelRequests.withVisibleSigma(request, InputFiles.readVector(sigma, "sigma"));
      }
      if (patterns != null) {
        request = ModelRequests.withPatterns(request, InputFiles.readPatterns(patterns, cli.err()::println));
      }
      if (image != null) {
        request = ModelRequests.withImageShape(request, image.getHeight(), image.getWidth());
      }
      return request;
    } catch (IllegalArgumentException e) {
      throw EbmsimCli.usage(spec, e.getMessage());
    }
  }

  /**
   * A deep Boltzmann machine from {@code --dbm-weights} (one matrix per pair of neighbouring
   * layers), with optional biases (one file per layer), units, patterns and image shape. Every
   * shape is checked before anything is sent.
   */
  private CreateModelRequest dbmRequest(EbmsimCli cli) {
    if (weights != null || visible != null || bias != null || rbmWeights != null || variant != null
        || visibleBias != null || hiddenBias != null || beta != null || sigma != null) {
      throw EbmsimCli.usage(spec, "--dbm-weights cannot be combined with --weights, --visible, --bias or the RBM"
          + " options (a deep Boltzmann machine's biases are --dbm-biases)");
    }
    if (dbmWeights.isEmpty()) {
      throw EbmsimCli.usage(spec, "--dbm-weights needs at least one file (layers 0 and 1)");
    }
    String modelName = name != null ? name : defaultName(dbmWeights.get(0));
    double[][][] w = new double[dbmWeights.size()][][];
    for (int l = 0; l < w.length; l++) {
      w[l] = InputFiles.readMatrix(dbmWeights.get(l), "weights");
    }
    double[][] b = null;
    if (dbmBiases != null) {
      b = new double[dbmBiases.size()][];
      for (int l = 0; l < b.length; l++) {
        b[l] = InputFiles.readVector(dbmBiases.get(l), "bias");
      }
    }
    try {
      CreateModelRequest request = ModelRequests.dbm(modelName, dbmUnits == null ? DbmUnits.DBM_BINARY : dbmUnits, w, b);
      if (patterns != null) {
        request = ModelRequests.withPatterns(request, InputFiles.readPatterns(patterns, cli.err()::println));
      }
      if (image != null) {
        request = ModelRequests.withImageShape(request, image.getHeight(), image.getWidth());
      }
      return request;
    } catch (IllegalArgumentException e) {
      throw EbmsimCli.usage(spec, e.getMessage());
    }
  }

  /** The file's base name without extension, with characters the server rejects replaced. */
  static String defaultName(Path file) {
    String base = file.getFileName().toString();
    int dot = base.lastIndexOf('.');
    if (dot > 0) {
      base = base.substring(0, dot);
    }
    String cleaned = base.replaceAll("[^A-Za-z0-9._-]", "-");
    if (cleaned.isEmpty()) {
      cleaned = "model";
    }
    return cleaned.length() > 128 ? cleaned.substring(0, 128) : cleaned;
  }
}
