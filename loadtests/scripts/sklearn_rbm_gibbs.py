#!/usr/bin/python3
"""scikit-learn's BernoulliRBM.gibbs (one block-Gibbs sweep: hidden draw, visible draw) on 100 chains of a
784x500 RBM, the peer of BlockGibbsBenchmark. Weights N(0, 0.01^2) as there; float32 input keeps
sklearn in float32 (its components_ follow the fitted data's dtype, so the model is fitted once on a
float32 batch and its parameters then replaced).

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 loadtests/scripts/sklearn_rbm_gibbs.py [--dtype float64]

Prints the minimum and median over 5 runs of 500 sweeps, in ms per sweep."""
import argparse
import time

import numpy as np
from sklearn.neural_network import BernoulliRBM

parser = argparse.ArgumentParser()
parser.add_argument("--dtype", default="float32", choices=["float32", "float64"])
args = parser.parse_args()

VISIBLE, HIDDEN, CHAINS = 784, 500, 100
rng = np.random.default_rng(1)
v = (rng.random((CHAINS, VISIBLE)) < 0.5).astype(args.dtype)
rbm = BernoulliRBM(n_components=HIDDEN, n_iter=1, batch_size=CHAINS, random_state=0).fit(v)
rbm.components_ = (0.01 * rng.standard_normal((HIDDEN, VISIBLE))).astype(args.dtype)
rbm.intercept_hidden_ = np.zeros(HIDDEN, dtype=args.dtype)
rbm.intercept_visible_ = np.zeros(VISIBLE, dtype=args.dtype)
for _ in range(200):  # warm-up
    v = rbm.gibbs(v)
runs = []
for _ in range(5):
    n = 500
    t0 = time.perf_counter()
    for _ in range(n):
        v = rbm.gibbs(v)
    runs.append((time.perf_counter() - t0) / n * 1e3)
print("sklearn gibbs %s: %.3f ms/sweep (min of 5 x 500), median %.3f, all: %s"
      % (args.dtype, min(runs), sorted(runs)[2], ", ".join("%.3f" % x for x in runs)))
