"""Summary of an A/B benchmark campaign (ab_campaign.sh) as a markdown table.

usage: ab_summarize.py [--median|--best] DIR [variants...]   (files DIR/<bench>-<variant>-r<k>.json)

Per benchmark: each variant's mean over runs with a 95% t-interval and the median; then each
variant against the first as a paired ratio (geometric mean of the per-round ratios, so a round
where the machine was slower for both sides cancels out) with its 95% interval.
"""
import json, glob, os, sys, math, statistics, collections, re
args = sys.argv[1:]
stat = 'mean'
if args and args[0] in ('--median', '--best'):
    stat = args.pop(0)[2:]
d = args[0]
variants = args[1:] or ['old', 'new']
T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228, 11: 2.201, 12: 2.179, 15: 2.131, 20: 2.086}
def t95(df):
    if df in T95: return T95[df]
    return 1.96 if df > 20 else T95[max(k for k in T95 if k <= df)]
def ci(xs):
    if len(xs) < 2: return float('nan')
    return t95(len(xs) - 1) * statistics.stdev(xs) / math.sqrt(len(xs))
scores = collections.defaultdict(dict)  # key -> variant -> {round: score}
units = {}
for f in sorted(glob.glob(os.path.join(d, '*.json'))):
    m = re.match(r'(.+)-([A-Za-z0-9_]+)-r(\d+)\.json$', os.path.basename(f))
    if not m: continue
    bench, var, rnd = m.group(1), m.group(2), int(m.group(3))
    if var not in variants: continue
    try:
        data = json.load(open(f))
    except Exception:
        continue
    for b in data:
        name = b['benchmark'].split('.')[-2].replace('Benchmark', '') + '.' + b['benchmark'].split('.')[-1]
        params = b.get('params') or {}
        p = ','.join('%s=%s' % (k, v) for k, v in sorted(params.items()) if k not in ('blasThreads', 'units', 'chains'))
        key = name + ('(' + p + ')' if p else '')
        it = [x for fork in b['primaryMetric']['rawData'] for x in fork]
        if stat == 'mean':
            sc = b['primaryMetric']['score']
        elif stat == 'median':
            sc = statistics.median(it)
        else:  # best iteration: lowest time, highest throughput
            sc = max(it) if b['mode'] == 'thrpt' else min(it)
        scores[key].setdefault(var, {})[rnd] = sc
        units[key] = (b['primaryMetric']['scoreUnit'], b['mode'])
base = variants[0]
print('| benchmark | unit | ' + ' | '.join('%s: mean ± 95%% CI (median) [runs]' % v for v in variants) + ' | ' + ' | '.join('%s/%s (paired, 95%% CI)' % (v, base) for v in variants[1:]) + ' |')
print('|---|---|' + '---|' * (2 * len(variants) - 1))
for key in sorted(scores):
    u, mode = units[key]
    row = ['`%s`' % key, u]
    for v in variants:
        xs = list(scores[key].get(v, {}).values())
        if not xs:
            row.append('—'); continue
        prec = 3 if statistics.mean(xs) < 10 else 1
        row.append('%.*f ± %.*f (%.*f) [%d]' % (prec, statistics.mean(xs), prec, ci(xs), prec, statistics.median(xs), len(xs)))
    for v in variants[1:]:
        a, b = scores[key].get(base, {}), scores[key].get(v, {})
        rs = [math.log(b[r] / a[r]) for r in sorted(set(a) & set(b))]
        if not rs:
            row.append('—'); continue
        g = math.exp(statistics.mean(rs)); c = ci(rs)
        lo, hi = (math.exp(statistics.mean(rs) - c), math.exp(statistics.mean(rs) + c)) if len(rs) > 1 else (float('nan'),) * 2
        row.append('%.3f (%.3f–%.3f)' % (g, lo, hi))
    print('| ' + ' | '.join(row) + ' |')
