#!/usr/bin/env python3
"""Server-side latency quantiles of one gRPC method between two scrapes of the Prometheus endpoint.

Usage: grpc_histogram_quantiles.py BEFORE.txt AFTER.txt ebmsim.v1.ModelService/GetModel
Reads ebmsim_grpc_request_seconds_bucket{method=...} from both scrapes and prints, for p50 and
p99, the upper bound of the first bucket holding that share of the calls made in between.
"""
import re
import sys


def buckets(path, method):
    out = {}
    pattern = re.compile(r'ebmsim_grpc_request_seconds_bucket\{method="%s",le="([^"]+)"\} (\S+)' % re.escape(method))
    with open(path) as f:
        for line in f:
            m = pattern.match(line)
            if m:
                le = float('inf') if m.group(1) == '+Inf' else float(m.group(1))
                out[le] = float(m.group(2))
    return out


def main():
    before, after, method = sys.argv[1], sys.argv[2], sys.argv[3]
    a, b = buckets(before, method), buckets(after, method)
    if not b:
        sys.exit("no ebmsim_grpc_request_seconds_bucket for %s in %s" % (method, after))
    delta = [(le, b[le] - a.get(le, 0)) for le in sorted(b)]
    n = delta[-1][1]
    for q in (0.5, 0.99):
        le = next(le for le, c in delta if c >= q * n)
        print("server-side %s p%g <= %.1f ms (%d calls)" % (method, q * 100, le * 1000, n))


if __name__ == '__main__':
    main()
