#!/usr/bin/env python3
"""One modern continuous Hopfield update of a batch of queries in numpy float32.

The same work as org.ebmsim.bench.ModernHopfieldBenchmark: 10 000 stored +-1 patterns of
N = 784 units (rows of X), 1000 queries (a stored pattern with 20 % of its signs flipped), beta = 0.05:

    W = softmax(beta * Q @ X.T)   (row-wise, max-shifted)
    Q' = W @ X

"retrieve" is that update; "update" adds what the Java method of the same name reports besides:
the energy before (from the same logits) and after (one more product X @ Q'.T) the update,
E(v) = -lse(beta X v)/beta + |v|^2/2 + log(p)/beta + M^2/2.

Run with OPENBLAS_NUM_THREADS=1 (the Java side uses one OpenBLAS thread) and the same
OPENBLAS_CORETYPE as the Java run (e.g. SKYLAKEX), since OpenBLAS picks its kernels by CPU.
"""
import os
import time

import numpy as np

PATTERNS, UNITS, QUERIES, BETA, FLIP = 10_000, 784, 1000, 0.05, 0.2


def softmax_rows(z):
    """In place: z <- softmax(z) row by row; returns log-sum-exp of each row."""
    m = z.max(axis=1, keepdims=True)
    z -= m
    np.exp(z, out=z)
    s = z.sum(axis=1, keepdims=True)
    z /= s
    return (m + np.log(s))[:, 0]


def main():
    rng = np.random.default_rng(1)
    x = np.where(rng.random((PATTERNS, UNITS)) < 0.5, -1.0, 1.0).astype(np.float32)
    pick = rng.integers(0, PATTERNS, QUERIES)
    flips = np.where(rng.random((QUERIES, UNITS)) < FLIP, -1.0, 1.0).astype(np.float32)
    q = x[pick] * flips
    beta = np.float32(BETA)
    const = np.log(PATTERNS) / BETA + 0.5 * float((x.astype(np.float64) ** 2).sum(axis=1).max())

    def retrieve(q):
        w = beta * (q @ x.T)
        lse = softmax_rows(w)
        e_before = -lse / BETA + 0.5 * (q * q).sum(axis=1) + const
        return w @ x, w, e_before

    def update(q):
        v, w, e_before = retrieve(q)
        z = beta * (v @ x.T)
        m = z.max(axis=1, keepdims=True)
        lse = (m + np.log(np.exp(z - m).sum(axis=1, keepdims=True)))[:, 0]
        e_after = -lse / BETA + 0.5 * (v * v).sum(axis=1) + const
        return v, w, e_before, e_after

    v, w, _ = retrieve(q)
    hits = int((w.argmax(axis=1) == pick).sum())
    print("numpy %s, OPENBLAS_NUM_THREADS=%s, OPENBLAS_CORETYPE=%s; retrieved %d/%d, min max-weight %.4f"
          % (np.__version__, os.environ.get("OPENBLAS_NUM_THREADS"), os.environ.get("OPENBLAS_CORETYPE"),
             hits, QUERIES, w.max(axis=1).min()))
    for name, fn in (("retrieve", retrieve), ("update", update)):
        for _ in range(3):  # warm-up
            fn(q)
        times = []
        for _ in range(10):
            t0 = time.perf_counter()
            fn(q)
            times.append((time.perf_counter() - t0) * 1e3)
        times.sort()
        print("%-8s: min %.1f ms, median %.1f ms, max %.1f ms (10 runs)" % (name, times[0], times[5], times[-1]))


if __name__ == "__main__":
    main()
