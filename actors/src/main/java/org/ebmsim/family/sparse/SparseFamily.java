package org.ebmsim.family.sparse;

import static org.ebmsim.errors.InvalidRequestException.require;

import com.google.protobuf.Message;
import java.util.List;
import java.util.Locale;
import org.ebmsim.dynamics.planted.PlantedLoops;
import org.ebmsim.dynamics.sparse.CouplingLaw;
import org.ebmsim.dynamics.sparse.DilutedHopfield;
import org.ebmsim.dynamics.sparse.EdgeList;
import org.ebmsim.dynamics.sparse.PegasusGraph;
import org.ebmsim.dynamics.sparse.SparseCouplings;
import org.ebmsim.dynamics.sparse.SparseGraphs;
import org.ebmsim.dynamics.sparse.SparseNetwork;
import org.ebmsim.dynamics.sparse.SparseSampling;
import org.ebmsim.dynamics.state.ValueType;
import org.ebmsim.errors.InvalidRequestException;
import org.ebmsim.family.CreateContext;
import org.ebmsim.family.CreatedModel;
import org.ebmsim.family.EnergyModel;
import org.ebmsim.family.ModelFamily;
import org.ebmsim.family.SpecChecks;
import org.ebmsim.family.StoredPatterns;
import org.ebmsim.proto.v1.SparseChimera;
import org.ebmsim.proto.v1.SparseCouplingLaw;
import org.ebmsim.proto.v1.SparseCsr;
import org.ebmsim.proto.v1.SparseDilutedHopfield;
import org.ebmsim.proto.v1.SparseLattice;
import org.ebmsim.proto.v1.SparsePegasus;
import org.ebmsim.proto.v1.SparsePlanted;
import org.ebmsim.proto.v1.SparseRandomGraph;
import org.ebmsim.proto.v1.SparseSpec;
import org.ebmsim.proto.v1.SparseUnits;

/**
 * Family "sparse": Ising models / Boltzmann machines on sparse graphs. Creation checks every
 * dimension against the sparse limits (units, couplings) and charges the memory budget with what
 * the couplings and the sampling layers will hold (by their nnz, not N²) before generating
 * anything; CSR input is checked entry by entry (range, order, diagonal, symmetry, finiteness),
 * errors naming the field. The stored parameters are the spec (generators are deterministic).
 */
public final class SparseFamily implements ModelFamily {
  private static final String FIELD = "sparse";

  @Override
  public String key() {
    return "sparse";
  }

  @Override
  public String description() {
    return "Ising model / Boltzmann machine on a sparse graph: ±1 or 0/1 units, E(s) = -½ sᵀJs - bᵀs with J in CSR"
        + " form (lattices, Chimera, Pegasus, random graphs, diluted Hopfield, planted loops), chromatic Gibbs";
  }

  @Override
  public List<Message> specPrototypes() {
    return List.of(SparseSpec.getDefaultInstance());
  }

  @Override
  public Message parametersPrototype() {
    return SparseSpec.getDefaultInstance();
  }

  @Override
  public CreatedModel create(Message spec, CreateContext context) {
    SparseSpec s = (SparseSpec) spec;
    SparseModel model = build(s, context);
    int side = s.hasLattice() && s.getLattice().getDimensions() == 2 ? s.getLattice().getSide()
        : s.hasPlanted() && s.getPlanted().hasLattice() && s.getPlanted().getLattice().getDimensions() == 2
            ? s.getPlanted().getLattice().getSide() : 0;
    boolean image = side > 0 && model.network().visibleUnits() == model.network().units();
    return new CreatedModel(model, image ? side : 0, image ? side : 0);
  }

  @Override
  public EnergyModel decode(Message parameters) {
    return build((SparseSpec) parameters, new CreateContext(Integer.MAX_VALUE, Integer.MAX_VALUE, () -> false,
        new org.ebmsim.memory.MemoryBudget(Long.MAX_VALUE).reserve(0, "decoding a sparse model"),
        org.ebmsim.family.DatasetLookup.NONE, Integer.MAX_VALUE, Long.MAX_VALUE));
  }

  private SparseModel build(SparseSpec s, CreateContext context) {
    ValueType values = unitValues(s.getUnitValues());
    Graph graph = switch (s.getGraphCase()) {
      case CSR -> csr(s.getCsr(), context);
      case LATTICE -> lattice(s.getLattice(), FIELD + ".lattice", context, true);
      case CHIMERA -> chimera(s.getChimera(), FIELD + ".chimera", context, true);
      case PEGASUS -> pegasus(s.getPegasus(), FIELD + ".pegasus", context, true);
      case RANDOM_GRAPH -> random(s.getRandomGraph(), FIELD + ".random_graph", context, true);
      case DILUTED_HOPFIELD -> diluted(s.getDilutedHopfield(), values, context);
      case PLANTED -> planted(s.getPlanted(), values, s, context);
      case GRAPH_NOT_SET -> throw new InvalidRequestException(FIELD + ".graph is required: one of csr, lattice, chimera,"
          + " pegasus, random_graph, diluted_hopfield, planted");
    };
    int n = graph.couplings.units();
    double[] bias = new double[n];
    if (s.getBiasCount() > 0) {
      require(s.getBiasCount() == n, FIELD + ".bias must have " + n + " entries or none (got " + s.getBiasCount()
          + ")");
      for (int i = 0; i < n; i++) {
        double b = s.getBias(i);
        if (!SpecChecks.acceptable(b)) {
          SpecChecks.checkValue(b, FIELD + ".bias[" + i + "]");
        }
        bias[i] = b;
      }
    }
    long visible = s.getVisibleUnits() == 0 ? n : Integer.toUnsignedLong(s.getVisibleUnits());
    require(visible >= 1 && visible <= n, FIELD + ".visible_units must be in [0, " + n + "] (0 = all visible; got "
        + visible + ")");
    SparseNetwork network = new SparseNetwork(graph.couplings, bias, values, (int) visible);
    StoredPatterns patterns = graph.patterns == null ? StoredPatterns.none((int) visible)
        : visiblePart(graph.patterns, n, (int) visible);
    return new SparseModel(this, s, network, new SparseSampling(network), patterns, graph.variant,
        graph.description, graph.groundEnergy);
  }

  /** A generated or given graph with its values, and what the summary says of it. */
  private record Graph(SparseCouplings couplings, String variant, String description, StoredPatterns patterns,
      double groundEnergy) {
    Graph(SparseCouplings couplings, String variant, String description) {
      this(couplings, variant, description, null, Double.NaN);
    }
  }

  private static StoredPatterns visiblePart(StoredPatterns all, int n, int visible) {
    if (visible == n) {
      return all;
    }
    byte[] v = all.values();
    byte[] out = new byte[all.count() * visible];
    for (int mu = 0; mu < all.count(); mu++) {
      System.arraycopy(v, mu * n, out, mu * visible, visible);
    }
    return new StoredPatterns(all.count(), visible, out);
  }

  private static ValueType unitValues(SparseUnits units) {
    return switch (units) {
      case SPARSE_UNITS_UNSPECIFIED, SPARSE_SPIN -> ValueType.SPIN;
      case SPARSE_BINARY -> ValueType.BINARY;
      default -> throw new InvalidRequestException(FIELD + ".unit_values must be SPARSE_SPIN or SPARSE_BINARY (got "
          + units + ")");
    };
  }

  private static CouplingLaw law(SparseCouplingLaw law, String field) {
    return switch (law) {
      case PLUS_MINUS_ONE -> CouplingLaw.PLUS_MINUS_ONE;
      case GAUSSIAN -> CouplingLaw.GAUSSIAN;
      case FERROMAGNETIC -> CouplingLaw.FERROMAGNETIC;
      default -> throw new InvalidRequestException(field + " is required: PLUS_MINUS_ONE, GAUSSIAN or FERROMAGNETIC"
          + " (got " + law + ")");
    };
  }

  /** Checks the limits and charges what a graph of n units and `edges` edges holds while built and after. */
  private static void admit(long n, long edges, String field, CreateContext context) {
    context.checkSparseUnits(n, field);
    context.checkSparseCouplings(edges, field);
    context.charge(EdgeList.buildBytes(n, edges) + SparseSampling.estimateBytes(n, 2 * edges),
        "a sparse model of " + n + " units and " + edges + " couplings");
  }

  private static Graph csr(SparseCsr c, CreateContext context) {
    String f = FIELD + ".csr";
    long n = Integer.toUnsignedLong(c.getUnits());
    require(n >= 2, f + ".units must be >= 2 (got " + n + ")");
    context.checkSparseUnits(n, f);
    long entries = c.getColumnIndicesCount();
    context.checkSparseCouplings((entries + 1) / 2, f);
    require(c.getRowPointersCount() == n + 1, f + ".row_pointers must have units + 1 = " + (n + 1) + " entries (got "
        + c.getRowPointersCount() + ")");
    require(c.getValuesCount() == entries, f + ".values must have as many entries as column_indices (" + entries
        + "; got " + c.getValuesCount() + ")");
    context.charge(SparseCouplings.bytesFor(n, entries) + SparseSampling.estimateBytes(n, entries),
        "a sparse model of " + n + " units and " + entries + " stored couplings");
    int[] start = new int[(int) n + 1];
    for (int i = 0; i <= n; i++) {
      long p = Integer.toUnsignedLong(c.getRowPointers(i));
      require(p <= entries, f + ".row_pointers[" + i + "] must be at most the number of entries " + entries + " (got "
          + p + ")");
      start[i] = (int) p;
    }
    int[] cols = new int[(int) entries];
    double[] values = new double[(int) entries];
    for (int k = 0; k < entries; k++) {
      long j = Integer.toUnsignedLong(c.getColumnIndices(k));
      require(j < n, f + ".column_indices[" + k + "] must be in [0, " + n + ") (got " + j + ")");
      cols[k] = (int) j;
      double v = c.getValues(k);
      if (!SpecChecks.acceptable(v)) {
        SpecChecks.checkValue(v, f + ".values[" + k + "]");
      }
      values[k] = v;
    }
    SparseCouplings j;
    try {
      j = SparseCouplings.of((int) n, start, cols, values, f);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage(), e);
    }
    return new Graph(j, "csr", String.format(Locale.ROOT, "given CSR, %d couplings", j.edges()));
  }

  private static Graph lattice(SparseLattice l, String f, CreateContext context, boolean withLaw) {
    long d = Integer.toUnsignedLong(l.getDimensions());
    require(d == 2 || d == 3, f + ".dimensions must be 2 or 3 (got " + d + ")");
    long side = Integer.toUnsignedLong(l.getSide());
    require(side >= 3, f + ".side must be >= 3: a periodic side of 2 repeats edges (got " + side + ")");
    long n = 1;
    for (int k = 0; k < d; k++) {
      n *= side;
      context.checkSparseUnits(n, f + " (side^dimensions units)");
    }
    CouplingLaw law = withLaw ? law(l.getLaw(), f + ".law") : null;
    if (!withLaw) {
      requireUnsetLaw(l.getLaw(), l.getSeed(), f);
    }
    admit(n, d * n, f, context);
    SparseCouplings graph = generate(() -> SparseGraphs.lattice((int) d, (int) side), f);
    String name = d + "D periodic lattice L=" + side;
    return withLaw ? new Graph(SparseGraphs.withLaw(graph, law, l.getSeed()), "lattice", name + ", " + label(law))
        : new Graph(graph, "lattice", name);
  }

  private static Graph chimera(SparseChimera c, String f, CreateContext context, boolean withLaw) {
    long m = Integer.toUnsignedLong(c.getRows());
    long cols = c.getColumns() == 0 ? m : Integer.toUnsignedLong(c.getColumns());
    long t = c.getShore() == 0 ? 4 : Integer.toUnsignedLong(c.getShore());
    require(m >= 1 && m <= 65_536, f + ".rows must be in [1, 65536] (got " + m + ")");
    require(cols >= 1 && cols <= 65_536, f + ".columns must be in [0, 65536] (0 = rows; got " + cols + ")");
    require(t >= 1 && t <= 64, f + ".shore must be in [0, 64] (0 = 4; got " + t + ")");
    long n = 2 * t * m * cols;
    context.checkSparseUnits(n, f);
    CouplingLaw law = withLaw ? law(c.getLaw(), f + ".law") : null;
    if (!withLaw) {
      requireUnsetLaw(c.getLaw(), c.getSeed(), f);
    }
    long edges = m * cols * t * t + (m - 1) * cols * t + m * (cols - 1) * t;
    admit(n, edges, f, context);
    SparseCouplings graph = generate(() -> SparseGraphs.chimera((int) m, (int) cols, (int) t), f);
    String name = "Chimera C(" + m + ", " + cols + ", " + t + ")";
    return withLaw ? new Graph(SparseGraphs.withLaw(graph, law, c.getSeed()), "chimera", name + ", " + label(law))
        : new Graph(graph, "chimera", name);
  }

  private static Graph pegasus(SparsePegasus p, String f, CreateContext context, boolean withLaw) {
    long m = Integer.toUnsignedLong(p.getSize());
    require(m >= 2 && m <= PegasusGraph.MAX_SIZE, f + ".size must be in [2, " + PegasusGraph.MAX_SIZE
        + "] (P(1) has no qubits; got " + m + ")");
    boolean fabricOnly = !p.getFullGraph();
    long n = PegasusGraph.unitCount(m, fabricOnly);
    context.checkSparseUnits(n, f);
    CouplingLaw law = withLaw ? law(p.getLaw(), f + ".law") : null;
    if (!withLaw) {
      requireUnsetLaw(p.getLaw(), p.getSeed(), f);
    }
    admit(n, PegasusGraph.edgeCount(m, fabricOnly), f, context);
    SparseCouplings graph = generate(() -> PegasusGraph.of((int) m, fabricOnly).couplings(), f);
    String name = "Pegasus P(" + m + ")" + (fabricOnly ? " fabric" : " full graph");
    return withLaw ? new Graph(SparseGraphs.withLaw(graph, law, p.getSeed()), "pegasus", name + ", " + label(law))
        : new Graph(graph, "pegasus", name);
  }

  private static Graph random(SparseRandomGraph r, String f, CreateContext context, boolean withLaw) {
    long n = Integer.toUnsignedLong(r.getUnits());
    require(n >= 3, f + ".units must be >= 3 (got " + n + ")");
    context.checkSparseUnits(n, f);
    long degree = Integer.toUnsignedLong(r.getDegree());
    require(degree >= 2 && degree % 2 == 0 && degree <= Math.min(n - 1, 64), f + ".degree must be even and in [2, "
        + Math.min(n - 1, 64) + "] (got " + degree + ")");
    CouplingLaw law = withLaw ? law(r.getLaw(), f + ".law") : null;
    long seed = r.getSeed();
    if (!withLaw) {
      requireUnsetLaw(r.getLaw(), 0, f);
    }
    admit(n, n * degree / 2, f, context);
    SparseCouplings graph = generate(() -> SparseGraphs.random((int) n, (int) degree, seed), f);
    String name = "random graph of mean degree " + degree;
    return withLaw ? new Graph(SparseGraphs.withLaw(graph, law, seed ^ 0x5DEECE66DL), "random",
        name + ", " + label(law)) : new Graph(graph, "random", name);
  }

  private static Graph diluted(SparseDilutedHopfield h, ValueType values, CreateContext context) {
    String f = FIELD + ".diluted_hopfield";
    require(values == ValueType.SPIN, f + " needs unit_values SPARSE_SPIN (Hebbian couplings of ±1 patterns)");
    long n = Integer.toUnsignedLong(h.getUnits());
    require(n >= 3, f + ".units must be >= 3 (got " + n + ")");
    context.checkSparseUnits(n, f);
    long degree = Integer.toUnsignedLong(h.getDegree());
    require(degree >= 2 && degree % 2 == 0 && degree <= Math.min(n - 1, 64), f + ".degree must be even and in [2, "
        + Math.min(n - 1, 64) + "] (got " + degree + ")");
    long p = Integer.toUnsignedLong(h.getPatterns());
    require(p >= 1, f + ".patterns must be >= 1 (got " + p + ")");
    org.ebmsim.errors.ResourceLimitException.limit(p <= context.maxPatterns(), f + ".patterns is " + p
        + ", above the limit of " + context.maxPatterns() + " (ebmsim.limits.max-patterns)");
    context.charge(3 * p * n, "the " + p + " patterns of a diluted Hopfield network of " + n + " units");
    admit(n, n * degree / 2, f, context);
    DilutedHopfield d = generate(() -> DilutedHopfield.of((int) n, (int) degree, (int) p, h.getSeed()), f);
    return new Graph(d.couplings(), "diluted-hopfield", "diluted Hopfield network, " + p + " patterns on a random"
        + " graph of mean degree " + degree, new StoredPatterns(d.count(), (int) n, d.patterns()), Double.NaN);
  }

  private static Graph planted(SparsePlanted p, ValueType values, SparseSpec spec, CreateContext context) {
    String f = FIELD + ".planted";
    require(values == ValueType.SPIN, f + " needs unit_values SPARSE_SPIN (frustrated loops of ±1 spins)");
    require(spec.getBiasCount() == 0, FIELD + ".bias must be empty with planted (the planted state is a ground state"
        + " of the loops alone)");
    require(spec.getVisibleUnits() == 0, FIELD + ".visible_units must be 0 (all visible) with planted");
    double density = p.getLoopDensity();
    require(density > 0 && density <= 10, f + ".loop_density must be in (0, 10] loops per unit (got " + density
        + ")");
    Graph graph = switch (p.getGraphCase()) {
      case LATTICE -> lattice(p.getLattice(), f + ".lattice", context, false);
      case CHIMERA -> chimera(p.getChimera(), f + ".chimera", context, false);
      case PEGASUS -> pegasus(p.getPegasus(), f + ".pegasus", context, false);
      case RANDOM_GRAPH -> random(p.getRandomGraph(), f + ".random_graph", context, false);
      case GRAPH_NOT_SET -> throw new InvalidRequestException(f + ".graph is required: one of lattice, chimera,"
          + " pegasus, random_graph");
    };
    // the loop sums live on the graph's own edge array: one more value per stored entry
    context.charge(8L * graph.couplings.entries() + 8L * graph.couplings.units(), "the planted loops' sums");
    PlantedLoops.Neighbours order = p.hasLattice()
        ? PlantedLoops.latticeNeighbours(p.getLattice().getDimensions(), p.getLattice().getSide())
        : PlantedLoops.graphNeighbours(graph.couplings);
    PlantedLoops.SparseInstance instance = generate(() -> PlantedLoops.onGraph(graph.couplings, order, density,
        p.getSeed()), f);
    int n = graph.couplings.units();
    String description = String.format(Locale.ROOT, "planted frustrated loops on a %s, %d loops (density %s, mean"
        + " length %.2f), planted ground energy E0 = %s", graph.description, instance.loops(), plain(density),
        instance.meanLoopLength(), plain(instance.groundEnergy()));
    return new Graph(instance.couplings(), "planted", description,
        new StoredPatterns(1, n, instance.planted()), instance.groundEnergy());
  }

  private static void requireUnsetLaw(SparseCouplingLaw law, long seed, String f) {
    require(law == SparseCouplingLaw.SPARSE_COUPLING_LAW_UNSPECIFIED && seed == 0, f + ".law and " + f
        + ".seed must be unset: the planted loops set the couplings");
  }

  private static String label(CouplingLaw law) {
    return switch (law) {
      case PLUS_MINUS_ONE -> "±J couplings";
      case GAUSSIAN -> "Gaussian couplings";
      case FERROMAGNETIC -> "ferromagnetic couplings";
    };
  }

  private static String plain(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /** Runs a generator, turning its IllegalArgumentException into INVALID_ARGUMENT naming {@code field}. */
  private static <T> T generate(java.util.function.Supplier<T> generator, String field) {
    try {
      return generator.get();
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(field + ": " + e.getMessage(), e);
    }
  }
}
