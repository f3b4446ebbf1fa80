#!/usr/bin/env python3
"""One block-Gibbs sweep of 100 chains on a 784x500 binary RBM in numpy float32.

The same work as org.ebmsim.bench.BlockGibbsBenchmark: hidden field V@W + c, Bernoulli draw,
visible field H@W.T + b, Bernoulli draw. Run with OPENBLAS_NUM_THREADS=1 to match the Java
benchmark's single OpenBLAS thread.
"""
import time

import numpy as np

VISIBLE, HIDDEN, CHAINS = 784, 500, 100


def main():
    rng = np.random.default_rng(1)
    w = (0.01 * rng.standard_normal((VISIBLE, HIDDEN))).astype(np.float32)
    b = np.zeros(VISIBLE, dtype=np.float32)
    c = np.zeros(HIDDEN, dtype=np.float32)
    v = (rng.random((CHAINS, VISIBLE)) < 0.5).astype(np.float32)

    def sweep(v):
        ph = 1.0 / (1.0 + np.exp(-(v @ w + c)))
        h = (rng.random((CHAINS, HIDDEN), dtype=np.float32) < ph).astype(np.float32)
        pv = 1.0 / (1.0 + np.exp(-(h @ w.T + b)))
        return (rng.random((CHAINS, VISIBLE), dtype=np.float32) < pv).astype(np.float32)

    for _ in range(200):  # warm-up
        v = sweep(v)
    best = []
    for _ in range(5):
        n = 500
        t0 = time.perf_counter()
        for _ in range(n):
            v = sweep(v)
        best.append((time.perf_counter() - t0) / n * 1e3)
    print("numpy %s: %.3f ms/sweep (min of 5 x 500), median %.3f, all: %s"
          % (np.__version__, min(best), sorted(best)[len(best) // 2], ", ".join("%.3f" % x for x in best)))


if __name__ == "__main__":
    main()
