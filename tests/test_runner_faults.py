"""Faults the command line meets: a store held by another process, a reader that closes the pipe,
museum ids and notebook names that try to leave their folders. Each ends in one line, nothing else.
And the kernels the runner starts: a fresh one per report (the next one started early, never reused,
never given to a retry), every one stopped at the end of the run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from smq_analytics import store
from smq_analytics.cli import EXIT_CLOSED_PIPE, main
from smq_analytics.paths import notebooks_dir
from smq_analytics.report import runner

CLI = [sys.executable, "-m", "smq_analytics.cli"]


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.delenv("SMQ_DB", raising=False)
    monkeypatch.setenv("SMQ_LANG", "fr")
    path = tmp_path / "faults.duckdb"
    assert main(["--db", str(path), "init"]) == 0
    return path


class Writer:
    """A second process that holds a write connection to the store until stopped."""

    def __init__(self, db: Path, seconds: float = 60):
        code = (
            "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('ready', flush=True); "
            f"time.sleep({seconds})"
        )
        self.process = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == "ready"

    def stop(self):
        self.process.kill()
        self.process.wait(timeout=30)


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["ingest", "attendance", "x.csv", "--museum", "musee-des-brumes"],
        ["run", "--museum", "musee-des-brumes"],
    ],
)
def test_a_store_held_by_a_writer_fails_in_one_line_naming_the_process(db, tmp_path, command):
    writer = Writer(db)
    try:
        start = time.monotonic()
        done = subprocess.run(
            [*CLI, "--db", str(db), *command],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
            env={**os.environ, "SMQ_LANG": "fr"},
        )
        waited = time.monotonic() - start
    finally:
        writer.stop()
    assert done.returncode == 1
    line = one_line(done.stderr)
    assert line.startswith("Erreur : entrepôt occupé : ") and str(db) in line
    assert f"PID {writer.process.pid}" in line and "relancez la commande" in line
    assert waited >= sum(store.BUSY_WAITS)  # it waited and tried again before failing


def test_a_reader_waits_for_a_short_write_to_end(db):
    writer = Writer(db, seconds=1.0)
    try:
        with store.open_store(db, read_only=True) as con:  # retried until the writer is gone
            assert store.query_rows(con, "SELECT count(*) FROM museums")[0][0] > 0
    finally:
        writer.stop()


def test_busy_message_in_english_without_a_pid():
    error = store.busy_error(Path("/x/s.duckdb"), 'IO Error: Could not set lock on file "/x/s.duckdb"')
    assert error.text("en") == (
        "store busy: /x/s.duckdb is open in another process; wait until its load or "
        "report is over, then run the command again."
    )
    assert isinstance(error, store.StoreError)


def test_a_closed_pipe_is_not_an_error(db):
    """The reader is gone before the command writes: nothing on stderr, exit status 141 (128 + SIGPIPE)."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [*CLI, "--db", str(db), "status"], stdout=write, stderr=subprocess.PIPE, text=True, timeout=120
        )
    finally:
        os.close(write)
    assert done.stderr == ""
    assert done.returncode == EXIT_CLOSED_PIPE == 141


def test_status_piped_into_head(db):
    done = subprocess.run(
        f"{' '.join(CLI)} --db '{db}' status --rejections 1000 | head -c 1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
        executable="/bin/bash",
    )
    assert done.returncode == 0 and "Broken pipe" not in done.stderr and "Errno" not in done.stderr
    assert done.stderr == ""


@pytest.mark.parametrize("museum", ["../../x", "..", "a/b", "/tmp/x", "Musée", "mus-a/../../y", ""])
def test_a_museum_id_that_is_not_a_slug_is_refused_before_any_file_is_touched(db, tmp_path, capsys, museum):
    victim = tmp_path / "x"
    victim.mkdir()
    (victim / "precious.html").write_text("keep me", encoding="utf-8")
    out = tmp_path / "out" / "reports"
    code = main(["--db", str(db), "run", "--museum", museum, "--notebook", "01_provenance", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    line = one_line(err)
    assert line.startswith("Erreur : identifiant de musée invalide")
    assert (victim / "precious.html").read_text(encoding="utf-8") == "keep me"
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["faults.duckdb", "x"]


def test_run_reports_refuses_an_escaping_museum_id(db, tmp_path):
    with pytest.raises(runner.LocalizedError, match="identifiant de musée invalide"):
        runner.run_reports(db, ["../../x"], [], out_dir=tmp_path / "out", progress=False)
    assert not (tmp_path / "out").exists()


def test_run_one_never_writes_outside_the_output_folder(tmp_path):
    task = runner._Task(
        museum_id="../../escape",
        museum_name="x",
        notebook_path=Path("/nowhere/01_x.ipynb"),
        title="t",
        parameters={},
        out_dir=tmp_path / "out",
        language="en",
        season=None,
    )
    result = runner.run_one(task)
    assert not result.ok and result.error.startswith("invalid museum id '../../escape'")
    assert list(tmp_path.iterdir()) == []


def test_a_symlinked_museum_folder_that_leads_outside_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (out / "mus-a").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(runner.LocalizedError, match="hors du dossier des rapports"):
        runner.inside(out, out / "mus-a" / "01_x.html")


@pytest.mark.parametrize(
    "name",
    ["../tests/fixtures/report/fixture_report", "/etc/passwd", "../../../../tmp/evil.ipynb", "sub/../../README.md"],
)
def test_a_notebook_outside_notebooks_is_refused(db, tmp_path, capsys, name):
    code = main(
        ["--db", str(db), "run", "--museum", "musee-des-brumes", "--notebook", name, "--out", str(tmp_path / "out")]
    )
    assert code == 1
    assert one_line(capsys.readouterr().err).startswith("Erreur : cahier refusé")
    assert not (tmp_path / "out").exists()


def test_a_notebook_by_name_or_by_path_inside_notebooks(monkeypatch):
    first = sorted(notebooks_dir().glob("[0-9][0-9]_*.ipynb"))[0]
    assert runner.notebook_paths([first.stem]) == [first.resolve()]
    assert runner.notebook_paths([first.name]) == [first.resolve()]
    monkeypatch.chdir(notebooks_dir().parent)
    assert runner.notebook_paths([f"notebooks/{first.name}"]) == [first.resolve()]
    with pytest.raises(runner.LocalizedError, match="cahier introuvable"):
        runner.notebook_paths(["99_absent"])


# --- the kernels the runner starts (report/kernel.py, runner._prefetch) ---------------------------


def test_the_kernel_command_swaps_only_ipykernels_launcher():
    from smq_analytics.report.kernel import MODULE, kernel_command

    command = ["/venv/bin/python", "-m", "ipykernel_launcher", "-f", "/tmp/k.json", "--IPKernelApp.x=1"]
    assert kernel_command(command) == ["/venv/bin/python", "-m", MODULE, "-f", "/tmp/k.json", "--IPKernelApp.x=1"]
    other = ["/usr/bin/julia", "-i", "kernel.jl", "/tmp/k.json"]
    assert kernel_command(other) == other


PROBE = (
    "import json, os, sys\n"
    "print(json.dumps({'pid': os.getpid(), 'cwd': os.getcwd(), 'museum': museum,"
    " 'hidden': [m for m in ('debugpy', 'rfc3987_syntax') if m in sys.modules and sys.modules[m] is None]}))"
)


def probe_notebook(path: Path) -> Path:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    parameters = new_code_cell('museum = ""\ndb = ""\nlanguage = "fr"')
    parameters.metadata["tags"] = ["parameters"]
    nb = new_notebook(cells=[parameters, new_code_cell(PROBE)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for number, cell in enumerate(nb.cells):
        cell.id = f"cell-{number}"
    nbformat.write(nb, str(path))
    return path


def kernel_processes() -> set[int]:
    """Processes started as report kernels (report/kernel.py) whose parent is this process."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and b"smq_analytics.report.kernel" in command:
            found.add(int(entry.name))
    return found


def test_each_report_gets_its_own_fresh_kernel_the_next_one_started_early(tmp_path, monkeypatch):
    from report_support import MUSEUMS, build_store

    db = build_store(tmp_path / "store.duckdb")
    folder = tmp_path / "notebooks"
    folder.mkdir()
    notebook = probe_notebook(folder / "probe.ipynb")
    used, started = [], []
    execute, start = runner.execute, runner._start_kernel
    monkeypatch.setattr(runner, "execute", lambda *a, km=None, **k: used.append(km) or execute(*a, km=km, **k))
    monkeypatch.setattr(runner, "_start_kernel", lambda cwd: started.append(cwd) or start(cwd))
    before = kernel_processes()
    museums = [m for m, _ in MUSEUMS]
    results = runner.run_reports(db, museums, [notebook], out_dir=tmp_path / "out", jobs=1, progress=False)
    assert [r.error for r in results] == [None] * len(museums)
    seen = []
    for result in results:
        nb = json.loads(result.ipynb_path.read_text(encoding="utf-8"))
        seen.append(json.loads("".join(nb["cells"][-1]["outputs"][0]["text"])))
    assert [s["museum"] for s in seen] == museums
    assert len({s["pid"] for s in seen}) == len(museums)  # one kernel per report, never reused
    assert all(s["hidden"] == ["debugpy", "rfc3987_syntax"] for s in seen)
    assert all(Path(s["cwd"]) == folder for s in seen)  # the notebook's folder, prefetched or not
    # the first report starts its own kernel; the last one, having no successor, prefetches none
    assert started == [folder] * (len(museums) - 1)
    assert used[0] is None and all(km is not None for km in used[1:])
    assert kernel_processes() - before == set()  # every kernel stopped


def test_a_retry_never_reuses_the_prefetched_kernel(monkeypatch, tmp_path):
    class DeadKernelError(RuntimeError):
        pass

    calls, stopped = [], []
    given = object()

    def fake_execute(path, out, parameters, *, language="fr", cell_timeout=0, km=None):
        calls.append(km)
        if len(calls) == 1:
            raise DeadKernelError("kernel died")
        return {"cells": []}

    monkeypatch.setattr(runner, "execute", fake_execute)
    monkeypatch.setattr(runner, "_stop_kernel", stopped.append)
    assert runner.execute_with_retry(tmp_path / "x.ipynb", None, {}, km=given) == {"cells": []}
    assert calls == [given, None] and stopped == [given]
    calls.clear()
    stopped.clear()
    monkeypatch.setattr(runner, "execute", lambda *a, km=None, **k: calls.append(km) or 1 / 0)
    with pytest.raises(ZeroDivisionError):  # a cell's error: no retry, the kernel stopped all the same
        runner.execute_with_retry(tmp_path / "x.ipynb", None, {}, km=given)
    assert calls == [given] and stopped == [given]


def test_the_audit_reads_the_store_structure_once_per_snapshot(tmp_path, monkeypatch):
    from report_support import build_store

    from smq_analytics import disclosure

    db = build_store(tmp_path / "store.duckdb")
    reads = []
    read = disclosure.structure_from_store
    monkeypatch.setattr(disclosure, "structure_from_store", lambda con: reads.append(1) or read(con))
    first = runner._structure(db, "snap-1")
    assert runner._structure(db, "snap-1") is first and len(reads) == 1
    runner._structure(db, "snap-2")
    assert len(reads) == 2  # another snapshot: read again
    runner._structure(db, None), runner._structure(db, None)
    assert len(reads) == 4  # no snapshot: never cached
    runner._end_process()  # the end of a run forgets them
    runner._structure(db, "snap-1")
    assert len(reads) == 5
    runner._end_process()
