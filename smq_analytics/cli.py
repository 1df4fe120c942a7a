"""smq-analytics command line: init, ingest, status, purge, demo, run, store-outputs.

Messages follow the user's language (--lang, else SMQ_LANG, else LANG; French by default). Every
failure exits non-zero with a one-line reason.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from . import __version__
from .i18n import LocalizedError, Message, Plural, check_language, count_noun, format_number, user_language
from .paths import reports_dir, resolve_db

# an invalid answer of an accepted row (an item problem): the ingest line counts them
VALUES_LEFT_EMPTY = Plural.of(
    "valeur invalide laissée vide",
    "valeurs invalides laissées vides",
    "invalid value stored as missing",
    "invalid values stored as missing",
)
ROWS_KEPT = Plural.of("la ligne est gardée", "les lignes sont gardées", "the row is kept", "the rows are kept")
MSG = {
    "init": Message(
        "Entrepôt prêt : {db} (schéma v{version}). Référentiels : {counts}. Musées : {museums}.",
        "Store ready: {db} (schema v{version}). Reference data: {counts}. Museums: {museums}.",
    ),
    "loaded": Message(
        "{file} : {read} lignes lues, {accepted} acceptées, {rejected} en quarantaine "
        "(format {format}{details}) → chargement n° {load_id}.",
        "{file}: {read} rows read, {accepted} accepted, {rejected} quarantined "
        "(format {format}{details}) → load #{load_id}.",
    ),
    "duplicate": Message(
        "{file} est déjà chargé (même contenu) : rien n'a été ajouté. Utilisez --replace pour le recharger.",
        "{file} is already loaded (same content): nothing was added. Use --replace to load it again.",
    ),
    "see_status": Message(
        "Raisons des rejets : smq-analytics status --museum {museum}",
        "Rejection reasons: smq-analytics status --museum {museum}",
    ),
    "item_problems": Message(
        "{count} ({kept}). Détail : smq-analytics status --museum {museum}",
        "{count} ({kept}). Details: smq-analytics status --museum {museum}",
    ),
    "demo": Message(
        "Démo : {files} fichiers chargés, {read} lignes lues, {accepted} acceptées, {rejected} en quarantaine, "
        "{items} → {db}",
        "Demo: {files} files loaded, {read} rows read, {accepted} accepted, {rejected} quarantined, {items} → {db}",
    ),
    "run_done": Message("{summary}. Index : {index}", "{summary}. Index: {index}"),
    "no_parameters": Message(
        "Musée non rapporté : {museum} n'a plus de fichier de paramètres dans {folder}",
        "Museum not reported: {museum} no longer has a parameter file in {folder}",
    ),
    "nothing_to_report": Message(
        "Aucun musée à rapporter : aucun n'a de fichier dans parameters/museums/.",
        "No museum to report on: none has a file in parameters/museums/.",
    ),
    "run_failed": Message("Échec : {museum} · {notebook} : {error}", "Failed: {museum} · {notebook}: {error}"),
    "stored": Message("Sorties enregistrées : {path}", "Outputs stored: {path}"),
    "error": Message("Erreur : {reason}", "Error: {reason}"),
}


def _sources_epilog() -> str:
    """One line per registered source: its name, FR/EN title, help and the load options it takes."""
    from .ingest.base import LOAD_OPTIONS
    from .ingest.registry import SOURCES

    lines = ["sources :"]
    for spec in SOURCES.values():
        flags = " ".join(LOAD_OPTIONS[o] for o in spec.options)
        extra = " ".join(filter(None, ["--mapping" if spec.takes_mapping else "", flags]))
        lines.append(
            f"  {spec.name} — {spec.title.fr} / {spec.title.en} ({', '.join(spec.formats)}"
            f"{'; ' + extra if extra else ''})"
        )
        lines.append(f"      {spec.help.fr} / {spec.help.en}")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    from .ingest.registry import sources_help

    parser = argparse.ArgumentParser(
        prog="smq-analytics",
        description="Cahiers d'analyse de la SMQ / SMQ analytics workbooks.",
    )
    parser.add_argument("--version", action="version", version=f"smq-analytics {__version__}")
    parser.add_argument("--db", help="entrepôt DuckDB / DuckDB store (défaut : SMQ_DB ou data/smq.duckdb)")
    parser.add_argument("--lang", help="langue des messages / message language: fr | en")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = commands.add_parser("init", help="créer ou mettre à jour l'entrepôt / create or migrate the store")
    init.add_argument(
        "--fsa-crosswalk",
        type=Path,
        help="table RTA → région fournie par l'utilisateur / user FSA → region crosswalk (CSV)",
    )

    ingest = commands.add_parser(
        "ingest",
        help="charger un fichier / load a file",
        epilog=_sources_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    # the names come from the registry; an unknown one is refused by ingest in FR/EN (get_source)
    ingest.add_argument("source", metavar="SOURCE", help=sources_help())
    ingest.add_argument("file", type=Path)
    ingest.add_argument("--museum", required=True, help="identifiant du musée / museum id")
    ingest.add_argument("--year", type=int, help="saison / season")
    ingest.add_argument("--mapping", type=Path, help="fichier de correspondance / mapping file (YAML)")
    ingest.add_argument(
        "--replace",
        action="store_true",
        help="remplacer un chargement précédent du même fichier / replace a previous load",
    )

    status = commands.add_parser(
        "status", help="chargements, rejets et valeurs invalides / loads, rejections and invalid values"
    )
    status.add_argument("--museum")
    status.add_argument(
        "--rejections",
        type=int,
        default=10,
        metavar="N",
        help="lignes en quarantaine, chargements avec valeurs invalides et valeurs par chargement "
        "à montrer / quarantined rows, loads with invalid values and values per load to "
        "show (0 = none)",
    )

    purge = commands.add_parser(
        "purge",
        help="effacer les données d'un musée ou d'un chargement / erase a "
        "museum's or a load's data (docs/PERSONAL_DATA.md)",
    )
    target = purge.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--museum", help="tous les chargements du musée et le musée / every load of the museum and the museum"
    )
    target.add_argument("--load", type=int, metavar="N", help="un chargement (n° de status) / one load (# in status)")
    purge.add_argument("--yes", action="store_true", help="sans confirmation / without confirmation")

    demo = commands.add_parser("demo", help="générer et charger les données de démo / build the demo store")
    demo.add_argument("--out", type=Path, help="dossier des fichiers générés / folder for generated files")

    run = commands.add_parser("run", help="exécuter les cahiers et exporter le HTML / run notebooks, export HTML")
    run.add_argument("--museum", action="append", help="musée (répétable) / museum (repeatable); défaut : tous")
    run.add_argument(
        "--notebook",
        action="append",
        help="cahier ou thème (répétable), ex. 01_provenance ou provenance / notebook or topic (repeatable)",
    )
    run.add_argument("--year", type=int, help="saison, défaut : la plus récente / season, default: the latest")
    run.add_argument("--report-lang", dest="report_lang", default="fr", help="langue des rapports : fr | en")
    run.add_argument("--out", type=Path, help="dossier des rapports / output folder (défaut : reports/)")
    run.add_argument("--jobs", type=int, help="processus en parallèle / parallel workers")

    stored = commands.add_parser(
        "store-outputs", help="réexécuter notebooks/ avec le musée de démo (sorties pour nbval)"
    )
    stored.add_argument(
        "--notebook",
        action="append",
        help="cahier ou thème (répétable) ; défaut : tous / notebook or topic (repeatable); default: all",
    )
    return parser


def _notebook_paths(names: list[str] | None) -> list[Path]:
    """A name or a path inside notebooks/ only (report.runner.notebook_paths); None → every report."""
    from .report.runner import notebook_paths

    return notebook_paths(names)


def cmd_init(args, lang: str) -> int:
    from . import params, reference, store

    with store.open_store(args.db, read_only=False) as con:
        counts = reference.load_reference(con, user_crosswalk=args.fsa_crosswalk)
        museums = params.load_museums()
        params.sync_museums(con, museums)
        version = store.schema_version(con)
    summary = ", ".join(f"{k} {format_number(v, lang=lang)}" for k, v in counts.items())
    print(MSG["init"](lang).format(db=resolve_db(args.db), version=version, counts=summary, museums=len(museums)))
    return 0


def cmd_ingest(args, lang: str) -> int:
    from . import params, reference, store
    from .ingest import ingest_file

    with store.open_store(args.db, read_only=False) as con:
        if not store.query_rows(con, "SELECT count(*) FROM ref_admin_regions")[0][0]:
            reference.load_reference(con)
        params.sync_museums(con, params.load_museums())
        result = ingest_file(
            con, args.source, args.file, args.museum, year=args.year, mapping=args.mapping, replace=args.replace
        )
    if result.skipped_duplicate:
        print(MSG["duplicate"](lang).format(file=result.file_name))
        return 0
    details = ""
    if result.encoding:
        details = (
            f", {result.encoding}, « {result.delimiter} »"
            if lang == "fr"
            else f", {result.encoding}, '{result.delimiter}'"
        )
    print(
        MSG["loaded"](lang).format(
            file=result.file_name,
            read=format_number(result.rows_read, lang=lang),
            accepted=format_number(result.rows_accepted, lang=lang),
            rejected=format_number(result.rows_rejected, lang=lang),
            format=result.file_format,
            details=details,
            load_id=result.load_id,
        )
    )
    for note in result.supersede_notes(lang):  # a re-delivered GA4 day, a report downloaded again
        print(note)
    if result.rows_rejected:
        print(MSG["see_status"](lang).format(museum=args.museum))
    if result.item_problems:
        n = len(result.item_problems)
        print(
            MSG["item_problems"](lang).format(
                count=count_noun(n, VALUES_LEFT_EMPTY, lang), kept=ROWS_KEPT.form(n, lang), museum=args.museum
            )
        )
    return 0


def cmd_status(args, lang: str) -> int:
    from . import status, store

    with store.open_store(args.db, read_only=True) as con:
        print(status.render(con, args.museum, lang, args.rejections))
    return 0


def cmd_purge(args, lang: str) -> int:
    """Show what goes, ask (unless --yes), commit or roll back; then what the store does not cover."""
    from . import purge, store
    from .status import strip_control

    def confirm(result) -> bool:
        if args.yes:
            return True
        print("\n".join(purge.report(result, lang)))
        try:
            answer = input(purge.CONFIRM(lang))
        except EOFError:  # no terminal to answer: never erase without a yes
            print()
            return False
        return answer.strip().lower() in purge.YES[lang]

    museum = None if args.museum is None else strip_control(args.museum)
    with store.open_store(args.db, read_only=False, must_exist=True) as con:  # never create a store to purge
        result = purge.purge(con, museum_id=museum, load_id=args.load, confirm=confirm)
    if not result.committed:
        print(MSG["error"](lang).format(reason=purge.CANCELLED(lang)), file=sys.stderr)
        return 1
    print("\n".join(purge.report(result, lang) + purge.notes(result, resolve_db(args.db), lang)))
    return 0


def cmd_demo(args, lang: str) -> int:
    from . import demo

    summary = demo.build_demo(resolve_db(args.db), out_dir=args.out, progress=True)
    print(
        MSG["demo"](lang).format(
            files=summary["files"],
            read=format_number(summary["rows_read"], lang=lang),
            accepted=format_number(summary["rows_accepted"], lang=lang),
            rejected=format_number(summary["rows_rejected"], lang=lang),
            items=count_noun(summary.get("item_problems", 0), VALUES_LEFT_EMPTY, lang),
            db=resolve_db(args.db),
        )
    )
    return 0


def cmd_run(args, lang: str) -> int:
    from .report.index import write_index
    from .report.runner import run_reports

    out_dir = args.out or reports_dir()
    museums = _reported_museums(resolve_db(args.db), args.museum, lang)
    results = run_reports(
        resolve_db(args.db),
        museums,
        _notebook_paths(args.notebook),
        year=args.year,
        language=check_language(args.report_lang),
        out_dir=out_dir,
        jobs=args.jobs,
        progress=True,
    )
    index = write_index(
        out_dir, results, language=check_language(args.report_lang), db=resolve_db(args.db), generated=date.today()
    )
    from .report import manifest

    failed = [r for r in results if not r.ok]  # a report skipped for missing data is not a failure
    for r in failed:
        print(MSG["run_failed"](lang).format(museum=r.museum_id, notebook=r.notebook, error=r.error), file=sys.stderr)
    summary = manifest.summary((r.status for r in results), lang)
    print(MSG["run_done"](lang).format(summary=summary, index=index))
    return 1 if failed else 0


def _reported_museums(db, wanted: list[str] | None, lang: str) -> list[str]:
    """The museums to report on: those asked for (else every museum of the store) that still have a
    parameter file; a museum whose file was removed is no longer reported (each one is named)."""
    from . import params
    from .report.runner import check_museum_id, museum_names

    for museum_id in wanted or []:
        check_museum_id(museum_id)  # a slug, before anything else (no path may escape reports/)
    if not wanted and not Path(db).is_file():
        return []  # run_reports says that the store is missing, in one line
    candidates = list(wanted) if wanted else sorted(museum_names(db))
    have = {path.stem for path in params.museums_folder().glob("*.yaml")}
    for museum_id in candidates:
        if museum_id not in have:
            print(MSG["no_parameters"](lang).format(museum=museum_id, folder=params.museums_folder()), file=sys.stderr)
    kept = [museum_id for museum_id in candidates if museum_id in have]
    if candidates and not kept:
        raise LocalizedError(MSG["nothing_to_report"])
    return kept


def cmd_store_outputs(args, lang: str) -> int:
    """Execute notebooks/ in place with the defaults of their parameters cells (the demo museum),
    against the store chosen by --db: the outputs nbval compares."""
    import os

    from .report.runner import store_outputs

    os.environ["SMQ_DB"] = str(resolve_db(args.db))
    for path in _notebook_paths(args.notebook):
        store_outputs(path, {})
        print(MSG["stored"](lang).format(path=path))
    return 0


COMMANDS = {
    "init": cmd_init,
    "ingest": cmd_ingest,
    "status": cmd_status,
    "purge": cmd_purge,
    "demo": cmd_demo,
    "run": cmd_run,
    "store-outputs": cmd_store_outputs,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        lang = user_language(args.lang)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        code = COMMANDS[args.command](args, lang)
        sys.stdout.flush()  # a closed pipe shows here, inside the handler below, not at exit
        return code
    except BrokenPipeError:
        return _closed_pipe()
    except LocalizedError as exc:
        print(MSG["error"](lang).format(reason=exc.text(lang)), file=sys.stderr)
        return 1
    except (OSError, ValueError) as exc:
        print(MSG["error"](lang).format(reason=" ".join(str(exc).split())), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


# The reader of our output went away (`smq-analytics status | head`): not an error. Nothing more is
# printed and the exit status is 141 (128 + SIGPIPE), what a shell reports for cat, grep or sort cut
# off the same way, so `set -o pipefail` scripts see the same as with any Unix tool.
EXIT_CLOSED_PIPE = 141


def _closed_pipe() -> int:
    import os

    try:  # what is still buffered would fail again when Python flushes stdout at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return EXIT_CLOSED_PIPE


if __name__ == "__main__":
    sys.exit(main())
