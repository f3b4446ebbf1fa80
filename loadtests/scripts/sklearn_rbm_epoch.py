#!/usr/bin/python3
"""One epoch of scikit-learn's BernoulliRBM (PCD-1, 500 hidden, batch 100, learning rate 0.1) over
10 000 binarized Fashion-MNIST training images (pixel/255 > 0.5): the reference for
PcdEpochBenchmark. Prints each run's seconds and the median of 3.

Run with Debian's python (numpy 1.24, scikit-learn 1.2):
    /usr/bin/python3 loadtests/scripts/sklearn_rbm_epoch.py [--threads N] [--bernoulli]
--threads sets the BLAS threads of numpy (default: its own default, all cores)."""
import argparse
import gzip
import os
import statistics
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=0)
parser.add_argument("--bernoulli", action="store_true", help="Bernoulli(0.3) pixels instead of Fashion-MNIST")
parser.add_argument("--dtype", default="float64", choices=["float64", "float32"])
args = parser.parse_args()
if args.threads > 0:
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)

import numpy as np  # noqa: E402 (after the thread variables)
from sklearn.neural_network import BernoulliRBM  # noqa: E402

ROWS = 10_000
IMAGES = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"


def binarized_images(path, count):
    with gzip.open(path, "rb") as f:
        header = np.frombuffer(f.read(16), dtype=">i4")
        if header[0] != 0x0803 or header[2] * header[3] != 784:
            sys.exit(f"{path} is not a 28x28 IDX3 file")
        pixels = np.frombuffer(f.read(count * 784), dtype=np.uint8).reshape(count, 784)
    return (pixels / 255.0 > 0.5).astype(args.dtype)


if args.bernoulli:
    X = (np.random.default_rng(4).random((ROWS, 784)) < 0.3).astype(args.dtype)
else:
    X = binarized_images(IMAGES, ROWS)

times = []
for run in range(3):
    rbm = BernoulliRBM(n_components=500, batch_size=100, n_iter=1, learning_rate=0.1, random_state=0)
    start = time.perf_counter()
    rbm.fit(X)
    times.append(time.perf_counter() - start)
    print(f"run {run}: {times[-1]:.3f} s")
print(f"median of 3: {statistics.median(times):.3f} s ({args.dtype}, {'bernoulli' if args.bernoulli else 'fashion-mnist'})")
