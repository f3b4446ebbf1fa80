package org.ebmsim.dynamics.ising;

/** {@link GibbsSampler} against the {@link SpinSampler} contract. */
class GibbsSamplerTest extends SpinSamplerContract {
  @Override
  SpinSampler sampler() {
    return new GibbsSampler();
  }

  @Override
  long[] recordedFingerprint() {
    return new long[] {833796421L, 1748L};
  }
}
