package org.ebmsim.server.reliability;

import static org.ebmsim.server.reliability.NettyServer.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ebmsim.family.SpecChecks;
import org.ebmsim.proto.v1.AisSchedule;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.Bias;
import org.ebmsim.proto.v1.BoltzmannFromWeights;
import org.ebmsim.proto.v1.CompleteRequest;
import org.ebmsim.proto.v1.CompletionMode;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.DbmSpec;
import org.ebmsim.proto.v1.DbmUnits;
import org.ebmsim.proto.v1.Dynamics;
import org.ebmsim.proto.v1.EnergyStats;
import org.ebmsim.proto.v1.EstimatePartitionFunctionRequest;
import org.ebmsim.proto.v1.ExactSummaryRequest;
import org.ebmsim.proto.v1.ExactSummaryResponse;
import org.ebmsim.proto.v1.GeometricSchedule;
import org.ebmsim.proto.v1.GetModelRequest;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.HopfieldFromWeights;
import org.ebmsim.proto.v1.LayerInfo;
import org.ebmsim.proto.v1.MapHopfieldToRbmRequest;
import org.ebmsim.proto.v1.MapHopfieldToRbmResponse;
import org.ebmsim.proto.v1.MapRbmToHopfieldRequest;
import org.ebmsim.proto.v1.MapRbmToHopfieldResponse;
import org.ebmsim.proto.v1.MaskedCue;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.SamplePolicy;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.proto.v1.StorageRule;
import org.ebmsim.proto.v1.ValueType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defect 9 (issue 6), "NaN results from accepted finite input": weights of 1e308 on an 8-unit
 * network gave Anneal energies NaN, a best energy of −∞ and ExactSummary log Z NaN; RBM weights of
 * 1e308 an AIS log Z of NaN; a Gaussian–Bernoulli σ of 1e-300 an ExactSummary of NaN; and
 * MapRbmToHopfield with learning_rate = 1e300 NaN errors and transform with every fixed point
 * "true". Expected: input whose scale makes the arithmetic overflow is refused with
 * INVALID_ARGUMENT stating the bound, and everything accepted is computed stably: no response
 * ever carries NaN or ±∞.
 *
 * <p>The second half takes every family (Hopfield, Boltzmann, all four RBM variants, DBM) to the
 * largest magnitudes it accepts and runs every session kind on it, walking each response by
 * reflection ({@link #nonFinite}) so that no double or float field anywhere, repeated or nested,
 * can hide a NaN. The largest accepted magnitude is found by asking the server (bisection on
 * CreateModel), not assumed: Hopfield and Boltzmann machines compute in float64 and accept the
 * spec bound |w| ≤ 1e100 itself, but RBMs and DBMs sample with float32 copies of their
 * parameters, where 1e100 is +∞ — at that bound they produced NaN energies, NaN AIS weights and
 * ±∞ states until the families bounded every unit's field for float32. Real-valued units also
 * spread with the temperature, so those models state a highest temperature and a largest client
 * value; the probes run again exactly at the stated maximum, so the bound itself is checked.
 */
class FiniteResultsTest {
  /** The largest weight or bias magnitude the families accept. */
  private static final double B = SpecChecks.MAX_ABS;

  @TempDir Path dataDir;
  private NettyServer server;

  @BeforeEach
  void start() {
    server = NettyServer.start(dataDir, Map.of());
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.close();
  }

  // ------------------------------------------------------------------------------------------
  // The finiteness walker

  /** Every double or float field of {@code m} (nested and repeated included) that is NaN or ±∞, with its path. */
  static List<String> nonFinite(MessageOrBuilder m, String path) {
    List<String> out = new ArrayList<>();
    walk(m, path, out);
    return out;
  }

  private static void walk(MessageOrBuilder m, String path, List<String> out) {
    for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
      FieldDescriptor f = e.getKey();
      String at = path.isEmpty() ? f.getName() : path + "." + f.getName();
      if (f.isRepeated()) {
        List<?> values = (List<?>) e.getValue();
        for (int k = 0; k < values.size(); k++) {
          visit(f, values.get(k), at + "[" + k + "]", out);
        }
      } else {
        visit(f, e.getValue(), at, out);
      }
    }
  }

  private static void visit(FieldDescriptor f, Object value, String at, List<String> out) {
    switch (f.getJavaType()) {
      case DOUBLE -> {
        if (!Double.isFinite((Double) value)) {
          out.add(at + " = " + value);
        }
      }
      case FLOAT -> {
        if (!Float.isFinite((Float) value)) {
          out.add(at + " = " + value);
        }
      }
      case MESSAGE -> walk((Message) value, at, out);
      default -> { }
    }
  }

  /** Fails with every non-finite field of {@code m}. */
  private static void assertFinite(MessageOrBuilder m, String what) {
    List<String> bad = nonFinite(m, "");
    if (!bad.isEmpty()) {
      fail(what + " carries non-finite numbers: " + String.join(", ", bad.subList(0, Math.min(8, bad.size())))
          + (bad.size() > 8 ? " … (" + bad.size() + " in all)" : ""));
    }
  }

  @Test
  void walker_findsNonFiniteNumbersAnywhere() {
    // the walker is the whole test's eyes: make sure it sees nested, repeated, float and double fields
    ExactSummaryResponse clean = ExactSummaryResponse.newBuilder().setLogZ(1).build();
    assertEquals(List.of(), nonFinite(clean, ""));
    var nested = org.ebmsim.proto.v1.AnnealEvent.newBuilder().setResult(org.ebmsim.proto.v1.AnnealResult.newBuilder()
        .setFinalEnergy(EnergyStats.newBuilder().setMean(Double.NaN)).addBestEnergies(0).addBestEnergies(
            Double.NEGATIVE_INFINITY).addBestPerChain(org.ebmsim.proto.v1.ChainState.newBuilder().addLayers(
                org.ebmsim.proto.v1.LayerState.newBuilder().addValues(1f).addValues(Float.POSITIVE_INFINITY))))
        .build();
    assertEquals(List.of("result.best_per_chain[0].layers[0].values[1] = Infinity", "result.final_energy.mean = NaN",
        "result.best_energies[1] = -Infinity").stream().sorted().toList(),
        nonFinite(nested, "").stream().sorted().toList());
  }

  // ------------------------------------------------------------------------------------------
  // Builders

  /** ±{@code scale} with seeded signs. */
  private static double[] signs(int n, double scale, long seed) {
    Random r = new Random(seed);
    double[] x = new double[n];
    for (int k = 0; k < n; k++) {
      x[k] = r.nextBoolean() ? scale : -scale;
    }
    return x;
  }

  private static Matrix matrix(int rows, int cols, double[] values) {
    Matrix.Builder m = Matrix.newBuilder().setRows(rows).setCols(cols);
    for (double v : values) {
      m.addValues(v);
    }
    return m.build();
  }

  /** Symmetric n × n, ±scale off the diagonal, {@code diagonal} on it. */
  private static Matrix symmetric(int n, double scale, double diagonal, long seed) {
    double[] s = signs(n * n, scale, seed);
    double[] w = new double[n * n];
    for (int i = 0; i < n; i++) {
      w[i * n + i] = diagonal;
      for (int j = i + 1; j < n; j++) {
        w[i * n + j] = w[j * n + i] = s[i * n + j];
      }
    }
    return matrix(n, n, w);
  }

  private static List<Double> list(double[] x) {
    List<Double> out = new ArrayList<>();
    for (double v : x) {
      out.add(v);
    }
    return out;
  }

  private Model full(Model m) {
    return server.models().getModel(GetModelRequest.newBuilder().setId(m.getId()).setIncludeParameters(true).build());
  }

  private Model create(CreateModelRequest.Builder request) {
    return server.models().createModel(request.build());
  }

  private static RbmSpec.Builder rbm(RbmVariant variant, int v, int h, double scale, long seed) {
    return RbmSpec.newBuilder().setVariant(variant).setWeights(matrix(v, h, signs(v * h, scale, seed)))
        .addAllVisibleBias(list(signs(v, scale, seed + 1))).addAllHiddenBias(list(signs(h, scale, seed + 2)));
  }

  private static DbmSpec dbm(DbmUnits units, int[] sizes, double scale, long seed) {
    DbmSpec.Builder b = DbmSpec.newBuilder().setUnits(units);
    for (int l = 0; l + 1 < sizes.length; l++) {
      b.addWeights(matrix(sizes[l], sizes[l + 1], signs(sizes[l] * sizes[l + 1], scale, seed + l)));
    }
    for (int l = 0; l < sizes.length; l++) {
      b.addBiases(Bias.newBuilder().addAllValues(list(signs(sizes[l], scale, seed + 10 + l))));
    }
    return b.build();
  }

  // ------------------------------------------------------------------------------------------
  // Probing a model with every session kind

  /** A masked cue over the visible layer: half the units known, at the layer's extreme values (±real for REAL). */
  private static MaskedCue cue(LayerInfo visible, float real) {
    MaskedCue.Builder c = MaskedCue.newBuilder();
    for (int i = 0; i < visible.getUnits(); i++) {
      boolean known = i % 2 == 0;
      c.addKnown(known);
      switch (visible.getType()) {
        case VALUE_REAL -> c.addRealValues(i % 4 == 0 ? real : -real);
        case VALUE_BINARY -> c.addValues(i % 4 == 0 ? 1 : 0);
        default -> c.addValues(i % 4 == 0 ? 1 : -1);
      }
    }
    return c.build();
  }

  /** Rows of visible data at the extremes of the layer's domain (finite reals at ±bound for REAL). */
  private static Matrix data(LayerInfo visible, double realScale) {
    int v = visible.getUnits();
    double[] x = new double[2 * v];
    for (int k = 0; k < x.length; k++) {
      boolean high = (k * 7 + k / v) % 3 == 0;
      x[k] = switch (visible.getType()) {
        case VALUE_REAL -> high ? realScale : -realScale;
        case VALUE_BINARY -> high ? 1 : 0;
        default -> high ? 1 : -1;
      };
    }
    return matrix(2, v, x);
  }

  /**
   * Runs ExactSummary (at {@code temperatures}), Anneal (every dynamics, over 1e300 → 1e-300),
   * Complete (every mode, at the temperature extremes) and, where offered, AIS (plain, with data
   * and reverse) on {@code m}; returns every non-finite number found and every call that failed.
   * The one refusal allowed is a temperature above the model's stated maximum (models with
   * real-valued units held in float32); the call then runs again from exactly that maximum, so
   * the stated bound itself is checked.
   */
  private List<String> probe(Model m, double[] temperatures, double dataScale) {
    List<String> bad = new ArrayList<>();
    String name = m.getName();
    Model full = server.models().getModel(GetModelRequest.newBuilder().setId(m.getId()).setIncludeParameters(true)
        .build());
    bad.addAll(nonFinite(full, name + " GetModel"));
    LayerInfo visible = m.getLayers(0);
    if (m.getCapabilities().getExact()) {
      for (double t : temperatures) {
        call(bad, name + " ExactSummary(T=" + t + ")", 1, x -> List.of(server.sim().exactSummary(
            ExactSummaryRequest.newBuilder().setModelId(m.getId()).setTemperature(t).build())));
      }
    }
    List<Dynamics> dynamics = m.getCapabilities().getDynamicsList().isEmpty() ? List.of(Dynamics.GIBBS)
        : m.getCapabilities().getDynamicsList();
    for (Dynamics d : dynamics) {
      call(bad, name + " Anneal(" + d + ")", 1e300, top -> all(server.sim().anneal(AnnealRequest.newBuilder()
          .setModelId(m.getId()).setChains(6).setSeed(17).setDynamics(d).setSchedule(range(top, 9))
          .setSamples(SamplePolicy.newBuilder().setMode(SamplePolicy.Mode.EVERY).setMaxChains(3)).build())));
    }
    float real = largestRealValue(m, visible);
    CompleteRequest.Builder complete = CompleteRequest.newBuilder().setModelId(m.getId())
        .setMasked(cue(visible, real)).setSeed(5).setChains(2);
    call(bad, name + " Complete(DETERMINISTIC)", 1, x -> all(server.sim().complete(complete.clone()
        .setMode(CompletionMode.DETERMINISTIC).setSweeps(20).build())));
    for (double t : new double[] {1e-300, 1e300}) {
      call(bad, name + " Complete(STOCHASTIC, T=" + t + ")", t, top -> all(server.sim().complete(complete.clone()
          .setMode(CompletionMode.STOCHASTIC).setTemperature(top).setSweeps(6).setAverageLast(3).build())));
    }
    call(bad, name + " Complete(ANNEALED)", 1e300, top -> all(server.sim().complete(complete.clone()
        .setMode(CompletionMode.ANNEALED).setSchedule(range(top, 5)).setAverageLast(2).build())));
    if (m.getCapabilities().getPartitionFunction()) {
      EstimatePartitionFunctionRequest.Builder ais = EstimatePartitionFunctionRequest.newBuilder()
          .setModelId(m.getId()).setChains(16).setSeed(3).setReportEvery(5).setIncludeLogWeights(true)
          .setSchedule(AisSchedule.newBuilder().setUniformSteps(30));
      call(bad, name + " AIS", 1, x -> all(server.sim().estimatePartitionFunction(ais.build())));
      call(bad, name + " AIS(data, reverse)", 1, x -> all(server.sim().estimatePartitionFunction(ais.clone()
          .setData(data(visible, visible.getType() == ValueType.VALUE_REAL ? real : dataScale)).setReverse(true)
          .build())));
    }
    return bad;
  }

  private static final java.util.regex.Pattern MAX_VALUE = java.util.regex.Pattern.compile(
      "of magnitude at most (\\S+) ");

  /**
   * The largest real visible value the model takes from a client: float32's largest, or the
   * smaller magnitude it states when refusing that (a model whose float32 fields would overflow).
   * The stated bound must be a usable one (≥ 1).
   */
  private float largestRealValue(Model m, LayerInfo visible) {
    if (visible.getType() != ValueType.VALUE_REAL) {
      return Float.MAX_VALUE;
    }
    try {
      all(server.sim().complete(CompleteRequest.newBuilder().setModelId(m.getId())
          .setMasked(cue(visible, Float.MAX_VALUE)).setSweeps(1).build()));
      return Float.MAX_VALUE;
    } catch (StatusRuntimeException e) {
      String d = String.valueOf(e.getStatus().getDescription());
      java.util.regex.Matcher max = MAX_VALUE.matcher(d);
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), d);
      assertTrue(d.contains("masked.real_values[0]") && max.find(), "the refusal names the field and the bound: " + d);
      double limit = Double.parseDouble(max.group(1));
      assertTrue(limit >= 1 && limit < Float.MAX_VALUE, d);
      float f = (float) limit;
      return f > limit ? Math.nextDown(f) : f;
    }
  }

  /** Geometric from {@code top} down to 1e-300, two sweeps per temperature. */
  private static Schedule range(double top, int steps) {
    return Schedule.newBuilder().setGeometric(GeometricSchedule.newBuilder().setTStart(top).setTEnd(1e-300)
        .setSteps(steps)).setSweepsPerTemperature(2).build();
  }

  private static <T extends Message> List<T> all(Iterator<T> events) {
    List<T> out = new ArrayList<>();
    events.forEachRemaining(out::add);
    return out;
  }

  private interface Call {
    List<? extends Message> run(double top);
  }

  private static final java.util.regex.Pattern MAX_TEMPERATURE = java.util.regex.Pattern.compile(
      "must be at most (\\S+) for this model");

  /**
   * Runs {@code call} at temperature {@code top} and records its non-finite numbers; a refusal
   * stating the model's maximum temperature (below {@code top}) reruns it at that maximum; any
   * other failure is recorded.
   */
  private static void call(List<String> bad, String what, double top, Call call) {
    try {
      record(bad, what, call.run(top));
    } catch (StatusRuntimeException e) {
      java.util.regex.Matcher max = MAX_TEMPERATURE.matcher(String.valueOf(e.getStatus().getDescription()));
      if (e.getStatus().getCode() != Status.Code.INVALID_ARGUMENT || !max.find()) {
        bad.add(what + " failed: " + e.getStatus());
        return;
      }
      double limit = Double.parseDouble(max.group(1));
      if (!(limit < top && limit >= 1)) {
        bad.add(what + " refused T = " + top + " stating a maximum of " + limit + " (the model's own T = 1 must be"
            + " allowed)");
        return;
      }
      try {
        record(bad, what + " at its maximum T = " + limit, call.run(limit));
      } catch (StatusRuntimeException again) {
        bad.add(what + " at its stated maximum T = " + limit + " failed: " + again.getStatus());
      }
    }
  }

  private static void record(List<String> bad, String what, List<? extends Message> responses) {
    for (int k = 0; k < responses.size(); k++) {
      for (String s : nonFinite(responses.get(k), "")) {
        bad.add(what + " response " + k + ": " + s);
      }
    }
  }

  /** Fails listing, per call, its first non-finite field and how many it had. */
  private static void assertNone(List<String> bad) {
    if (bad.isEmpty()) {
      return;
    }
    Map<String, List<String>> byCall = new java.util.LinkedHashMap<>();
    for (String b : bad) {
      int cut = b.indexOf(" response ");
      byCall.computeIfAbsent(cut < 0 ? b : b.substring(0, cut), k -> new ArrayList<>()).add(b);
    }
    StringBuilder m = new StringBuilder(bad.size() + " non-finite results in " + byCall.size() + " calls:");
    byCall.forEach((call, list) -> m.append("\n  ").append(list.get(0)).append(list.size() > 1 ? " (+"
        + (list.size() - 1) + " more)" : ""));
    fail(m.toString());
  }

  private static final double[] EXACT_TEMPERATURES = {1e-100, 1e-3, 1, 1e3, 1e100};

  // ------------------------------------------------------------------------------------------
  // The inputs of the report: refused, naming the field and the bound

  @Test
  void overflowingInputsOfTheReport_areRefusedNamingTheFieldAndTheBound() {
    double huge = 1e308;
    expect(Status.Code.INVALID_ARGUMENT, "at most 1e100", () -> create(CreateModelRequest.newBuilder()
        .setHopfieldWeights(HopfieldFromWeights.newBuilder().setWeights(symmetric(8, huge, 0, 1)))));
    String d = expect(Status.Code.INVALID_ARGUMENT, "hopfield_weights.weights[0][1]", () -> create(CreateModelRequest
        .newBuilder().setHopfieldWeights(HopfieldFromWeights.newBuilder().setWeights(symmetric(8, huge, 0, 1)))));
    assertTrue(d.contains("1e100"), d);
    expect(Status.Code.INVALID_ARGUMENT, "hopfield_weights.bias[0]", () -> create(CreateModelRequest.newBuilder()
        .setHopfieldWeights(HopfieldFromWeights.newBuilder().setWeights(symmetric(8, 1, 0, 1))
            .addAllBias(list(signs(8, huge, 2))))));
    expect(Status.Code.INVALID_ARGUMENT, "boltzmann.weights[0][1]", () -> create(CreateModelRequest.newBuilder()
        .setBoltzmann(BoltzmannFromWeights.newBuilder().setWeights(symmetric(8, huge, 0, 1)).setVisibleUnits(4))));
    for (RbmVariant variant : List.of(RbmVariant.BINARY, RbmVariant.SPIN, RbmVariant.BINARY_GAUSSIAN,
        RbmVariant.GAUSSIAN_BERNOULLI)) {
      String r = expect(Status.Code.INVALID_ARGUMENT, "rbm.weights[0][0]", () -> create(CreateModelRequest
          .newBuilder().setRbm(rbm(variant, 8, 4, huge, 3))));
      assertTrue(r.contains("1e100") || r.contains("at most"), r);
    }
    expect(Status.Code.INVALID_ARGUMENT, "dbm.weights[0]", () -> create(CreateModelRequest.newBuilder()
        .setDbm(dbm(DbmUnits.DBM_BINARY, new int[] {4, 3, 2}, huge, 4))));
    // σ = 1e-300: 1/σ² overflows
    RbmSpec.Builder gb = rbm(RbmVariant.GAUSSIAN_BERNOULLI, 4, 3, 1, 5);
    for (int i = 0; i < 4; i++) {
      gb.addVisibleSigma(i == 2 ? 1e-300 : 1);
    }
    String s = expect(Status.Code.INVALID_ARGUMENT, "rbm.visible_sigma[2]", () -> create(CreateModelRequest.newBuilder()
        .setRbm(gb)));
    assertTrue(s.contains("1e-10"), s + " should state the bound");
    // β out of range for a binary–Gaussian RBM
    expect(Status.Code.INVALID_ARGUMENT, "rbm.inverse_temperature", () -> create(CreateModelRequest.newBuilder()
        .setRbm(rbm(RbmVariant.BINARY_GAUSSIAN, 4, 2, 1, 6).setInverseTemperature(1e300))));
    // temperatures at which log Z would overflow
    Model small = create(CreateModelRequest.newBuilder().setHopfieldWeights(HopfieldFromWeights.newBuilder()
        .setWeights(symmetric(8, 1, 0, 7))));
    for (double t : new double[] {1e-300, 1e300, Double.MIN_VALUE}) {
      expect(Status.Code.INVALID_ARGUMENT, "[1e-100, 1e100]", () -> server.sim().exactSummary(ExactSummaryRequest
          .newBuilder().setModelId(small.getId()).setTemperature(t).build()));
    }
  }

  @Test
  void mapRbmToHopfield_hugeLearningRateIsRefused_andTheLargestAcceptedGivesFiniteResultsOrSaysItDiverged() {
    byte[] xi = new byte[3 * 16];
    Random r = new Random(8);
    SpinMatrix.Builder patterns = SpinMatrix.newBuilder().setRows(3).setCols(16);
    for (int k = 0; k < xi.length; k++) {
      patterns.addSpins(r.nextBoolean() ? 1 : -1);
    }
    Model hopfield = create(CreateModelRequest.newBuilder().setHopfieldPatterns(HopfieldFromPatterns.newBuilder()
        .setPatterns(patterns).setRule(StorageRule.PROJECTION)));
    MapHopfieldToRbmResponse mapped = server.rbm().mapHopfieldToRbm(MapHopfieldToRbmRequest.newBuilder()
        .setHopfieldModelId(hopfield.getId()).build());
    assertFinite(mapped, "MapHopfieldToRbm");
    String id = mapped.getRbm().getId();
    String d = expect(Status.Code.INVALID_ARGUMENT, "learning_rate", () -> server.rbm().mapRbmToHopfield(
        MapRbmToHopfieldRequest.newBuilder().setRbmModelId(id).setLearningRate(1e300).build()));
    assertTrue(d.contains("1000"), d + " should state the bound");
    // the accepted extremes: either finite results, or INVALID_ARGUMENT saying the descent diverged
    Model extreme = largestAccepted(B, x -> CreateModelRequest.newBuilder().setRbm(
        rbm(RbmVariant.BINARY_GAUSSIAN, 16, 3, x, 9)));
    for (String rbmId : List.of(id, extreme.getId())) {
      for (double rate : new double[] {1e-300, 0.01, 1000}) {
        for (double alpha : new double[] {1e-300, 10, 1e6}) {
          for (MapRbmToHopfieldRequest.Start start : List.of(MapRbmToHopfieldRequest.Start.IDENTITY,
              MapRbmToHopfieldRequest.Start.RANDOM)) {
            MapRbmToHopfieldRequest request = MapRbmToHopfieldRequest.newBuilder().setRbmModelId(rbmId)
                .setLearningRate(rate).setAlpha(alpha).setSteps(300).setStart(start).setSeed(2).build();
            try {
              MapRbmToHopfieldResponse out = server.rbm().mapRbmToHopfield(request);
              assertFinite(out, "MapRbmToHopfield(rate " + rate + ", alpha " + alpha + ", " + start + ")");
            } catch (StatusRuntimeException e) {
              assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
              assertTrue(String.valueOf(e.getStatus().getDescription()).contains("learning_rate")
                  || String.valueOf(e.getStatus().getDescription()).contains("alpha"), e.getStatus().toString());
            }
          }
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------------
  // Every family at the largest accepted magnitudes, every session kind: finite everywhere

  /**
   * The model {@code build(x)} for the largest x ≤ {@code from} the server accepts, within a
   * factor 1.003: {@code from} itself if accepted, else found by bisection in log space. Every
   * refusal on the way must be INVALID_ARGUMENT stating a bound ("above …" or "at most …"), so the
   * search also checks that overflowing inputs are refused the right way. Models made on the way
   * are deleted.
   */
  private Model largestAccepted(double from, java.util.function.DoubleFunction<CreateModelRequest.Builder> build) {
    Model accepted = tryCreate(build.apply(from));
    if (accepted != null) {
      return accepted;
    }
    double hi = from;
    double lo = from;
    while (accepted == null) {
      hi = lo;
      lo /= 1e4;
      assertTrue(lo > 1e-200, "nothing accepted down to " + lo);
      accepted = tryCreate(build.apply(lo));
    }
    for (int k = 0; k < 12; k++) {
      double mid = Math.sqrt(lo) * Math.sqrt(hi);
      Model m = tryCreate(build.apply(mid));
      if (m != null) {
        server.models().deleteModel(org.ebmsim.proto.v1.DeleteModelRequest.newBuilder().setId(accepted.getId())
            .build());
        accepted = m;
        lo = mid;
      } else {
        hi = mid;
      }
    }
    assertTrue(hi / lo < 1.003, "bisection converged");
    return accepted;
  }

  /** The created model, or null when refused with INVALID_ARGUMENT stating a bound. */
  private Model tryCreate(CreateModelRequest.Builder request) {
    try {
      return create(request);
    } catch (StatusRuntimeException e) {
      String d = String.valueOf(e.getStatus().getDescription());
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
      assertTrue(d.contains("above") || d.contains("at most"), "a refusal should state the bound: " + d);
      return null;
    }
  }

  @Test
  void hopfieldAndBoltzmannAtTheBound_giveFiniteResultsEverywhere() {
    Model hopfield = largestAccepted(B, x -> CreateModelRequest.newBuilder().setName("hopfield").setHopfieldWeights(
        HopfieldFromWeights.newBuilder().setWeights(symmetric(10, x, x, 11)).addAllBias(list(signs(10, x, 12)))));
    // float64 all the way: the spec bound itself is accepted
    assertEquals(B, Math.abs(full(hopfield).getHopfield().getBias(0)), 0);
    List<String> bad = new ArrayList<>(probe(hopfield, EXACT_TEMPERATURES, B));
    bad.addAll(probe(largestAccepted(B, x -> CreateModelRequest.newBuilder().setName("boltzmann").setBoltzmann(
        BoltzmannFromWeights.newBuilder().setWeights(symmetric(10, x, -x, 13)).addAllBias(list(signs(10, x, 14)))
            .setVisibleUnits(6))), EXACT_TEMPERATURES, B));
    // a large network: energies grow with units², far from overflow at the bound
    bad.addAll(probe(largestAccepted(B, x -> CreateModelRequest.newBuilder().setName("hopfield-400")
        .setHopfieldWeights(HopfieldFromWeights.newBuilder().setWeights(symmetric(400, x, x, 15))
            .addAllBias(list(signs(400, x, 16))))), new double[0], B));
    assertNone(bad);
    // and the bound is what SpecChecks says: one step above it is refused
    expect(Status.Code.INVALID_ARGUMENT, "at most 1e100", () -> create(CreateModelRequest.newBuilder()
        .setHopfieldWeights(HopfieldFromWeights.newBuilder().setWeights(symmetric(10, Math.nextUp(B), 0, 11)))));
  }

  @Test
  void exactSummaryAtTheBound_isAccurateNotJustFinite() {
    // ±2^332 (≈ 8.7e99, within the bound): every energy is a small integer times a power of two,
    // so the enumeration is exact and s, −s are exactly degenerate. At T = 1e-100 the law sits on
    // those two states: S = log 2 and C = 0. S computed as log Z + ⟨E⟩/T, two numbers of ~1e201,
    // lost the log 2 entirely.
    double w = Math.scalb(1.0, 332);
    Model m = create(CreateModelRequest.newBuilder().setHopfieldWeights(HopfieldFromWeights.newBuilder()
        .setWeights(symmetric(8, w, 0, 21))));
    ExactSummaryResponse low = server.sim().exactSummary(ExactSummaryRequest.newBuilder().setModelId(m.getId())
        .setTemperature(1e-100).build());
    assertFinite(low, "ExactSummary(T=1e-100)");
    assertEquals(2, low.getGroundStateCount());
    assertEquals(Math.log(2), low.getEntropy(), 1e-12, "S at T → 0 is log(number of ground states)");
    assertEquals(0, low.getHeatCapacity(), 0);
    assertEquals(low.getGroundEnergy(), low.getMeanEnergy(), 0);
    for (double p : low.getMarginals(0).getValuesList()) {
      assertEquals(0.5, p, 1e-15, "two mirror ground states");
    }
    ExactSummaryResponse high = server.sim().exactSummary(ExactSummaryRequest.newBuilder().setModelId(m.getId())
        .setTemperature(1e100).build());
    assertFinite(high, "ExactSummary(T=1e100)");
    // any law over 2^8 states has 0 ≤ S ≤ 8 log 2 and C ≥ 0
    for (ExactSummaryResponse r : List.of(low, high)) {
      assertTrue(r.getEntropy() >= -1e-9 && r.getEntropy() <= 8 * Math.log(2) + 1e-9, "S = " + r.getEntropy());
      assertTrue(r.getHeatCapacity() >= 0, "C = " + r.getHeatCapacity());
    }
  }

  @Test
  void binaryAndSpinRbmsAtTheBound_giveFiniteResultsEverywhere() {
    List<String> bad = new ArrayList<>();
    for (RbmVariant variant : List.of(RbmVariant.BINARY, RbmVariant.SPIN)) {
      bad.addAll(probe(largestAccepted(B, x -> CreateModelRequest.newBuilder().setName(variant.name()).setRbm(
          rbm(variant, 8, 5, x, 31))), new double[] {1}, B));
      bad.addAll(probe(largestAccepted(B, x -> CreateModelRequest.newBuilder().setName(variant.name() + "-wide")
          .setRbm(rbm(variant, 300, 100, x, 32))), new double[0], B));
    }
    assertNone(bad);
  }

  @Test
  void binaryGaussianRbmsAtTheBound_giveFiniteResultsEverywhere() {
    List<String> bad = new ArrayList<>();
    for (double beta : new double[] {1, 1e100}) {
      bad.addAll(probe(largestAccepted(B, x -> CreateModelRequest.newBuilder().setName("bg-beta-" + beta).setRbm(
          rbm(RbmVariant.BINARY_GAUSSIAN, 8, 3, x, 41).setInverseTemperature(beta))), new double[] {1}, B));
    }
    bad.addAll(probe(largestAccepted(B, x -> CreateModelRequest.newBuilder().setName("bg-wide").setRbm(
        rbm(RbmVariant.BINARY_GAUSSIAN, 600, 40, x, 42).setInverseTemperature(1e100))), new double[0], B));
    // the smallest β accepted (λ spreads as 1/√β), with unit weights
    bad.addAll(probe(largestAccepted(1e100, x -> CreateModelRequest.newBuilder().setName("bg-small-beta").setRbm(
        rbm(RbmVariant.BINARY_GAUSSIAN, 8, 3, 1, 43).setInverseTemperature(1 / x))), new double[] {1}, B));
    assertNone(bad);
  }

  @Test
  void gaussianBernoulliRbmsAtTheBound_giveFiniteResultsEverywhere() {
    List<String> bad = new ArrayList<>();
    for (double sigma : new double[] {1e-10, 1}) {
      bad.addAll(probe(largestAccepted(B, x -> CreateModelRequest.newBuilder().setName("gb-sigma-" + sigma)
          .setRbm(gb(4, 6, x, sigma, 44))), new double[] {1}, B));
    }
    // the largest σ accepted, with unit weights
    bad.addAll(probe(largestAccepted(B, x -> CreateModelRequest.newBuilder().setName("gb-large-sigma")
        .setRbm(gb(4, 6, 1, x, 45))), new double[] {1}, B));
    bad.addAll(probe(largestAccepted(B, x -> CreateModelRequest.newBuilder().setName("gb-wide")
        .setRbm(gb(300, 100, x, 1, 46))), new double[0], B));
    assertNone(bad);
  }

  @Test
  void gaussianBernoulli_steeredTemperaturesClampsAndInitialStates_areHeldToTheModelsBounds() {
    Model m = create(CreateModelRequest.newBuilder().setName("gb").setRbm(gb(4, 3, 1e15, 1, 47)));
    // a detached session far too long to end by itself during the test, paused so it stays live
    Iterator<org.ebmsim.proto.v1.AnnealEvent> started = server.sim().anneal(AnnealRequest.newBuilder()
        .setModelId(m.getId()).setChains(8).setSeed(1).setDetached(true).setSchedule(Schedule.newBuilder()
            .setGeometric(GeometricSchedule.newBuilder().setTStart(1).setTEnd(0.5).setSteps(1_000_000))
            .setSweepsPerTemperature(50)).build());
    String id = started.next().getStarted().getSessionId();
    all(started);
    var sessions = server.sessions();
    try {
      sessions.pauseSession(org.ebmsim.proto.v1.PauseSessionRequest.newBuilder().setSessionId(id).build());
      expect(Status.Code.INVALID_ARGUMENT, "action.temperature must be at most", () -> sessions.steerSession(
          org.ebmsim.proto.v1.SteerSessionRequest.newBuilder().setSessionId(id).setAction(
              org.ebmsim.proto.v1.SteerAction.newBuilder().setTemperature(1e300)).build()));
      expect(Status.Code.INVALID_ARGUMENT, "1 / action.inverse_temperature must be at most", () -> sessions
          .steerSession(org.ebmsim.proto.v1.SteerSessionRequest.newBuilder().setSessionId(id).setAction(
              org.ebmsim.proto.v1.SteerAction.newBuilder().setInverseTemperature(1e-300)).build()));
      expect(Status.Code.INVALID_ARGUMENT, "magnitude at most", () -> sessions.steerSession(
          org.ebmsim.proto.v1.SteerSessionRequest.newBuilder().setSessionId(id).setAction(
              org.ebmsim.proto.v1.SteerAction.newBuilder().setClamp(org.ebmsim.proto.v1.ClampUnits.newBuilder()
                  .addUnits(0).addRealValues(Float.MAX_VALUE))).build()));
      // in range, steering is accepted
      sessions.steerSession(org.ebmsim.proto.v1.SteerSessionRequest.newBuilder().setSessionId(id).setAction(
          org.ebmsim.proto.v1.SteerAction.newBuilder().setTemperature(2)).build());
    } finally {
      sessions.stopSession(org.ebmsim.proto.v1.StopSessionRequest.newBuilder().setSessionId(id).build());
    }
    // initial states of the real-valued visible layer are client values too
    expect(Status.Code.INVALID_ARGUMENT, "initial_states[0].values[0] must be a finite float of magnitude at most",
        () -> all(server.sim().anneal(AnnealRequest.newBuilder().setModelId(m.getId()).setChains(1)
            .setSchedule(range(1, 3)).addInitialStates(org.ebmsim.proto.v1.LayerState.newBuilder()
                .setLayer("visible").setType(ValueType.VALUE_REAL).setRows(1).setCols(4).addValues(Float.MAX_VALUE)
                .addValues(0).addValues(0).addValues(0)).build())));
  }

  private static RbmSpec.Builder gb(int v, int h, double scale, double sigma, long seed) {
    RbmSpec.Builder b = rbm(RbmVariant.GAUSSIAN_BERNOULLI, v, h, scale, seed);
    for (int i = 0; i < v; i++) {
      b.addVisibleSigma(sigma);
    }
    return b;
  }

  @Test
  void dbmsAtTheBound_giveFiniteResultsEverywhere() {
    List<String> bad = new ArrayList<>();
    for (DbmUnits units : List.of(DbmUnits.DBM_BINARY, DbmUnits.DBM_SPIN)) {
      bad.addAll(probe(largestAccepted(B, x -> CreateModelRequest.newBuilder().setName(units.name()).setDbm(
          dbm(units, new int[] {5, 4, 3}, x, 51))), EXACT_TEMPERATURES, B));
      bad.addAll(probe(largestAccepted(B, x -> CreateModelRequest.newBuilder().setName(units.name() + "-wide")
          .setDbm(dbm(units, new int[] {200, 150, 100}, x, 52))), new double[0], B));
    }
    assertNone(bad);
  }
}
