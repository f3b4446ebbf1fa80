#!/usr/bin/python3
"""Plots beta-sweep.csv and examples.csv (written by org.ebmsim.load.modern.BetaSweepExperiment).

Left: against beta (log scale), the fraction of noisy cues one update retrieves, the mean largest
attention weight, and the mean cosine of the answer with the cued image and with the mean of all
stored images -- retrieval on the right, a metastable average of all images on the left.
Right: one cued image and the answers at a few betas. Needs Debian's /usr/bin/python3 with matplotlib.

usage: /usr/bin/python3 loadtests/scripts/plot_modern_beta.py docs/modern docs/modern/beta-sweep.png
"""
import csv
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)


def main(folder, dst):
    rows = []
    with open(os.path.join(folder, "beta-sweep.csv"), newline="") as f:
        for r in csv.DictReader(f):
            rows.append({k: float(v) for k, v in r.items()})
    examples = []
    with open(os.path.join(folder, "examples.csv"), newline="") as f:
        for r in csv.DictReader(f):
            examples.append((float(r["beta"]), r["kind"], [float(x) for x in r["pixels"].split()]))
    fig = plt.figure(figsize=(12, 4.4))
    ax = fig.add_axes([0.06, 0.13, 0.42, 0.78])
    betas = [r["beta"] for r in rows]
    ax.plot(betas, [r["retrieved"] for r in rows], "o-", color="tab:blue", ms=3, label="cues retrieved (cos ≥ 0.95)")
    ax.plot(betas, [r["max_weight"] for r in rows], "s-", color="tab:red", ms=3, label="mean largest attention weight")
    ax.plot(betas, [r["cosine_true"] for r in rows], "-", color="tab:green", label="cos(answer, cued image)")
    ax.plot(betas, [r["cosine_mean"] for r in rows], "--", color="black", label="cos(answer, mean of all images)")
    half = next((r["beta"] for r in rows if r["retrieved"] >= 0.5), None)
    if half is not None:
        ax.axvline(half, color="gray", lw=0.8, ls=":")
        ax.text(half * 1.1, 0.05, f"50% retrieved\nβ ≈ {half:.3g}", fontsize=8, color="gray")
    ax.set_xscale("log")
    ax.set_ylim(-0.02, 1.05)
    ax.set_xlabel("inverse temperature β")
    ax.set_title("modern Hopfield network, 100 Fashion-MNIST images, one update", fontsize=10)
    ax.legend(fontsize=8, loc="center right")
    ax.grid(alpha=0.3)
    # the picture row: original, cue, answers at betas spread over the transition
    answers = [e for e in examples if e[1] == "answer"]
    wanted = [1e-3, 5.6e-3, 1e-2, 1.33e-2, 1.78e-2, 1e-1]
    chosen = []
    for w in wanted:
        best = min(answers, key=lambda e: abs(math.log(e[0] / w)))
        if best not in chosen:
            chosen.append(best)
    panels = [("original", e[2]) for e in examples if e[1] == "original"] + \
             [("cue", e[2]) for e in examples if e[1] == "cue"] + \
             [(f"β = {e[0]:.3g}", e[2]) for e in chosen]
    for k, (title, px) in enumerate(panels):
        side = int(round(math.sqrt(len(px))))
        a = fig.add_axes([0.52 + (k % 4) * 0.12, 0.52 - (k // 4) * 0.42, 0.11, 0.36])
        a.imshow([px[i * side:(i + 1) * side] for i in range(side)], cmap="gray")
        a.set_title(title, fontsize=8)
        a.axis("off")
    fig.savefig(dst, dpi=110)
    print("wrote", dst)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
