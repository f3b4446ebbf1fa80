#!/usr/bin/python3
"""Runs ebmsim's benchmarks and their peers (Encog, numpy, scikit-learn) in one sitting and prints
the ratio table of issue 12 ("Performance"), each line against its target.

    mvn -B -q -DskipTests package -pl loadtests -am      # once: builds loadtests/target/benchmarks.jar
    /usr/bin/python3 loadtests/scripts/peers.py [--ais] [--coretype inherit|detect|NAME] [--out FILE]

Everything runs on one core unless a line says otherwise (OPENBLAS_NUM_THREADS=1 for the peers,
one OpenBLAS thread in the JMH benchmarks). --coretype sets OPENBLAS_CORETYPE for every process
alike: `inherit` (the default) keeps this shell's value (the development VM sets Haswell, and all
figures in the README were taken so), `detect` unsets it so that OpenBLAS picks its kernels by CPU
(Cooperlake there: float GEMMs 1.8x faster, for numpy too). --ais adds the end-to-end AIS
comparison and the AIS session against its math path (about 5 minutes). Takes about 4 minutes
without it. Needs Debian's python3-numpy and
python3-sklearn; the Encog peer is a dependency of the benchmarks jar.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JAR = os.path.join(ROOT, "loadtests", "target", "benchmarks.jar")
SCRIPTS = os.path.join(ROOT, "loadtests", "scripts")


def coretype_env(choice):
    """The environment for every process: OPENBLAS_CORETYPE as inherited, unset (OpenBLAS detects the
    CPU), or set to a name."""
    env = dict(os.environ)
    if choice == "detect":
        env.pop("OPENBLAS_CORETYPE", None)
    elif choice != "inherit":
        env["OPENBLAS_CORETYPE"] = choice
    return env


def run(cmd, env, what):
    print(f"# {what}: {' '.join(cmd)}", file=sys.stderr, flush=True)
    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{what} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def jmh(regex, env, *extra):
    """JMH results as {(benchmark method, params as 'k=v,…'): (score, error, unit)}."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = f.name
    run(["java", "-jar", JAR, regex, "-f", "1", "-rf", "json", "-rff", out, *extra], env, "JMH " + regex)
    with open(out) as f:
        data = json.load(f)
    os.unlink(out)
    results = {}
    for r in data:
        method = r["benchmark"].rsplit(".", 1)[1]
        params = ",".join(f"{k}={v}" for k, v in sorted(r.get("params", {}).items()))
        m = r["primaryMetric"]
        results[(method, params)] = (m["score"], m["scoreError"], m["scoreUnit"])
    return results


def number(pattern, text, what):
    m = re.search(pattern, text)
    if not m:
        sys.exit(f"could not read {what} from:\n{text}")
    return float(m.group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ais", action="store_true", help="add the end-to-end AIS comparison (~3 min)")
    parser.add_argument("--coretype", default="inherit",
                        help="OPENBLAS_CORETYPE for all: inherit (default), detect (unset), or a name such as HASWELL")
    parser.add_argument("--out", help="also write the table (markdown) to this file")
    args = parser.parse_args()
    if not os.path.exists(JAR):
        sys.exit(f"{JAR} is missing: mvn -B -q -DskipTests package -pl loadtests -am")
    env = coretype_env(args.coretype)
    one = dict(env, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    py = "/usr/bin/python3"
    quick = ["-wi", "3", "-i", "5", "-w", "1s", "-r", "1s"]

    gibbs = jmh("GibbsSweepBenchmark.(oneChain|eightChainsThroughput|eightChainsTwoThreadsThroughput)$", env,
                *quick, "-p", "sampler=GIBBS", "-p", "hidden=0")
    kinds = jmh("GibbsSweepBenchmark.oneChain$", env, *quick, "-p", "sampler=METROPOLIS,DETERMINISTIC,GIBBS",
                "-p", "hidden=0,500")
    encog = jmh("EncogPeerBenchmark", env, *quick)
    block = jmh("BlockGibbsBenchmark.sweep$", env, "-wi", "5", "-i", "8", "-p", "gemm=native", "-p", "blasThreads=1",
                "-p", "product=tables,blas")
    pcd = jmh("PcdEpochBenchmark", env, "-wi", "2", "-i", "5", "-p", "blasThreads=1")
    numpy_block = number(r"([\d.]+) ms/sweep", run([py, f"{SCRIPTS}/numpy_block_gibbs.py"], one, "numpy block Gibbs"),
                         "numpy block Gibbs")
    sk32 = number(r"([\d.]+) ms/sweep", run([py, f"{SCRIPTS}/sklearn_rbm_gibbs.py"], one, "sklearn gibbs float32"),
                  "sklearn gibbs")
    sk64 = number(r"([\d.]+) ms/sweep", run([py, f"{SCRIPTS}/sklearn_rbm_gibbs.py", "--dtype", "float64"], one,
                                             "sklearn gibbs float64"), "sklearn gibbs")
    sk_epoch = number(r"median of 3: ([\d.]+) s", run([py, f"{SCRIPTS}/sklearn_rbm_epoch.py", "--threads", "1"], one,
                                                       "sklearn epoch"), "sklearn epoch")

    def score(results, method, params=""):
        for (m, p), v in results.items():
            if m == method and all(x in p.split(",") for x in params.split(",") if x):
                return v[0]
        sys.exit(f"no JMH result for {method} {params}")

    rows = []

    def row(what, ours, peer, ratio, target, met):
        # met=None: a line for reference, with no target to meet
        rows.append((what, ours, peer, ratio, target, "" if met is None else "yes" if met else "**no**"))

    heat = score(gibbs, "oneChain", "hidden=0,sampler=GIBBS")
    encog_bm = score(encog, "encogBoltzmannGibbs")
    row("Dense N = 1000 heat-bath Gibbs, 1 chain (ns per update)", f"{heat:.1f}", f"Encog {encog_bm:.0f}",
        f"{encog_bm / heat:.1f}× faster", "≤ 40 ns, ≥ 20×", heat <= 40 and encog_bm / heat >= 20)
    t1 = score(gibbs, "eightChainsThroughput")
    t2 = score(gibbs, "eightChainsTwoThreadsThroughput")
    row("same, 8 chains per thread (updates per µs), 1 → 2 threads", f"{t1:.1f} → {t2:.1f}", "", f"{t2 / t1:.2f}×",
        "≥ 1.9×", t2 / t1 >= 1.9)
    for sampler, hidden in (("METROPOLIS", 0), ("GIBBS", 500), ("METROPOLIS", 500)):
        s = score(kinds, "oneChain", f"hidden={hidden},sampler={sampler}")
        what = ("Metropolis, N = 1000" if hidden == 0 else
                f"Boltzmann machine 500 + 500 hidden, {sampler.lower()}") + ", 1 chain (ns per update)"
        row(what, f"{s:.1f}", f"Encog heat bath {encog_bm:.0f}", f"{encog_bm / s:.1f}×", "same footing (≤ 1.5× heat bath)",
            s <= 1.5 * heat)
    det = score(kinds, "oneChain", "hidden=0,sampler=DETERMINISTIC")
    encog_h = score(encog, "encogHopfieldDeterministic")
    row("Hopfield recall (zero-temperature asynchronous), N = 1000 (ns per update)", f"{det:.1f}",
        f"Encog {encog_h:.0f}", f"{encog_h / det:.0f}× faster", "", True)
    b = score(block, "sweep", "product=blas")
    b_tables = score(block, "sweep", "product=tables")
    row("RBM block-Gibbs sweep, 100 chains, 784×500, float32 (ms; OpenBLAS products, the server's default)",
        f"{b:.3f}", f"numpy {numpy_block:.3f}", f"{b / numpy_block:.2f}× numpy's time", "≤ 0.9×",
        b / numpy_block <= 0.9)
    row("same with subset-sum products (-p product=tables), for reference (ms)", f"{b_tables:.3f}",
        f"numpy {numpy_block:.3f}", f"{b_tables / numpy_block:.2f}× numpy's time", "", None)
    row("same against scikit-learn BernoulliRBM.gibbs (float32 / float64 data)", f"{b:.3f}",
        f"{sk32:.3f} / {sk64:.3f}", f"{sk32 / b:.1f}× / {sk64 / b:.1f}× faster", "≥ 3×", sk32 / b >= 3)
    e = score(pcd, "epoch") / 1000
    row("PCD-1 epoch, 10 000 Fashion-MNIST images, 500 hidden, batch 100 (s)", f"{e:.3f}",
        f"sklearn fit n_iter=1 {sk_epoch:.3f}", f"{sk_epoch / e:.2f}× faster", "≥ 2×", sk_epoch / e >= 2)
    anneal = run(["java", "--add-modules", "jdk.incubator.vector", "-cp", JAR, "org.ebmsim.load.AnnealSessionVsKernel",
                  "--repeats", "3"], env, "Anneal session against its kernel")
    kernel_s = number(r"kernel median ([\d.]+) s", anneal, "kernel seconds")
    session_s = number(r"session median ([\d.]+) s", anneal, "session seconds")
    row("Anneal session, 64 chains × N = 1000, 1000 sweeps, through gRPC, 2 threads (s)", f"{session_s:.2f}",
        f"bare kernel {kernel_s:.2f}", f"{session_s / kernel_s:.3f}× the kernel", "within 10%",
        session_s / kernel_s <= 1.1)
    if args.ais:
        ours = number(r"median ([\d.]+) s", run(["java", "--add-modules", "jdk.incubator.vector", "-cp", JAR,
                                                 "org.ebmsim.load.AisEndToEnd"], env, "AIS end to end"), "AIS")
        theirs = number(r"median ([\d.]+) s", run([py, f"{SCRIPTS}/numpy_ais.py"], one, "numpy AIS"), "numpy AIS")
        math_path = score(jmh("AisBenchmark", env, "-wi", "1", "-i", "2"), "run")
        row("AIS, 14 500 temperatures, 100 chains, 784×500, through gRPC (s)", f"{ours:.1f}", f"numpy {theirs:.1f}",
            f"{ours / theirs:.2f}× numpy's time", "≤ 0.9×", ours / theirs <= 0.9)
        row("same session against its math path alone (s)", f"{ours:.1f}", f"AisBenchmark {math_path:.1f}",
            f"{ours / math_path:.3f}× the kernel", "within 10%", ours / math_path <= 1.1)

    core = env.get("OPENBLAS_CORETYPE", "unset (detected by OpenBLAS)")
    lines = [f"OpenBLAS core type: {core}; one core each unless stated", "",
             "| What | ebmsim | peer | ratio | target | met |", "|---|---|---|---|---|---|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    text = "\n".join(lines)
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
