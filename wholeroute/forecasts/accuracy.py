"""Forecast accuracy, measured honestly: for every monthly target in the database, the last 12 months are held
out; the model is chosen by the rolling-origin backtest on the months before them, then its forecast of the
held-out year is compared with what happened and with the seasonal naive forecast (the value 12 months earlier).

Relative MASE = MAE of the chosen model ÷ MAE of SeasonalNaive on the held-out months (the MASE scale cancels);
below 1 the model beats the seasonal naive forecast. Coverage = share of held-out months inside the interval."""

import datetime
from dataclasses import dataclass

import numpy as np
import pandas as pd

from wholeroute.forecasts import engine, targets

GOAL_RELATIVE_MASE = 0.90
GOAL_COVERAGE95 = (0.90, 0.98)


@dataclass
class Scored:
    dataset: str
    target: str
    category: str
    model: str
    relative_mase: float | None
    inside80: int
    inside95: int
    points: int


def held_out_scores(dataset_code, frame, progress=None) -> tuple[list[Scored], int]:
    data, _ = engine.regular_months(frame)
    train_parts, held = [], {}
    for uid, group in data.groupby("unique_id", sort=True):
        group = group.sort_values("ds")
        if len(group) < engine.SHORT_BELOW + engine.HORIZON:
            continue
        train_parts.append(group.iloc[:-engine.HORIZON])
        held[uid] = group
    skipped = data["unique_id"].nunique() - len(held)
    if not train_parts:
        return [], skipped
    results = engine.forecast(pd.concat(train_parts, ignore_index=True), backtest=True, progress=progress)
    scored = []
    for result in results:
        if result.category == "zero":
            skipped += 1
            continue
        series = held[result.unique_id]
        actual = series["y"].to_numpy()[-engine.HORIZON:]
        seasonal = series["y"].to_numpy()[-engine.HORIZON - engine.SEASON:-engine.SEASON]
        predicted = np.array([p.mean for p in result.points])
        naive_error = float(np.mean(np.abs(actual - seasonal)))
        relative = float(np.mean(np.abs(actual - predicted))) / naive_error if naive_error > 0 else None
        inside80 = sum(p.lo80 <= a <= p.hi80 for p, a in zip(result.points, actual, strict=True))
        inside95 = sum(p.lo95 <= a <= p.hi95 for p, a in zip(result.points, actual, strict=True))
        scored.append(Scored(dataset_code, result.unique_id, result.category, result.model, relative, inside80,
                             inside95, len(actual)))
    return scored, skipped


def report(*, datasets=(), limit=None, progress=None) -> str:
    rows, lines = [], []
    for dataset in targets.monthly_datasets(datasets or None):
        _, frame, vintages = targets.frames(dataset, limit=limit)
        if frame.empty:
            continue
        scored, skipped = held_out_scores(dataset.code, frame, progress=lambda n: progress and progress(n, 0))
        rows.append((dataset, scored, skipped, vintages))
    lines += [
        "# Forecast accuracy",
        "",
        f"_Generated {datetime.date.today():%Y-%m-%d} by `wholeroute forecast --accuracy-report "
        "docs/forecast-accuracy.md` on the statistics loaded by `wholeroute seed`._",
        "",
        "For every monthly target with at least 72 months, the last 12 months are held out. The model is chosen "
        "per target by a rolling-origin backtest (three origins, 12 months each) on the months before; its "
        "forecast of the held-out year is then compared with what happened; its intervals are widened by what that "
        "backtest missed (docs/forecasts.md). Relative MASE is the chosen model's "
        "mean absolute error divided by that of the seasonal naive forecast (the same month a year earlier): "
        "below 1 the model does better. Coverage is the share of held-out months inside the interval. Targets "
        "that are all zero, or too short to hold out a year after a three-origin backtest, are counted but not "
        "scored.",
        "",
        f"Goal: median relative MASE ≤ {GOAL_RELATIVE_MASE:.2f}; 95 % intervals covering "
        f"{GOAL_COVERAGE95[0]:.0%}–{GOAL_COVERAGE95[1]:.0%} of held-out months.",
        "",
        "| dataset | targets scored | not scored | relative MASE: median | 25 % | 75 % | share < 1 | "
        "80 % coverage | 95 % coverage | goals met |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    everything = []
    for dataset, scored, skipped, _ in rows:
        everything.extend(scored)
        lines.append(_row(dataset.code, scored, skipped))
    if len(rows) > 1:
        lines.append(_row("**all**", everything, sum(r[2] for r in rows)))
    lines += ["", "Models chosen (all scored targets):", ""]
    chosen = pd.Series([s.model for s in everything]).value_counts() if everything else pd.Series(dtype=int)
    lines += [f"- {model}: {count}" for model, count in chosen.items()]
    lines += ["", "Data vintages used:", ""]
    lines += [f"- {dataset.code}: {', '.join(vintages) or 'not stated'}" for dataset, _, _, vintages in rows]
    return "\n".join(lines) + "\n"


def _row(name, scored, skipped):
    relative = np.array([s.relative_mase for s in scored if s.relative_mase is not None])
    points = sum(s.points for s in scored)
    if not len(relative) or not points:
        return f"| {name} | {len(scored)} | {skipped} | – | – | – | – | – | – | – |"
    median, q1, q3 = np.median(relative), np.quantile(relative, 0.25), np.quantile(relative, 0.75)
    c80, c95 = sum(s.inside80 for s in scored) / points, sum(s.inside95 for s in scored) / points
    met = median <= GOAL_RELATIVE_MASE and GOAL_COVERAGE95[0] <= c95 <= GOAL_COVERAGE95[1]
    which = ("both" if met else "MASE only" if median <= GOAL_RELATIVE_MASE else
             "coverage only" if GOAL_COVERAGE95[0] <= c95 <= GOAL_COVERAGE95[1] else "neither")
    return (f"| {name} | {len(scored)} | {skipped} | {median:.2f} | {q1:.2f} | {q3:.2f} | "
            f"{np.mean(relative < 1):.0%} | {c80:.0%} | {c95:.0%} | {which} |")
