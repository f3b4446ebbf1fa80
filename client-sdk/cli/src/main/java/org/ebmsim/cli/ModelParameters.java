package org.ebmsim.cli;

import java.util.ArrayList;
import java.util.List;
import org.ebmsim.client.ProtoMatrices;
import org.ebmsim.proto.v1.AttnBmParameters;
import org.ebmsim.proto.v1.BoltzmannFromWeights;
import org.ebmsim.proto.v1.DbmSpec;
import org.ebmsim.proto.v1.DenseMemoryParameters;
import org.ebmsim.proto.v1.HopfieldParameters;
import org.ebmsim.proto.v1.ImageShape;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.Model;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.SpinMatrix;
import org.ebmsim.proto.v1.StorageRule;

/**
 * Human text for the parameters a model carries when fetched with {@code models get --params}:
 * one block per family message (weights, biases, β or σ, stored patterns). Matrices larger than
 * {@link HumanText#MAX_PRINTED_UNITS} in either direction show their shape only.
 */
final class ModelParameters {
  private ModelParameters() {}

  /** The lines of {@code m}'s parameters; none when it was fetched without them. */
  static List<String> lines(Model m) {
    List<String> out = new ArrayList<>();
    switch (m.getParametersCase()) {
      case HOPFIELD -> hopfield(m.getHopfield(), m.getImageShape(), out);
      case BOLTZMANN -> boltzmann(m.getBoltzmann(), m.getImageShape(), out);
      case RBM -> rbm(m.getRbm(), m.getImageShape(), out);
      case DBM -> dbm(m.getDbm(), m.getImageShape(), out);
      case DENSE_MEMORY -> denseMemory(m.getDenseMemory(), m.getImageShape(), out);
      case ATTNBM -> attnBm(m.getAttnbm(), out);
      case VMF -> {
        out.add(HumanText.field("β", HumanText.num(m.getVmf().getInverseTemperature())));
        matrix("patterns ξ", m.getVmf().getPatterns(), out);
      }
      case MODERN_HOPFIELD -> {
        out.add(HumanText.field("β", HumanText.num(m.getModernHopfield().getInverseTemperature())));
        matrix("patterns ξ", m.getModernHopfield().getPatterns(), out);
      }
      case HARMONIUM -> {
        out.add(HumanText.field("β", HumanText.num(m.getHarmonium().getInverseTemperature())));
        out.add(HumanText.field("F", m.getHarmonium().getPotential().name().toLowerCase(java.util.Locale.ROOT)
            + (m.getHarmonium().getPotentialParameter() == 0 ? ""
                : " (" + HumanText.num(m.getHarmonium().getPotentialParameter()) + ")")));
        matrix("patterns ξ", m.getHarmonium().getPatterns(), out);
      }
      case SPARSE -> out.add(HumanText.field("spec", m.getSparse().getGraphCase().name().toLowerCase(
          java.util.Locale.ROOT) + " (the generator and its seed; --json prints the whole spec)"));
      case EXTENSION -> out.add(HumanText.field("parameters", m.getExtension().getTypeUrl()
          + " (a plug-in family's; --json prints them)"));
      case PARAMETERS_NOT_SET -> { }
    }
    return out;
  }

  private static void hopfield(HopfieldParameters p, ImageShape image, List<String> out) {
    if (p.getRule() == StorageRule.HEBBIAN || p.getRule() == StorageRule.PROJECTION) {
      out.add(HumanText.field("rule", p.getRule().name().toLowerCase(java.util.Locale.ROOT)));
    }
    bias("bias", p.getBiasList(), out);
    matrix("weights", p.getWeights(), out);
    patterns(p.getPatterns(), image, out);
  }

  private static void boltzmann(BoltzmannFromWeights p, ImageShape image, List<String> out) {
    bias("bias", p.getBiasList(), out);
    matrix("weights", p.getWeights(), out);
    patterns(p.getPatterns(), image, out);
  }

  private static void rbm(RbmSpec p, ImageShape image, List<String> out) {
    if (p.getVariant() == RbmVariant.BINARY_GAUSSIAN) {
      out.add(HumanText.field("β", HumanText.num(p.getInverseTemperature() == 0 ? 1 : p.getInverseTemperature())));
    }
    bias("visible bias", p.getVisibleBiasList(), out);
    bias("hidden bias", p.getHiddenBiasList(), out);
    bias("visible σ", p.getVisibleSigmaList(), out);
    matrix("W", p.getWeights(), out);
    patterns(p.getPatterns(), image, out);
  }

  private static void dbm(DbmSpec p, ImageShape image, List<String> out) {
    for (int l = 0; l < p.getBiasesCount(); l++) {
      bias("bias " + l, p.getBiases(l).getValuesList(), out);
    }
    for (int l = 0; l < p.getWeightsCount(); l++) {
      matrix("W" + l + " (" + l + "-" + (l + 1) + ")", p.getWeights(l), out);
    }
    patterns(p.getPatterns(), image, out);
  }

  private static void denseMemory(DenseMemoryParameters p, ImageShape image, List<String> out) {
    out.add(HumanText.field("interaction", p.getInteraction().name().toLowerCase(java.util.Locale.ROOT)
        + (p.getDegree() > 0 ? ", n = " + p.getDegree() : "")));
    patterns(p.getPatterns(), image, out);
  }

  private static void attnBm(AttnBmParameters p, List<String> out) {
    out.add(HumanText.field("β", HumanText.num(p.getInverseTemperature())));
    bias("visible bias", p.getVisibleBiasList(), out);
    bias("hidden bias", p.getHiddenBiasList(), out);
    matrix("patterns ξ", p.getPatterns(), out);
  }

  private static void bias(String name, List<Double> values, List<String> out) {
    if (!values.isEmpty()) {
      out.add(HumanText.field(name, HumanText.vector(values)));
    }
  }

  private static void matrix(String name, Matrix w, List<String> out) {
    if (w.getRows() == 0) {
      return;
    }
    out.add(HumanText.field(name, w.getRows() + " x " + w.getCols()));
    if (w.getRows() <= HumanText.MAX_PRINTED_UNITS && w.getCols() <= HumanText.MAX_PRINTED_UNITS) {
      out.addAll(HumanText.matrix(ProtoMatrices.rows(w)));
    } else {
      out.add("  (too many to print; use --json for all values)");
    }
  }

  private static void patterns(SpinMatrix patterns, ImageShape image, List<String> out) {
    if (patterns.getRows() > 0) {
      out.add("stored patterns:");
      out.addAll(HumanText.indent(HumanText.spinRows(patterns, "#", image)));
    }
  }
}
