#!/usr/bin/env python3
"""Attributes jsii round trips to constructs: reads a JSII_DEBUG=1 log of JsiiCallsBenchmark (stderr) and the cloud
assembly it wrote, and prints, per construct, the requests Java sent, the callbacks JavaScript made into Java, the
resources the construct created, and the round trips per resource. A segment "<stack>/<id>+<id>..." is shown as its
first id with the number of further ids it covers. Usage: jsii_calls.py LOG CDK_OUTDIR"""
import collections
import glob
import json
import re
import sys

MARK = re.compile(r'"@@segment:([^"]+)"')


def main(log_path, outdir):
    requests = collections.Counter()
    callbacks = collections.Counter()
    apis = collections.defaultdict(collections.Counter)
    segment = "start"
    with open(log_path, encoding="utf-8", errors="replace") as log:
        for line in log:
            if line.startswith("> "):
                mark = MARK.search(line)
                if mark:
                    segment = mark.group(1)
                    continue
                requests[segment] += 1
                api = re.search(r'"api":"(\w+)"', line)
                apis[segment][api.group(1) if api else "complete"] += 1
            elif line.startswith("< ") and '"callback"' in line:
                callbacks[segment] += 1
    resources = collections.Counter()
    for template in glob.glob(outdir + "/*.template.json"):
        with open(template, encoding="utf-8") as f:
            for resource in json.load(f).get("Resources", {}).values():
                path = resource.get("Metadata", {}).get("aws:cdk:path", "")
                parts = path.split("/")
                if len(parts) >= 2:
                    resources["/".join(parts[:2])] += 1
    print(f"{'construct':32} {'requests':>9} {'callbacks':>9} {'resources':>9} {'trips/resource':>14}  top requests")
    totals = collections.Counter()
    attributed = set()
    for name in requests:
        trips = requests[name] + callbacks[name]
        # A segment "<stack>/<id>+<id>..." covers the resources under each of those top-level construct ids.
        stack, _, ids = name.partition("/")
        paths = [stack + "/" + i for i in ids.split("+")] if ids else []
        attributed.update(paths)
        count = sum(resources.get(p, 0) for p in paths)
        per = f"{trips / count:.1f}" if count else "-"
        top = ", ".join(f"{k} {v}" for k, v in apis[name].most_common(3))
        shown = paths[0] + (f" (+{len(paths) - 1})" if len(paths) > 1 else "") if paths else name
        print(f"{shown:32} {requests[name]:9} {callbacks[name]:9} {count:9} {per:>14}  {top}")
        group = name.split("/")[0]
        totals[(group, "trips")] += trips
        totals[(group, "resources")] += count
    for group in ("Library1", "Library2", "Plain1", "Plain2"):
        trips, count = totals[(group, "trips")], totals[(group, "resources")]
        if count:
            print(f"{group + ' stack construction':32} {trips:9} {'':9} {count:9} {trips / count:14.1f}")
    unattributed = {p: n for p, n in resources.items() if p not in attributed}
    if unattributed:
        print("resources of no segment:", ", ".join(f"{p} {n}" for p, n in sorted(unattributed.items())))
    # The second copy of each stack: what every further stack costs (the first also pays one-time class loading).
    lib = totals[("Library2", "trips")] / max(totals[("Library2", "resources")], 1)
    plain = totals[("Plain2", "trips")] / max(totals[("Plain2", "resources")], 1)
    print(f"jsii round trips per resource of an extra stack: library {lib:.1f}, plain aws-cdk-lib {plain:.1f}")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
