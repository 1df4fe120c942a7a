"""Report runner cost as ratios against floors measured in the same run (no assertions).

    python benchmarks/bench_runner.py [N]

Floors: one empty notebook executed by papermill in this process (kernel start + stop), and the
import of nbformat in a fresh interpreter. Printed: N trivial notebooks through run_reports with the
spawn pool and serially (jobs=1), serially without the next kernel started early (runner._prefetch
off), a kernel's start until it answers through ipykernel_launcher and through report/kernel.py, and
the import with the slow optional module hidden.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from smq_analytics.report import runner
from smq_analytics.report.runner import SLOW_OPTIONAL_MODULE, execute, run_reports, skip_slow_imports


def write_notebook(path: Path, cells: list) -> Path:
    import nbformat
    from nbformat.v4 import new_notebook

    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for number, cell in enumerate(nb.cells):
        cell.id = f"cell-{number}"
    nbformat.write(nb, str(path))
    return path


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def import_seconds(hide_slow_module: bool) -> float:
    guard = f"import sys; sys.modules[{SLOW_OPTIONAL_MODULE!r}] = None; " if hide_slow_module else ""
    code = f"{guard}import time; t = time.perf_counter(); import nbformat; print(time.perf_counter() - t)"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def kernel_ready_seconds(through_report_kernel: bool) -> float:
    """Start one kernel and wait until it answers; the time until then (it is stopped after)."""
    from jupyter_client.manager import KernelManager

    from smq_analytics.report.kernel import kernel_command

    class Manager(KernelManager):
        def format_kernel_cmd(self, extra_arguments=None):
            command = super().format_kernel_cmd(extra_arguments)
            return kernel_command(command) if through_report_kernel else command

    start = time.perf_counter()
    km = Manager(kernel_name=runner.KERNEL_NAME)
    km.start_kernel(extra_arguments=runner.KERNEL_ARGUMENTS)
    client = km.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=runner.KERNEL_START_TIMEOUT)
        return time.perf_counter() - start
    finally:
        client.stop_channels()
        km.shutdown_kernel(now=True)


def main(argv: list[str]) -> None:
    count = int(argv[0]) if argv else 8
    skip_slow_imports()
    with tempfile.TemporaryDirectory() as folder:
        from nbformat.v4 import new_code_cell

        tmp = Path(folder)
        parameters = new_code_cell('museum = "m"\ndb = ""\nlanguage = "fr"')
        parameters.metadata["tags"] = ["parameters"]
        trivial = write_notebook(tmp / "trivial.ipynb", [parameters, new_code_cell("x = 1\nx")])
        empty = write_notebook(tmp / "empty.ipynb", [new_code_cell("")])

        execute(empty, None, {})  # warm this process's imports; the floor is the second run
        floor = timed(lambda: execute(empty, None, {}))
        museums = [f"m{i:02d}" for i in range(count)]
        db = tmp / "absent.duckdb"  # the trivial notebook never opens the store
        pool = timed(lambda: run_reports(db, museums, [trivial], out_dir=tmp / "pool", progress=False))
        serial = timed(lambda: run_reports(db, museums, [trivial], out_dir=tmp / "serial", jobs=1, progress=False))
        prefetch, runner._prefetch = runner._prefetch, lambda cwd: None
        try:
            cold = timed(lambda: run_reports(db, museums, [trivial], out_dir=tmp / "cold", jobs=1, progress=False))
        finally:
            runner._prefetch = prefetch
        runner._prepare_process()
        launcher = min(kernel_ready_seconds(False) for _ in range(3))
        report_kernel = min(kernel_ready_seconds(True) for _ in range(3))

    plain_import = min(import_seconds(False) for _ in range(3))
    fast_import = min(import_seconds(True) for _ in range(3))
    print(f"floor: empty notebook in this process {floor:.2f} s; import nbformat {plain_import:.2f} s")
    print(
        f"{count} trivial notebooks, spawn pool : {pool / floor:5.2f} × floor "
        f"({pool / (count * floor):.2f} × floor per notebook)"
    )
    print(
        f"{count} trivial notebooks, serial     : {serial / floor:5.2f} × floor "
        f"({serial / (count * floor):.2f} × floor per notebook)"
    )
    print(
        f"{count} trivial notebooks, serial, no kernel started early: {cold / floor:5.2f} × floor "
        f"(with: {serial / cold:.2f} × without)"
    )
    print(f"kernel ready through report/kernel.py: {report_kernel / launcher:.2f} × through ipykernel_launcher")
    print(f"import nbformat with {SLOW_OPTIONAL_MODULE} hidden: {fast_import / plain_import:.2f} × plain import")


if __name__ == "__main__":
    main(sys.argv[1:])
