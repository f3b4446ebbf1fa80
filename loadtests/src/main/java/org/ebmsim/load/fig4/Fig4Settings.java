package org.ebmsim.load.fig4;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one run of {@link Fig4Experiment} does; defaults are the paper's Fig. 4(a) settings
 * (p = 10, β = 2, CD-20, η0 = 1e-4, 100 AIS chains) with 5 epochs and 1 seed.
 *
 * @param target host:port of a running server, or null to start an embedded one
 * @param root the dataset root of the embedded server (the folder of the IDX files)
 * @param images the images IDX file, relative to the dataset root
 * @param labels the labels IDX file, relative to the dataset root
 * @param heldOutFraction share of the rows held out for evaluation
 * @param splitSeed seed of the held-out split
 * @param inits the initialisations, in order
 * @param seeds seeds 1..seeds (weights, training, AIS)
 * @param epochs training epochs
 * @param hiddenUnits p
 * @param beta inverse temperature β of the binary–Gaussian RBM
 * @param gibbsSteps k of CD-k
 * @param learningRate constant rate on the server's mean-over-batch gradient (see README)
 * @param batchSize mini-batch size for every initialisation, or 0 for the paper's (100 random, 1000 others)
 * @param aisChains AIS chains of every estimate
 * @param aisSteps AIS temperatures of every estimate
 * @param out folder for fig4.csv
 */
public record Fig4Settings(String target, Path root, String images, String labels, double heldOutFraction,
    long splitSeed, List<Fig4Initialisation> inits, int seeds, int epochs, int hiddenUnits, double beta,
    int gibbsSteps, double learningRate, int batchSize, int aisChains, int aisSteps, Path out) {

  public static final String USAGE = """
      Fig4Experiment [--target host:port] [--root /usr/share/datasets/fashion-mnist]
        [--images train-images-idx3-ubyte.gz] [--labels train-labels-idx1-ubyte.gz]
        [--held-out 0.1666667] [--split-seed 1] [--inits random,projection,hebbian,pca]
        [--seeds 1] [--epochs 5] [--hidden 10] [--beta 2] [--gibbs 20] [--lr 1e-4]
        [--batch 0 (paper: 100 random, 1000 others)] [--ais-chains 100] [--ais-steps 1000]
        [--out docs/fig4]""";

  public static Fig4Settings defaults() {
    return new Fig4Settings(null, Path.of("/usr/share/datasets/fashion-mnist"), "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz", 1.0 / 6, 1, List.of(Fig4Initialisation.values()), 1, 5, 10, 2.0, 20, 1e-4, 0,
        100, 1000, Path.of("docs/fig4"));
  }

  /** @throws IllegalArgumentException naming an unknown option, a missing value or a bad one */
  public static Fig4Settings parse(String[] args) {
    Fig4Settings s = defaults();
    String target = s.target;
    Path root = s.root;
    String images = s.images;
    String labels = s.labels;
    double heldOut = s.heldOutFraction;
    long splitSeed = s.splitSeed;
    List<Fig4Initialisation> inits = s.inits;
    int seeds = s.seeds;
    int epochs = s.epochs;
    int hidden = s.hiddenUnits;
    double beta = s.beta;
    int gibbs = s.gibbsSteps;
    double lr = s.learningRate;
    int batch = s.batchSize;
    int chains = s.aisChains;
    int steps = s.aisSteps;
    Path out = s.out;
    for (int k = 0; k < args.length; k += 2) {
      if (k + 1 >= args.length) {
        throw new IllegalArgumentException("option " + args[k] + " needs a value\n" + USAGE);
      }
      String v = args[k + 1];
      switch (args[k]) {
        case "--target" -> target = v;
        case "--root" -> root = Path.of(v);
        case "--images" -> images = v;
        case "--labels" -> labels = v;
        case "--held-out" -> heldOut = Double.parseDouble(v);
        case "--split-seed" -> splitSeed = Long.parseLong(v);
        case "--inits" -> {
          List<Fig4Initialisation> list = new ArrayList<>();
          for (String name : v.split(",")) {
            list.add(Fig4Initialisation.of(name));
          }
          inits = List.copyOf(list);
        }
        case "--seeds" -> seeds = Integer.parseInt(v);
        case "--epochs" -> epochs = Integer.parseInt(v);
        case "--hidden" -> hidden = Integer.parseInt(v);
        case "--beta" -> beta = Double.parseDouble(v);
        case "--gibbs" -> gibbs = Integer.parseInt(v);
        case "--lr" -> lr = Double.parseDouble(v);
        case "--batch" -> batch = Integer.parseInt(v);
        case "--ais-chains" -> chains = Integer.parseInt(v);
        case "--ais-steps" -> steps = Integer.parseInt(v);
        case "--out" -> out = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + args[k] + "\n" + USAGE);
      }
    }
    if (seeds < 1 || epochs < 1 || batch < 0 || !(heldOut > 0 && heldOut < 1)) {
      throw new IllegalArgumentException("need --seeds ≥ 1, --epochs ≥ 1, --batch ≥ 0 and 0 < --held-out < 1\n"
          + USAGE);
    }
    return new Fig4Settings(target, root, images, labels, heldOut, splitSeed, inits, seeds, epochs, hidden, beta,
        gibbs, lr, batch, chains, steps, out);
  }

  /** The mini-batch size of {@code init}'s runs. */
  public int batchSize(Fig4Initialisation init) {
    return batchSize > 0 ? batchSize : init.paperBatchSize();
  }
}
