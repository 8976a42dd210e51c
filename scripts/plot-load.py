#!/usr/bin/env python3
"""Plots included transactions per block, one panel per workload, from load.js's blocks.csv."""
import csv
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

source, target = sys.argv[1], sys.argv[2]
series = defaultdict(list)
with open(source, newline="") as f:
    for row in csv.DictReader(f):
        series[row["workload"]].append(row)

fig, axes = plt.subplots(len(series), 1, figsize=(9, 3.2 * len(series)), squeeze=False)
for ax, (workload, rows) in zip(axes[:, 0], series.items()):
    start = int(rows[0]["block"])
    x = [int(r["block"]) - start for r in rows]
    ax.bar(x, [int(r["included"]) for r in rows], color="#3b7dd8", label="included extrinsics")
    ax.set_title(f"{workload}: included per block (6 s blocks)")
    ax.set_xlabel("block since the first one of the workload")
    ax.set_ylabel("extrinsics")
    fill = ax.twinx()
    fill.plot(x, [float(r["weight_fill"]) for r in rows], color="#d8543b", label="weight fill %")
    fill.plot(x, [float(r["length_fill"]) for r in rows], color="#3bd87d", label="length fill %")
    fill.set_ylim(0, 110)
    fill.set_ylabel("% of normal-class limit")
    handles = ax.get_legend_handles_labels()[0] + fill.get_legend_handles_labels()[0]
    ax.legend(handles, [h.get_label() for h in handles], loc="upper right", fontsize=8)
fig.tight_layout()
fig.savefig(target, dpi=110)
print(f"wrote {target}")
