package org.ebmsim.dynamics;

/** {@link MetropolisSampler} against the {@link SpinSampler} contract. */
class MetropolisSamplerTest extends SpinSamplerContract {
  @Override
  SpinSampler sampler() {
    return new MetropolisSampler();
  }
}
