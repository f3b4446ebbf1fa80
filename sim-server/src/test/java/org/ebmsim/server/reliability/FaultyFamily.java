package org.ebmsim.server.reliability;

import com.google.protobuf.Message;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.ChainRandom;
import org.ebmsim.dynamics.sampling.FieldBlock;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerLayout;
import org.ebmsim.dynamics.state.LayerShape;
import org.ebmsim.dynamics.state.ValueType;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.CreatedModel;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.ModelSummary;
import org.ebmsim.family.StoredPatterns;

/**
 * Family "faulty" (test code only): independent ±1 units in a field h = 0.5 whose code throws
 * where its spec says — in create, in building a kernel, or after some sweeps — the way a bug in
 * a family would. The server must answer INTERNAL with an error id, never hang, and free the
 * session.
 */
final class FaultyFamily implements ModelFamily {
  /** In every planted exception: must reach the log, never the client. */
  static final String SECRET = "planted bug: internal detail 4711";

  @Override
  public String key() {
    return "faulty";
  }

  @Override
  public String description() {
    return "independent spins with a planted bug (test family)";
  }

  @Override
  public List<Message> specPrototypes() {
    return List.of(FaultySpec.getDefaultInstance());
  }

  @Override
  public Message parametersPrototype() {
    return FaultySpec.getDefaultInstance();
  }

  @Override
  public CreatedModel create(Message spec, CreateContext context) {
    FaultySpec s = (FaultySpec) spec;
    if (s.getFault() == FaultySpec.Fault.CREATE) {
      throw new IllegalArgumentException(SECRET);
    }
    return new CreatedModel(new Model(this, s), 0, 0);
  }

  @Override
  public EnergyModel decode(Message parameters) {
    return new Model(this, (FaultySpec) parameters);
  }

  private static final class Model implements EnergyModel, Sampling {
    private final ModelFamily family;
    private final FaultySpec spec;
    private final LayerLayout layout;

    Model(ModelFamily family, FaultySpec spec) {
      this.family = family;
      this.spec = spec;
      int n = Math.max(1, Math.min(64, spec.getUnits()));
      this.layout = LayerLayout.of(LayerShape.of("visible", n, ValueType.SPIN, true));
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
      return new ModelSummary("", "independent spins, fault " + spec.getFault());
    }

    @Override
    public Message parameters() {
      return spec;
    }

    @Override
    public StoredPatterns patterns() {
      return StoredPatterns.none(layout.layer(0).units());
    }

    @Override
    public long heapBytes() {
      return 256;
    }

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
      return LayerBlock.ofBytes(layout.layer(0), chains);
    }

    @Override
    public void randomState(int layer, SplittableRandom rng, LayerBlock out, int row) {
      for (int i = 0; i < out.units(); i++) {
        out.set(row, i, rng.nextBoolean() ? 1 : -1);
      }
    }

    @Override
    public LayerKernel kernel(int layer, KernelSetup setup) {
      if (spec.getFault() == FaultySpec.Fault.KERNEL) {
        throw new IllegalStateException(SECRET);
      }
      return new Kernel(setup);
    }

    @Override
    public String energyMeaning() {
      return "E(s) = -0.5 Σ s_i";
    }

    /** Heat bath for independent spins: P(s_i = +1) = σ(2h/T). */
    private final class Kernel implements LayerKernel {
      private final LayerBlock states;
      private final SplittableRandom[] rngs;

      Kernel(KernelSetup setup) {
        this.states = setup.initial();
        this.rngs = ChainRandom.forChains(setup.seed(), ChainRandom.STREAM_LAYER_BASE, setup.firstChain(),
            setup.chains());
      }

      @Override
      public LayerShape shape() {
        return layout.layer(0);
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
      public void receive(int source, FieldBlock field) {}

      @Override
      public long update(int from, int to, long sweep, double temperature) {
        if (spec.getFault() == FaultySpec.Fault.SWEEP && sweep >= spec.getFailAfterSweeps()) {
          throw new IllegalStateException(SECRET);
        }
        double up = 1 / (1 + Math.exp(-2 * 0.5 / temperature));
        long flips = 0;
        for (int c = from; c < to; c++) {
          for (int i = 0; i < states.units(); i++) {
            double before = states.get(c, i);
            double after = rngs[c].nextDouble() < up ? 1 : -1;
            states.set(c, i, after);
            flips += before != after ? 1 : 0;
          }
        }
        return flips;
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
          for (int i = 0; i < states.units(); i++) {
            out[c] -= 0.5 * states.get(c, i);
          }
        }
      }

      @Override
      public LayerBlock states() {
        return states;
      }

      @Override
      public int freeUnits() {
        return states.units();
      }

      @Override
      public void clamp(int unit, double value) {
        throw new IllegalStateException("not supported by the test family");
      }

      @Override
      public void release(int unit) {}

      @Override
      public boolean rowIndependent() {
        return true;
      }
    }
  }
}
