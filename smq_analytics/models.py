"""The model catalogue: the SQL macros and views of sql/models/, their contracts and DATA_DICTIONARY.md.

Models live one per file, a folder per layer (docs/ARCHITECTURE.md, « SQL models »):

* ``macros/``       CREATE MACRO files (a few tightly related macros each);
* ``staging/``      ``stg_*`` views: type, normalise and derive from the raw tables;
* ``intermediate/`` views shared by several marts (``int_ga4__sessions``, read by web_sessions and web_key_events);
* ``marts/``        the public views notebooks and analysts query, each with a YAML contract.

A model's name is its file name without ``.sql``, unique across layers. A model lists the models it reads
in a header comment, ``-- depends_on: stg_survey, place_names``; the raw and reference tables made by the
migrations are sources and are not listed. The creation order comes from these declarations alone
(a topological sort, ties broken by layer then name), never from file names, so a model added later
needs no numeric prefix. An unknown dependency, a cycle or a dependency on a later layer is refused
before anything is created.

Contracts (``marts/<view>.yml`` for the public views, ``sources.yml`` for the tables analysts read
directly) describe each relation and each column and declare tests: ``not_null``, ``unique``,
``accepted_values``, ``relationships`` per column and ``unique_key`` (a combined key) per relation.
They are validated with pydantic (a typo in a contract fails loudly, naming file and key); the tests
run on a connection as bound-parameter SQL (sql/models/contract_tests/); DATA_DICTIONARY.md is rendered
from them: ``python -m smq_analytics.models dictionary [--check]``.
"""

from __future__ import annotations

import argparse
import heapq
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import duckdb
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .i18n import LocalizedError, Message
from .paths import MODELS_DIR, project_dir
from .sqlfiles import sql

LAYERS = ("macros", "staging", "intermediate", "marts")  # in build order: a model reads its own or earlier layers
DEPENDS_ON = re.compile(r"^--\s*depends_on\s*:(?P<names>.*)$", re.MULTILINE)
IDENTIFIER = r"^[a-z_][a-z0-9_]*$"
SOURCES_FILE = "sources.yml"
DICTIONARY_FILE = "DATA_DICTIONARY.md"
DICTIONARY_COMMAND = "python -m smq_analytics.models dictionary"


class ModelError(LocalizedError, ValueError):
    """A model catalogue or contract that cannot be used as written (one message, FR/EN, with the fix)."""


MSG = {
    "duplicate": Message(
        "modèle « {name} » défini deux fois : {first} et {second} ; renommez l'un des deux fichiers.",
        "model '{name}' defined twice: {first} and {second}; rename one of the files.",
    ),
    "unknown": Message(
        "{file} : depends_on nomme « {dep} », qui n'est pas un modèle de sql/models/ ; corrigez le nom "
        "(nom du fichier sans .sql) ou retirez-le s'il s'agit d'une table (les tables ne se déclarent pas).",
        "{file}: depends_on names '{dep}', which is not a model in sql/models/; fix the name (the file "
        "name without .sql) or drop it if it is a table (tables are not declared).",
    ),
    "later_layer": Message(
        "{file} : le modèle « {name} » ({layer}) dépend de « {dep} » ({dep_layer}), d'une couche ultérieure ; "
        "déplacez l'un des deux fichiers.",
        "{file}: model '{name}' ({layer}) depends on '{dep}' ({dep_layer}), a later layer; move one of the two files.",
    ),
    "cycle": Message(
        "dépendances circulaires entre modèles : {cycle} ; retirez l'une de ces déclarations depends_on.",
        "circular dependencies between models: {cycle}; remove one of these depends_on declarations.",
    ),
    "yaml": Message("{file} : YAML invalide ({error}).", "{file}: invalid YAML ({error})."),
    "contract": Message(
        "{file} : contrat invalide ({problems}). Corrigez le fichier (clés : name, kind, description, grain, "
        "unique_key, columns[name, type, description, tests] ; tests : not_null, unique, accepted_values, "
        "relationships).",
        "{file}: invalid contract ({problems}). Fix the file (keys: name, kind, description, grain, unique_key, "
        "columns[name, type, description, tests]; tests: not_null, unique, accepted_values, relationships).",
    ),
    "contract_name": Message(
        "{file} : le contrat s'appelle « {name} » ; il doit porter le nom de son fichier, « {stem} ».",
        "{file}: the contract is named '{name}'; it must bear its file's name, '{stem}'.",
    ),
    "contract_twice": Message(
        "contrat « {name} » défini deux fois ({files}) ; gardez-en un seul.",
        "contract '{name}' defined twice ({files}); keep only one.",
    ),
    "stale": Message(
        "{file} n'est plus à jour avec les contrats ; lancez « {command} ».",
        "{file} is stale with respect to the contracts; run '{command}'.",
    ),
}


# ---------------------------------------------------------------------------------------------------
# Catalogue and creation order
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Model:
    """One SQL file of sql/models/<layer>/: a view, or a few macros for the macros layer."""

    name: str
    layer: str
    path: Path
    depends_on: tuple[str, ...]

    @property
    def is_view(self) -> bool:
        return self.layer != "macros"


def read_model(path: Path, layer: str) -> Model:
    """The model in path: its name (file stem) and the names its depends_on header lines list."""
    text = path.read_text(encoding="utf-8")
    names: list[str] = []
    for match in DEPENDS_ON.finditer(text):
        names += [n.strip() for n in match.group("names").split(",") if n.strip()]
    return Model(path.stem, layer, path, tuple(dict.fromkeys(names)))


def discover(root: Path = MODELS_DIR) -> list[Model]:
    """Every model file under root's layer folders, in layer then name order (not yet checked)."""
    return [read_model(path, layer) for layer in LAYERS for path in sorted((root / layer).glob("*.sql"))]


def dependency_order(models: list[Model]) -> list[Model]:
    """models sorted so each comes after everything it depends on; ModelError for a duplicate name,
    an unknown dependency, a dependency on a later layer or a cycle. Ties go by layer, then name, so
    the order is the same on every machine."""
    by_name: dict[str, Model] = {}
    for model in models:
        if model.name in by_name:
            raise ModelError(
                MSG["duplicate"].format(
                    name=model.name, first=_shown(by_name[model.name].path), second=_shown(model.path)
                )
            )
        by_name[model.name] = model
    for model in models:
        for dep in model.depends_on:
            if dep not in by_name:
                raise ModelError(MSG["unknown"].format(file=_shown(model.path), dep=dep))
            if LAYERS.index(by_name[dep].layer) > LAYERS.index(model.layer):
                raise ModelError(
                    MSG["later_layer"].format(
                        file=_shown(model.path),
                        name=model.name,
                        layer=model.layer,
                        dep=dep,
                        dep_layer=by_name[dep].layer,
                    )
                )

    def rank(model: Model) -> tuple[int, str]:
        return LAYERS.index(model.layer), model.name

    waiting = {m.name: set(m.depends_on) for m in models}
    dependents: dict[str, list[str]] = {m.name: [] for m in models}
    for model in models:
        for dep in model.depends_on:
            dependents[dep].append(model.name)
    ready = [(rank(m), m.name) for m in models if not waiting[m.name]]
    heapq.heapify(ready)
    ordered: list[Model] = []
    while ready:
        _, name = heapq.heappop(ready)
        ordered.append(by_name[name])
        for later in dependents[name]:
            waiting[later].discard(name)
            if not waiting[later]:
                heapq.heappush(ready, (rank(by_name[later]), later))
    if len(ordered) < len(models):
        raise ModelError(MSG["cycle"].format(cycle=_cycle({n: d for n, d in waiting.items() if d})))
    return ordered


def _cycle(waiting: dict[str, set[str]]) -> str:
    """One cycle among the models left waiting, as 'a -> b -> a' (every one of them is on or behind one)."""
    path = [min(waiting)]
    while True:
        step = min(d for d in waiting[path[-1]] if d in waiting)
        if step in path:
            loop = path[path.index(step) :] + [step]
            return " -> ".join(loop)
        path.append(step)


def catalogue(root: Path = MODELS_DIR) -> list[Model]:
    """The models under root in creation order (see dependency_order)."""
    return dependency_order(discover(root))


def create_models(con: duckdb.DuckDBPyConnection, root: Path = MODELS_DIR) -> list[Model]:
    """(Re)create every macro and view in dependency order; the order is checked before anything runs."""
    ordered = catalogue(root)
    for model in ordered:
        con.execute(model.path.read_text(encoding="utf-8"))
    return ordered


def _shown(path: Path) -> str:
    """path relative to the package's sql/ folder when it is there (messages stay short)."""
    try:
        return str(path.relative_to(MODELS_DIR.parent))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------------------------------
# Contracts
# ---------------------------------------------------------------------------------------------------


class ColumnTest(BaseModel):
    """One test of a column, written in YAML as ``not_null``, ``unique``, ``accepted_values: [a, b]``
    or ``relationships: {to: table, field: column}``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["not_null", "unique", "accepted_values", "relationships"]
    accepted: tuple[str, ...] = ()
    to: str | None = Field(default=None, pattern=IDENTIFIER)
    field: str | None = Field(default=None, pattern=IDENTIFIER)

    @model_validator(mode="before")
    @classmethod
    def _from_yaml(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"kind": data}
        if isinstance(data, dict) and len(data) == 1:
            ((kind, argument),) = data.items()
            if kind == "accepted_values":
                return {"kind": kind, "accepted": argument}
            if kind == "relationships" and isinstance(argument, dict):
                return {"kind": kind, **argument}
        return data

    @model_validator(mode="after")
    def _arguments(self) -> "ColumnTest":
        if self.kind == "accepted_values" and not self.accepted:
            raise ValueError("accepted_values needs a non-empty list of values")
        if self.kind == "relationships" and not (self.to and self.field):
            raise ValueError("relationships needs 'to' (a table or view) and 'field' (its column)")
        if self.kind in ("not_null", "unique") and (self.accepted or self.to or self.field):
            raise ValueError(f"{self.kind} takes no argument")
        return self

    def label(self) -> str:
        """The test as the dictionary shows it."""
        if self.kind == "accepted_values":
            return "accepted_values: " + ", ".join(f"`{v}`" for v in self.accepted)
        if self.kind == "relationships":
            return f"relationships: `{self.to}.{self.field}`"
        return self.kind


class Column(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=IDENTIFIER)
    type: str = Field(min_length=1)  # DuckDB's data_type, as information_schema.columns shows it
    description: str = Field(min_length=1)
    tests: tuple[ColumnTest, ...] = ()


class Contract(BaseModel):
    """What a public view or table promises: what a row is (grain), its columns and their tests."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=IDENTIFIER)
    kind: Literal["view", "table"]
    description: str = Field(min_length=1)
    grain: str = Field(min_length=1)
    unique_key: tuple[str, ...] = ()  # columns whose combination identifies a row, when there is one
    columns: tuple[Column, ...] = Field(min_length=1)

    @field_validator("description", "grain")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        return value.strip()

    @model_validator(mode="after")
    def _names(self) -> "Contract":
        names = [c.name for c in self.columns]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"column(s) listed twice: {', '.join(twice)}")
        unknown = [k for k in self.unique_key if k not in names]
        if unknown:
            raise ValueError(f"unique_key names column(s) not in columns: {', '.join(unknown)}")
        return self


@dataclass(frozen=True)
class ContractFile:
    path: Path
    contracts: tuple[Contract, ...]


def _parse(path: Path, data: Any) -> Contract:
    try:
        return Contract.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or '(top level)'}: {error['msg']}" for error in exc.errors()
        )
        raise ModelError(MSG["contract"].format(file=_shown(path), problems=problems)) from None


def read_contract_file(path: Path) -> ContractFile:
    """A marts/<view>.yml file (one contract, named like the file) or sources.yml (a list under 'sources')."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ModelError(MSG["yaml"].format(file=_shown(path), error=str(exc).replace("\n", " "))) from None
    if path.name == SOURCES_FILE:
        if not isinstance(data, dict) or set(data) != {"sources"} or not isinstance(data["sources"], list):
            raise ModelError(
                MSG["contract"].format(
                    file=_shown(path), problems="sources: expected one key 'sources' holding a list of contracts"
                )
            )
        return ContractFile(path, tuple(_parse(path, item) for item in data["sources"]))
    contract = _parse(path, data)
    if contract.name != path.stem:
        raise ModelError(MSG["contract_name"].format(file=_shown(path), name=contract.name, stem=path.stem))
    return ContractFile(path, (contract,))


@cache
def _contracts(root: Path) -> tuple[Contract, ...]:
    files = [read_contract_file(p) for p in sorted((root / "marts").glob("*.yml"))]
    if (root / SOURCES_FILE).is_file():
        files.append(read_contract_file(root / SOURCES_FILE))
    seen: dict[str, Path] = {}
    found: list[Contract] = []
    for file in files:
        for contract in file.contracts:
            if contract.name in seen:
                raise ModelError(
                    MSG["contract_twice"].format(
                        name=contract.name, files=f"{_shown(seen[contract.name])}, {_shown(file.path)}"
                    )
                )
            seen[contract.name] = file.path
            found.append(contract)
    return tuple(found)


def load_contracts(root: Path = MODELS_DIR) -> list[Contract]:
    """The public views' contracts (marts/*.yml, by name), then the tables' (sources.yml, in file order)."""
    return list(_contracts(root))


# ---------------------------------------------------------------------------------------------------
# Contract tests
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    """A contract test that does not hold: how many rows break it and a few of them (or their values)."""

    relation: str
    column: str  # the column, or the key's columns joined by ', '
    test: str
    failing_rows: int
    sample: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.relation}.{self.column}: {self.test} fails on {self.failing_rows} row(s)" + (
            f", e.g. {'; '.join(self.sample)}" if self.sample else ""
        )


def actual_columns(con: duckdb.DuckDBPyConnection, relation: str) -> dict[str, str]:
    """column name -> DuckDB data type of a table or view, in column order ({} when it does not exist)."""
    rows = con.execute(sql("models/contract_tests/columns"), {"relation": relation}).fetchall()
    return dict(rows)


def _check(con: duckdb.DuckDBPyConnection, test: str, params: dict[str, Any]) -> tuple[int, tuple[str, ...]]:
    failing, sample = con.execute(sql(f"models/contract_tests/{test}"), params).fetchall()[0]
    return int(failing or 0), tuple(_short(str(s)) for s in (sample or []))


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def run_contract_tests(con: duckdb.DuckDBPyConnection, contracts: list[Contract] | None = None) -> list[Failure]:
    """Every test of every contract on con; [] when all hold. A column the contract names but the
    relation lacks fails test 'exists' (its other tests are then skipped); a column whose DuckDB type is
    not the documented one fails test 'type …' (the sample names the actual type)."""
    failures: list[Failure] = []
    for contract in load_contracts() if contracts is None else contracts:
        present = actual_columns(con, contract.name)
        for column in contract.columns:
            if column.name not in present:
                failures.append(Failure(contract.name, column.name, "exists", 0, ()))
                continue
            if present[column.name] != column.type:
                failures.append(Failure(contract.name, column.name, f"type {column.type}", 0, (present[column.name],)))
            for test in column.tests:
                params: dict[str, Any] = {"relation": contract.name, "column": column.name}
                if test.kind == "unique":
                    params = {"relation": contract.name, "columns": [column.name]}
                elif test.kind == "accepted_values":
                    params["accepted"] = list(test.accepted)
                elif test.kind == "relationships":
                    params |= {"to": test.to, "field": test.field}
                failing, sample = _check(con, test.kind, params)
                if failing:
                    failures.append(Failure(contract.name, column.name, test.label(), failing, sample))
        if contract.unique_key and all(k in present for k in contract.unique_key):
            failing, sample = _check(con, "unique", {"relation": contract.name, "columns": list(contract.unique_key)})
            if failing:
                failures.append(Failure(contract.name, ", ".join(contract.unique_key), "unique_key", failing, sample))
    return failures


# ---------------------------------------------------------------------------------------------------
# DATA_DICTIONARY.md
# ---------------------------------------------------------------------------------------------------

DICTIONARY_HEADER = """\
# Dictionnaire de données / Data dictionary

<!-- Fichier généré : ne pas modifier à la main. / Generated file: do not edit by hand. -->

Ce fichier est généré par `{command}` à partir des contrats YAML des vues publiques
(`smq_analytics/sql/models/marts/<vue>.yml`) et des tables (`smq_analytics/sql/models/sources.yml`) :
modifiez un contrat, puis relancez la commande. Les vues publiques de l'entrepôt DuckDB sont ce que les
cahiers et les analystes interrogent. Chaque colonne est décrite ci-dessous avec les tests de son contrat ;
`tests/test_data_dictionary.py` échoue si une colonne d'une vue publique n'y figure pas, si une colonne
décrite n'existe pas ou si ce fichier n'est plus à jour. Les tables `raw_*` gardent les lignes acceptées
telles que chargées (avec `load_id`) ; les vues `stg_*` typent, normalisent et dérivent ; le schéma est
dans `smq_analytics/sql/` (modèles par couche dans `smq_analytics/sql/models/`).

Generated by `{command}` from the YAML contracts of the public views
(`smq_analytics/sql/models/marts/<view>.yml`) and of the tables (`smq_analytics/sql/models/sources.yml`):
edit a contract, then run the command again. The public views of the DuckDB store are what notebooks and
analysts query. Every column is described below with its contract's tests; `tests/test_data_dictionary.py`
fails when a public-view column is missing here, a documented column does not exist, or this file is stale.
"""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render_dictionary(contracts: list[Contract] | None = None) -> str:
    """DATA_DICTIONARY.md from the contracts: the same text for the same contracts, on every machine."""
    parts = [DICTIONARY_HEADER.format(command=DICTIONARY_COMMAND)]
    for contract in load_contracts() if contracts is None else contracts:
        parts.append(f"## {contract.name}\n")
        parts.append(contract.description + "\n")
        grain = f"**Grain** : {_cell(contract.grain)}"
        if contract.unique_key:
            grain += " — clé unique / unique key : " + ", ".join(f"`{k}`" for k in contract.unique_key)
        parts.append(grain + "\n")
        rows = ["| column | type | description | tests |", "|---|---|---|---|"]
        for column in contract.columns:
            tests = ", ".join(t.label() for t in column.tests)
            rows.append(f"| {column.name} | {column.type} | {_cell(column.description)} | {tests} |")
        parts.append("\n".join(rows) + "\n")
    return "\n".join(parts)


def dictionary_path() -> Path:
    return project_dir() / DICTIONARY_FILE


# ---------------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m smq_analytics.models", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dictionary = commands.add_parser("dictionary", help="write DATA_DICTIONARY.md from the contracts")
    dictionary.add_argument("--check", action="store_true", help="fail (exit 1) when the file is stale; write nothing")
    dictionary.add_argument("--out", type=Path, default=None, help="file to write or check (default: the project's)")
    test = commands.add_parser("test", help="run the contract tests on a store (read only)")
    test.add_argument("--db", default=None, help="the store (default: SMQ_DB, else data/smq.duckdb)")
    args = parser.parse_args(argv)
    try:
        if args.command == "dictionary":
            return _dictionary(args.out or dictionary_path(), check=args.check)
        return _test(args.db)
    except LocalizedError as exc:
        print(exc.text(), file=sys.stderr)
        return 2


def _dictionary(path: Path, *, check: bool) -> int:
    text = render_dictionary()
    if check:
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        if current != text:
            print(ModelError(MSG["stale"].format(file=path, command=DICTIONARY_COMMAND)).text(), file=sys.stderr)
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    return 0


def _test(db: str | None) -> int:
    from .store import open_store  # store creates the models with this module: import it only here

    with open_store(db) as con:
        failures = run_contract_tests(con)
    for failure in failures:
        print(failure)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
