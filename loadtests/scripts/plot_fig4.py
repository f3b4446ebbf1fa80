#!/usr/bin/python3
"""Plots fig4.csv (written by org.ebmsim.load.fig4.Fig4Experiment) like the mapping paper's Fig. 4(a).

Held-out log-likelihood against epochs for the four initialisations: mean over seeds, error bars
the larger of the AIS standard error of the mean and the spread over seeds; a second panel zooms
on epochs 0-2 (the paper's inset). Needs Debian's /usr/bin/python3 with matplotlib.

usage: /usr/bin/python3 loadtests/scripts/plot_fig4.py docs/fig4/fig4.csv docs/fig4/fig4.png
"""
import csv
import math
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)
import matplotlib.ticker  # noqa: E402

# the paper's colours: random purple, projection blue, Hebbian green, PCA pink
STYLE = {
    "random": ("tab:purple", "random N(0, 0.01), B=100"),
    "projection": ("tab:blue", "projection HN (class means), B=1000"),
    "hebbian": ("tab:green", "Hebbian HN (class means), B=1000"),
    "pca": ("tab:pink", "top-p PCA, B=1000"),
}


def read(path):
    """{init: {epoch: [(log_likelihood, standard_error), ...]}}"""
    data = defaultdict(lambda: defaultdict(list))
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            data[row["init"]][int(row["epoch"])].append(
                (float(row["log_likelihood"]), float(row["standard_error"])))
    return data


def summarise(by_epoch):
    epochs, means, errors = [], [], []
    for epoch in sorted(by_epoch):
        values = by_epoch[epoch]
        n = len(values)
        mean = sum(v for v, _ in values) / n
        ais = math.sqrt(sum(se * se for _, se in values)) / n
        spread = math.sqrt(sum((v - mean) ** 2 for v, _ in values) / (n - 1)) if n > 1 else 0.0
        epochs.append(epoch)
        means.append(mean)
        errors.append(max(ais, spread))
    return epochs, means, errors


def main(csv_path, png_path):
    data = read(csv_path)
    seeds = max(len(v) for by_epoch in data.values() for v in by_epoch.values())
    fig, (whole, early) = plt.subplots(1, 2, figsize=(12, 4.6), gridspec_kw={"width_ratios": [3, 2]})
    for init in [k for k in STYLE if k in data] + [k for k in data if k not in STYLE]:
        colour, label = STYLE.get(init, (None, init))
        epochs, means, errors = summarise(data[init])
        for ax in (whole, early):
            ax.errorbar(epochs, means, yerr=errors, color=colour, label=label, marker="o", markersize=3,
                        capsize=3, linewidth=1.5)
    # random N(0, 0.01) at β = 2 (and Hebbian in the zoom) start hundreds to thousands of nats below
    # the rest: each panel is clipped to its points that are not far below the trained ones, and
    # the clipped points are printed where they are, so that the ordering stays visible
    summaries = {init: summarise(data[init]) for init in data}
    points = [(init, e, m) for init, (es, ms, _) in summaries.items() for e, m in zip(es, ms)]

    def clip(ax, max_epoch, slack):
        trained = [m for _, e, m in points if 1 <= e <= max_epoch]
        if not trained:
            return
        span = max(trained) - min(trained) + 1
        floor = min(trained) - slack * span
        shown = [m for _, e, m in points if e <= max_epoch and m >= floor]
        lo, hi = min(shown), max(shown)
        pad = 0.08 * (hi - lo) + 1
        ax.set_ylim(lo - pad, hi + pad)
        below = [(init, e, m) for init, e, m in points if e <= max_epoch and m < floor]
        for k, (init, e, m) in enumerate(below):
            y0, y1 = ax.get_ylim()
            ax.annotate(f"{init} at epoch {e}: {m:.0f} (off scale)", xy=(e, y0),
                        xytext=(e + 0.06 * max_epoch, y0 + (0.06 + 0.07 * k) * (y1 - y0)),
                        color=STYLE.get(init, ("k",))[0], fontsize=8, arrowprops={"arrowstyle": "->"})

    clip(whole, max(e for _, e, _ in points), 20)
    whole.set_title("Binary-Gaussian RBM, p = 10, β = 2, CD-20 (Fashion-MNIST, held out)", fontsize=10)
    whole.set_xlabel("epochs")
    whole.set_ylabel("mean log-likelihood  ln p(s)  (AIS, 100 chains)")
    whole.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    whole.legend(loc="center right", fontsize=8)
    whole.grid(alpha=0.3)
    # the paper's inset: epochs 0-2
    early.set_xlim(-0.2, 2.2)
    clip(early, 2, 1.5)
    early.set_title("epochs 0-2 (zoom)", fontsize=10)
    early.set_xlabel("epochs")
    early.set_xticks([0, 1, 2])
    early.grid(alpha=0.3)
    fig.suptitle(f"mean over {seeds} seed(s); error bars: max(AIS standard error, spread over seeds)", fontsize=9,
                 y=0.02)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    fig.savefig(png_path, dpi=120)
    print(f"wrote {png_path}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
