package org.ebmsim.load.modern;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ebmsim.data.IdxReader;
import org.ebmsim.memory.MemoryBudget;

/**
 * A class-balanced sample of an IDX image set (Fashion-MNIST from Debian's
 * {@code dataset-fashion-mnist}): the first {@code perClass} images of each of the 10 classes, in
 * file order, as pixels/255 in [0, 1]. The experiments on modern Hopfield models store or train on it.
 */
public record FashionMnistSample(float[][] images, int[] labels, int height, int width) {
  /** Debian's training images. */
  public static final Path IMAGES = Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
  /** Debian's training labels. */
  public static final Path LABELS = Path.of("/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz");

  /** The first {@code perClass} images of each class of {@code images}/{@code labels}. */
  public static FashionMnistSample firstPerClass(Path images, Path labels, int perClass) throws IOException {
    IdxReader.IdxArray x = read(images);
    IdxReader.IdxArray y = read(labels);
    int n = x.cols();
    List<float[]> chosen = new ArrayList<>();
    List<Integer> classes = new ArrayList<>();
    int[] taken = new int[10];
    for (int r = 0; r < x.rows() && chosen.size() < 10 * perClass; r++) {
      int label = (int) y.values()[r];
      if (label >= 0 && label < 10 && taken[label] < perClass) {
        taken[label]++;
        float[] img = new float[n];
        for (int i = 0; i < n; i++) {
          img[i] = x.values()[r * n + i] / 255f;
        }
        chosen.add(img);
        classes.add(label);
      }
    }
    int h = x.dims().length == 3 ? x.dims()[1] : 0;
    int w = x.dims().length == 3 ? x.dims()[2] : 0;
    return new FashionMnistSample(chosen.toArray(new float[0][]), classes.stream().mapToInt(Integer::intValue)
        .toArray(), h, w);
  }

  private static IdxReader.IdxArray read(Path file) throws IOException {
    MemoryBudget budget = MemoryBudget.ofHeap(0.9);
    try (InputStream in = Files.newInputStream(file); MemoryBudget.Reservation r = budget.reserve(0, "idx")) {
      return IdxReader.read(in, r, file.toString());
    }
  }
}
