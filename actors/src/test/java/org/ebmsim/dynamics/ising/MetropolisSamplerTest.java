package org.ebmsim.dynamics.ising;

/** {@link MetropolisSampler} against the {@link SpinSampler} contract. */
class MetropolisSamplerTest extends SpinSamplerContract {
  @Override
  SpinSampler sampler() {
    return new MetropolisSampler();
  }

  @Override
  long[] recordedFingerprint() {
    return new long[] {1994890379L, 2347L};
  }
}
