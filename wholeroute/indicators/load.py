"""The one loader for every statistics format: parse → resolve → bulk upsert on (series, period), atomically.

Records stream through in batches inside one transaction, so memory stays flat; every problem is collected
(parser problems, unresolved countries and routes, duplicate keys with different values) and if there is
any, the transaction is rolled back — nothing is written — and a failed ImportRun lists them all.
Re-importing the same file changes nothing; a newer vintage updates values and keeps the superseded ones
as ObservationRevision rows, so a figure can be shown "as published in vintage X".
"""

import datetime
import hashlib
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from wholeroute.access import audit
from wholeroute.access.models import Classification, Organisation
from wholeroute.geo.resolve import Resolver, RouteResolver
from wholeroute.indicators.models import Dataset, ImportRun, Observation, ObservationRevision, Series, Source
from wholeroute.indicators.parsers import COUNTRY_DIMENSIONS, Problem, modules
from wholeroute.indicators.parsers._detect import detect

BATCH = 5000
MAX_ERRORS = 1000

SOURCES = {
    "eurostat": ("Eurostat (European Commission)", "CC BY 4.0 (Commission Decision 2011/833/EU)",
                 "Source: Eurostat, dataset code as given", "https://ec.europa.eu/eurostat"),
    "frontex": ("European Border and Coast Guard Agency (Frontex)", "Reproduction authorised, source acknowledged",
                "Source: Frontex, FRAN data", "https://www.frontex.europa.eu/what-we-do/monitoring-risk-analysis/migratory-map/"),
    "iom-mmp": ("International Organization for Migration, Missing Migrants Project", "Attribution required",
                "Source: IOM Missing Migrants Project", "https://missingmigrants.iom.int/downloads"),
    "unhcr": ("UNHCR Refugee Data Finder", "CC BY 4.0", "Source: UNHCR Refugee Data Finder",
              "https://www.unhcr.org/refugee-statistics/"),
    "worldbank": ("World Bank, World Development Indicators", "CC BY 4.0", "Source: World Bank WDI",
                  "https://databank.worldbank.org/source/world-development-indicators"),
}
DATA_OWNER = ("wholeroute-data", "wholeroute statistics service (published statistics)")


class ImportFailed(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s)")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def period_start(period: str) -> datetime.date:
    if len(period) == 4:
        return datetime.date(int(period), 1, 1)
    if "-Q" in period:
        return datetime.date(int(period[:4]), 3 * int(period[-1]) - 2, 1)
    return datetime.date(int(period[:4]), int(period[5:7]), 1)


def _owner():
    slug, name = DATA_OWNER
    owner, _ = Organisation.objects.get_or_create(
        slug=slug, defaults={"name": name, "kind": Organisation.Kind.OTHER, "participating": False})
    return owner


class _Loader:
    def __init__(self, path, run, vintage):
        self.path, self.run, self.vintage = path, run, vintage
        self.countries = Resolver()
        self.routes = RouteResolver()
        self.datasets: dict[str, Dataset] = {}
        self.series: dict[tuple[int, str], Series] = {}
        self.seen: dict[tuple[int, str], float | None] = {}
        self.problems: list[Problem] = []
        self.batch = []

    def problem(self, problem):
        if len(self.problems) < MAX_ERRORS:
            self.problems.append(problem)
        self.run.rejected += 1

    def dataset(self, info):
        if info.code not in self.datasets:
            name, licence, citation, url = SOURCES.get(info.source, (info.source, "", "", ""))
            source, _ = Source.objects.get_or_create(code=info.source, defaults={
                "publisher": name, "licence": licence, "citation": citation, "url": url})
            dataset = Dataset.objects.filter(code=info.code).first()
            if dataset is None:
                dataset = Dataset.objects.create(source=source, code=info.code, title=info.title[:300], unit=info.unit,
                                                 frequency=info.frequency, owner=_owner(),
                                                 classification=Classification.PUBLIC)
            self.datasets[info.code] = dataset
        return self.datasets[info.code]

    def normalise(self, record):
        """(dimensions with resolved codes, country and route links) or None after recording problems."""
        dims, links, ok = {}, {}, True
        for name, value in record.dimensions:
            if name in COUNTRY_DIMENSIONS:
                country = self.countries.resolve(value, "unhcr" if name.startswith("unhcr_") else None)
                if country is None:
                    self.problem(Problem(self.path.name, record.row, name,
                                         f"unknown country or area {value!r}; add it to wholeroute/geo/aliases.yaml "
                                         "if it is a spelling of a known country"))
                    ok = False
                    continue
                dims[name] = country.code
                links.setdefault({"geo": "reporting_country", "citizen": "citizenship"}.get(name, ""), country)
            elif name == "route":
                route = self.routes.resolve(value)
                if route is None:
                    self.problem(Problem(self.path.name, record.row, "route", f"unknown Frontex route {value!r}"))
                    ok = False
                    continue
                dims[name] = route.slug
                links["route"] = route
            else:
                dims[name] = value
                if name == "mmp_route" and "route" not in links:
                    route = self.routes.resolve(value)
                    if route is not None:
                        links["route"] = route
        links.pop("", None)
        return (dims, links) if ok else None

    def add(self, record):
        self.run.read += 1
        if isinstance(record, Problem):
            self.problem(record)
            return
        normalised = self.normalise(record)
        if normalised is None:
            return
        dims, links = normalised
        dataset = self.dataset(record.dataset)
        key = "|".join(f"{k}={v}" for k, v in sorted(dims.items()))[:400]
        self.batch.append((dataset, key, dims, links, record))
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self):
        if not self.batch:
            return
        wanted = {(d.pk, key): (d, dims, links) for d, key, dims, links, _ in self.batch}
        missing = [k for k in wanted if k not in self.series]
        if missing:
            for s in Series.objects.filter(dataset_id__in={k[0] for k in missing}, key__in={k[1] for k in missing}):
                self.series[(s.dataset_id, s.key)] = s
            new = []
            for k in missing:
                if k not in self.series:
                    dataset, dims, links = wanted[k]
                    new.append(Series(dataset=dataset, key=k[1], dimensions=dims, unit=dataset.unit,
                                      reporting_country=links.get("reporting_country"),
                                      citizenship=links.get("citizenship"), route=links.get("route")))
            if new:
                Series.objects.bulk_create(new, batch_size=1000)
                for s in Series.objects.filter(dataset_id__in={s.dataset_id for s in new}, key__in=[s.key for s in new]):
                    self.series[(s.dataset_id, s.key)] = s
        incoming = {}
        for dataset, key, _dims, _links, record in self.batch:
            series = self.series[(dataset.pk, key)]
            point = (series.pk, record.period)
            if point in self.seen:
                if self.seen[point] != record.value:
                    self.problem(Problem(self.path.name, record.row, None,
                                         f"duplicate key {key} {record.period} with a different value "
                                         f"({record.value} here, {self.seen[point]} earlier)"))
                else:
                    self.run.skipped += 1
                continue
            self.seen[point] = record.value
            incoming[point] = record
        existing = {(o.series_id, o.period): o for o in Observation.objects.filter(
            series_id__in={p[0] for p in incoming}, period__in={p[1] for p in incoming})}
        create, update, revisions = [], [], []
        for point, record in incoming.items():
            current = existing.get(point)
            if current is None:
                create.append(Observation(series_id=point[0], period=record.period,
                                          period_start=period_start(record.period), value=record.value,
                                          flags=record.flags, import_run=self.run))
            elif current.value == record.value and current.flags == record.flags:
                self.run.unchanged += 1
            else:
                revisions.append(ObservationRevision(observation=current, value=current.value, flags=current.flags,
                                                     import_run_id=current.import_run_id, superseded_by=self.run))
                current.value, current.flags, current.import_run = record.value, record.flags, self.run
                update.append(current)
        Observation.objects.bulk_create(create, batch_size=1000)
        Observation.objects.bulk_update(update, ["value", "flags", "import_run"], batch_size=1000)
        ObservationRevision.objects.bulk_create(revisions, batch_size=1000)
        self.run.inserted += len(create)
        self.run.updated += len(update)
        self.batch = []

    def zero_absent_cells(self):
        """For formats that publish only non-zero cells, a cell the file leaves out within the months it covers is
        zero in this vintage: earlier non-zero values are superseded (and kept as revisions)."""
        periods = {period for _, period in self.seen}
        for dataset in self.datasets.values():
            stale = [o for o in Observation.objects.filter(series__dataset=dataset, period__in=periods).exclude(value=0)
                     if (o.series_id, o.period) not in self.seen]
            ObservationRevision.objects.bulk_create([
                ObservationRevision(observation=o, value=o.value, flags=o.flags, import_run_id=o.import_run_id,
                                    superseded_by=self.run) for o in stale], batch_size=1000)
            for o in stale:
                o.value, o.flags, o.import_run = 0.0, "", self.run
            Observation.objects.bulk_update(stale, ["value", "flags", "import_run"], batch_size=1000)
            self.run.updated += len(stale)


def load(path, *, fmt=None, user=None, vintage=None, progress=None) -> ImportRun:
    """Import one file. Returns the ImportRun (status succeeded or failed, with counts and every error)."""
    path = Path(path)
    digest = sha256_of(path)
    started = timezone.now()
    try:
        with transaction.atomic():
            run = ImportRun.objects.create(file_name=path.name, sha256=digest, format=fmt or "", vintage=vintage or "",
                                           status=ImportRun.Status.RUNNING, started_at=started,
                                           started_by=user if getattr(user, "is_authenticated", False) else None)
            loader = _Loader(path, run, vintage)
            try:
                module = modules()[fmt] if fmt else detect(path)
            except KeyError as exc:
                raise ImportFailed([Problem(path.name, None, None, f"unknown format {fmt!r}; known formats: "
                                                                   f"{', '.join(sorted(modules()))}")]) from exc
            except (ValueError, OSError) as exc:
                raise ImportFailed([Problem(path.name, None, None, str(exc))]) from exc
            run.format = module.FORMAT
            records = module.parse(path)
            for record in records:
                loader.add(record)
                if not run.vintage and getattr(record, "vintage", ""):
                    run.vintage = record.vintage
                if progress and run.read % 10000 == 0:
                    progress(run.read)
            loader.flush()
            if getattr(module, "ABSENT_MEANS_ZERO", False) and not loader.problems:
                loader.zero_absent_cells()
            if loader.problems:
                raise ImportFailed(loader.problems)
            if run.read == 0:
                raise ImportFailed([Problem(path.name, None, None, "the file holds no data rows")])
            run.dataset = next(iter(loader.datasets.values()), None)
            run.status, run.finished_at, run.progress = ImportRun.Status.SUCCEEDED, timezone.now(), 100
            run.save()
            audit.record(user=user, verb="indicators.import", obj=run,
                         after={k: getattr(run, k) for k in ("file_name", "sha256", "vintage", "read", "inserted",
                                                              "updated", "unchanged", "rejected", "skipped")},
                         organisation=None)
            if progress:
                progress(run.read)
            return run
    except ImportFailed as failure:
        with transaction.atomic():
            run = ImportRun.objects.create(
                file_name=path.name, sha256=digest, format=fmt or "", vintage=vintage or "", started_at=started,
                finished_at=timezone.now(), status=ImportRun.Status.FAILED,
                rejected=len(failure.problems), errors=[str(p) for p in failure.problems[:MAX_ERRORS]],
                started_by=user if getattr(user, "is_authenticated", False) else None)
            audit.record(user=user, verb="indicators.import_failed", obj=run,
                         after={"file_name": path.name, "errors": len(failure.problems)}, organisation=None)
        return run
