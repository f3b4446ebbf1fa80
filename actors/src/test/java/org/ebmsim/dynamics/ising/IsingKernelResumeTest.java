package org.ebmsim.dynamics.ising;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ebmsim.dynamics.RandomStreamState;
import org.ebmsim.dynamics.blas.Gemm;
import org.ebmsim.dynamics.sampling.FieldBlock;
import org.ebmsim.dynamics.sampling.InitialStates;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.state.LayerBlock;
import org.junit.jupiter.api.Test;

/**
 * A Boltzmann machine's two Ising kernels rebuilt from their states and random streams after
 * {@link IsingKernel#RECOMPUTE_EVERY} sweeps (where {@link IsingKernel#resumableAfter} says they
 * may) get and send, bit for bit, the fields the kernels that never stopped get and send: the
 * partner fields they keep up to date by increments hold no rounding of their own there. (Reported energies are
 * recomputed from the states, so this is the place where such rounding would show.)
 */
class IsingKernelResumeTest {
  private static final int N = 60;
  private static final int VISIBLE = 40;
  private static final int CHAINS = 6;
  private static final long SEED = 17;

  private static IsingSampling sampling() {
    Random r = new Random(5);
    double[] w = new double[N * N];
    double[] b = new double[N];
    for (int i = 0; i < N; i++) {
      b[i] = 0.1 * r.nextGaussian();
      for (int j = i + 1; j < N; j++) {
        w[i * N + j] = w[j * N + i] = 0.3 * r.nextGaussian();
      }
    }
    return new IsingSampling(IsingModel.of(N, w, b), VISIBLE);
  }

  private static LayerKernel[] kernels(IsingSampling s) {
    LayerBlock[] initial = InitialStates.random(s, SEED, 0, CHAINS);
    LayerKernel[] k = new LayerKernel[2];
    for (int l = 0; l < 2; l++) {
      k[l] = s.kernel(l, new KernelSetup(0, CHAINS, SEED, SamplerKind.GIBBS, initial[l], Gemm.javaFallback()));
    }
    return k;
  }

  /** Prepares and primes the kernels as the engine does: every field from the current states. */
  private static FieldBlock[] prime(LayerKernel[] k) {
    FieldBlock[] sent = new FieldBlock[2]; // sent[l]: the field layer l put on its partner last
    for (int l = 0; l < 2; l++) {
      k[l].prepare(0, CHAINS);
    }
    for (int l = 0; l < 2; l++) {
      sent[l] = k[l].newField(1 - l);
      k[l].fieldOn(1 - l, 0, CHAINS, sent[l]);
    }
    for (int l = 0; l < 2; l++) {
      k[l].receive(1 - l, sent[1 - l]);
    }
    return sent;
  }

  /** Sweeps {@code from .. to−1} (visible, then hidden); the bits of every field sent, in order. */
  private static List<long[]> sweep(LayerKernel[] k, FieldBlock[] sent, long from, long to) {
    List<long[]> fields = new ArrayList<>();
    for (long t = from; t < to; t++) {
      for (int l = 0; l < 2; l++) {
        k[l].receive(1 - l, sent[1 - l]);
        k[l].update(0, CHAINS, t, 0.9);
        FieldBlock out = k[l].newField(1 - l);
        k[l].fieldOn(1 - l, 0, CHAINS, out);
        sent[l] = out;
        fields.add(Arrays.stream(out.doubles()).mapToLong(Double::doubleToRawLongBits).toArray());
      }
    }
    return fields;
  }

  @Test
  void boltzmannKernels_rebuiltAtARecomputeBoundary_sendTheSameFieldsBitForBit() {
    int at = IsingKernel.RECOMPUTE_EVERY;
    int end = 3 * IsingKernel.RECOMPUTE_EVERY;
    IsingSampling s = sampling();
    LayerKernel[] whole = kernels(s);
    // from the hidden layer's field sent in the last sweep before the boundary (the visible layer reads it first)
    List<long[]> expected = sweep(whole, prime(whole), 0, end).subList(2 * at - 1, 2 * end);

    LayerKernel[] first = kernels(s);
    sweep(first, prime(first), 0, at);
    assertTrue(first[0].resumableAfter(at) && first[1].resumableAfter(at));
    LayerKernel[] rebuilt = kernels(s);
    for (int l = 0; l < 2; l++) {
      for (int c = 0; c < CHAINS; c++) {
        first[l].states().copyRow(c, rebuilt[l].states(), c);
      }
      RandomStreamState.restore(rebuilt[l].randomStreams(), RandomStreamState.save(first[l].randomStreams()));
    }
    FieldBlock[] primed = prime(rebuilt);
    List<long[]> resumed = new ArrayList<>();
    resumed.add(Arrays.stream(primed[1].doubles()).mapToLong(Double::doubleToRawLongBits).toArray());
    resumed.addAll(sweep(rebuilt, primed, at, end));
    for (int k = 0; k < expected.size(); k++) {
      assertArrayEquals(expected.get(k), resumed.get(k), "field " + (k + 1) % 2 + " of sweep " + (at + Math.floorDiv(k - 1, 2)));
    }
  }
}
