#!/usr/bin/env python3
"""The table and plot of scripts/scale.sh: reads its results.jsonl, writes a Markdown table and an
SVG plot (cost against state size, log scale; plain SVG, no plotting library).

    scale-report.py RESULTS.jsonl OUT.md OUT.svg
"""
import json
import math
import sys

RPC_METHODS = ["iot_device", "iot_trustStatus", "iot_anchor", "iot_findAnchors", "iot_verifyInclusion"]
EXTRINSICS = [
    "anchor_ed25519",
    "anchor_p256",
    "submit_attestation_ed25519",
    "submit_attestation_p256",
    "register_device_p256",
    "transfer_keep_alive",
]


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def state_bytes(row):
    """The state column's bytes on disk (the whole database's for results without it)."""
    return row.get("state_bytes", row["db_bytes"])


def per_item_bytes(rows):
    """State bytes per device (D:0 against 0:0) and per anchor (D:A against D:0), where
    measured."""
    by_size = {(r["devices"], r["anchors"]): state_bytes(r) for r in rows}
    out = {}
    for r in rows:
        d, a = r["devices"], r["anchors"]
        if a > 0 and (d, 0) in by_size:
            out[(d, a)] = ("anchor", (state_bytes(r) - by_size[(d, 0)]) / a)
        elif a == 0 and d > 0 and (0, 0) in by_size:
            out[(d, a)] = ("device", (state_bytes(r) - by_size[(0, 0)]) / d)
    return out


def mib(value):
    return f"{value / 1048576:.1f}"


def kib_as_mib(kib):
    """A /proc figure in KiB as MiB, or a dash when it was not measured (0 or absent)."""
    return mib(kib * 1024) if kib else "—"


def table(rows):
    items = per_item_bytes(rows)
    lines = [
        "| size (devices:anchors) | populate s | peak RSS MiB | database MiB | of which state MiB | state bytes per device / anchor | RSS after restart MiB | RSS after the RPC load MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        kind, value = items.get((r["devices"], r["anchors"]), (None, None))
        per = f"{value:.0f} per {kind}" if kind else "—"
        populate = str(r["populate_s"]) if r["created"] else "(reused)"
        peak = mib(r["populate_peak_rss_kib"] * 1024) if r["created"] else "—"
        lines.append(
            f"| {r['devices']:,}:{r['anchors']:,} | {populate} | {peak} | {mib(r['db_bytes'])} | {mib(state_bytes(r))} | {per} | "
            f"{kib_as_mib(r['idle_rss_kib'])} | {kib_as_mib(r.get('load_rss_kib'))} |"
        )
    rpc_rows = [r for r in rows if r.get("rpc")]
    if rpc_rows:
        lines += ["", "RPC latency, ms (p50 / p99), one call at a time:", ""]
        lines.append("| size | " + " | ".join(RPC_METHODS) + " |")
        lines.append("|---|" + "---:|" * len(RPC_METHODS))
        for r in rpc_rows:
            cells = [f"{r['rpc'][m]['p50']:.2f} / {r['rpc'][m]['p99']:.2f}" for m in RPC_METHODS]
            lines.append(f"| {r['devices']:,}:{r['anchors']:,} | " + " | ".join(cells) + " |")
    ext_rows = [r for r in rows if r.get("extrinsics_ns")]
    if ext_rows:
        base = ext_rows[0]["extrinsics_ns"]
        lines += ["", f"`benchmark extrinsic`, µs per extrinsic in a full block (× the {ext_rows[0]['size']} chain's):", ""]
        lines.append("| size | " + " | ".join(EXTRINSICS) + " | storage read / write ns |")
        lines.append("|---|" + "---:|" * (len(EXTRINSICS) + 1))
        for r in ext_rows:
            cells = []
            for e in EXTRINSICS:
                ns = r["extrinsics_ns"].get(e)
                cells.append(f"{ns / 1000:.1f} ({ns / base[e]:.2f}×)" if ns and base.get(e) else "—")
            storage = r.get("storage_ns") or {}
            cells.append(f"{storage['read']} / {storage['write']}" if storage.get("read") else "—")
            lines.append(f"| {r['devices']:,}:{r['anchors']:,} | " + " | ".join(cells) + " |")
    sync_rows = [r for r in rows if r.get("sync")]
    if sync_rows:
        lines += ["", "A new node joining (seconds, of which building the genesis; its database MiB):", ""]
        lines.append("| size | warp sync | full sync |")
        lines.append("|---|---:|---:|")
        for r in sync_rows:
            cells = []
            for mode in ("warp", "full"):
                s = r["sync"][mode]
                cells.append(f"{s['seconds']} s ({s['genesis_s']} s genesis), {mib(s['db_bytes'])} MiB")
            lines.append(f"| {r['devices']:,}:{r['anchors']:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def svg(rows):
    """Two panels against state entries (devices + anchors, log scale): RPC p99 per method, and
    database bytes."""
    points = [r for r in rows if r["devices"] + r["anchors"] > 0]
    width, height, pad = 900, 360, 60
    panel = (width - 3 * pad) / 2
    colors = ["#3b7dd8", "#d8543b", "#3bd87d", "#a03bd8", "#d8b33b", "#555555"]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">',
        '<rect width="100%" height="100%" fill="white"/>',
    ]
    if not points:
        out.append('<text x="20" y="30">no populated sizes</text></svg>')
        return "\n".join(out)
    xs = [r["devices"] + r["anchors"] for r in points]
    x_lo, x_hi = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    x_hi = max(x_hi, x_lo + 1)

    def x_at(left, value):
        return left + (math.log10(value) - x_lo) / (x_hi - x_lo) * panel

    def draw(left, title, series, y_label):
        values = [v for _, vs in series for _, v in vs if v and v > 0]
        if not values:
            return
        y_lo, y_hi = math.floor(math.log10(min(values))), math.ceil(math.log10(max(values)))
        y_hi = max(y_hi, y_lo + 1)
        top, bottom = pad, height - pad

        def y_at(value):
            return bottom - (math.log10(value) - y_lo) / (y_hi - y_lo) * (bottom - top)

        out.append(f'<text x="{left}" y="{top - 20}" font-size="13">{title}</text>')
        out.append(f'<rect x="{left}" y="{top}" width="{panel}" height="{bottom - top}" fill="none" stroke="#999"/>')
        for e in range(x_lo, x_hi + 1):
            x = x_at(left, 10**e)
            out.append(f'<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="#eee"/>')
            out.append(f'<text x="{x}" y="{bottom + 14}" text-anchor="middle">1e{e}</text>')
        for e in range(y_lo, y_hi + 1):
            y = y_at(10**e)
            out.append(f'<line x1="{left}" y1="{y}" x2="{left + panel}" y2="{y}" stroke="#eee"/>')
            out.append(f'<text x="{left - 4}" y="{y + 4}" text-anchor="end">1e{e}</text>')
        out.append(f'<text x="{left + panel / 2}" y="{bottom + 30}" text-anchor="middle">devices + anchors</text>')
        out.append(f'<text x="{left - 40}" y="{(top + bottom) / 2}" transform="rotate(-90 {left - 40} {(top + bottom) / 2})" text-anchor="middle">{y_label}</text>')
        for i, (name, vs) in enumerate(series):
            color = colors[i % len(colors)]
            coords = [(x_at(left, x), y_at(v)) for x, v in sorted(vs) if v and v > 0]
            if len(coords) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
                out.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
            for x, y in coords:
                out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}"/>')
            out.append(f'<text x="{left + 8}" y="{top + 14 + 13 * i}" fill="{color}">{name}</text>')

    rpc_points = [r for r in points if r.get("rpc")]
    draw(
        pad,
        "RPC latency p99 (ms)",
        [(m, [(r["devices"] + r["anchors"], r["rpc"][m]["p99"]) for r in rpc_points]) for m in RPC_METHODS],
        "ms (log)",
    )
    draw(
        2 * pad + panel,
        "Database and node memory (MiB)",
        [
            ("ParityDB on disk", [(r["devices"] + r["anchors"], r["db_bytes"] / 1048576) for r in points]),
            ("of which state", [(r["devices"] + r["anchors"], state_bytes(r) / 1048576) for r in points]),
            ("RSS after restart", [(r["devices"] + r["anchors"], r["idle_rss_kib"] / 1024) for r in points]),
            (
                "populate peak RSS",
                [(r["devices"] + r["anchors"], r["populate_peak_rss_kib"] / 1024) for r in points if r["created"]],
            ),
        ],
        "MiB (log)",
    )
    out.append("</svg>")
    return "\n".join(out)


def main():
    source, markdown, plot = sys.argv[1:4]
    rows = load(source)
    with open(markdown, "w") as f:
        f.write(table(rows))
    with open(plot, "w") as f:
        f.write(svg(rows) + "\n")


if __name__ == "__main__":
    main()
