"""Forecast benchmark (not a timed test): wholeroute's full forecasting pipeline against bare StatsForecast.

    WHOLEROUTE_VAR_DIR=/path/with/seeded/db .venv/bin/python benchmarks/forecast.py [--targets 2000] [--no-write]

On the statistics already in the database (`wholeroute seed`), for the first --targets monthly targets (Frontex
routes and route × citizenship, IOM routes, other monthly series):
- bare: `StatsForecast(models=[SeasonalNaive, Naive, AutoETS, AutoARIMA (bounded), DynamicOptimizedTheta])`
  `.cross_validation(h=12, n_windows=3, step_size=12)` and `.forecast(h=12)` with 80/95 % levels on the same
  data frame — the work any user of the library would do;
- pipeline: `actions.run_forecasts` — load from the database, categorise, backtest, choose, forecast, clip,
  store every forecast, point and metric, evaluate the alert rules.
Each is run twice in this process with numba's cache in a new empty folder (NUMBA_CACHE_DIR): the first run
("cold") compiles, the second ("warm") reuses the compiled code. Goal: pipeline ≤ 1.5× bare, warm.
Results are printed and written to the "Forecast" section of docs/benchmarks.md.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NIXTLA_NUMBA_CACHE", "1")
# an empty numba cache, so that "cold" really includes compiling (the cache then serves "warm")
os.environ.setdefault("NUMBA_CACHE_DIR", tempfile.mkdtemp(prefix="wholeroute-numba-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wholeroute.settings")

from benchmarks.results import write_section  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", type=int, default=2000)
    parser.add_argument("--no-write", action="store_true")
    options = parser.parse_args()

    import django

    django.setup()
    import pandas as pd
    from statsforecast import StatsForecast

    from wholeroute.forecasts import actions, engine, targets
    from wholeroute.forecasts.models import Forecast

    chosen, frames, remaining = [], [], options.targets
    for dataset in targets.monthly_datasets():
        if remaining <= 0:
            break
        found, frame, _ = targets.frames(dataset, limit=remaining)
        if found:
            chosen.append(dataset.code)
            frames.append(frame)
            remaining -= len(found)
    frame, _ = engine.regular_months(pd.concat(frames, ignore_index=True))
    count = frame["unique_id"].nunique()
    print(f"{count} targets from {', '.join(chosen)}; {len(frame):,} monthly values")

    sizes = frame.groupby("unique_id").size()
    long_enough = frame[frame["unique_id"].isin(sizes[sizes >= engine.SHORT_BELOW].index)]

    def bare():
        from statsforecast.models import Naive

        sf = StatsForecast(models=engine.candidates("regular", 999), freq="MS", n_jobs=1, fallback_model=Naive())
        # StatsForecast refuses to cross-validate series shorter than the windows: the bare run backtests the
        # long-enough series only (the pipeline gives the others fewer origins or none)
        sf.cross_validation(h=engine.HORIZON, df=long_enough, n_windows=engine.ORIGINS, step_size=engine.HORIZON,
                            level=list(engine.LEVELS))
        sf.forecast(h=engine.HORIZON, df=frame, level=list(engine.LEVELS))

    def pipeline():
        per_dataset = max(1, options.targets)
        actions.run_forecasts(None, datasets=chosen, limit=per_dataset)

    timings, before = {}, Forecast.objects.count()
    for name, job in (("bare", bare), ("pipeline", pipeline)):
        for phase in ("cold", "warm"):
            started = time.perf_counter()
            job()
            timings[(name, phase)] = time.perf_counter() - started
            print(f"{name:9} {phase}: {timings[(name, phase)]:8.1f} s")
    stored = (Forecast.objects.count() - before) // 2
    warm = timings[("pipeline", "warm")] / timings[("bare", "warm")]
    cold = timings[("pipeline", "cold")] / timings[("bare", "cold")]
    report = "\n".join([
        f"{count} real monthly targets ({', '.join(chosen)}), {len(frame):,} monthly values; "
        f"NIXTLA_NUMBA_CACHE={os.environ['NIXTLA_NUMBA_CACHE']} with an empty NUMBA_CACHE_DIR at the start; one "
        "process, n_jobs=1, 2-core machine. The bare run goes first, so it alone pays for compiling. "
        f"Bare StatsForecast backtests only the {long_enough['unique_id'].nunique()} series long enough for three "
        "origins (it refuses shorter ones) and forecasts all.",
        "",
        "| run | bare StatsForecast s | wholeroute pipeline s | ratio |",
        "|---|---:|---:|---:|",
        f"| cold (first in process) | {timings[('bare', 'cold')]:.1f} | {timings[('pipeline', 'cold')]:.1f} | "
        f"{cold:.2f}× |",
        f"| warm | {timings[('bare', 'warm')]:.1f} | {timings[('pipeline', 'warm')]:.1f} | **{warm:.2f}×** |",
        "",
        f"Goal: pipeline ≤ 1.5× bare (warm): **{'met' if warm <= 1.5 else 'not met'}**. The pipeline fits fewer "
        "models than the bare run on series that are short, all zero or intermittent (they get the models that suit "
        "them), and more on regular ones (the ensemble, the per-series model choice and the metrics); it also reads "
        f"the database and stores {stored:,} forecasts per run with their points and metrics.",
    ])
    print(report)
    if not options.no_write:
        write_section("Forecast", report, __file__)


if __name__ == "__main__":
    sys.exit(main())
