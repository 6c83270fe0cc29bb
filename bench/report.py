"""The results table of docs/performance.md, from a `make bench` run's JSON.

    .venv/bin/python bench/report.py                      # the newest bench/results/*.json
    .venv/bin/python bench/report.py bench/results/20261206T015744Z.json

Prints Markdown to paste under "Latest results". Runs from before the plain-wrk baselines
(2026-12-07) show "–" in their columns.
"""

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
BASELINES = ("healthz", "healthz_db", "signed_in_floor")
DASH = "–"


def newest(results: Path = RESULTS) -> Path:
    runs = sorted(results.glob("2*.json"))  # timestamps; profiles are .txt
    if not runs:
        sys.exit(f"No results in {results}: run `make bench` first.")
    return runs[-1]


def _num(value: float | None, digits: int = 2) -> str:
    return DASH if value is None else f"{value:,.{digits}f}"


def _rps(summary: dict | None) -> str:
    if not summary:
        return DASH
    rps = summary["rps"]
    return f"{rps['median']:,.0f} ({rps['min']:,.0f}–{rps['max']:,.0f})"


def _median(summary: dict | None, key: str, digits: int = 1) -> str:
    value = (summary or {}).get(key)
    return _num(value["median"] if value else None, digits)


def _pair(summary: dict, key: str) -> str:
    """'harness / plain' for one baseline's ratio."""
    harness, plain = summary.get(f"ratio_{key}"), summary.get(f"ratio_{key}_plain")
    if harness is None and plain is None:
        return DASH
    return f"{_num(harness)} / {_num(plain)}"


def target_text(target: dict) -> str:
    parts = []
    if "ratio_db_min" in target:
        parts.append(f"≥ {target['ratio_db_min']:.2f} × 1-query")
    if "p95_ms_max" in target:
        parts.append(f"p95 < {target['p95_ms_max']} ms")
    if "p99_ms_max" in target:
        parts.append(f"p99 < {target['p99_ms_max']} ms")
    return ", ".join(parts)


def verdict(summary: dict) -> str:
    if "target" not in summary:
        return ""
    met = "met" if summary["meets_target"] else "**missed**"
    return f"{target_text(summary['target'])}: {met}"


def report(run: dict, name: str = "") -> str:
    results, plain = run["results"], run.get("plain_baselines", {})
    data = run.get("data", {})
    source = f"`bench/results/{name}`, " if name else ""
    lines = [
        f"{source}`{run['command']}`, started {run['started_at']}; "
        f"{data.get('students', '?'):,} students, {data.get('responses', '?'):,} responses"
        + (f", database {data['database_mib']:,} MiB" if "database_mib" in data else "")
        + f"; {run['machine']['cpus']} CPUs; worker RSS {run.get('worker_rss_mb')} MB.",
        "",
        "| baseline | req/s, replay harness | req/s, plain wrk | "
        "load generator µs CPU/request, harness / plain |",
        "| --- | --- | --- | --- |",
    ]
    for name_ in BASELINES:
        if name_ in results or name_ in plain:
            harness = results.get(name_)
            lines.append(
                f"| {name_} | {_rps(harness)} | {_rps(plain.get(name_))} "
                f"| {_median(harness, 'load_cpu_us_per_request')} / "
                f"{_median(plain.get(name_), 'load_cpu_us_per_request')} |"
            )
    lines += [
        "",
        "| scenario | req/s median (range) | × 1-query, harness / plain | "
        "× bare, harness / plain | × floor | p95 ms | p99 ms | errors | target |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name_, s in results.items():
        if name_ in BASELINES:
            continue
        lines.append(
            f"| {name_} | {_rps(s)} | {_pair(s, 'healthz_db')} | {_pair(s, 'healthz')} "
            f"| {_num(s.get('ratio_signed_in_floor'))} | {_median(s, 'p95_ms')} "
            f"| {_median(s, 'p99_ms')} | {s['errors']} | {verdict(s)} |"
        )
    return "\n".join(lines)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else newest()
    print(report(json.loads(path.read_text()), path.name))


if __name__ == "__main__":
    main()
