#!/usr/bin/python3
"""Plots examples.csv and fig1a.csv (written by org.ebmsim.load.attnbm.Fig1aExperiment).

One column per class: the (ZCA-whitened) training image, the image with 80% of its pixels
removed, the AttnBM's conditional mean <v_m | v_o> of the missing pixels, and one model-B update
from the masked image -- the rows of Ota & Karakida's Fig. 1(a). Needs Debian's /usr/bin/python3
with matplotlib.

usage: /usr/bin/python3 loadtests/scripts/plot_attnbm_fig1a.py docs/attnbm docs/attnbm/fig1a.png
"""
import csv
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)

ROWS = [("original", "training image (whitened)"), ("masked", "80% of pixels removed"),
        ("conditional-mean", "conditional mean ⟨v_m | v_o⟩"), ("one-update", "one model-B update")]


def main(folder, dst):
    images = {}
    with open(os.path.join(folder, "examples.csv"), newline="") as f:
        for r in csv.DictReader(f):
            images[(int(r["class"]), r["kind"])] = [float(x) for x in r["pixels"].split()]
    with open(os.path.join(folder, "fig1a.csv"), newline="") as f:
        summary = next(csv.DictReader(f))
    classes = sorted({c for c, _ in images})
    fig, axes = plt.subplots(len(ROWS), len(classes), figsize=(1.25 * len(classes) + 1.8, 1.3 * len(ROWS) + 0.8))
    for i, (kind, label) in enumerate(ROWS):
        lo = min(min(images[(c, "original")]) for c in classes)
        hi = max(max(images[(c, "original")]) for c in classes)
        for j, c in enumerate(classes):
            px = images[(c, kind)]
            side = int(round(math.sqrt(len(px))))
            ax = axes[i][j]
            ax.imshow([px[k * side:(k + 1) * side] for k in range(side)], cmap="gray", vmin=lo, vmax=hi)
            ax.set_xticks([])
            ax.set_yticks([])
            if j == 0:
                ax.set_ylabel(label, fontsize=7, rotation=0, ha="right", va="center")
    fig.suptitle("AttnBM (N_h = %s, %s epochs of exact-likelihood SGD on %s Fashion-MNIST images): missing-pixel "
                 "MSE %.3f (conditional mean), %.3f (one update), %.3f (mean)" % (
                     summary["hidden"], summary["epochs"], summary["images"], float(summary["conditional_mean"]),
                     float(summary["one_update"]), float(summary["mean_fill"])), fontsize=8)
    fig.subplots_adjust(left=0.17, right=0.99, top=0.9, bottom=0.02, wspace=0.05, hspace=0.08)
    fig.savefig(dst, dpi=110)
    print("wrote", dst)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
