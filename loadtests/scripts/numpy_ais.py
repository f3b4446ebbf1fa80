#!/usr/bin/env python3
"""AIS for a 784x500 binary RBM in numpy float32: the numpy peer of ebmsim's AIS benchmarks.

The algorithm of org.ebmsim.dynamics.rbm.BinaryRbmAisPath (Salakhutdinov & Murray 2008): base-rate
model f_0(v) = exp(b_A.v) (b_A = 0 here, the server's UNIFORM base), hidden units summed out,
f_k(v) = exp(((1-B_k) b_A + B_k b).v) prod_j (1 + exp(B_k (c_j + (vW)_j))); per temperature one
product V@W gives both log f_k(v) - log f_{k-1}(v) and the hidden logits of the transition, then one
block-Gibbs step h ~ p_k(h|v), v ~ p_k(v|h) (product H@W.T). Fields and draws in float32, the
log-weights summed in float64. Schedule: the three-segment schedule (500/4000/10000 uniform steps on
[0,0.5], [0.5,0.9], [0.9,1]), 14 500 temperatures.

The model is the one org.ebmsim.bench.AisBenchModel builds, bit for bit: every parameter is
a + s*u with u = (splitmix64(seed_stream + (k+1)*golden) >> 11) * 2^-53, identical doubles in both
languages, rounded to float32 by both.

Run: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 loadtests/scripts/numpy_ais.py [--temperatures 14500]
     [--chains 100] [--repeats 3] [--seed 1]
Prints each run's wall seconds (and process CPU seconds: the machine is shared) and log Z-hat +- se,
then the median wall seconds.
"""
import argparse
import math
import time

import numpy as np

VISIBLE, HIDDEN = 784, 500
GOLDEN = np.uint64(0x9E3779B97F4A7C15)
# parameter streams and their uniform ranges: value = low + width * u
WEIGHT_STREAM, VISIBLE_BIAS_STREAM, HIDDEN_BIAS_STREAM = 1, 2, 3
WEIGHT_HALF_WIDTH = 0.1 * math.sqrt(3.0)  # uniform on [-h, h]: standard deviation 0.1


def uniforms(stream, n):
    """u_k = (splitmix64(stream * 2^32 + (k+1) * golden) >> 11) * 2^-53, k = 0..n-1 (as AisBenchModel)."""
    with np.errstate(over="ignore"):
        k = np.arange(1, n + 1, dtype=np.uint64)
        z = np.uint64(stream << 32) + k * GOLDEN
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0 ** -53


def model():
    """W (V x H, uniform sd 0.1), b in [-2, 0), c in [-1, 0): float64, as sent to the server."""
    w = (-WEIGHT_HALF_WIDTH + 2 * WEIGHT_HALF_WIDTH * uniforms(WEIGHT_STREAM, VISIBLE * HIDDEN)).reshape(VISIBLE, HIDDEN)
    b = -2.0 + 2.0 * uniforms(VISIBLE_BIAS_STREAM, VISIBLE)
    c = -1.0 + 1.0 * uniforms(HIDDEN_BIAS_STREAM, HIDDEN)
    return w, b, c


def three_segment(steps):
    """The schedule of org.ebmsim.dynamics.ais.AisSchedule.threeSegment, same rounding."""
    counts = [max(1, round(steps * s / 14500)) for s in (500, 4000)]
    counts.append(steps - sum(counts))
    betas = [0.0]
    start = 0.0
    for end, n in zip((0.5, 0.9, 1.0), counts):
        betas.extend(start + (end - start) * q / n for q in range(1, n + 1))
        start = end
    betas[-1] = 1.0
    return np.array(betas)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def ais(w, b, c, base, betas, chains, rng):
    """Forward AIS; returns (log Z-hat, delta-method standard error)."""
    v = (rng.random((chains, VISIBLE), dtype=np.float32) < sigmoid(base)).astype(np.float32)
    bias_gap = (b - base).astype(np.float32)  # (b - b_A).v is the linear part of log f_k - log f_{k-1}
    log_w = np.zeros(chains)
    for k in range(1, len(betas)):
        lo, hi = np.float32(betas[k - 1]), np.float32(betas[k])
        x = v @ w + c
        log_w += (betas[k] - betas[k - 1]) * (v @ bias_gap)
        log_w += (np.logaddexp(0, hi * x) - np.logaddexp(0, lo * x)).sum(axis=1, dtype=np.float64)
        h = (rng.random((chains, HIDDEN), dtype=np.float32) < sigmoid(hi * x)).astype(np.float32)
        pv = sigmoid((1 - hi) * base + hi * (h @ w.T + b))
        v = (rng.random((chains, VISIBLE), dtype=np.float32) < pv).astype(np.float32)
    log_z0 = HIDDEN * math.log(2) + float(np.logaddexp(0, base.astype(np.float64)).sum())
    top = log_w.max()
    wt = np.exp(log_w - top)
    mean = wt.mean()
    se = wt.std(ddof=1) / math.sqrt(chains) / mean
    return log_z0 + top + math.log(mean), se


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--temperatures", type=int, default=14500)
    p.add_argument("--chains", type=int, default=100)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    w64, b64, c64 = model()
    w, b, c = w64.astype(np.float32), b64.astype(np.float32), c64.astype(np.float32)
    base = np.zeros(VISIBLE, dtype=np.float32)
    betas = three_segment(a.temperatures)
    seconds = []
    with np.errstate(over="ignore"):
        for r in range(a.repeats):
            rng = np.random.default_rng(a.seed + r)
            t0, c0 = time.perf_counter(), time.process_time()
            log_z, se = ais(w, b, c, base, betas, a.chains, rng)
            seconds.append(time.perf_counter() - t0)
            cpu = time.process_time() - c0
            print("numpy %s run %d (seed %d): %.2f s (process CPU %.2f s), log Z = %.3f +- %.3f"
                  % (np.__version__, r + 1, a.seed + r, seconds[-1], cpu, log_z, se), flush=True)
    print("numpy AIS %d temperatures (three-segment), %d chains, %dx%d binary RBM: median %.2f s of %d"
          % (a.temperatures, a.chains, VISIBLE, HIDDEN, sorted(seconds)[len(seconds) // 2], a.repeats))


if __name__ == "__main__":
    main()
