#!/usr/bin/python3
"""Dense associative memory retrieval in numpy: the update of org.ebmsim.bench.DamRetrievalBenchmark.

N = 1000 units, p = 500 random patterns, F(x) = x^3, 16 cues (a stored pattern with 100 of its
bits flipped). Zero-temperature asynchronous updates in a random order per sweep with the same
O(p) incremental overlaps: for unit i, a = m - s_i xi[:, i], D_i = sum_mu xi_mu,i ((a+1)^3 - (a-1)^3),
s_i <- sign(D_i) (ties keep s_i), on a flip m += 2 s_i xi[:, i]; sweeps until one changes
nothing. Reports single-unit updates per second, one chain (a Python loop over units, numpy over
the 500 patterns) and, to amortise the interpreter, 64 chains updated together per unit
(numpy over chains x patterns). Every cue must be retrieved exactly.

usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 loadtests/scripts/numpy_dam_retrieval.py
"""
import time

import numpy as np

N, P, FLIPS, CUES = 1000, 500, 100, 16


def setup():
    rng = np.random.default_rng(2026)
    xi = rng.choice(np.array([-1, 1], dtype=np.int64), size=(P, N))
    targets, cues = [], []
    for c in range(CUES):
        mu = c * (P // CUES)
        s = xi[mu].copy()
        s[rng.permutation(N)[:FLIPS]] *= -1
        targets.append(xi[mu])
        cues.append(s)
    return rng, xi, np.array(targets), np.array(cues)


def retrieve_batch(xi, xit, states, rng):
    """Asynchronous zero-T updates of a batch of chains (rows of states) to their fixed points."""
    s = states.copy()
    m = s @ xi.T  # chains x P overlaps, exact integers
    updates = 0
    while True:
        flips = 0
        for i in rng.permutation(N):
            col = xit[i]  # xi[:, i]
            si = s[:, i]
            a = m - si[:, None] * col[None, :]
            d = ((a + 1) ** 3 - (a - 1) ** 3) @ col
            flip = d * si < 0
            updates += s.shape[0]
            if flip.any():
                rows = np.nonzero(flip)[0]
                s[rows, i] = -si[rows]
                m[rows] += 2 * s[rows, i][:, None] * col[None, :]
                flips += len(rows)
        if flips == 0:
            return s, updates


def retrieve_one(xi, xit, state, rng):
    s = state.copy()
    m = xi @ s
    updates = 0
    while True:
        flips = 0
        for i in rng.permutation(N):
            col = xit[i]
            a = m - s[i] * col
            d = ((a + 1) ** 3 - (a - 1) ** 3) @ col
            updates += 1
            if d * s[i] < 0:
                s[i] = -s[i]
                m += 2 * s[i] * col
                flips += 1
        if flips == 0:
            return s, updates


def main():
    rng, xi, targets, cues = setup()
    xit = np.ascontiguousarray(xi.T)
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        total = 0
        for c in range(CUES):
            s, u = retrieve_one(xi, xit, cues[c], rng)
            assert (s == targets[c]).all(), "cue %d not retrieved" % c
            total += u
        runs.append(total / (time.perf_counter() - t0))
    print("numpy %s, 1 chain: %.0f updates/s (best of 3: %s)" % (
        np.__version__, max(runs), ", ".join("%.0f" % r for r in runs)))
    batch = np.tile(cues, (4, 1))  # 64 chains
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        s, u = retrieve_batch(xi, xit, batch, rng)
        assert (s == np.tile(targets, (4, 1))).all(), "a batched cue was not retrieved"
        runs.append(u / (time.perf_counter() - t0))
    print("numpy %s, 64 chains per update: %.0f updates/s (best of 3: %s)" % (
        np.__version__, max(runs), ", ".join("%.0f" % r for r in runs)))


if __name__ == "__main__":
    main()
