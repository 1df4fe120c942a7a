"""Run the report notebooks with papermill (museum × notebook) and export each to HTML.

One process drives a pool of *spawn* workers (one per core by default). The store is opened only
briefly, read-only, to list museums before the pool starts; the notebooks connect read-only
themselves. A failing notebook becomes a failed ReportResult (museum, notebook, the cell's error in
one line); the others go on. A notebook whose topic needs a source the museum has not sent
(Topic.sources, checked against the ledger by topics/availability.py before any kernel starts) is not
run at all: its result is « skipped », with one sentence naming the missing sources, and is no failure.

The notebooks to run and their titles come from the topic registry (smq_analytics/topics/__init__.py);
every run records its reports in <out>/manifest.json (report/manifest.py), which the index reads.

Import cost (docs/ARCHITECTURE.md, « Measured facts »), measured on the project venv: `import nbformat` takes 1.6–2.1 s, of
which ~1.2 s is `rfc3987_syntax` building a lark grammar at import. jsonschema imports it for its
optional "iri" format checker (installed through jupyter-events' jsonschema[format-nongpl]); nothing
here validates IRIs. Hiding that module makes the import 0.16 s, and papermill 0.5 s instead of 2.4 s.
The runner hides it in its own process, in the workers and in the kernels it starts (plotly imports
nbformat to render figures, so every kernel would pay it too).

Speed (docs/ARCHITECTURE.md, « Measured facts »): a report's kernel is started through
report/kernel.py (debugpy hidden as well), and while a worker executes one report it already starts the
kernel of its next one (`_prefetch`): a kernel spends about a second starting, most of it waiting, not
computing. Every report still gets a fresh kernel of its own, used once, with the same start and cell
timeouts and the same retry (a retry never uses a prefetched kernel). Kernels are stopped at once
after their last cell (nothing runs in them any more), and the disclosure structure the audit needs is
read once per worker and snapshot instead of once per report.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from datetime import date
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Mapping

from .. import topics
from ..i18n import LocalizedError, Message, museum_display_name
from ..paths import notebooks_dir, reports_dir, resolve_db

KERNEL_NAME = "python3"
KERNEL_START_TIMEOUT = 120  # seconds
CELL_TIMEOUT = 300  # seconds per cell: a stuck notebook fails instead of hanging the run
KERNEL_ATTEMPTS = 2  # a kernel that dies or never answers gets one more try
SLOW_OPTIONAL_MODULE = "rfc3987_syntax"
SKIP_SLOW_IMPORT = f"import sys; sys.modules.setdefault({SLOW_OPTIONAL_MODULE!r}, None)"
# Passed to each kernel: the import guard runs before the first cell. The kernel's own log is
# silenced: it only says that it listens on local TCP and that the SIGINT jupyter_client sends at
# every shutdown was caught. Cell errors still arrive through papermill, a dead kernel through nbclient.
KERNEL_ARGUMENTS = [f"--IPKernelApp.exec_lines={SKIP_SLOW_IMPORT}", "--IPKernelApp.log_level=CRITICAL"]
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

MSG = {
    "cell_error": Message("cellule {cell} — {ename} : {evalue}", "cell {cell} — {ename}: {evalue}"),
    "other_error": Message("{ename} : {evalue}", "{ename}: {evalue}"),
    "no_museum_parameter": Message(
        "le cahier n'a pas de paramètre « museum » dans sa cellule étiquetée « parameters »",
        "the notebook has no 'museum' parameter in its cell tagged 'parameters'",
    ),
    "no_museums": Message(
        "aucun musée dans l'entrepôt {db} : chargez les paramètres (smq-analytics init)",
        "no museum in the store {db}: load the parameters (smq-analytics init)",
    ),
    "no_store": Message("entrepôt introuvable : {db}", "store not found: {db}"),
    "progress": Message("Rapports", "Reports"),
    "bad_museum": Message(
        "identifiant de musée invalide « {museum} » : minuscules, chiffres et traits d'union seulement "
        "(ex. musee-des-brumes)",
        "invalid museum id '{museum}': lower-case letters, digits and hyphens only (e.g. musee-des-brumes)",
    ),
    "bad_notebook": Message(
        "cahier refusé « {name} » : donnez le nom d'un cahier de {folder} (ex. 01_provenance)",
        "notebook refused '{name}': give the name of a notebook in {folder} (e.g. 01_provenance)",
    ),
    "no_notebook": Message("cahier introuvable : {path}", "notebook not found: {path}"),
    "unregistered_missing": Message(
        "le thème « {topic} » est déclaré dans smq_analytics/topics/__init__.py mais son cahier manque : {path}",
        "topic '{topic}' is declared in smq_analytics/topics/__init__.py but its notebook is missing: {path}",
    ),
    "outside": Message(
        "chemin de sortie hors du dossier des rapports {out} : {path}",
        "output path outside the report folder {out}: {path}",
    ),
    "undeclared_chart": Message(
        "un graphique ne déclare pas les chiffres qu'il publie : l'audit de confidentialité ne peut pas le vérifier",
        "a chart does not declare the figures it publishes: the confidentiality audit cannot check it",
    ),
}


@dataclass(frozen=True)
class ReportResult:
    """One museum × notebook run. Paths are None when the file was not produced; season, n_responses
    and generated are those the report states (None when unknown, e.g. a failed run).

    `ok` is False only for a failure. A report whose required sources the museum has not sent is
    `skipped` (docs/ARCHITECTURE.md, « Topics »): not executed, no page, `ok` True because nothing
    went wrong (the run's exit status does not count it), `error` the one sentence naming the
    missing sources. `status` is the manifest's word for it: ok, skipped or failed.
    """

    museum_id: str
    museum_name: str
    notebook: str  # notebook file stem, e.g. 01_provenance
    title: str
    ok: bool
    ipynb_path: Path | None
    html_path: Path | None
    error: str | None = None
    seconds: float = 0.0
    topic: str | None = None  # the registry's name; None for a notebook it does not know
    language: str = "fr"
    season: Any = None
    n_responses: int | None = None
    generated: str | None = None  # the day, YYYY-MM-DD
    skipped: bool = False

    @property
    def status(self) -> str:
        """« ok » (produced), « skipped » (its data is missing) or « failed » (manifest.OK, SKIPPED, FAILED)."""
        from .manifest import FAILED, OK, SKIPPED

        return SKIPPED if self.skipped else OK if self.ok else FAILED


@dataclass(frozen=True)
class _Task:
    museum_id: str
    museum_name: str
    notebook_path: Path
    title: str
    parameters: dict
    out_dir: Path
    language: str
    season: Any
    topic: str | None = None
    missing: tuple[str, ...] = ()  # required sources the museum has not sent: the report is skipped
    prefetch: bool = False  # start the kernel of the worker's next report while this one runs


def skip_slow_imports() -> None:
    """Hide the optional module that makes `import nbformat` slow (see the module docstring)."""
    sys.modules.setdefault(SLOW_OPTIONAL_MODULE, None)


def plain(value: Any) -> Any:
    """Parameters as plain Python values: numpy/pandas scalars → int/float/bool/str, paths → str."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "item"):  # numpy / pandas scalar
        return plain(value.item())
    return str(value)


def museum_names(db: str | os.PathLike | None, language: str = "fr") -> dict[str, str]:
    """{museum_id: name} from the store's museums table, read-only; the connection is closed at once."""
    from .. import store

    with store.open_store(db, read_only=True) as con:
        rows = store.query_rows(con, "SELECT museum_id, name, name_en FROM museums ORDER BY museum_id")
    return {museum_id: museum_display_name(name, name_en, language) for museum_id, name, name_en in rows}


def default_notebooks() -> list[Path]:
    """The registered topics' notebooks, in notebook order (a notebook without a registry line is not a
    report); a registered topic whose notebook is missing stops the run, naming the file."""
    paths = []
    for name in topics.notebook_names():
        path = topics.by_notebook(name).notebook_path(notebooks_dir())
        if not path.is_file():
            raise LocalizedError(MSG["unregistered_missing"].format(topic=topics.by_notebook(name).name, path=path))
        paths.append(path)
    return paths


def report_title(path: Path, language: str = "fr") -> str:
    """A report's title: the registry's (the single source), else, for a notebook the registry does not
    know (a test's own), its metadata title or leading heading, else its file name."""
    topic = topics.find_by_notebook(path)
    if topic is not None:
        return topic.title(language)
    from .html import notebook_title, read_notebook

    return notebook_title(read_notebook(path), language) or Path(path).stem


def check_museum_id(museum_id: Any) -> str:
    """A museum id as the parameters define it (params.SLUG): never a path, never '..'."""
    from ..params import SLUG

    if not isinstance(museum_id, str) or not SLUG.fullmatch(museum_id):
        raise LocalizedError(MSG["bad_museum"].format(museum=museum_id))
    return museum_id


def notebook_paths(names: list[str] | None) -> list[Path]:
    """The report notebooks named on the command line: a topic of the registry (provenance), a name in
    notebooks/ (01_provenance, with or without .ipynb) or a path to a notebook inside notebooks/;
    nothing else. None → every report."""
    folder = notebooks_dir().resolve()
    if not names:
        return default_notebooks()
    paths = []
    for name in names:
        text = str(name)
        if not text.strip() or "\0" in text:
            raise LocalizedError(MSG["bad_notebook"].format(name=text, folder=folder))
        registered = next((t for t in topics.TOPICS if t.name == text), None)
        if registered is not None:
            text = registered.notebook
        file = text if text.endswith(".ipynb") else f"{text}.ipynb"
        candidate = (Path(file) if ("/" in text or os.sep in text) else folder / file).resolve()
        if candidate.parent != folder:
            raise LocalizedError(MSG["bad_notebook"].format(name=text, folder=folder))
        if not candidate.is_file():
            raise LocalizedError(MSG["no_notebook"].format(path=candidate))
        paths.append(candidate)
    return paths


def inside(out_dir: Path, path: Path) -> Path:
    """path, resolved, when it lies inside out_dir (resolved); else LocalizedError. Checked before any
    file is created, replaced or removed."""
    root = Path(out_dir).resolve()
    resolved = Path(path).resolve()
    if resolved == root or not resolved.is_relative_to(root):
        raise LocalizedError(MSG["outside"].format(out=root, path=resolved))
    return resolved


def run_reports(
    db,
    museums: list[str] | None,
    notebooks: list[Path] | None = None,
    *,
    year: int | None = None,
    language: str = "fr",
    out_dir: Path | None = None,
    jobs: int | None = None,
    progress: bool = True,
) -> list[ReportResult]:
    """Run every notebook for every museum (all museums in the store when None).

    Writes <out_dir>/<museum>/<notebook>.ipynb and .html, and merges the results into
    <out_dir>/manifest.json (report/manifest.py); returns one result per pair, in museum then
    notebook order. A pair whose required sources the museum has not sent (for the season `year`,
    when given) is skipped without starting a kernel. Failures of a report are in the results, never raised; a museum id that is not a
    slug (params.SLUG), an output path outside out_dir or a busy store stop the run before any file is
    written (LocalizedError, one line).
    """
    from tqdm import tqdm

    from . import manifest

    db_path = resolve_db(db)
    out_dir = Path(out_dir) if out_dir is not None else reports_dir()
    notebooks = [Path(p) for p in notebooks] if notebooks is not None else default_notebooks()
    for museum_id in museums or []:  # before the store is read or any file is touched
        check_museum_id(museum_id)
    names = _names_for(db_path, museums, language)
    museum_ids = list(museums) if museums else sorted(names)
    for museum_id in museum_ids:  # ids read from the store are checked too
        check_museum_id(museum_id)
        for path in notebooks:
            for suffix in (".ipynb", ".html"):
                inside(out_dir, out_dir / museum_id / f"{path.stem}{suffix}")
    titles = {path: report_title(path, language) for path in notebooks}
    parameters = {"db": str(db_path), "language": language}
    if year is not None:
        parameters["year"] = year
    snapshot = store_snapshot(db_path)
    # a museum the store does not know is not skipped: its notebook says so, as a failure
    missing = missing_sources(db_path, [m for m in museum_ids if m in names], notebooks, year)
    tasks = [
        _Task(
            museum_id=m,
            museum_name=names.get(m, m),
            notebook_path=path.resolve(),
            title=titles[path],
            topic=getattr(topics.find_by_notebook(path), "name", None),
            parameters=plain(
                {
                    **parameters,
                    "museum": m,
                    **({"snapshot": snapshot} if snapshot and declares(path, "snapshot") else {}),
                }
            ),
            out_dir=out_dir.resolve(),
            language=language,
            season=plain(year),
            missing=missing.get((m, path), ()),
        )
        for m in museum_ids
        for path in notebooks
    ]
    if not tasks:
        return []
    results = [skipped_result(task) for task in tasks if task.missing]
    to_run = [task for task in tasks if not task.missing]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(to_run) or 1))
    # a worker prefetches a kernel only while more reports remain than workers: the last ones have
    # no successor (a prefetched kernel that is never used is stopped when its worker ends)
    to_run = [replace(task, prefetch=index < len(to_run) - workers) for index, task in enumerate(to_run)]
    bar = tqdm(total=len(to_run), disable=None if progress else True, desc=MSG["progress"](language), unit="nb")
    try:
        if not to_run:
            pass
        elif workers == 1:
            _prepare_process()
            try:
                for task in to_run:
                    results.append(run_one(task))
                    bar.update()
            finally:
                _end_process()
        else:
            import multiprocessing

            with multiprocessing.get_context("spawn").Pool(workers, initializer=_prepare_process) as pool:
                for result in pool.imap_unordered(run_one, to_run):
                    results.append(result)
                    bar.update()
                pool.close()  # workers end normally: their finalizers stop any kernel they still hold
                pool.join()
    finally:
        bar.close()
    order = {(t.museum_id, t.notebook_path.stem): i for i, t in enumerate(tasks)}
    results = sorted(results, key=lambda r: order[(r.museum_id, r.notebook)])
    manifest.update(out_dir, results)
    return results


def missing_sources(
    db_path: Path, museum_ids: list[str], notebooks: list[Path], season: Any = None
) -> dict[tuple[str, Path], tuple[str, ...]]:
    """{(museum, notebook): the required sources the museum has not sent}, for the pairs with some
    missing (topics/availability.py), from one read-only connection. A notebook the registry does not
    know requires nothing; a store that cannot be read skips nothing (the notebooks then report it)."""
    from .. import store
    from ..topics import availability

    required = {path: topics.find_by_notebook(path) for path in notebooks}
    if not any(topic is not None and topic.sources for topic in required.values()):
        return {}
    found = {}
    try:
        with store.open_store(db_path, read_only=True) as con:
            for museum_id in museum_ids:
                for path, topic in required.items():
                    if topic is not None and (absent := availability.missing_sources(con, museum_id, topic, season)):
                        found[(museum_id, path)] = absent
    except store.StoreBusyError:  # held by a writer past the wait: one line for the whole run
        raise
    except Exception:  # noqa: BLE001 — the notebooks report an unreadable store themselves, one line each
        return {}
    return found


def skipped_result(task: _Task) -> ReportResult:
    """The result of a report not executed because the museum has not sent the sources it needs."""
    from ..topics.availability import missing_sentence

    return ReportResult(
        museum_id=task.museum_id,
        museum_name=task.museum_name,
        notebook=task.notebook_path.stem,
        title=task.title,
        ok=True,
        ipynb_path=None,
        html_path=None,
        error=missing_sentence(task.missing, task.season, task.language),
        topic=task.topic,
        language=task.language,
        season=task.season,
        generated=date.today().isoformat(),
        skipped=True,
    )


def store_snapshot(db_path: Path) -> str | None:
    """The store's fingerprint at the start of a run (None when the store cannot be read)."""
    from .. import store

    try:
        with store.open_store(db_path, read_only=True) as con:
            return store.snapshot_id(con)
    except store.StoreBusyError:  # held by a writer past the wait: one line for the whole run
        raise
    except Exception:  # the notebooks report an unreadable store themselves, one line each
        return None


def audit_report(nb, db, snapshot: str | None = None) -> None:
    """The disclosure audit of an executed report, from the figures it actually shows.

    Every chart must declare the cells it publishes; the audit then checks that no small group can
    be rebuilt from all of them together. Raises DisclosureError (the report is then not written).
    `snapshot`: the run's store fingerprint; given, the store's structure is read once per process
    for that fingerprint instead of once per report.
    """
    from .. import disclosure

    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) or []:
            figure = (output.get("data") or {}).get("application/vnd.plotly.v1+json")
            if figure is not None:
                meta = (figure.get("layout") or {}).get("meta") or {}
                if not isinstance(meta, dict) or "smq_cells" not in meta:
                    raise disclosure.DisclosureError(MSG["undeclared_chart"])
    cells = disclosure.cells_from_outputs(nb)
    if not cells:
        return
    disclosure.check(cells, _structure(db, snapshot))


_STRUCTURES: dict[tuple[str, str], Any] = {}  # (store, snapshot) → disclosure.Structure, per process


def _structure(db, snapshot: str | None):
    """disclosure.structure_from_store, read once per store and snapshot in this process (without a
    snapshot, read every time). The cache is emptied at the end of every run (_end_process)."""
    from .. import disclosure, store

    key = (str(db), snapshot)
    if snapshot and key in _STRUCTURES:
        return _STRUCTURES[key]
    with store.open_store(db, read_only=True) as con:
        structure = disclosure.structure_from_store(con)
    if snapshot:
        _STRUCTURES[key] = structure
    return structure


def _names_for(db_path: Path, museums: list[str] | None, language: str = "fr") -> dict[str, str]:
    from ..store import StoreBusyError

    if museums:
        try:
            return museum_names(db_path, language)
        except StoreBusyError:  # held by a writer past the wait: one line for the whole run
            raise
        except Exception:  # names are a nicety; the notebooks report a missing store themselves
            return {}
    if not db_path.is_file():
        raise LocalizedError(MSG["no_store"].format(db=db_path))
    names = museum_names(db_path, language)
    if not names:
        raise LocalizedError(MSG["no_museums"].format(db=db_path))
    return names


def _prepare_process() -> None:
    """Each worker: fast imports, quiet logs, and the python3 kernel of this environment."""
    import logging

    skip_slow_imports()
    logging.getLogger("papermill").setLevel(logging.ERROR)
    # A python3 kernelspec in the user's own Jupyter folder would otherwise win over this venv's.
    here = os.path.join(sys.prefix, "share", "jupyter")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (here, os.environ.get("JUPYTER_PATH")) if p)
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # ipykernel's debugger warning
    import multiprocessing

    if multiprocessing.parent_process() is not None:  # a pool worker: stop its kernel when it ends
        from multiprocessing.util import Finalize

        Finalize(None, _end_process, exitpriority=10)


def _end_process() -> None:
    """End of a run in this process: stop the prefetched kernel, forget the cached structures."""
    _discard_prefetched()
    _STRUCTURES.clear()


# --- the next report's kernel, started early -------------------------------------------------------

_PREFETCHED: dict[str, Any] = {}  # {"km": a started kernel manager, "cwd": its working directory}


def _start_kernel(cwd: Path):
    """A kernel started (not yet waited for) as papermill would start it: this environment's python3
    kernelspec through report/kernel.py, the same arguments, history in memory, working directory cwd."""
    from jupyter_core.utils import run_sync

    from .kernel import manager_class

    km = manager_class()(kernel_name=KERNEL_NAME)
    run_sync(km.start_kernel)(extra_arguments=[*KERNEL_ARGUMENTS, "--HistoryManager.hist_file=:memory:"], cwd=str(cwd))
    return km


def _stop_kernel(km) -> None:
    """Stop a kernel the runner started (immediately: no cell runs in it any more); never raises."""
    from jupyter_core.utils import run_sync

    try:
        if run_sync(km.is_alive)():
            run_sync(km.shutdown_kernel)(now=True)
        else:
            run_sync(km.cleanup_resources)()
    except Exception:  # noqa: BLE001 — a kernel that is already gone needs nothing more
        pass


def _prefetch(cwd: Path) -> None:
    """Start the kernel of this process's next report now, while the current one runs."""
    _discard_prefetched()
    try:
        _PREFETCHED.update(km=_start_kernel(cwd), cwd=str(cwd))
    except Exception:  # noqa: BLE001 — no head start: the next report starts its own kernel
        _PREFETCHED.clear()


def _take_prefetched(cwd: Path):
    """The prefetched kernel when it was started for cwd and is alive, else None (and it is stopped)."""
    km, where = _PREFETCHED.pop("km", None), _PREFETCHED.pop("cwd", None)
    if km is None:
        return None
    from jupyter_core.utils import run_sync

    try:
        if where == str(cwd) and run_sync(km.is_alive)():
            return km
    except Exception:  # noqa: BLE001 — unusable: stopped below
        pass
    _stop_kernel(km)
    return None


def _discard_prefetched() -> None:
    km = _PREFETCHED.pop("km", None)
    _PREFETCHED.clear()
    if km is not None:
        _stop_kernel(km)


def run_one(task: _Task) -> ReportResult:
    """Execute one notebook for one museum and export it; never raises."""
    start = time.perf_counter()
    folder = task.out_dir / task.museum_id
    ipynb = folder / f"{task.notebook_path.stem}.ipynb"
    html_path = folder / f"{task.notebook_path.stem}.html"
    try:  # run_reports checked these already; a task built by other code is checked here too
        check_museum_id(task.museum_id)
        folder, ipynb, html_path = (inside(task.out_dir, p) for p in (folder, ipynb, html_path))
    except LocalizedError as exc:
        return ReportResult(
            museum_id=task.museum_id,
            museum_name=task.museum_name,
            notebook=task.notebook_path.stem,
            title=task.title,
            ok=False,
            ipynb_path=None,
            html_path=None,
            error=exc.text(task.language),
            topic=task.topic,
            language=task.language,
            season=task.season,
        )

    day = date.today()  # one day for the page and the manifest
    facts = {"season": task.season, "n_responses": None}

    def result(ok: bool, error: str | None = None, produced: bool = False) -> ReportResult:
        return ReportResult(
            museum_id=task.museum_id,
            museum_name=task.museum_name,
            notebook=task.notebook_path.stem,
            title=task.title,
            ok=ok,
            ipynb_path=ipynb if ipynb.is_file() else None,
            html_path=html_path if produced else None,
            error=error,
            seconds=round(time.perf_counter() - start, 3),
            topic=task.topic,
            language=task.language,
            season=facts["season"],
            n_responses=facts["n_responses"],
            generated=day.isoformat(),
        )

    folder.mkdir(parents=True, exist_ok=True)
    cwd = task.notebook_path.parent
    km = _take_prefetched(cwd)
    if task.prefetch:
        _prefetch(cwd)
    try:
        nb = execute_with_retry(task.notebook_path, ipynb, task.parameters, language=task.language, km=km)
        audit_report(nb, task.parameters["db"], task.parameters.get("snapshot"))
        from .html import export, report_facts

        # the report replaces the previous one only once complete (a failed run keeps the last good one)
        partial = html_path.with_name(f".{html_path.name}.partial")
        export(
            nb,
            partial,
            title=task.title,
            language=task.language,
            museum=task.museum_name,
            season=task.season,
            generated=day,
            period=getattr(topics.find_by_notebook(task.notebook_path), "period", None),
        )
        os.replace(partial, html_path)
        facts.update(report_facts(nb, task.language, task.season))
    except Exception as exc:  # noqa: BLE001 — every failure is reported, none stops the run
        return result(False, one_line_error(exc, task.language))
    return result(True, produced=True)


def kernel_failure(exc: BaseException) -> bool:
    """A failure of the kernel itself (died, did not start or answer in time), not of a cell's code."""
    if getattr(exc, "ename", None) is not None:  # papermill's cell error: the notebook's own fault
        return False
    names = {type(e).__name__ for e in (exc, exc.__cause__, exc.__context__) if e is not None}
    return bool(names & {"DeadKernelError", "TimeoutError", "CellTimeoutError", "RuntimeError", "Empty"})


def execute_with_retry(
    notebook_path: Path,
    output_path: Path | None,
    parameters: dict,
    *,
    language: str = "fr",
    attempts: int = KERNEL_ATTEMPTS,
    cell_timeout: int = CELL_TIMEOUT,
    km=None,
):
    """execute(), tried again once when the kernel itself failed (a busy machine can starve a starting
    kernel); a cell error is not retried. Every attempt is bounded by the start and cell timeouts.

    km: a kernel already started for this report (prefetched), used by the first attempt only and
    stopped once it is over, whatever happened; a retry starts a new kernel."""
    for attempt in range(1, attempts + 1):
        given, km = km, None
        try:
            return execute(
                notebook_path, output_path, parameters, language=language, cell_timeout=cell_timeout, km=given
            )
        except Exception as exc:
            if attempt == attempts or not kernel_failure(exc):
                raise
        finally:
            if given is not None:
                _stop_kernel(given)


def execute(
    notebook_path: Path,
    output_path: Path | None,
    parameters: dict,
    *,
    language: str = "fr",
    cell_timeout: int = CELL_TIMEOUT,
    km=None,
):
    """papermill with this environment's python3 kernel (started through report/kernel.py), no save
    after each cell, the kernel stopped at once after the last one.

    km: a kernel manager whose kernel is already started (the runner's prefetched kernel); papermill
    then connects to it, within the same start timeout, and leaves stopping it to the caller."""
    skip_slow_imports()
    import papermill

    from .kernel import manager_class

    if "museum" in parameters and not declares(notebook_path, "museum"):
        raise LocalizedError(MSG["no_museum_parameter"])
    engine = {"km": km} if km is not None else {"kernel_manager_class": manager_class()}
    return papermill.execute_notebook(
        str(notebook_path),
        None if output_path is None else str(output_path),
        parameters=plain(parameters),
        kernel_name=KERNEL_NAME,
        progress_bar=False,
        request_save_on_cell_execute=False,
        log_output=False,
        cwd=str(notebook_path.parent),
        start_timeout=KERNEL_START_TIMEOUT,
        execution_timeout=cell_timeout,
        extra_arguments=KERNEL_ARGUMENTS,
        shutdown_kernel="immediate",
        **engine,
    )


def declares(notebook_path: Path, name: str) -> bool:
    """Whether the cell tagged 'parameters' assigns `name` (papermill's own parser gives up on some
    comments, so a plain line match is used)."""
    nb = json.loads(Path(notebook_path).read_text(encoding="utf-8"))
    assignment = re.compile(rf"^\s*{re.escape(name)}\s*(?::[^=]*)?=", re.MULTILINE)
    return any(
        "parameters" in cell.get("metadata", {}).get("tags", []) and assignment.search("".join(cell.get("source", "")))
        for cell in nb.get("cells", [])
    )


def one_line_error(exc: BaseException, language: str = "fr") -> str:
    """The failing cell's error as one line (papermill's execution error), else the exception."""
    if isinstance(exc, LocalizedError):
        return exc.text(language)
    ename = getattr(exc, "ename", None)
    if ename is not None and hasattr(exc, "evalue"):
        cell = getattr(exc, "exec_count", None) or (getattr(exc, "cell_index", 0) or 0) + 1
        text = MSG["cell_error"](language).format(cell=cell, ename=ename, evalue=exc.evalue)
    else:
        text = MSG["other_error"](language).format(ename=type(exc).__name__, evalue=exc)
    return " ".join(ANSI.sub("", text).split())


def store_outputs(notebook_path: Path, parameters: dict) -> Path:
    """Re-execute a notebook in place (outputs for nbval), byte-identical run after run, in the
    canonical minimal form of report/stored.py. On failure the notebook is left untouched and the
    error raised."""
    from .stored import strip_run_metadata, write_canonical

    path = Path(notebook_path)
    _prepare_process()
    try:
        nb = execute(path, None, parameters)
    except Exception as exc:
        raise LocalizedError(
            Message(f"{path.name} : {one_line_error(exc, 'fr')}", f"{path.name}: {one_line_error(exc, 'en')}")
        ) from exc
    write_canonical(strip_run_metadata(nb), path)
    return path
