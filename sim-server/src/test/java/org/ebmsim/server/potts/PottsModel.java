package org.ebmsim.server.potts;

import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.ModelTooLargeException;
import org.ebmsim.dynamics.sampling.FieldBlock;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerLayout;
import org.ebmsim.dynamics.state.LayerShape;
import org.ebmsim.dynamics.state.ValueType;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.ExactResult;
import org.ebmsim.family.ExactSolver;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.ModelSummary;
import org.ebmsim.family.StoredPatterns;

/**
 * A q-state Potts model (test-only family): one categorical layer, heat-bath updates per site
 * (P(s_i = q) ∝ e^{−e_i(q)/T}, e_i(q) = −Σ_j J_ij δ(q, s_j) − h_i(q)), exact enumeration of the q^N
 * states. Everything the engine needs, written against the public plug-in interfaces only.
 */
final class PottsModel implements EnergyModel, Sampling {
  final ModelFamily family;
  final int q;
  final int n;
  final double[] j; // n × n
  final double[] h; // n × q
  private final LayerLayout layout;

  PottsModel(ModelFamily family, int q, int n, double[] j, double[] h) {
    this.family = family;
    this.q = q;
    this.n = n;
    this.j = j;
    this.h = h;
    this.layout = LayerLayout.of(new LayerShape("visible", n, ValueType.CATEGORICAL, q, true));
  }

  /** E(s) of the state at {@code s[offset ..]}. */
  double energy(byte[] s, int offset) {
    double e = 0;
    for (int i = 0; i < n; i++) {
      e -= h[i * q + s[offset + i]];
      for (int k = i + 1; k < n; k++) {
        if (s[offset + i] == s[offset + k]) {
          e -= j[i * n + k];
        }
      }
    }
    return e;
  }

  @Override
  public ModelFamily family() {
    return family;
  }

  @Override
  public Sampling sampling() {
    return this;
  }

  @Override
  public ModelSummary summary() {
    return new ModelSummary(q + "-state", "Potts model, " + n + " units of " + q + " states");
  }

  @Override
  public Message parameters() {
    PottsSpec.Builder b = PottsSpec.newBuilder().setStates(q).setUnits(n);
    for (double x : j) {
      b.addCouplings(x);
    }
    for (double x : h) {
      b.addFields(x);
    }
    return b.build();
  }

  @Override
  public StoredPatterns patterns() {
    return StoredPatterns.none(n);
  }

  @Override
  public long heapBytes() {
    return 8L * (j.length + h.length) + 64;
  }

  @Override
  public Optional<ExactSolver> exact() {
    return Optional.of(new ExactSolver() {
      @Override
      public void check(double temperature, int maxUnits) {
        if (Math.pow(q, n) > 1 << Math.min(maxUnits, 24)) {
          throw new ModelTooLargeException("q^N = " + q + "^" + n + " states is too many to enumerate");
        }
      }

      @Override
      public ExactResult solve(double t, int maxGroundStates, int maxUnits) {
        return enumerate(t, maxGroundStates);
      }
    });
  }

  /** Every one of the q^N states: log Z, energy moments, marginal means, ground states. */
  ExactResult enumerate(double t, int maxGroundStates) {
    int states = (int) Math.pow(q, n);
    double[] energies = new double[states];
    byte[] s = new byte[n];
    double ground = Double.POSITIVE_INFINITY;
    for (int k = 0; k < states; k++) {
      decode(k, s);
      energies[k] = energy(s, 0);
      ground = Math.min(ground, energies[k]);
    }
    double z = 0;
    double e1 = 0;
    double e2 = 0;
    double[] means = new double[n];
    List<byte[]> groundStates = new ArrayList<>();
    long groundCount = 0;
    for (int k = 0; k < states; k++) {
      double d = energies[k] - ground;
      double w = Math.exp(-d / t);
      z += w;
      e1 += w * d;
      e2 += w * d * d;
      decode(k, s);
      for (int i = 0; i < n; i++) {
        means[i] += w * s[i];
      }
      if (d <= 1e-9 * (1 + Math.abs(ground))) {
        groundCount++;
        if (groundStates.size() < maxGroundStates) {
          groundStates.add(s.clone());
        }
      }
    }
    double logZ = Math.log(z) - ground / t;
    double meanD = e1 / z;
    double var = Math.max(0, e2 / z - meanD * meanD);
    for (int i = 0; i < n; i++) {
      means[i] /= z;
    }
    LayerBlock block = LayerBlock.ofBytes(layout.visible(), groundStates.size());
    for (int r = 0; r < groundStates.size(); r++) {
      System.arraycopy(groundStates.get(r), 0, block.bytes(), r * n, n);
    }
    double meanE = ground + meanD;
    return new ExactResult(logZ, logZ, logZ, new ExactResult.EnergyMoments(meanE, var / (t * t), logZ + meanE / t),
        List.of(new ExactResult.LayerMarginals("visible", means)),
        new ExactResult.GroundStates(ground, List.of(block), groundCount), n);
  }

  void decode(int k, byte[] s) {
    for (int i = 0; i < n; i++) {
      s[i] = (byte) (k % q);
      k /= q;
    }
  }

  // ---- Sampling

  @Override
  public LayerLayout layout() {
    return layout;
  }

  @Override
  public int[][] phases() {
    return new int[][] {{0}};
  }

  @Override
  public Set<SamplerKind> samplers() {
    return EnumSet.of(SamplerKind.GIBBS);
  }

  @Override
  public boolean usesBlas() {
    return false;
  }

  @Override
  public LayerBlock newStates(int layer, int chains) {
    return LayerBlock.ofBytes(layout.visible(), chains);
  }

  @Override
  public void randomState(int layer, SplittableRandom rng, LayerBlock out, int row) {
    for (int i = 0; i < n; i++) {
      out.bytes()[row * n + i] = (byte) rng.nextInt(q);
    }
  }

  @Override
  public LayerKernel kernel(int layer, KernelSetup setup) {
    return new Kernel(setup);
  }

  @Override
  public String energyMeaning() {
    return "E(s) = -Σ J_ij δ(s_i, s_j) - Σ h_i(s_i)";
  }

  /** Heat-bath single-site updates of a batch of Potts chains. */
  private final class Kernel implements LayerKernel {
    private final LayerBlock states;
    private final byte[] s;
    private final SplittableRandom[] rngs;
    private final boolean[] clamped = new boolean[n];
    private final double[] p = new double[q];

    Kernel(KernelSetup setup) {
      this.states = setup.initial();
      this.s = states.bytes();
      this.rngs = ChainRandom.forChains(setup.seed(), ChainRandom.STREAM_LAYER_BASE, setup.firstChain(),
          setup.chains());
    }

    @Override
    public LayerShape shape() {
      return layout.visible();
    }

    @Override
    public int chains() {
      return states.rows();
    }

    @Override
    public int[] targets() {
      return new int[0];
    }

    @Override
    public void receive(int source, FieldBlock field) {
      throw new IllegalStateException("a single layer receives no fields");
    }

    @Override
    public long update(int from, int to, long sweep, double temperature) {
      long changes = 0;
      for (int c = from; c < to; c++) {
        int base = c * n;
        for (int i = 0; i < n; i++) {
          if (clamped[i]) {
            continue;
          }
          double max = Double.NEGATIVE_INFINITY;
          for (int level = 0; level < q; level++) {
            double minusE = h[i * q + level];
            for (int k = 0; k < n; k++) {
              if (k != i && s[base + k] == level) {
                minusE += j[i * n + k];
              }
            }
            p[level] = minusE / temperature;
            max = Math.max(max, p[level]);
          }
          double sum = 0;
          for (int level = 0; level < q; level++) {
            p[level] = Math.exp(p[level] - max);
            sum += p[level];
          }
          double u = rngs[c].nextDouble() * sum;
          int pick = 0;
          while (pick < q - 1 && u >= p[pick]) {
            u -= p[pick];
            pick++;
          }
          if (s[base + i] != pick) {
            s[base + i] = (byte) pick;
            changes++;
          }
        }
      }
      return changes;
    }

    @Override
    public void fieldOn(int target, int from, int to, FieldBlock out) {
      throw new IllegalStateException("a single layer sends no fields");
    }

    @Override
    public FieldBlock newField(int target) {
      throw new IllegalStateException("a single layer sends no fields");
    }

    @Override
    public void addEnergies(int from, int to, double[] out) {
      for (int c = from; c < to; c++) {
        out[c] += energy(s, c * n);
      }
    }

    @Override
    public LayerBlock states() {
      return states;
    }

    @Override
    public int freeUnits() {
      int f = 0;
      for (boolean b : clamped) {
        f += b ? 0 : 1;
      }
      return f;
    }

    @Override
    public void clamp(int unit, double value) {
      for (int c = 0; c < chains(); c++) {
        s[c * n + unit] = (byte) value;
      }
      clamped[unit] = true;
    }

    @Override
    public void release(int unit) {
      clamped[unit] = false;
    }

    @Override
    public boolean rowIndependent() {
      return true;
    }
  }
}
