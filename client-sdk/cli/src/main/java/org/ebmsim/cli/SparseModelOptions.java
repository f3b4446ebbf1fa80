package org.ebmsim.cli;

import java.util.Locale;
import org.ebmsim.proto.v1.SparseChimera;
import org.ebmsim.proto.v1.SparseCouplingLaw;
import org.ebmsim.proto.v1.SparseDilutedHopfield;
import org.ebmsim.proto.v1.SparseLattice;
import org.ebmsim.proto.v1.SparsePegasus;
import org.ebmsim.proto.v1.SparsePlanted;
import org.ebmsim.proto.v1.SparseSpec;

/**
 * The {@code models create} options of the sparse family, parsed into a {@link SparseSpec}:
 * {@code --lattice D:L[:pm|gauss|ferro][:SEED]}, {@code --chimera MxNxT[:LAW][:SEED]},
 * {@code --pegasus M[:full][:LAW][:SEED]}, {@code --diluted N:K:P[:SEED]} and
 * {@code --sparse-planted D:L:DENSITY[:SEED]}, {@code chimera:MxNxT:DENSITY[:SEED]},
 * {@code pegasus:M:DENSITY[:SEED]} or {@code pegasus-full:M:DENSITY[:SEED]}. Errors are {@link IllegalArgumentException}s
 * whose message the command prints as a usage error.
 */
final class SparseModelOptions {
  private SparseModelOptions() {}

  /** {@code D:L[:LAW][:SEED]}, the law defaulting to ±J. */
  static SparseSpec lattice(String value) {
    String[] p = value.split(":", -1);
    if (p.length < 2 || p.length > 4) {
      throw new IllegalArgumentException("--lattice must be D:L[:pm|gauss|ferro][:SEED], e.g. 3d:64:pm:1 or 3:64"
          + " (got " + value + ")");
    }
    SparseLattice.Builder b = SparseLattice.newBuilder().setDimensions(dimensions(p[0], "--lattice"))
        .setSide(whole(p[1], "--lattice side L")).setLaw(SparseCouplingLaw.PLUS_MINUS_ONE);
    for (int k = 2; k < p.length; k++) {
      if (isLaw(p[k])) {
        b.setLaw(law(p[k]));
      } else {
        b.setSeed(seed(p[k], "--lattice"));
      }
    }
    return SparseSpec.newBuilder().setLattice(b).build();
  }

  /** {@code MxNxT[:LAW][:SEED]} (N and T optional: M, MxN). */
  static SparseSpec chimera(String value) {
    String[] p = value.split(":", -1);
    if (p.length < 1 || p.length > 3) {
      throw new IllegalArgumentException("--chimera must be MxNxT[:pm|gauss|ferro][:SEED], e.g. 16x16x4:pm:1 (got "
          + value + ")");
    }
    SparseChimera.Builder b = chimeraShape(p[0], "--chimera").setLaw(SparseCouplingLaw.PLUS_MINUS_ONE);
    for (int k = 1; k < p.length; k++) {
      if (isLaw(p[k])) {
        b.setLaw(law(p[k]));
      } else {
        b.setSeed(seed(p[k], "--chimera"));
      }
    }
    return SparseSpec.newBuilder().setChimera(b).build();
  }

  /** {@code M[:fabric|full][:LAW][:SEED]}: Pegasus P(M), the fabric unless {@code full}, ±J by default. */
  static SparseSpec pegasus(String value) {
    String[] p = value.split(":", -1);
    if (p.length < 1 || p.length > 4) {
      throw new IllegalArgumentException("--pegasus must be M[:fabric|full][:pm|gauss|ferro][:SEED], e.g. 16:pm:1"
          + " (got " + value + ")");
    }
    SparsePegasus.Builder b = SparsePegasus.newBuilder().setSize(whole(p[0], "--pegasus M"))
        .setLaw(SparseCouplingLaw.PLUS_MINUS_ONE);
    for (int k = 1; k < p.length; k++) {
      String token = p[k].toLowerCase(Locale.ROOT);
      if (token.equals("full") || token.equals("fabric")) {
        b.setFullGraph(token.equals("full"));
      } else if (isLaw(token)) {
        b.setLaw(law(token));
      } else {
        b.setSeed(seed(p[k], "--pegasus"));
      }
    }
    return SparseSpec.newBuilder().setPegasus(b).build();
  }

  /** {@code N:K:P[:SEED]}: N units, mean degree K, P patterns. */
  static SparseSpec diluted(String value) {
    String[] p = value.split(":", -1);
    if (p.length != 3 && p.length != 4) {
      throw new IllegalArgumentException("--diluted must be N:K:P[:SEED] (units, mean degree, patterns), e.g."
          + " 10000:8:20 (got " + value + ")");
    }
    SparseDilutedHopfield.Builder b = SparseDilutedHopfield.newBuilder().setUnits(whole(p[0], "--diluted N"))
        .setDegree(whole(p[1], "--diluted K")).setPatterns(whole(p[2], "--diluted P"));
    if (p.length == 4) {
      b.setSeed(seed(p[3], "--diluted"));
    }
    return SparseSpec.newBuilder().setDilutedHopfield(b).build();
  }

  /**
   * {@code D:L:DENSITY[:SEED]} on a lattice, {@code chimera:MxNxT:DENSITY[:SEED]}, or
   * {@code pegasus:M:DENSITY[:SEED]} ({@code pegasus-full} for the full graph).
   */
  static SparseSpec planted(String value) {
    String[] p = value.split(":", -1);
    String usage = "--sparse-planted must be D:L:DENSITY[:SEED] (lattice), chimera:MxNxT:DENSITY[:SEED] or"
        + " pegasus[-full]:M:DENSITY[:SEED], e.g. 3:22:0.5:1 (got " + value + ")";
    if (p.length != 3 && p.length != 4) {
      throw new IllegalArgumentException(usage);
    }
    SparsePlanted.Builder b = SparsePlanted.newBuilder();
    if (p[0].equalsIgnoreCase("chimera")) {
      b.setChimera(chimeraShape(p[1], "--sparse-planted"));
    } else if (p[0].equalsIgnoreCase("pegasus") || p[0].equalsIgnoreCase("pegasus-full")) {
      b.setPegasus(SparsePegasus.newBuilder().setSize(whole(p[1], "--sparse-planted pegasus M"))
          .setFullGraph(p[0].equalsIgnoreCase("pegasus-full")));
    } else {
      b.setLattice(SparseLattice.newBuilder().setDimensions(dimensions(p[0], "--sparse-planted"))
          .setSide(whole(p[1], "--sparse-planted side L")));
    }
    try {
      b.setLoopDensity(Double.parseDouble(p[2]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(usage);
    }
    if (p.length == 4) {
      b.setSeed(seed(p[3], "--sparse-planted"));
    }
    return SparseSpec.newBuilder().setPlanted(b).build();
  }

  private static SparseChimera.Builder chimeraShape(String shape, String option) {
    String[] m = shape.toLowerCase(Locale.ROOT).split("x", -1);
    if (m.length > 3) {
      throw new IllegalArgumentException(option + " shape must be M, MxN or MxNxT (got " + shape + ")");
    }
    SparseChimera.Builder b = SparseChimera.newBuilder().setRows(whole(m[0], option + " M"));
    if (m.length > 1) {
      b.setColumns(whole(m[1], option + " N"));
    }
    if (m.length > 2) {
      b.setShore(whole(m[2], option + " T"));
    }
    return b;
  }

  private static int dimensions(String token, String option) {
    String t = token.toLowerCase(Locale.ROOT);
    return whole(t.endsWith("d") ? t.substring(0, t.length() - 1) : t, option + " dimensions D");
  }

  private static boolean isLaw(String token) {
    return switch (token.toLowerCase(Locale.ROOT)) {
      case "pm", "gauss", "ferro" -> true;
      default -> false;
    };
  }

  private static SparseCouplingLaw law(String token) {
    return switch (token.toLowerCase(Locale.ROOT)) {
      case "pm" -> SparseCouplingLaw.PLUS_MINUS_ONE;
      case "gauss" -> SparseCouplingLaw.GAUSSIAN;
      default -> SparseCouplingLaw.FERROMAGNETIC;
    };
  }

  private static int whole(String token, String what) {
    try {
      int v = Integer.parseInt(token);
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a whole number >= 0 (got " + token + ")");
    }
  }

  private static long seed(String token, String option) {
    try {
      return Long.parseLong(token);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": " + token + " is neither a coupling law (pm, gauss, ferro) nor"
          + " a whole seed");
    }
  }
}
