package org.ebmsim.testing;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.ebmsim.dynamics.sampling.FieldBlock;
import org.ebmsim.dynamics.sampling.KernelSetup;
import org.ebmsim.dynamics.sampling.LayerKernel;
import org.ebmsim.dynamics.sampling.SamplerKind;
import org.ebmsim.dynamics.sampling.Sampling;
import org.ebmsim.dynamics.state.LayerBlock;
import org.ebmsim.dynamics.state.LayerLayout;
import org.ebmsim.dynamics.state.LayerShape;

/**
 * A model's sampling with a planted bug: the kernel of layer {@code layer} throws {@link #BUG}
 * once it is asked to update sweep {@code failAtSweep} (or, with {@code failAtSweep < 0}, when it
 * is prepared). Everything else is the real model's. For failure tests of the actors.
 */
public final class FaultySampling implements Sampling {
  public static final String BUG = "planted kernel bug";

  private final Sampling real;
  private final int layer;
  private final long failAtSweep;

  public FaultySampling(Sampling real, int layer, long failAtSweep) {
    this.real = real;
    this.layer = layer;
    this.failAtSweep = failAtSweep;
  }

  @Override
  public LayerLayout layout() {
    return real.layout();
  }

  @Override
  public int[][] phases() {
    return real.phases();
  }

  @Override
  public Set<SamplerKind> samplers() {
    return real.samplers();
  }

  @Override
  public boolean usesBlas() {
    return real.usesBlas();
  }

  @Override
  public LayerBlock newStates(int l, int chains) {
    return real.newStates(l, chains);
  }

  @Override
  public void randomState(int l, SplittableRandom rng, LayerBlock out, int row) {
    real.randomState(l, rng, out, row);
  }

  @Override
  public boolean clampable(int l) {
    return real.clampable(l);
  }

  @Override
  public String energyMeaning() {
    return real.energyMeaning();
  }

  @Override
  public double exactEnergy(List<LayerBlock> chain) {
    return real.exactEnergy(chain);
  }

  @Override
  public LayerKernel kernel(int l, KernelSetup setup) {
    LayerKernel k = real.kernel(l, setup);
    return l == layer ? new Faulty(k) : k;
  }

  private final class Faulty implements LayerKernel {
    private final LayerKernel k;

    Faulty(LayerKernel k) {
      this.k = k;
    }

    @Override
    public LayerShape shape() {
      return k.shape();
    }

    @Override
    public void prepare(int from, int to) {
      if (failAtSweep < 0) {
        throw new IllegalStateException(BUG);
      }
      k.prepare(from, to);
    }

    @Override
    public int chains() {
      return k.chains();
    }

    @Override
    public int[] targets() {
      return k.targets();
    }

    @Override
    public void receive(int source, FieldBlock field) {
      k.receive(source, field);
    }

    @Override
    public long update(int from, int to, long sweep, double temperature) {
      if (sweep >= failAtSweep) {
        throw new IllegalStateException(BUG);
      }
      return k.update(from, to, sweep, temperature);
    }

    @Override
    public void fieldOn(int target, int from, int to, FieldBlock out) {
      k.fieldOn(target, from, to, out);
    }

    @Override
    public FieldBlock newField(int target) {
      return k.newField(target);
    }

    @Override
    public void addEnergies(int from, int to, double[] out) {
      k.addEnergies(from, to, out);
    }

    @Override
    public LayerBlock states() {
      return k.states();
    }

    @Override
    public int freeUnits() {
      return k.freeUnits();
    }

    @Override
    public void clamp(int unit, double value) {
      k.clamp(unit, value);
    }

    @Override
    public void release(int unit) {
      k.release(unit);
    }

    @Override
    public boolean rowIndependent() {
      return k.rowIndependent();
    }
  }
}
