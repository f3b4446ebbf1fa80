package org.ebmsim.session;

import org.ebmsim.dynamics.state.LayerLayout;

/**
 * Who a session is: announced in its first event and kept in the registry.
 *
 * @param kind "anneal", "complete", "partition_function", "train", "temper" or "ham"
 * @param model the stored model it runs, or null for a session whose network came with its
 *     request (a hierarchical associative memory)
 * @param total sweeps (or AIS temperatures) it runs at most
 * @param maxTemperature the highest temperature its model's kernels sample without overflow
 *     (see {@link org.ebmsim.dynamics.sampling.Sampling#maxTemperature}); steering is checked against it
 */
public record SessionInfo(String id, String kind, ModelRef model, int chains, long total, LayerLayout layout,
    boolean detached, long startedMillis, double maxTemperature, TemperatureCheck temperatureCheck) {

  /**
   * Why a model's kernels cannot sample at a temperature, or empty
   * ({@link org.ebmsim.dynamics.sampling.Sampling#temperatureProblem}); steering is checked against it.
   */
  @FunctionalInterface
  public interface TemperatureCheck {
    java.util.Optional<String> problem(double temperature);

    TemperatureCheck ANY = t -> java.util.Optional.empty();
  }

  /** The model's id, or "" for a session without a stored model. */
  public String modelId() {
    return model == null ? "" : model.id();
  }

  /** The model's parameter version, or 0 for a session without a stored model. */
  public long modelVersion() {
    return model == null ? 0 : model.version();
  }

  /** A session whose model samples at every temperature up to {@code maxTemperature}. */
  public SessionInfo(String id, String kind, ModelRef model, int chains, long total, LayerLayout layout,
      boolean detached, long startedMillis, double maxTemperature) {
    this(id, kind, model, chains, total, layout, detached, startedMillis, maxTemperature, TemperatureCheck.ANY);
  }

  /** A session whose model samples at any temperature. */
  public SessionInfo(String id, String kind, ModelRef model, int chains, long total, LayerLayout layout,
      boolean detached, long startedMillis) {
    this(id, kind, model, chains, total, layout, detached, startedMillis, Double.POSITIVE_INFINITY);
  }
}
