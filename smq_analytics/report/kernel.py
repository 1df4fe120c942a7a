"""The report kernel: this environment's ipykernel, started without two optional modules it never uses.

`python -m smq_analytics.report.kernel -f <connection file>` is `python -m ipykernel_launcher` with
`rfc3987_syntax` and `debugpy` hidden before ipykernel is imported (docs/ARCHITECTURE.md, « Measured
facts »): ipykernel imports debugpy at start-up for its debugger (~0.1 s of CPU and ~0.3 s before the
kernel answers, in every report), and a report is executed by papermill, never debugged. Hidden,
ipykernel reports the debugger as unavailable and works as before. `rfc3987_syntax` is the module that
makes `import nbformat` slow (report/runner.py); plotly imports nbformat in every kernel.

The runner hands papermill `ReportKernelManager` (via `manager_class()`), which swaps only the
`-m ipykernel_launcher` of the python3 kernelspec for this module: the same interpreter, connection
file, arguments, working directory and timeouts.
"""

from __future__ import annotations

import sys
from functools import cache

HIDDEN_MODULES = ("rfc3987_syntax", "debugpy")
LAUNCHER = "ipykernel_launcher"
MODULE = "smq_analytics.report.kernel"  # this module, also when it runs as __main__


def hide_optional_modules() -> None:
    """Make `import <module>` fail with ImportError for the modules nothing in a report needs."""
    for name in HIDDEN_MODULES:
        sys.modules.setdefault(name, None)


def kernel_command(cmd: list[str]) -> list[str]:
    """The kernelspec's command with `-m ipykernel_launcher` replaced by `-m smq_analytics.report.kernel`;
    any other command (a kernelspec that does not start ipykernel that way) is returned unchanged."""
    for index in range(len(cmd) - 1):
        if cmd[index] == "-m" and cmd[index + 1] == LAUNCHER:
            return [*cmd[: index + 1], MODULE, *cmd[index + 2 :]]
    return list(cmd)


@cache
def manager_class():
    """jupyter_client's AsyncKernelManager (nbclient's default) starting kernels through this module."""
    from jupyter_client.manager import AsyncKernelManager

    class ReportKernelManager(AsyncKernelManager):
        def format_kernel_cmd(self, extra_arguments=None):
            return kernel_command(super().format_kernel_cmd(extra_arguments))

    return ReportKernelManager


def main() -> None:
    """ipykernel_launcher's own steps, after hiding the optional modules."""
    hide_optional_modules()
    if sys.path and sys.path[0] == "":  # as ipykernel_launcher: the kernel does not import from ''
        del sys.path[0]
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
