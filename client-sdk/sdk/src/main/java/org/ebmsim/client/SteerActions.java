package org.ebmsim.client;

import java.util.HashSet;
import java.util.Set;
import org.ebmsim.proto.v1.ClampUnits;
import org.ebmsim.proto.v1.ReleaseUnits;
import org.ebmsim.proto.v1.SteerAction;

/**
 * Builders of the {@link SteerAction}s that {@link EbmsimClient#steerSession} applies to a
 * running session at its next report boundary. Checked here with the server's rules so that
 * mistakes fail before a round trip; units and values are checked against the layer by the
 * server. A layer name of {@code ""} means the visible layer.
 */
public final class SteerActions {
  private SteerActions() {}

  /** From the next report on, sample at temperature {@code t} (finite, &gt; 0) instead of the schedule's. */
  public static SteerAction temperature(double t) {
    if (!(t > 0) || Double.isInfinite(t)) {
      throw new IllegalArgumentException("temperature must be finite and > 0, got " + t);
    }
    return SteerAction.newBuilder().setTemperature(t).build();
  }

  /** From the next report on, sample at inverse temperature β = 1/T (finite, &gt; 0). */
  public static SteerAction inverseTemperature(double beta) {
    if (!(beta > 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("inverse temperature must be finite and > 0, got " + beta);
    }
    return SteerAction.newBuilder().setInverseTemperature(beta).build();
  }

  /**
   * Training sessions: from the next report on, update with learning rate {@code rate} (finite,
   * &gt; 0) instead of the schedule's; the steered event names the batch it takes effect at.
   */
  public static SteerAction learningRate(double rate) {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("learning rate must be finite and > 0, got " + rate);
    }
    return SteerAction.newBuilder().setLearningRate(rate).build();
  }

  /** Send progress every {@code sweeps} sweeps (training: batches; ≥ 1) from the next report on. */
  public static SteerAction reportEvery(int sweeps) {
    if (sweeps < 1) {
      throw new IllegalArgumentException("report interval must be ≥ 1 sweep, got " + sweeps);
    }
    return SteerAction.newBuilder().setReportEverySweeps(sweeps).build();
  }

  /**
   * Hold {@code units} of {@code layer} at {@code values} (in the layer's domain: ±1 for SPIN,
   * 0/1 for BINARY, 0 .. levels-1 for CATEGORICAL), one value per unit.
   */
  public static SteerAction clamp(String layer, int[] units, int[] values) {
    checkUnits(units, values.length, "values");
    ClampUnits.Builder c = ClampUnits.newBuilder().setLayer(layer == null ? "" : layer);
    for (int k = 0; k < units.length; k++) {
      c.addUnits(units[k]).addValues(values[k]);
    }
    return SteerAction.newBuilder().setClamp(c).build();
  }

  /** Hold {@code units} of a REAL {@code layer} at finite {@code values}, one per unit. */
  public static SteerAction clampReal(String layer, int[] units, float[] values) {
    checkUnits(units, values.length, "values");
    ClampUnits.Builder c = ClampUnits.newBuilder().setLayer(layer == null ? "" : layer);
    for (int k = 0; k < units.length; k++) {
      if (!Float.isFinite(values[k])) {
        throw new IllegalArgumentException("clamped values must be finite; value " + k + " is " + values[k]);
      }
      c.addUnits(units[k]).addRealValues(values[k]);
    }
    return SteerAction.newBuilder().setClamp(c).build();
  }

  /** Let {@code units} of {@code layer} evolve again; no units releases every clamped unit of the layer. */
  public static SteerAction release(String layer, int... units) {
    ReleaseUnits.Builder r = ReleaseUnits.newBuilder().setLayer(layer == null ? "" : layer);
    for (int u : units) {
      if (u < 0) {
        throw new IllegalArgumentException("unit indices must be ≥ 0, got " + u);
      }
      r.addUnits(u);
    }
    return SteerAction.newBuilder().setRelease(r).build();
  }

  private static void checkUnits(int[] units, int values, String what) {
    if (units.length == 0) {
      throw new IllegalArgumentException("clamp at least one unit");
    }
    if (units.length != values) {
      throw new IllegalArgumentException("one " + what + " entry per unit: " + units.length + " units but " + values
          + " " + what);
    }
    Set<Integer> seen = new HashSet<>();
    for (int k = 0; k < units.length; k++) {
      if (units[k] < 0) {
        throw new IllegalArgumentException("unit indices must be ≥ 0; entry " + k + " is " + units[k]);
      }
      if (!seen.add(units[k])) {
        throw new IllegalArgumentException("unit " + units[k] + " is named twice");
      }
    }
  }
}
