package org.ebmsim.family.ham;

import static org.ebmsim.errors.InvalidRequestException.require;
import static org.ebmsim.errors.ResourceLimitException.limit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ebmsim.dynamics.modern.ham.AveragePoolSynapse;
import org.ebmsim.dynamics.modern.ham.ConvSynapse;
import org.ebmsim.dynamics.modern.ham.DenseSynapse;
import org.ebmsim.dynamics.modern.ham.HamLayer;
import org.ebmsim.dynamics.modern.ham.HamNetwork;
import org.ebmsim.dynamics.modern.ham.StepMethod;
import org.ebmsim.dynamics.modern.ham.Synapse;
import org.ebmsim.dynamics.modern.ham.TensorShape;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.proto.v1.HamConvSynapse;
import org.ebmsim.proto.v1.HamLayerCue;
import org.ebmsim.proto.v1.HamLayerSpec;
import org.ebmsim.proto.v1.HamSynapseSpec;
import org.ebmsim.proto.v1.RunHamRequest;
import org.ebmsim.dynamics.layered.LayerDynamics;
import org.ebmsim.dynamics.modern.ham.HamSteppers;

/**
 * RunHamRequest → a validated {@link Run} with its layers built. Sizes are checked against the limits before
 * anything proportional to them is allocated; the dynamics library's own checks (shapes, kernels,
 * the Boltzmann law at T > 0) come back as INVALID_ARGUMENT naming the field.
 */
public final class HamRunDecoder {
  /** Most layers a network may have. */
  static final int MAX_LAYERS = 64;
  /** All layers together may hold this many times max-units. */
  static final int TOTAL_UNITS_FACTOR = 16;
  static final double MAX_DT = 10;
  static final double MAX_TEMPERATURE = 1e6;

  private HamRunDecoder() {}

  /** Units of every layer, checked against the limits (nothing else is allocated yet). */
  public static int[] units(RunHamRequest r, int maxUnits) {
    int count = r.getLayersCount();
    require(count >= 2 && count <= MAX_LAYERS, "layers: a hierarchical associative memory needs 2 to " + MAX_LAYERS
        + " layers (got " + count + ")");
    int[] units = new int[count];
    long total = 0;
    for (int a = 0; a < count; a++) {
      HamLayerSpec l = r.getLayers(a);
      boolean dense = l.getUnits() != 0;
      require(dense != l.hasShape(), "layers[" + a + "]: set exactly one of units (a dense layer) and shape");
      long n;
      if (dense) {
        n = Integer.toUnsignedLong(l.getUnits());
      } else {
        long c = Integer.toUnsignedLong(l.getShape().getChannels());
        long h = Integer.toUnsignedLong(l.getShape().getHeight());
        long w = Integer.toUnsignedLong(l.getShape().getWidth());
        require(c >= 1 && h >= 1 && w >= 1, "layers[" + a + "].shape: channels, height and width must be >= 1 (got "
            + c + "x" + h + "x" + w + ")");
        n = c * h * w;
      }
      limit(n <= maxUnits, "layers[" + a + "] has " + n + " units, above the limit of " + maxUnits
          + " (ebmsim.limits.max-units)");
      units[a] = (int) n;
      total += n;
    }
    long maxTotal = (long) TOTAL_UNITS_FACTOR * maxUnits;
    limit(total <= maxTotal, "layers hold " + total + " units in all, above the limit of " + maxTotal + " ("
        + TOTAL_UNITS_FACTOR + " x ebmsim.limits.max-units)");
    return units;
  }

  /**
   * Bytes a session of these layers holds: per unit a stepper's arrays, the pending and in-flight
   * copies of g and the reported state (20 doubles); per synapse parameter the decoded array and
   * the synapse's own copy (2 doubles).
   */
  public static long sessionBytes(int[] units, RunHamRequest r) {
    long total = 0;
    for (int n : units) {
      total += 8L * n * 20 + 1024;
    }
    for (HamSynapseSpec s : r.getSynapsesList()) {
      total += 16L * (s.getDense().getWeightsCount() + s.getConv().getKernelCount()) + 256;
    }
    return total;
  }

  /**
   * A validated run: its layers (state allocated, bottom first) and how to run them.
   *
   * @param stagesPerStep neighbour exchanges per step (1 Euler, 4 RK4)
   * @param stochastic temperature > 0 (Langevin)
   */
  public record Run(LayerDynamics[] layers, int stagesPerStep, boolean adiabaticTop, long steps, long reportEvery,
      boolean stochastic, double tolerance) {}

  /**
   * The whole request, validated, with its layers built; {@link #units} has passed and the memory
   * of {@link #sessionBytes} is charged.
   *
   * @param maxSteps the server's limit on steps (RESOURCE_EXHAUSTED above it)
   * @throws org.ebmsim.errors.InvalidRequestException naming the field and the rule
   */
  public static Run decode(RunHamRequest r, long maxSteps) {
    int count = r.getLayersCount();
    List<HamLayer> layers = new ArrayList<>();
    for (int a = 0; a < count; a++) {
      layers.add(layer(r.getLayers(a), "layers[" + a + "]"));
    }
    require(r.getSynapsesCount() == count - 1, "synapses: a network of " + count + " layers needs " + (count - 1)
        + " synapses, one between each pair of neighbours (got " + r.getSynapsesCount() + ")");
    List<Synapse> synapses = new ArrayList<>();
    for (int a = 0; a + 1 < count; a++) {
      synapses.add(synapse(r.getSynapses(a), layers.get(a).shape(), layers.get(a + 1).shape(), "synapses[" + a + "]"));
    }
    HamNetwork network = wrap("synapses", () -> HamNetwork.of(layers, synapses));

    double[][] x0 = new double[count][];
    boolean[][] clamped = new boolean[count][];
    for (int a = 0; a < count; a++) {
      x0[a] = new double[layers.get(a).size()];
    }
    boolean[] seen = new boolean[count];
    for (int k = 0; k < r.getCueCount(); k++) {
      cue(r.getCue(k), "cue[" + k + "]", layers, seen, x0, clamped);
    }

    StepMethod method = switch (r.getMethod()) {
      case HAM_STEP_METHOD_UNSPECIFIED, HAM_EULER -> StepMethod.EULER;
      case HAM_RK4 -> StepMethod.RK4;
      default -> throw new InvalidRequestException("method must be HAM_EULER or HAM_RK4 (got " + r.getMethodValue()
          + ")");
    };
    double dt = r.getDt();
    require(Double.isFinite(dt) && dt > 0 && dt <= MAX_DT, "dt must be finite, > 0 and at most " + MAX_DT + " (got "
        + dt + ")");
    long steps = Integer.toUnsignedLong(r.getSteps());
    require(steps >= 1, "steps must be >= 1 (got 0)");
    limit(steps <= maxSteps, "steps is " + steps + ", above the limit of "
        + maxSteps + " (ebmsim.limits.max-schedule-steps)");
    long reportEvery = r.getReportEvery() == 0 ? 1 : Integer.toUnsignedLong(r.getReportEvery());
    double t = r.getTemperature();
    require(Double.isFinite(t) && t >= 0 && t <= MAX_TEMPERATURE, "temperature must be finite, >= 0 and at most "
        + MAX_TEMPERATURE + "; 0 = deterministic (got " + t + ")");
    require(t == 0 || method == StepMethod.EULER, "temperature > 0 (Langevin dynamics) needs method HAM_EULER"
        + " (Euler-Maruyama); RK4 is deterministic only (got temperature " + t + ")");
    double tolerance = r.getTolerance();
    require(Double.isFinite(tolerance) && tolerance >= 0, "tolerance must be finite and >= 0 (got " + tolerance
        + ")");
    LayerDynamics[] built = wrap("temperature", () -> HamSteppers.create(network, method, dt, r.getAdiabaticTop(),
        clamped, x0, t, r.getSeed()));
    return new Run(built, method.stages(), r.getAdiabaticTop(), steps, reportEvery, t > 0, tolerance);
  }

  private static HamLayer layer(HamLayerSpec l, String field) {
    TensorShape shape = l.getUnits() != 0 ? TensorShape.dense(l.getUnits())
        : new TensorShape(l.getShape().getChannels(), l.getShape().getHeight(), l.getShape().getWidth());
    String kind = switch (l.getLagrangian()) {
      case HAM_IDENTITY -> "identity";
      case HAM_SOFTMAX -> "softmax";
      case HAM_CHANNEL_SOFTMAX -> "channel_softmax";
      case HAM_SIGMOID -> "sigmoid";
      case HAM_TANH -> "tanh";
      case HAM_RELU -> "relu";
      default -> throw new InvalidRequestException(field + ".lagrangian must be one of HAM_IDENTITY, HAM_SOFTMAX,"
          + " HAM_CHANNEL_SOFTMAX, HAM_SIGMOID, HAM_TANH, HAM_RELU (got " + l.getLagrangianValue() + ")");
    };
    double beta = l.getBeta();
    if (kind.equals("identity") || kind.equals("relu")) {
      require(beta == 0, field + ".beta must be 0 for " + kind + ", which has no parameter (got " + beta + ")");
    } else {
      require(Double.isFinite(beta) && beta >= 0, field + ".beta must be finite and > 0; 0 means 1 (got " + beta
          + ")");
    }
    double tau = l.getTau() == 0 ? 1 : l.getTau();
    require(Double.isFinite(tau) && tau > 0, field + ".tau must be finite and > 0; 0 means 1 (got " + l.getTau()
        + ")");
    Map<String, Double> parameters = beta == 0 ? Map.of() : Map.of("beta", beta);
    return wrap(field, () -> HamLayer.of(shape, kind, parameters, tau));
  }

  private static Synapse synapse(HamSynapseSpec s, TensorShape below, TensorShape above, String field) {
    switch (s.getKindCase()) {
      case DENSE -> {
        long n = (long) below.size() * above.size();
        require(s.getDense().getWeightsCount() == n, field + ".dense.weights must have " + above.size() + " x "
            + below.size() + " = " + n + " entries (above x below, row-major; got " + s.getDense().getWeightsCount()
            + ")");
        double[] w = s.getDense().getWeightsList().stream().mapToDouble(Double::doubleValue).toArray();
        return wrap(field + ".dense", () -> new DenseSynapse(below, above, w));
      }
      case CONV -> {
        HamConvSynapse c = s.getConv();
        long expected = (long) above.channels() * below.channels() * Integer.toUnsignedLong(c.getKernelHeight())
            * Integer.toUnsignedLong(c.getKernelWidth());
        require(c.getKernelHeight() >= 1 && c.getKernelWidth() >= 1 && c.getKernelHeight() <= below.height() + 2L
            * Integer.toUnsignedLong(c.getPadding()) && c.getKernelWidth() <= below.width() + 2L
            * Integer.toUnsignedLong(c.getPadding()), field + ".conv: kernel " + Integer.toUnsignedString(
                c.getKernelHeight()) + "x" + Integer.toUnsignedString(c.getKernelWidth()) + " must be at least 1x1 and"
            + " no larger than its input " + below.height() + "x" + below.width() + " padded by "
            + Integer.toUnsignedString(c.getPadding()));
        require(c.getPadding() >= 0 && c.getPadding() <= 4096, field + ".conv.padding must be in [0, 4096] (got "
            + Integer.toUnsignedString(c.getPadding()) + ")");
        require(c.getKernelCount() == expected, field + ".conv.kernel must have " + expected + " entries (out channels"
            + " x in channels x kernel_height x kernel_width; got " + c.getKernelCount() + ")");
        int stride = c.getStride() == 0 ? 1 : c.getStride();
        require(stride >= 1, field + ".conv.stride must be >= 1 (got " + Integer.toUnsignedString(c.getStride()) + ")");
        double[] k = c.getKernelList().stream().mapToDouble(Double::doubleValue).toArray();
        return wrap(field + ".conv", () -> new ConvSynapse(below, above, k, c.getKernelHeight(), c.getKernelWidth(),
            stride, c.getPadding()));
      }
      case AVERAGE_POOL -> {
        var p = s.getAveragePool();
        require(p.getWindowHeight() >= 1 && p.getWindowWidth() >= 1 && p.getWindowHeight() <= below.height()
            && p.getWindowWidth() <= below.width(), field + ".average_pool: window " + Integer.toUnsignedString(
                p.getWindowHeight()) + "x" + Integer.toUnsignedString(p.getWindowWidth()) + " must be at least 1x1"
            + " and no larger than its input " + below.height() + "x" + below.width());
        require(p.getStride() >= 1, field + ".average_pool.stride must be >= 1 (got "
            + Integer.toUnsignedString(p.getStride()) + ")");
        return wrap(field + ".average_pool", () -> new AveragePoolSynapse(below, above, p.getWindowHeight(),
            p.getWindowWidth(), p.getStride()));
      }
      default -> throw new InvalidRequestException(field + ": set one of dense, conv, average_pool");
    }
  }

  private static void cue(HamLayerCue c, String field, List<HamLayer> layers, boolean[] seen, double[][] x0,
      boolean[][] clamped) {
    long a = Integer.toUnsignedLong(c.getLayer());
    require(a < layers.size(), field + ".layer must be in [0, " + layers.size() + ") (got " + a + ")");
    int layer = (int) a;
    require(!seen[layer], field + ": layer " + layer + " has a cue already; give each layer at most one");
    seen[layer] = true;
    int n = layers.get(layer).size();
    if (c.getStateCount() > 0) {
      require(c.getStateCount() == n, field + ".state must have " + n + " values, one per unit of layer " + layer
          + " (shape " + layers.get(layer).shape() + "; got " + c.getStateCount() + ")");
      for (int i = 0; i < n; i++) {
        double v = c.getState(i);
        require(Double.isFinite(v), field + ".state[" + i + "] must be finite (got " + v + ")");
        x0[layer][i] = v;
      }
    }
    if (c.getClampAll()) {
      require(c.getClampedUnitsCount() == 0, field + ": clamp_all clamps every unit; leave clamped_units empty");
      clamped[layer] = new boolean[n];
      java.util.Arrays.fill(clamped[layer], true);
    } else if (c.getClampedUnitsCount() > 0) {
      boolean[] mask = new boolean[n];
      for (int k = 0; k < c.getClampedUnitsCount(); k++) {
        long i = Integer.toUnsignedLong(c.getClampedUnits(k));
        require(i < n, field + ".clamped_units[" + k + "] must be in [0, " + n + ") (got " + i + ")");
        require(!mask[(int) i], field + ".clamped_units[" + k + "]: unit " + i + " is listed twice");
        mask[(int) i] = true;
      }
      clamped[layer] = mask;
    }
  }

  /** Runs a constructor of the dynamics library, turning its IllegalArgumentException into INVALID_ARGUMENT. */
  private static <T> T wrap(String field, java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(field + ": " + e.getMessage(), e);
    }
  }
}
