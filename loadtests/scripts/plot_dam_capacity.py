#!/usr/bin/python3
"""Plots capacity.csv (written by org.ebmsim.load.dam.CapacityExperiment).

Fraction of noisy cues retrieved exactly against the load p/N (log scale) for each memory
(dense memories with F = x^2, x^3, x^4, e^x and Hebbian storage), with the Hebbian capacity
0.138 N marked. Needs Debian's /usr/bin/python3 with matplotlib.

usage: /usr/bin/python3 loadtests/scripts/plot_dam_capacity.py docs/dam/capacity.csv docs/dam/capacity.png
"""
import csv
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)

STYLE = {
    "hebbian": ("black", "o", "--", "Hebbian Hopfield network"),
    "n=2": ("tab:gray", "x", "-", "DAM, F = x²"),
    "n=3": ("tab:blue", "s", "-", "DAM, F = x³"),
    "n=4": ("tab:green", "^", "-", "DAM, F = x⁴"),
    "exp": ("tab:red", "D", ":", "DAM, F = eˣ (log domain)"),
}


def main(src, dst):
    curves = defaultdict(list)
    meta = {}
    with open(src, newline="") as f:
        for row in csv.DictReader(f):
            curves[row["memory"]].append((float(row["load"]), float(row["fraction"])))
            meta = row
    fig, ax = plt.subplots(figsize=(9, 4.2))
    for name in ["hebbian", "n=2", "n=3", "n=4", "exp"]:
        if name not in curves:
            continue
        colour, marker, line, label = STYLE[name]
        pts = sorted(curves[name])
        ax.plot([p[0] for p in pts], [p[1] for p in pts], line, color=colour, marker=marker, markersize=4,
                label=label)
    ax.axvline(0.138, color="black", lw=0.8, ls=":")
    ax.text(0.145, 0.12, "0.138 N", rotation=90, va="center", fontsize=8)
    ax.set_xscale("log")
    ax.set_xlabel("load p / N")
    ax.set_ylabel("fraction of cues retrieved exactly")
    ax.set_ylim(-0.03, 1.03)
    ax.set_title(f"Dense associative memory: N = {meta.get('units', '?')}, {meta.get('cues', '?')} cues per "
                 f"point, 10% of the bits flipped", fontsize=10)
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(dst, dpi=120)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
