"""Statistical forecasts for monthly count series with StatsForecast: model choice by rolling-origin backtest.

Pure: a data frame in (unique_id, ds, y), plain results out; no database. Each series is put in one category —
all zero, short, intermittent or regular — and gets the candidate models that suit it; every candidate is
backtested on several origins with the last 12 months held out each time, and the one with the lowest MASE is
kept. Forecasts of counts are never negative and the 80 % interval always sits inside the 95 % one.
"""

import math
import os
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

HORIZON = 12
SEASON = 12
LEVELS = (80, 95)
ORIGINS = 3
MAX_TRAINING_MONTHS = 120
SHORT_BELOW = HORIZON * ORIGINS + 2 * SEASON  # 60 months: fewer cannot be backtested on three origins
INTERMITTENT_ZEROS = 0.3
ENSEMBLE_OF = ("AutoETS", "AutoARIMA", "DynamicOptimizedTheta")
# Backtested as the baseline of relative MASE but never chosen for intermittent targets: chosen on three noisy
# origins SeasonalNaive won 121 of them and then merely tied itself on the held-out year; left out of the choice,
# the held-out median relative MASE is 0.82 instead of 1.00 (docs/decisions.md).
BASELINE_ONLY = {"intermittent": ("SeasonalNaive",)}
MAX_WIDENING = 4.0  # intervals are widened at most fourfold by their backtest (see widening())


@dataclass
class Point:
    ds: pd.Timestamp
    mean: float
    lo80: float
    hi80: float
    lo95: float
    hi95: float


@dataclass
class Result:
    unique_id: object
    category: str
    model: str
    params: dict
    train_start: pd.Timestamp
    train_end: pd.Timestamp
    points: list[Point]
    metrics: dict = field(default_factory=dict)  # per candidate: mase, smape, coverage80, coverage95
    origins: int = 0

    @property
    def chosen(self) -> dict:
        return self.metrics.get(self.model, {})

    @property
    def relative_mase(self) -> float | None:
        mine, base = self.chosen.get("mase"), self.metrics.get("SeasonalNaive", {}).get("mase")
        if mine is None or not base:
            return None
        return mine / base


def _numba_cache():
    os.environ.setdefault("NIXTLA_NUMBA_CACHE", "1")


def categorise(values: np.ndarray) -> str:
    if not np.any(values):
        return "zero"
    if len(values) < SHORT_BELOW:
        return "short"
    if np.mean(values == 0) >= INTERMITTENT_ZEROS:
        # conformal intervals need two more windows of history at the earliest backtest origin
        return "intermittent" if len(values) >= SHORT_BELOW + HORIZON else "short"
    return "regular"


def candidates(category: str, length: int):
    from statsforecast.models import (
        ADIDA,
        IMAPA,
        AutoARIMA,
        AutoETS,
        CrostonClassic,
        DynamicOptimizedTheta,
        Naive,
        SeasonalNaive,
    )
    from statsforecast.utils import ConformalIntervals

    if category == "zero":
        return [Naive()]
    if category == "short":
        return [Naive(), SeasonalNaive(season_length=SEASON)] if length >= 2 * SEASON else [Naive()]
    if category == "intermittent":
        conformal = ConformalIntervals(h=HORIZON, n_windows=2)
        return [SeasonalNaive(season_length=SEASON), Naive(), CrostonClassic(prediction_intervals=conformal),
                ADIDA(prediction_intervals=conformal), IMAPA(prediction_intervals=conformal)]
    # AutoARIMA's search is bounded (orders ≤ 2, seasonal ≤ 1, approximated likelihood): about five times faster
    # than the full search on the Frontex route series, which thousands of series need (docs/decisions.md).
    return [SeasonalNaive(season_length=SEASON), Naive(), AutoETS(season_length=SEASON),
            AutoARIMA(season_length=SEASON, max_p=2, max_q=2, max_P=1, max_Q=1, approximation=True),
            DynamicOptimizedTheta(season_length=SEASON)]


def regular_months(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """One row per month from each series' first to last observation; a missing month inside is interpolated
    (and counted), a missing value likewise. Only the last MAX_TRAINING_MONTHS months are kept."""
    parts, gaps = [], {}
    for uid, group in frame.groupby("unique_id", sort=True):
        series = group.set_index("ds")["y"].astype(float).sort_index()
        full = series.reindex(pd.date_range(series.index.min(), series.index.max(), freq="MS"))
        gaps[uid] = int(full.isna().sum())
        full = full.interpolate(limit_direction="both").fillna(0.0).iloc[-MAX_TRAINING_MONTHS:]
        parts.append(pd.DataFrame({"unique_id": uid, "ds": full.index, "y": full.to_numpy()}))
    if not parts:
        return pd.DataFrame(columns=["unique_id", "ds", "y"]), gaps
    return pd.concat(parts, ignore_index=True), gaps


def _bounded(mean, lo80, hi80, lo95, hi95, counts=True):
    values = [mean, lo80, hi80, lo95, hi95]
    values = [0.0 if v is None or not math.isfinite(v) else float(v) for v in values]
    if counts:
        values = [max(v, 0.0) for v in values]
    mean, lo80, hi80, lo95, hi95 = values
    lo80, hi80 = min(lo80, mean), max(hi80, mean)
    lo95, hi95 = min(lo95, lo80), max(hi95, hi80)
    return mean, lo80, hi80, lo95, hi95


def _with_ensemble(frame: pd.DataFrame, category: str) -> pd.DataFrame:
    if category != "regular":
        return frame
    frame = frame.copy()
    for suffix in ("", *(f"-{side}-{level}" for level in LEVELS for side in ("lo", "hi"))):
        frame[f"Ensemble{suffix}"] = frame[[f"{m}{suffix}" for m in ENSEMBLE_OF]].mean(axis=1)
    return frame


def _fallback():
    """Used by StatsForecast for a series on which a candidate fails to fit, so one series cannot stop a run."""
    from statsforecast.models import Naive

    return Naive()


def _model_names(models) -> list[str]:
    return [repr(m) for m in models]


def _scale(history: np.ndarray) -> float | None:
    """MASE's scale: the in-sample mean absolute error of the seasonal naive forecast (lag-1 when too short)."""
    for lag in (SEASON, 1):
        if len(history) > lag:
            scale = float(np.mean(np.abs(history[lag:] - history[:-lag])))
            if scale > 0:
                return scale
    return None


def backtest_metrics(cv: pd.DataFrame, train: pd.DataFrame, names: list[str]) -> dict:
    """Per series and model: MASE, sMAPE and interval coverage over every origin of the cross-validation."""
    history = {uid: g.sort_values("ds") for uid, g in train.groupby("unique_id", sort=False)}
    out: dict = {}
    for (uid, cutoff), window in cv.groupby(["unique_id", "cutoff"], sort=False):
        past = history[uid]
        scale = _scale(past.loc[past["ds"] <= cutoff, "y"].to_numpy())
        actual = window["y"].to_numpy()
        for name in names:
            bounds = np.array([_bounded(*row) for row in window[
                [name, f"{name}-lo-80", f"{name}-hi-80", f"{name}-lo-95", f"{name}-hi-95"]].itertuples(index=False)])
            predicted = bounds[:, 0]
            error = np.abs(actual - predicted)
            denominator = np.abs(actual) + np.abs(predicted)
            smape = np.where(denominator > 0, 200 * error / np.where(denominator > 0, denominator, 1), 0.0)
            stats = out.setdefault(uid, {}).setdefault(name, {"mase": [], "smape": [], "in80": [], "in95": []})
            if scale is not None:
                stats["mase"].append(float(np.mean(error)) / scale)
            stats["smape"].append(float(np.mean(smape)))
            stats["in80"].extend(((actual >= bounds[:, 1]) & (actual <= bounds[:, 2])).tolist())
            stats["in95"].extend(((actual >= bounds[:, 3]) & (actual <= bounds[:, 4])).tolist())
    return {uid: {name: {"mase": float(np.mean(s["mase"])) if s["mase"] else None,
                         "smape": float(np.mean(s["smape"])), "coverage80": float(np.mean(s["in80"])),
                         "coverage95": float(np.mean(s["in95"]))} for name, s in models.items()}
            for uid, models in out.items()}


def widening(cv: pd.DataFrame, names: list[str]) -> dict:
    """Per series and model, how much each interval must be widened (never narrowed) around its mean to cover, in
    the backtest, the share of held-out months it claims: for every backtest month the factor by which the half
    width on the actual's side must be multiplied to reach it; the factor kept is that factors' 80th (95th)
    percentile, between 1 and MAX_WIDENING. The model's own intervals assume a stable past; the series here
    shift (2015-16, 2020-22), and the backtest sees how far off they were."""
    out: dict = {}
    for uid, window in cv.groupby("unique_id", sort=False):
        actual = window["y"].to_numpy(dtype=float)
        for name in names:
            bounds = np.array([_bounded(*row) for row in window[
                [name, f"{name}-lo-80", f"{name}-hi-80", f"{name}-lo-95", f"{name}-hi-95"]].itertuples(index=False)])
            mean, factors = bounds[:, 0], {}
            for level, lo, hi in ((80, 1, 2), (95, 3, 4)):
                half = np.where(actual >= mean, bounds[:, hi] - mean, mean - bounds[:, lo])
                miss = np.abs(actual - mean)
                need = np.where(half > 0, miss / np.where(half > 0, half, 1.0),
                                np.where(miss > 0, 10 * MAX_WIDENING, 0.0))
                factors[level] = float(np.clip(np.quantile(need, level / 100), 1.0, MAX_WIDENING))
            out.setdefault(uid, {})[name] = factors
    return out


def _widened(mean, lo80, hi80, lo95, hi95, factors):
    k80, k95 = factors.get(80, 1.0), factors.get(95, 1.0)
    return (mean, mean - k80 * (mean - lo80), mean + k80 * (hi80 - mean),
            mean - k95 * (mean - lo95), mean + k95 * (hi95 - mean))


def _describe(model) -> dict:
    """The fitted model's own parameters where StatsForecast exposes them (ETS components, ARIMA orders)."""
    fitted = getattr(model, "model_", None)
    if not isinstance(fitted, dict):
        return {}
    described = {}
    if "method" in fitted:
        described["method"] = str(fitted["method"])
    if "arma" in fitted:
        p, q, sp, sq, period, d, sd = (int(v) for v in fitted["arma"])
        described["order"] = [p, d, q]
        described["seasonal_order"] = [sp, sd, sq, period]
    for key in ("alpha", "beta", "gamma"):
        if key in fitted and fitted[key] is not None and np.isscalar(fitted[key]):
            described[key] = round(float(fitted[key]), 6)
    return described


def forecast(frame: pd.DataFrame, *, backtest: bool = True, progress=None) -> list[Result]:
    """Forecast every series of `frame` (columns unique_id, ds month start, y) HORIZON months ahead."""
    with warnings.catch_warnings():
        # the optimiser's notes on short or flat series; the backtest judges the fits, not these notes
        warnings.filterwarnings("ignore", message="possible convergence problem", category=UserWarning)
        warnings.filterwarnings("ignore", message="Stepwise search was stopped early", category=UserWarning)
        return _forecast(frame, backtest=backtest, progress=progress)


def _forecast(frame, *, backtest, progress):
    from statsforecast import StatsForecast

    _numba_cache()
    data, gaps = regular_months(frame)
    lengths = data.groupby("unique_id").size()
    categories = {uid: categorise(g["y"].to_numpy()) for uid, g in data.groupby("unique_id", sort=False)}
    groups: dict[tuple, list] = {}
    for uid, category in categories.items():
        size = int(lengths[uid])
        shape = (category, "seasonal" if category == "short" and size >= 2 * SEASON else "")
        groups.setdefault(shape, []).append(uid)
    results, done = [], 0
    for (category, _), uids in sorted(groups.items()):
        part = data[data["unique_id"].isin(uids)]
        size = int(lengths[uids].min())
        models = candidates(category, size)
        names = _model_names(models)
        metrics, widen, origins = {}, {}, 0
        if backtest and category != "zero":
            origins = ORIGINS if category in ("regular", "intermittent") else (1 if size >= 2 * SEASON else 0)
        if origins:
            cv = StatsForecast(models=models, freq="MS", n_jobs=1, fallback_model=_fallback()).cross_validation(
                h=HORIZON, df=part, n_windows=origins, step_size=HORIZON, level=list(LEVELS))
            cv = _with_ensemble(cv, category)
            metrics = backtest_metrics(cv, part, names + (["Ensemble"] if category == "regular" else []))
            widen = widening(cv, names + (["Ensemble"] if category == "regular" else []))
        engine = StatsForecast(models=models, freq="MS", n_jobs=1, fallback_model=_fallback())
        engine.fit(df=part)
        predicted = _with_ensemble(engine.predict(h=HORIZON, level=list(LEVELS)).reset_index(), category)
        fitted_models = dict(zip(engine.uids, engine.fitted_[:, :], strict=True)) if hasattr(engine, "uids") else {}
        for uid, rows in predicted.groupby("unique_id", sort=True):
            scores = metrics.get(uid, {})
            ranked = [n for n in scores if scores[n]["mase"] is not None
                      and n not in BASELINE_ONLY.get(category, ())]
            model = min(ranked, key=lambda n: (round(scores[n]["mase"], 12), names.index(n) if n in names else 99)) \
                if ranked else next(n for n in names if n not in BASELINE_ONLY.get(category, ()))
            series = part[part["unique_id"] == uid]
            fitted = fitted_models.get(uid)
            params = {"category": category, "candidates": names + (["Ensemble"] if category == "regular" else []),
                      "months_interpolated": gaps.get(uid, 0), "horizon": HORIZON, "levels": list(LEVELS)}
            if fitted is not None and model in names:
                params["fitted"] = _describe(fitted[names.index(model)])
            factors = widen.get(uid, {}).get(model, {})
            if factors:
                params["interval_widening"] = {str(level): round(k, 6) for level, k in factors.items()}
            points = [Point(row.ds, *_bounded(*_widened(*_bounded(row.mean, row.lo80, row.hi80, row.lo95, row.hi95),
                                                        factors)))
                      for row in rows.rename(columns={model: "mean", f"{model}-lo-80": "lo80",
                                                      f"{model}-hi-80": "hi80", f"{model}-lo-95": "lo95",
                                                      f"{model}-hi-95": "hi95"}).sort_values("ds").itertuples()]
            results.append(Result(uid, category, model, params, series["ds"].min(), series["ds"].max(), points,
                                  scores, origins))
            done += 1
            if progress:
                progress(done)
    return sorted(results, key=lambda r: str(r.unique_id))
