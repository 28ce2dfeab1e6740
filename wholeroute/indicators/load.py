"""The one loader for every statistics format: parse → resolve → bulk upsert on (series, period), atomically.

Records stream through in batches inside one transaction, so memory stays flat; every problem is collected
(parser problems, unresolved countries and routes, duplicate keys with different values) and if there is
any, the transaction is rolled back — nothing is written — and a failed ImportRun lists them all.
Re-importing the same file changes nothing; a newer vintage updates values and keeps the superseded ones
as ObservationRevision rows, so a figure can be shown "as published in vintage X".
"""

import csv
import datetime
import functools
import hashlib
import zipfile
import zlib
from pathlib import Path

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from wholeroute.access import audit
from wholeroute.access.models import Classification, Organisation
from wholeroute.geo.resolve import Resolver, RouteResolver
from wholeroute.indicators.models import Dataset, ImportRun, Observation, ObservationRevision, Series, Source
from wholeroute.indicators.parsers import COUNTRY_DIMENSIONS, Problem, modules
from wholeroute.indicators.parsers._detect import detect

BATCH = 5000
NORMALISED_CACHE = 5_000  # distinct series whose normalised dimensions are kept
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
    def __init__(self, problems, *, read=0, rejected=None):
        self.problems, self.read = problems, read
        self.rejected = len(problems) if rejected is None else rejected
        super().__init__(f"{self.rejected} problem(s)")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@functools.lru_cache(maxsize=4096)
def period_start(period: str) -> datetime.date:
    if len(period) == 4:
        return datetime.date(int(period), 1, 1)
    if "-Q" in period:
        return datetime.date(int(period[:4]), 3 * int(period[-1]) - 2, 1)
    return datetime.date(int(period[:4]), int(period[5:7]), 1)


OBSERVATION_COLUMNS = ("series_id", "period", "period_start", "value", "flags", "import_run_id")


def insert_rows(rows):
    """Insert new observations given as tuples in OBSERVATION_COLUMNS order: COPY on PostgreSQL (several times
    faster than INSERT, inside the same transaction), bulk_create elsewhere."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        table = Observation._meta.db_table
        with connection.cursor() as cursor, cursor.cursor.copy(
                f"COPY {table} ({', '.join(OBSERVATION_COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    Observation.objects.bulk_create([Observation(**dict(zip(OBSERVATION_COLUMNS, row, strict=True))) for row in rows],
                                    batch_size=1000)


def _owner():
    slug, name = DATA_OWNER
    owner, _ = Organisation.objects.get_or_create(
        slug=slug, defaults={"name": name, "kind": Organisation.Kind.OTHER, "participating": False})
    return owner


# Text a record carries into columns of fixed width: longer is a broken or hostile file, reported, never cut.
FIELD_LIMITS = (("dataset code", lambda r: r.dataset.code, 80), ("unit", lambda r: r.dataset.unit, 80),
                ("source", lambda r: r.dataset.source, 40), ("period", lambda r: r.period, 10),
                ("flags", lambda r: r.flags, 8), ("vintage", lambda r: r.vintage, 40))


def _oversized(record):
    """(column, message) for the first field too long to store, or None."""
    info = record.dataset
    if len(record.period) <= 10 and len(record.flags) <= 8 and len(record.vintage) <= 40 and len(info.code) <= 80 \
            and len(info.unit) <= 80 and len(info.source) <= 40:
        return None  # the common case, inline because it runs once per record (same limits as FIELD_LIMITS)
    for column, value_of, limit in FIELD_LIMITS:
        value = value_of(record) or ""
        if len(value) > limit:
            return column, f"{len(value):,} characters, more than the {limit} this field can hold"
    return None


class _Loader:
    def __init__(self, path, run, vintage):
        self.path, self.run, self.vintage = path, run, vintage
        self.countries = Resolver()
        self.routes = RouteResolver()
        self.datasets: dict[str, Dataset] = {}
        self.series: dict[tuple[int, str], int] = {}  # (dataset, key) → series pk
        self.new_series: set[int] = set()
        self.seen: dict[int, float | None] = {}
        self.problems: list[Problem] = []
        self.batch = []
        self.vintages: dict[int, str] = {}
        self.periods: set[str] = set()
        self.series_dataset: dict[int, int] = {}
        self.coverage: dict[int, dict[str, int]] = {}
        self.resolved: dict[tuple[str, str | None], object] = {}  # the few distinct country spellings of a file
        self.normalised: dict[tuple, tuple] = {}  # (dataset info, raw dimensions) → (dataset, key, dims, links)

    def is_older_than(self, run_id) -> bool:
        """True when this run's vintage is known and earlier than the vintage of run `run_id`."""
        if run_id not in self.vintages:
            self.vintages[run_id] = ImportRun.objects.filter(pk=run_id).values_list("vintage", flat=True).first() or ""
        theirs = self.vintages[run_id]
        return bool(self.run.vintage and theirs) and self.run.vintage < theirs

    def newer_zero_run(self, dataset_id, period):
        """A run of a newer vintage, in a format publishing only non-zero cells, that covered `period` of this
        dataset (so a cell it left out is zero in that vintage); None when there is none."""
        if dataset_id not in self.coverage:
            newer = [run.pk for run in ImportRun.objects.filter(
                dataset_id=dataset_id, status=ImportRun.Status.SUCCEEDED, vintage__gt=self.run.vintage or "9999")
                if getattr(modules().get(run.format), "ABSENT_MEANS_ZERO", False)]
            cover: dict[str, int] = {}
            if newer:
                for covered, run_id in (Observation.objects.filter(series__dataset_id=dataset_id, import_run_id__in=newer)
                                        .values_list("period", "import_run_id").distinct()):
                    cover[covered] = run_id
            self.coverage[dataset_id] = cover
        return self.coverage[dataset_id].get(period)

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

    def route(self, value):
        key = ("route", value)
        if key not in self.resolved:
            self.resolved[key] = self.routes.resolve(value)
        return self.resolved[key]

    def normalise(self, record):
        """(dimensions with resolved codes, country and route links) or None after recording problems."""
        dims, links, ok = {}, {}, True
        for name, value in record.dimensions:
            if name in COUNTRY_DIMENSIONS:
                scheme = "unhcr" if name.startswith("unhcr_") else None
                if (value, scheme) not in self.resolved:
                    self.resolved[(value, scheme)] = self.countries.resolve(value, scheme)
                country = self.resolved[(value, scheme)]
                if country is None:
                    self.problem(Problem(self.path.name, record.row, name,
                                         f"unknown country or area {value!r}; add it to wholeroute/geo/aliases.yaml "
                                         "if it is a spelling of a known country"))
                    ok = False
                    continue
                dims[name] = country.code
                links.setdefault({"geo": "reporting_country", "citizen": "citizenship"}.get(name, ""), country)
            elif name == "route":
                route = self.route(value)
                if route is None:
                    self.problem(Problem(self.path.name, record.row, "route", f"unknown Frontex route {value!r}"))
                    ok = False
                    continue
                dims[name] = route.slug
                links["route"] = route
            else:
                dims[name] = value
                if name == "mmp_route" and "route" not in links:
                    route = self.route(value)
                    if route is not None:
                        links["route"] = route
        links.pop("", None)
        return (dims, links) if ok else None

    def add(self, record):
        self.run.read += 1
        if isinstance(record, Problem):
            self.problem(record)
            return
        oversized = _oversized(record)
        if oversized:
            self.problem(Problem(self.path.name, record.row or None, *oversized))
            return
        # A file repeats each series' dimensions on many rows: normalise them once per distinct series (failures
        # are not cached, so every row with an unknown country is reported).
        cache_key = (record.dataset.code, record.dimensions)  # a code's hash is cached, a dataclass's is not
        cached = self.normalised.get(cache_key)
        if cached is None:
            normalised = self.normalise(record)
            if normalised is None:
                return
            dims, links = normalised
            key = "|".join(f"{k}={v}" for k, v in sorted(dims.items()))[:400]
            if len(self.normalised) >= NORMALISED_CACHE:  # bounded: files with many series keep flat memory
                self.normalised.clear()
            dataset = self.dataset(record.dataset)
            cached = self.normalised[cache_key] = (dataset, dataset.pk, key, dims, links)
        self.batch.append((*cached, record))
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self):
        if not self.batch:
            return
        wanted = {(pk, key): (d, dims, links) for d, pk, key, dims, links, _ in self.batch}
        missing = [k for k in wanted if k not in self.series]
        if missing:
            for pk, dataset_id, key in Series.objects.filter(
                    dataset_id__in={k[0] for k in missing}, key__in={k[1] for k in missing}).values_list(
                    "pk", "dataset_id", "key"):
                self.series[(dataset_id, key)] = pk
            new = []
            for k in missing:
                if k not in self.series:
                    dataset, dims, links = wanted[k]
                    new.append(Series(dataset=dataset, key=k[1], dimensions=dims, unit=dataset.unit,
                                      reporting_country=links.get("reporting_country"),
                                      citizenship=links.get("citizenship"), route=links.get("route")))
            if new:
                Series.objects.bulk_create(new, batch_size=1000)  # sets pk on PostgreSQL and SQLite ≥ 3.35
                for created in new:
                    self.series[(created.dataset_id, created.key)] = created.pk
                    self.new_series.add(created.pk)
        incoming = {}
        for _dataset, dataset_id, key, _dims, _links, record in self.batch:
            series_id = self.series[(dataset_id, key)]
            point = (series_id, record.period)
            # One small int per key seen (a hash, not the key itself) keeps memory low on large files.
            seen = hash(point)
            if seen in self.seen:
                if self.seen[seen] != record.value:
                    self.problem(Problem(self.path.name, record.row, None,
                                         f"duplicate key {key} {record.period} with a different value "
                                         f"({record.value} here, {self.seen[seen]} earlier)"))
                else:
                    self.run.skipped += 1
                continue
            self.seen[seen] = record.value
            self.periods.add(record.period)
            self.series_dataset[series_id] = dataset_id
            incoming[point] = record
        # Series created by this run have no stored observations to compare with.
        known = [p for p in incoming if p[0] not in self.new_series]
        # Plain tuples (pk, value, flags, import run), not model instances: a re-import compares every value.
        existing = {(series_id, period): rest for series_id, period, *rest in Observation.objects.filter(
            series_id__in={p[0] for p in known}, period__in={p[1] for p in known}).values_list(
            "series_id", "period", "pk", "value", "flags", "import_run_id")} if known else {}
        create, rows, update, revisions = [], [], [], []
        for point, record in incoming.items():
            current = existing.get(point)
            newer = self.newer_zero_run(self.series_dataset[point[0]], record.period) \
                if current is None and record.value else None
            if newer is not None:
                # A newer vintage that publishes only non-zero cells covered this month and left the cell out:
                # zero is current, this older value is kept as "as published in vintage X".
                observation = Observation(series_id=point[0], period=record.period,
                                          period_start=period_start(record.period), value=0.0, import_run_id=newer)
                create.append(observation)
                revisions.append(ObservationRevision(observation=observation, value=record.value, flags=record.flags,
                                                     import_run=self.run, superseded_by_id=newer))
                self.run.skipped += 1
            elif current is None:
                rows.append((point[0], record.period, period_start(record.period), record.value, record.flags,
                             self.run.pk))
            elif current[1] == record.value and current[2] == record.flags:
                self.run.unchanged += 1
            elif self.is_older_than(current[3]):
                # An older vintage loaded after a newer one: the newer value stays current and this one is kept
                # as "as published in vintage X" (counted as skipped, see docs/statistics.md).
                revisions.append(ObservationRevision(observation_id=current[0], value=record.value, flags=record.flags,
                                                     import_run=self.run, superseded_by_id=current[3]))
                self.run.skipped += 1
            else:
                revisions.append(ObservationRevision(observation_id=current[0], value=current[1], flags=current[2],
                                                     import_run_id=current[3], superseded_by=self.run))
                update.append(Observation(pk=current[0], value=record.value, flags=record.flags, import_run=self.run))
        insert_rows(rows)
        Observation.objects.bulk_create(create, batch_size=1000)
        Observation.objects.bulk_update(update, ["value", "flags", "import_run"], batch_size=1000)
        for revision in revisions:
            if revision.observation_id is None:  # a new observation: its pk was set by bulk_create
                revision.observation_id = revision.observation.pk
        ObservationRevision.objects.bulk_create(revisions, batch_size=1000)
        self.run.inserted += len(rows)
        self.run.updated += len(update)
        self.batch = []

    def zero_absent_cells(self):
        """For formats that publish only non-zero cells, a cell the file leaves out within the months it covers is
        zero in this vintage: earlier non-zero values are superseded (and kept as revisions)."""
        periods = self.periods
        for dataset in self.datasets.values():
            # Cells this run set were in the file; only the others can be stale.
            candidates = (Observation.objects.filter(series__dataset=dataset, period__in=periods).exclude(value=0)
                          .exclude(import_run=self.run).only("pk", "series_id", "period", "value", "flags", "import_run_id"))
            stale = [o for o in candidates if hash((o.series_id, o.period)) not in self.seen and not self.is_older_than(o.import_run_id)]
            ObservationRevision.objects.bulk_create([
                ObservationRevision(observation=o, value=o.value, flags=o.flags, import_run_id=o.import_run_id,
                                    superseded_by=self.run) for o in stale], batch_size=1000)
            for o in stale:
                o.value, o.flags, o.import_run = 0.0, "", self.run
            Observation.objects.bulk_update(stale, ["value", "flags", "import_run"], batch_size=1000)
            self.run.updated += len(stale)


# A parser is pure and reports bad input as Problems; anything it raises half-way (a truncated gzip stream,
# undecodable bytes, a broken workbook) is still the file's fault and becomes one last Problem.
READ_ERRORS = (OSError, EOFError, UnicodeDecodeError, ValueError, LookupError, csv.Error, zlib.error,
               zipfile.BadZipFile)


def _already_current(digest, fmt):
    """The successful run that imported this exact file when nothing has been imported into its dataset since."""
    previous = ImportRun.objects.filter(sha256=digest, status=ImportRun.Status.SUCCEEDED).order_by("-started_at").first()
    if previous is None or previous.dataset_id is None or (fmt and previous.format != fmt):
        return None
    later = ImportRun.objects.filter(dataset_id=previous.dataset_id, status=ImportRun.Status.SUCCEEDED,
                                     started_at__gt=previous.started_at).exists()
    return None if later else previous


def _record_run(queued, save=True, **fields) -> ImportRun:
    """Create the run, or fill in the one queued by the web import (`actions.queue_import`). A queued run is not
    written at the start of the import's transaction, so its progress can be reported from another connection."""
    if queued is None:
        return ImportRun.objects.create(**fields)
    for name, value in fields.items():
        setattr(queued, name, value)
    if save:
        queued.save()
    return queued


def _unchanged_run(path, digest, previous, user, started, queued=None):
    """Re-import of a file already current: nothing to compare, the report says every value is unchanged."""
    with transaction.atomic():
        run = _record_run(
            queued, file_name=path.name, sha256=digest, format=previous.format, dataset_id=previous.dataset_id,
            vintage=previous.vintage, started_at=started, finished_at=timezone.now(), progress=100,
            status=ImportRun.Status.SUCCEEDED, read=previous.read, unchanged=previous.read - previous.skipped,
            skipped=previous.skipped,
            started_by=user if getattr(user, "is_authenticated", False) else None)
        audit.record(user=user, verb="indicators.import", obj=run, organisation=None,
                     after={"file_name": run.file_name, "sha256": digest, "vintage": run.vintage, "read": run.read,
                            "unchanged": run.unchanged, "same_file_as_run": previous.pk})
    return run


def _record_crash(queued, crash, **fields) -> ImportRun | None:
    """An import that stopped for a reason of its own (the database connection dropped, a bug) is stored as
    failed with its error, so the page shows it and it can be retried. Its transaction has been rolled back:
    nothing of it was written. Returns None when even that cannot be stored (the caller re-raises the crash)."""
    if connection.in_atomic_block:
        return None  # inside a caller's transaction, which has failed as a whole; the caller reports
    connection.close_if_unusable_or_obsolete()  # a dropped connection is replaced by a fresh one
    message = (f"the import stopped unexpectedly ({crash.__class__.__name__}: {str(crash).strip()[:300]}); "
               "nothing of it was written; retry it")
    try:
        with transaction.atomic():
            if queued is not None:
                queued.refresh_from_db()
            run = _record_run(queued, finished_at=timezone.now(), status=ImportRun.Status.FAILED, read=0,
                              errors=[message], **fields)
            audit.record(user=fields.get("started_by"), verb="indicators.import_crashed", obj=run,
                         after={"file_name": run.file_name, "error": message}, organisation=None)
        return run
    except DatabaseError:
        return None


def load(path, *, fmt=None, user=None, vintage=None, progress=None, run=None) -> ImportRun:
    """Import one file. Returns the ImportRun (status succeeded or failed, with counts and every error).

    `progress(rows_read)` is called every 10,000 rows. A file whose exact bytes were already imported, with
    nothing imported into its dataset since, is not read again: the run reports every value unchanged.
    `run` is a queued ImportRun to fill in (background imports from the web page); by default one is created."""
    path, queued = Path(path), run
    started = timezone.now()
    try:
        digest = sha256_of(path)
    except OSError as exc:
        digest = ""
        failure = ImportFailed([Problem(path.name, None, None, f"cannot read the file ({exc.strerror or exc})")])
    else:
        failure = None
        previous = None if vintage else _already_current(digest, fmt)
        if previous is not None:
            return _unchanged_run(path, digest, previous, user, started, queued)
    try:
        if failure:
            raise failure
        with transaction.atomic():
            run = _record_run(queued, False, file_name=path.name, sha256=digest, format=fmt or "", vintage=vintage or "",
                              status=ImportRun.Status.RUNNING, started_at=started,
                              started_by=user if getattr(user, "is_authenticated", False) else None)
            loader = _Loader(path, run, vintage)
            try:
                module = modules()[fmt] if fmt else detect(path)
            except KeyError as exc:
                raise ImportFailed([Problem(path.name, None, None, f"unknown format {fmt!r}; known formats: "
                                                                   f"{', '.join(sorted(modules()))}")]) from exc
            except (ValueError, OSError) as exc:
                raise ImportFailed([Problem(path.name, None, None, str(exc).removeprefix(f"{path.name}: "))]) from exc
            run.format = module.FORMAT
            last_row = None
            try:
                for record in module.parse(path):
                    last_row = getattr(record, "row", None) or last_row
                    loader.add(record)
                    if not run.vintage and getattr(record, "vintage", ""):
                        run.vintage = record.vintage
                    if progress and run.read % 10000 == 0:
                        progress(run.read)
            except READ_ERRORS as exc:
                loader.problem(Problem(path.name, last_row + 1 if last_row else None, None,
                                       f"the file cannot be read beyond this point ({exc.__class__.__name__}: "
                                       f"{str(exc)[:200]}); is it truncated or in another format?"))
            loader.flush()
            if getattr(module, "ABSENT_MEANS_ZERO", False) and not loader.problems:
                loader.zero_absent_cells()
            if loader.problems:
                raise ImportFailed(loader.problems, read=run.read, rejected=run.rejected)
            if run.read == 0:
                raise ImportFailed([Problem(path.name, None, None, "the file holds no data rows")])
            if progress:
                # before this transaction writes the run's row: the reporter updates it from another connection
                # and would otherwise wait for this transaction's lock on it, which waits for the reporter
                progress(run.read)
            run.dataset = next(iter(loader.datasets.values()), None)
            run.status, run.finished_at, run.progress = ImportRun.Status.SUCCEEDED, timezone.now(), 100
            run.save()
            audit.record(user=user, verb="indicators.import", obj=run,
                         after={k: getattr(run, k) for k in ("file_name", "sha256", "vintage", "read", "inserted",
                                                              "updated", "unchanged", "rejected", "skipped")},
                         organisation=None)
            return run
    except ImportFailed as failure:
        with transaction.atomic():
            if queued is not None:
                queued.refresh_from_db()  # the rolled-back transaction's changes are gone from the row
            run = _record_run(
                queued, file_name=path.name, sha256=digest, format=fmt or "", vintage=vintage or "", started_at=started,
                finished_at=timezone.now(), status=ImportRun.Status.FAILED, read=failure.read,
                rejected=failure.rejected, errors=[str(p) for p in failure.problems[:MAX_ERRORS]],
                started_by=user if getattr(user, "is_authenticated", False) else None)
            audit.record(user=user, verb="indicators.import_failed", obj=run,
                         after={"file_name": path.name, "errors": failure.rejected}, organisation=None)
        return run
    except Exception as crash:
        _record_crash(queued, crash, file_name=path.name, sha256=digest, format=fmt or "", vintage=vintage or "",
                      started_at=started, started_by=user if getattr(user, "is_authenticated", False) else None)
        raise
