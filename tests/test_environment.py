"""environment.yml (conda users) and pyproject.toml (pip users) list the same dependencies; requirements.lock
pins every one of them, and the build backend, with hashes (pip install --require-hashes)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# conda-forge names that differ from PyPI names
CONDA_TO_PYPI = {"python-duckdb": "duckdb"}
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$")


def _normalise(requirement: str) -> tuple[str, str]:
    name, spec = REQUIREMENT.match(requirement).groups()
    name = CONDA_TO_PYPI.get(name.lower(), name.lower()).replace("_", "-")
    return name, spec.replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        listed += extra
    return dict(_normalise(r) for r in listed)


def conda_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    names = [d for d in env["dependencies"] if isinstance(d, str)]
    return dict(_normalise(d) for d in names if not d.startswith(("python", "pip")) or d.startswith("python-"))


def test_environment_yml_matches_pyproject():
    assert conda_requirements() == pyproject_requirements()


def test_python_floor_is_the_same():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    python = [d for d in env["dependencies"] if isinstance(d, str) and re.match(r"python\s*[<>=]", d)]
    assert python == ["python" + project["requires-python"]]


LOCK = ROOT / "requirements.lock"
LOCK_ENTRY = re.compile(r"^(?P<name>[A-Za-z0-9_.\-]+)==(?P<version>[^\s;\\]+)")
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}\b")


def lock_entries() -> dict[str, dict]:
    """{normalised name: {version, hashes, line}} from requirements.lock (pip-compile layout: one
    `name==version \\` line, then its `--hash=sha256:…` lines, then `# via` comments)."""
    entries: dict[str, dict] = {}
    current = None
    for number, line in enumerate(LOCK.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if match := LOCK_ENTRY.match(line):
            name = match["name"].lower().replace("_", "-").replace(".", "-")
            assert name not in entries, f"requirements.lock:{number}: {name} pinned twice"
            current = entries[name] = {"version": match["version"], "hashes": [], "line": number}
            entries[name]["hashes"] += HASH.findall(line)
        else:
            assert current is not None and stripped.startswith("--hash="), (
                f"requirements.lock:{number}: neither a pin nor a hash: {stripped!r}"
            )
            current["hashes"] += HASH.findall(line)
    return entries


def test_every_dependency_is_pinned_in_the_lock():
    pins = lock_entries()
    missing = sorted(set(pyproject_requirements()) - set(pins))
    assert missing == []


def test_every_pin_has_a_hash_and_is_exact():
    entries = lock_entries()
    assert len(entries) > 50
    unhashed = sorted(name for name, entry in entries.items() if not entry["hashes"])
    assert unhashed == []
    assert all(re.fullmatch(r"[0-9A-Za-z.+!]+", entry["version"]) for entry in entries.values())


def test_build_backend_is_pinned_and_in_the_lock_with_its_hash():
    system = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]
    assert system["build-backend"] == "setuptools.build_meta"
    [requirement] = system["requires"]
    name, version = requirement.split("==")
    entry = lock_entries()[name]
    assert entry["version"] == version and entry["hashes"]


def test_make_install_checks_hashes_and_builds_with_the_pinned_backend():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    install = makefile[makefile.index("$(STAMP):") :]
    install = install[: install.index("@touch $@")]
    assert "--require-hashes -r requirements.lock" in install
    assert "--no-deps --no-build-isolation -e ." in install
    assert "-c requirements.lock" not in install  # constraints alone check no hash


def test_no_stale_entries_in_the_lock():
    """Every pinned package is needed: a dependency of the project (with the test extra), of another
    pinned package, or the build backend. Checked against the installed distributions' metadata."""
    from importlib import metadata

    from packaging.requirements import Requirement

    entries = lock_entries()
    needed = set(pyproject_requirements())
    system = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]
    needed |= {Requirement(r).name.lower() for r in system["requires"]}
    todo = list(needed)
    while todo:
        name = todo.pop()
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for text in requires:
            requirement = Requirement(text)
            if requirement.marker and not any(
                requirement.marker.evaluate({"extra": extra}) for extra in ("", "css", "format-nongpl")
            ):
                continue
            dependency = requirement.name.lower().replace("_", "-").replace(".", "-")
            if dependency not in needed:
                needed.add(dependency)
                todo.append(dependency)
    stale = sorted(set(entries) - needed)
    assert stale == []


def test_make_lab_starts_as_root_too():
    """Jupyter refuses root without --allow-root (containers and CI run as root): the command the
    Makefile builds passes it exactly when the user is root. Checked with `make -n` (nothing runs)."""
    import os
    import shutil
    import subprocess

    import pytest

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    dry = subprocess.run(["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert dry.returncode == 0, dry.stderr
    [command] = [line for line in dry.stdout.splitlines() if "jupyter lab" in line]
    shown = subprocess.run(
        ["bash", "-c", command.replace(".venv/bin/jupyter lab", "echo jupyter lab")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "SMQ_DB": "/tmp/x.duckdb"},
    )
    arguments = shown.stdout.split()
    assert arguments[:2] == ["jupyter", "lab"] and arguments[-1] == "notebooks/"
    assert ("--allow-root" in arguments) == (os.geteuid() == 0)


def test_make_test_lints_the_package_with_the_pinned_ruff():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert (
        "test: demo-store browser lint" in makefile and "$(BIN)/ruff check smq_analytics tests benchmarks" in makefile
    )
    assert any(
        line.startswith("ruff==") for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
    )
