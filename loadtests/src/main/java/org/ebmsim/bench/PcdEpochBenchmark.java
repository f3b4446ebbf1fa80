package org.ebmsim.bench;

import java.io.DataInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.rbm.BinaryRbm;
import org.ebmsim.dynamics.rbm.RbmTrainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One PCD-1 epoch of a 784 × 500 binary RBM over 10 000 binarized Fashion-MNIST training images
 * (pixel/255 &gt; 0.5), batches of 100 (100 updates, 100 persistent chains), learning rate 0.1:
 * {@link RbmTrainer} as the training session runs it. Compare with
 * {@code loadtests/scripts/sklearn_rbm_epoch.py} (scikit-learn's {@code BernoulliRBM.fit}, n_iter=1,
 * on the same images). {@code -p data=bernoulli} uses synthetic Bernoulli(0.3) pixels instead.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector") // SIMD kernels (org.ebmsim.dynamics.simd)
public class PcdEpochBenchmark {
  static final int VISIBLE = 784;
  static final int HIDDEN = 500;
  static final int ROWS = 10_000;
  static final int BATCH = 100;
  static final String IMAGES = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";

  @Param({"fashion"})
  public String data;

  /** OpenBLAS threads per call; 1 is the server default. */
  @Param({"1"})
  public int blasThreads;

  private float[] rows;
  private int[] order;
  private RbmTrainer trainer;
  private long epoch;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    rows = "fashion".equals(data) ? binarizedImages(IMAGES, ROWS) : bernoulli(ROWS, 0.3);
    order = new int[ROWS];
    SplittableRandom shuffle = new SplittableRandom(2);
    for (int r = 0; r < ROWS; r++) {
      order[r] = r;
    }
    for (int k = ROWS - 1; k > 0; k--) {
      int j = shuffle.nextInt(k + 1);
      int t = order[k];
      order[k] = order[j];
      order[j] = t;
    }
    Gemm gemm = Gemm.nativeOrFallback(blasThreads);
    if (!gemm.isNative()) {
      throw new IllegalStateException("native OpenBLAS did not load");
    }
    SplittableRandom rng = new SplittableRandom(1);
    double[] w = new double[VISIBLE * HIDDEN];
    for (int k = 0; k < w.length; k++) {
      w[k] = 0.01 * rng.nextGaussian();
    }
    trainer = new RbmTrainer(BinaryRbm.of(VISIBLE, HIDDEN, w, null, null), RbmTrainer.NegativePhase.PERSISTENT, 1,
        BATCH, 0, 0, 3, gemm);
  }

  @Benchmark
  public double epoch() {
    long e = epoch++;
    for (int from = 0; from < ROWS; from += BATCH) {
      trainer.update(rows, order, from, BATCH, 0.1, new SplittableRandom(e * 1_000_003L + from));
    }
    return trainer.weightNorm();
  }

  /** The first {@code count} images of an IDX3 file (gzip), as bits pixel/255 &gt; 0.5. */
  static float[] binarizedImages(String path, int count) throws IOException {
    try (InputStream file = new FileInputStream(path);
        DataInputStream in = new DataInputStream(new GZIPInputStream(file, 1 << 16))) {
      if (in.readInt() != 0x0803) {
        throw new IOException(path + " is not an IDX3 ubyte file");
      }
      int images = in.readInt();
      int height = in.readInt();
      int width = in.readInt();
      if (height * width != VISIBLE || images < count) {
        throw new IOException(path + " holds " + images + " images of " + height + " x " + width);
      }
      byte[] pixels = new byte[count * VISIBLE];
      in.readFully(pixels);
      float[] bits = new float[pixels.length];
      for (int k = 0; k < pixels.length; k++) {
        bits[k] = (pixels[k] & 0xff) > 127 ? 1f : 0f; // pixel/255 > 0.5
      }
      return bits;
    }
  }

  static float[] bernoulli(int count, double p) {
    SplittableRandom rng = new SplittableRandom(4);
    float[] bits = new float[count * VISIBLE];
    for (int k = 0; k < bits.length; k++) {
      bits[k] = rng.nextDouble() < p ? 1f : 0f;
    }
    return bits;
  }
}
