package org.ebmsim.load.generator;

import java.util.SplittableRandom;
import org.ebmsim.proto.v1.AnnealRequest;
import org.ebmsim.proto.v1.CreateModelRequest;
import org.ebmsim.proto.v1.Dynamics;
import org.ebmsim.proto.v1.HopfieldFromPatterns;
import org.ebmsim.proto.v1.LinearSchedule;
import org.ebmsim.proto.v1.Matrix;
import org.ebmsim.proto.v1.RbmSpec;
import org.ebmsim.proto.v1.RbmVariant;
import org.ebmsim.proto.v1.Schedule;
import org.ebmsim.proto.v1.SpinMatrix;

/**
 * What every session of a load run looks like: the model it samples (made from a seed) and the
 * anneal request — constant temperature, a fixed number of sweeps, progress every few sweeps, no
 * samples in the events and one chain's best state in the result, so the stream's size is that of
 * its progress reports, not of the chains.
 */
final class SessionShape {
  private final LoadSettings settings;

  SessionShape(LoadSettings settings) {
    this.settings = settings;
  }

  /** The model of {@code --model}, its parameters drawn from the run's seed. */
  CreateModelRequest createModel() {
    String spec = settings.model();
    SplittableRandom r = new SplittableRandom(settings.seed());
    int colon = spec.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--model must be hopfield:N or rbm:VxH (got " + spec + ")");
    }
    String kind = spec.substring(0, colon);
    String size = spec.substring(colon + 1);
    if (kind.equals("hopfield")) {
      int n = Integer.parseInt(size);
      int p = Math.max(1, n / 20); // a load of 0.05, well inside the retrieval phase
      SpinMatrix.Builder xi = SpinMatrix.newBuilder().setRows(p).setCols(n);
      for (int k = 0; k < p * n; k++) {
        xi.addSpins(r.nextBoolean() ? 1 : -1);
      }
      return CreateModelRequest.newBuilder().setName("loadgen-hopfield-" + n)
          .setHopfieldPatterns(HopfieldFromPatterns.newBuilder().setPatterns(xi)).build();
    }
    if (kind.equals("rbm")) {
      String[] vh = size.split("x");
      if (vh.length != 2) {
        throw new IllegalArgumentException("--model rbm needs VxH, e.g. rbm:100x50 (got " + spec + ")");
      }
      int v = Integer.parseInt(vh[0]);
      int h = Integer.parseInt(vh[1]);
      Matrix.Builder w = Matrix.newBuilder().setRows(v).setCols(h);
      for (int k = 0; k < v * h; k++) {
        w.addValues(0.05 * gaussian(r));
      }
      return CreateModelRequest.newBuilder().setName("loadgen-rbm-" + v + "x" + h)
          .setRbm(RbmSpec.newBuilder().setVariant(RbmVariant.BINARY).setWeights(w)).build();
    }
    throw new IllegalArgumentException("--model must be hopfield:N or rbm:VxH (got " + spec + ")");
  }

  /** One session of {@code sweeps} sweeps on {@code modelId}. */
  AnnealRequest anneal(String modelId, long seed, int sweeps, boolean detached) {
    double t = settings.temperature();
    return AnnealRequest.newBuilder().setModelId(modelId).setChains(settings.chains()).setSeed(seed)
        .setSchedule(Schedule.newBuilder().setLinear(LinearSchedule.newBuilder().setTStart(t).setTEnd(t).setSteps(1))
            .setSweepsPerTemperature(sweeps))
        .setDynamics(Dynamics.valueOf(settings.dynamics())).setReportEverySweeps(settings.reportEvery())
        .setResultStates(1).setDetached(detached).build();
  }

  private static double gaussian(SplittableRandom r) { // Box–Muller: SplittableRandom has no nextGaussian in 17
    double u = 1 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
