"""The audience sections of the satisfaction workbook (smq_analytics/topics/satisfaction/audience.py,
audience_text.py): counts and weighted shares against a hand count of the raw demo files and statsmodels,
the privacy property walked over everything the sections publish for every demo museum (figures,
sentences, the runner's audit), crafted small cells, the themes of the demo comments, English output."""

from __future__ import annotations

import json
import math
import os
import re
from collections import Counter
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from statsmodels.stats.proportion import proportion_confint

from demo_files_support import fold, marker, read_sheet as read_sheet_uncached, survey_files
from smq_analytics import charts, disclosure, paths
from smq_analytics.comments import OTHER, tag
from smq_analytics.demo.profiles import COMMENTS
from smq_analytics.metrics.scope import open_scope
from smq_analytics.privacy import MIN_CELL
from smq_analytics.report import runner
from smq_analytics.topics.satisfaction import audience as au
from smq_analytics.topics.satisfaction import audience_text as text
from smq_analytics.topics.satisfaction.metrics import Answers, answers

pytestmark = pytest.mark.timeout(600)

DEMO_DIR = Path(os.environ.get("SMQ_DEMO_DIR") or paths.demo_dir())
DB = paths.default_db()
CODEBOOK = yaml.safe_load((paths.reference_dir() / "codebook.yaml").read_text(encoding="utf-8"))
UNTICKED = {fold(v) for v in ("N", "No", "Non", "0", "false", "Faux")}  # mappings README, « choix multiples »
needs_demo = pytest.mark.skipif(not DB.is_file() or not DEMO_DIR.is_dir(), reason="demo store and files needed")
PLOTLY = "application/vnd.plotly.v1+json"


# --- reading the raw demo exports (independent of smq_analytics.ingest) -------------------------------


@cache
def read_sheet(path: Path, sheet: str | None = None):
    return read_sheet_uncached(path, sheet)


def _header(sheet, mapping: dict, item: str):
    spec = (mapping.get("columns") or {}).get(item)
    node = CODEBOOK["items"][item]
    wanted = [spec] if isinstance(spec, str) else [item, node["label"]["fr"], node["label"]["en"]]
    folded = {fold(h): h for h in reversed(sheet.header)}
    return next((folded[fold(w)] for w in wanted if fold(w) in folded), None)


def _labels(mapping: dict, item: str) -> dict[str, str]:
    """folded text -> code: the code itself, its codebook labels, then the mapping's labels."""
    out = {}
    for code, label in CODEBOOK["items"][item]["codes"].items():
        for value in (code, label["fr"], label["en"]):
            out[fold(value)] = str(code)
    for code, values in ((mapping.get("labels") or {}).get(item) or {}).items():
        for value in values if isinstance(values, list) else [values]:
            out[fold(value)] = str(code)
    return out


def _no_answer(mapping: dict, item: str) -> set[str]:
    extra = mapping.get("no_answer") or []
    if isinstance(extra, dict):
        extra = extra.get(item) or extra.get("all") or []
    return {marker(m) for m in [*CODEBOOK["no_answer"], *extra, ""]}


def raw_codes(museum: str, year: int, item: str) -> list[str | None]:
    """The code each respondent of the season gave to a one-answer item, read from the exports."""
    out: list[str | None] = []
    for path, mapping_path in survey_files(DEMO_DIR / museum, year):
        mapping = yaml.safe_load(mapping_path.read_text(encoding="utf-8")) or {}
        sheet = read_sheet(path, mapping.get("sheet"))
        header = _header(sheet, mapping, item)
        if header is None:
            out += [None] * len(sheet.rows)
            continue
        labels, missing = _labels(mapping, item), _no_answer(mapping, item)
        out += [None if marker(v) in missing else labels.get(fold(v)) for v in sheet.column(header)]
    return out


def raw_sources(museum: str, year: int) -> list[set[str] | None]:
    """The information sources each respondent ticked (None: none ticked = no answer)."""
    out: list[set[str] | None] = []
    for path, mapping_path in survey_files(DEMO_DIR / museum, year):
        mapping = yaml.safe_load(mapping_path.read_text(encoding="utf-8")) or {}
        sheet = read_sheet(path, mapping.get("sheet"))
        spec = (mapping.get("columns") or {}).get("info_sources")
        labels = _labels(mapping, "info_sources")
        if isinstance(spec, dict) and "options" in spec:
            columns = {code: sheet.column(header) for code, header in spec["options"].items()}
            rows = [
                {c for c, cells in columns.items() if cells[i].strip() and fold(cells[i]) not in UNTICKED}
                for i in range(len(sheet.rows))
            ]
        else:
            column = spec["column"] if isinstance(spec, dict) else _header(sheet, mapping, "info_sources")
            separator = spec.get("separator", ";") if isinstance(spec, dict) else ";"
            rows = []
            for cell in sheet.column(column):
                found, pieces = set(), [p.strip() for p in cell.split(separator.strip()) if p.strip()]
                i = 0
                while i < len(pieces):  # a label may contain the separator: the longest run that is a label
                    for j in range(len(pieces), i, -1):
                        if fold(separator.join(pieces[i:j])) in labels:
                            found.add(labels[fold(separator.join(pieces[i:j]))])
                            i = j
                            break
                    else:
                        i += 1
                rows.append(found)
        out += [r or None for r in rows]
    return out


# --- helpers ---------------------------------------------------------------------------------------


def crafted(columns: dict, weighted: bool = False, year: int = 2026) -> Answers:
    """Answers built by hand: every column of the contract, the given ones filled."""
    n = len(next(iter(columns.values())))
    frame = pd.DataFrame({"weight": np.ones(n), "comment": pd.Series([pd.NA] * n, dtype="string")})
    for name in ("category", "party_type", "age_band", "gender", "questionnaire_language"):
        frame[name] = pd.Series([pd.NA] * n, dtype="string")
    frame["first_visit"] = pd.Series([pd.NA] * n, dtype="boolean")
    frame["party_size"] = pd.Series([pd.NA] * n, dtype="Int64")
    frame["info_sources"] = pd.Series([pd.NA] * n, dtype=object)
    for item in au.SEGMENT_ITEMS:
        frame[item] = pd.Series([4] * n, dtype="Int64")
    for name, values in columns.items():
        frame[name] = values
    scales = {item: "scale4" for item in au.SEGMENT_ITEMS}
    return Answers(frame=frame, museum_id="musee-test", year=year, weighted=weighted, scales=scales)


class Captured:
    """What a section publishes: its figures (charts.show) and its displayed Narratives."""

    def __init__(self, monkeypatch):
        self.figures, self.narratives = [], []
        monkeypatch.setattr(charts, "show", lambda figure: figure is not None and self.figures.append(figure))
        import IPython.display

        monkeypatch.setattr(IPython.display, "display", lambda *objects, **_: self.narratives.extend(objects))


def bars(figure) -> list[tuple[str, list[str]]]:
    """(row label, hover lines after the label) of every bar of a figure, as the reader sees them."""
    trace = next(t for t in figure.data if t.type == "bar")
    return [(str(h).split("<br>")[0], str(h).split("<br>")[1:]) for h in trace.hovertext]


def printed_count(lines: list[str]) -> int | None:
    found = [line for line in lines if line.startswith("n = ")]
    return int(found[0][4:].replace("\u00a0", "").replace(" ", "")) if found else None


def masked(lines: list[str]) -> bool:
    return any(line in ("masqué", "hidden") for line in lines)


def has_share(lines: list[str]) -> bool:
    return any("%" in line for line in lines)


def sensitive_partition(masses: list[int]) -> bool:
    """Withheld cells of one table with true counts `masses`: a reader knows their total (base minus
    what is shown) and that each is at least 1, so each lies in [1, M − m + 1]: too narrow (disclosure
    rule: a range starting at 1–9 under 5 wide), or the withheld total itself is 1 to 9."""
    m, total = len([x for x in masses if x > 0]), sum(masses)
    if total == 0:
        return False
    if 0 < total < MIN_CELL:
        return True
    return m >= 2 and total - m < 5


def top_counts(frame: pd.DataFrame, item: str, members) -> tuple[int, int]:
    """Top-2-box (3 or 4 on the demo's 4-point items, 4 or 5 on five points) and other answers."""
    top_box = {"scale4": {3, 4}, "scale5": {4, 5}, "scale0_10": {9, 10}}
    values = frame.loc[members, item].dropna().astype(int)
    scale = frame.loc[members, "satisfaction_scale" if item != "recommend" else "recommend_scale"].dropna()
    boxes = top_box[scale.iloc[0]] if len(scale) else {3, 4}
    top = int(values.isin(boxes).sum())
    return top, int(len(values) - top)


def party_band(size) -> str | None:
    if pd.isna(size):
        return None
    return "1" if size == 1 else "2" if size == 2 else "3_4" if size <= 4 else "5_plus"


def truth(frame: pd.DataFrame, dimension: str) -> pd.Series:
    if dimension == "party_size":
        return frame["party_size"].map(party_band).astype("string")
    if dimension == "first_visit":
        return frame["first_visit"].map({True: "first", False: "return"}).astype("string")
    return frame[dimension].astype("string")


def walk_partition(dimension: str, rows, frame: pd.DataFrame, lang: str = "fr") -> None:
    """A published table of one dimension, checked against the true counts: every printed count is
    right and 0 or at least MIN_CELL, the « Autres » row is at least MIN_CELL, and the masked cells
    cannot be rebuilt from the base and the other rows."""
    keys = {text.row_label(dimension, k, lang): k for k in au.KEYS[dimension]}
    counts = truth(frame, dimension).value_counts()
    listed, withheld = set(), []
    for label, lines in rows:
        n = printed_count(lines)
        assert n is None or n == 0 or n >= MIN_CELL, (dimension, label, n)
        if label == text.FOLD_LABELS[dimension](lang):
            assert n is None or n >= MIN_CELL
            continue
        key = keys[label]
        listed.add(key)
        if n is not None:
            assert n == int(counts.get(key, 0)), (dimension, label)
        if masked(lines) and n is None:
            withheld.append(int(counts.get(key, 0)))
    assert not sensitive_partition(withheld), (dimension, withheld)


def check_segments(dimension: str, figure, frame: pd.DataFrame, item_names: dict, lang: str) -> None:
    """A segment chart: row labels carry the segment's count (« Touristes (n = 485) »), absent when the
    segment is withheld; each item's bar shows its share or « – ». Counts are walked as a partition (a
    characteristic); a share is an opinion: shown only for a segment whose count is printed and of
    which at least MIN_CELL answered the item, and shown for every such segment unless imprecise."""
    labels = {text.row_label(dimension, k, lang): k for k in au.KEYS[dimension]}
    rows, values = {}, {}
    for trace in (t for t in figure.data if t.type == "bar"):
        for hover in trace.hovertext:
            label, rest = str(hover).split("<br>", 1)
            series, shown = rest.rsplit(" · ", 1) if " · " in rest else (rest, "–")
            match = re.fullmatch(r"(.*) \(n = ([\d\u00a0 ]+)\)", label)
            name = match[1] if match else label
            rows[name] = [f"n = {match[2]}"] if match else ["masqué"]
            item = next(i for n, i in item_names.items() if series.startswith(n))  # « … (échelle : 0 à 10) »
            values[(item, name)] = not shown.startswith("–")
    walk_partition(dimension, list(rows.items()), frame, lang)
    keys = truth(frame, dimension)
    for item in au.SEGMENT_ITEMS:
        for name, lines in rows.items():
            if name not in labels:  # the « Autres » row
                continue
            members = (keys == labels[name]).fillna(False)
            answered = sum(top_counts(frame, item, members))
            if values.get((item, name)):
                assert printed_count(lines) is not None and answered >= MIN_CELL, (dimension, item, name)


def run_sections(scope, data, monkeypatch):
    captured = Captured(monkeypatch)
    outputs = [
        section(scope, data)
        for section in (au.segments_section, au.info_sources_section, au.demographics_section, au.comments_section)
    ]
    return captured, outputs + captured.narratives


# --- counts and shares against independent computations -------------------------------------------


@pytest.fixture(scope="module")
def demo_scope():
    scope = open_scope(db=str(DB))
    yield scope
    scope.close()


@needs_demo
@pytest.mark.parametrize("item", ["gender", "age_band", "party_type", "questionnaire_language"])
def test_profile_counts_match_a_hand_count_of_the_raw_demo_files(demo_scope, item):
    for museum, _ in demo_scope.choices():  # every museum: every export tool of the demo
        scope = demo_scope.with_choice(museum=museum)
        raw = Counter(code for code in raw_codes(museum, scope.year, item) if code is not None)
        part = au.partition(answers(scope), item)
        assert part.counts == {k: raw.get(k, 0) for k in au.KEYS[item]}, museum


@needs_demo
def test_information_source_counts_match_a_hand_count_of_the_raw_demo_files(demo_scope):
    for museum, _ in demo_scope.choices():
        scope = demo_scope.with_choice(museum=museum)
        ticked = [s for s in raw_sources(museum, scope.year) if s is not None]
        shares = au.source_shares(answers(scope))
        assert shares.base == len(ticked), museum
        assert shares.counts == {c: sum(c in s for s in ticked) for c in au.INFO_SOURCES}, museum


@needs_demo
def test_weighted_shares_and_wilson_intervals_agree_with_statsmodels(demo_scope):
    data = answers(demo_scope)
    frame = data.frame
    for dimension, (part, table) in text.profile_tables(data, "fr").items():
        keys = truth(frame, dimension)
        answered = keys.notna()
        w = frame.loc[answered, "weight"].to_numpy()
        n_eff = w.sum() ** 2 / (w**2).sum()
        for row in table.table.itertuples():
            if row.suppressed or row.imprecise or row.key == au.FOLD:
                continue
            share = w[(keys[answered] == row.key).to_numpy()].sum() / w.sum()
            low, high = proportion_confint(share * n_eff, n_eff, alpha=0.05, method="wilson")
            assert row.share == pytest.approx(share, abs=1e-12)
            assert (row.ci_low, row.ci_high) == pytest.approx((low, high), abs=1e-9)


@needs_demo
def test_segment_top_two_box_shares_are_the_weighted_share_of_the_two_best_answers(demo_scope):
    data = answers(demo_scope)
    frame = data.frame
    part = au.partition(data, "category")
    shares = au.segment_shares(data, part, "sat_overall")
    for key, estimate in shares.estimates.items():
        members = (frame["category"] == key).fillna(False) & frame["sat_overall"].notna()
        w = frame.loc[members, "weight"]
        expected = float((w * frame.loc[members, "sat_overall"].isin([3, 4])).sum() / w.sum())
        assert estimate.share == pytest.approx(expected, abs=1e-12)
        assert shares.counts[key] == top_counts(frame, "sat_overall", members)


# --- the privacy property over everything published --------------------------------------------------


def check_published(scope, data, captured, outputs) -> Counter:
    """Walk the figures and sentences the four sections published and check them independently;
    returns how many figures of each kind were walked."""
    walked = Counter()
    frame = data.frame
    titles = {text.DIMENSION_NAME[d](scope.lang): d for d in au.PROFILE_DIMENSIONS}
    segment_titles = {text.SEGMENT_TITLE[d](scope.lang): d for d in au.SEGMENT_DIMENSIONS}
    item_names = {text.ITEM_NAME[i](scope.lang): i for i in au.SEGMENT_ITEMS}
    for figure in captured.figures:
        meta = figure.layout.meta
        assert isinstance(meta, dict) and "smq_cells" in meta, figure.layout.title.text
        title = figure.layout.title.text
        if title in segment_titles:
            check_segments(segment_titles[title], figure, frame, item_names, scope.lang)
            walked["segments"] += 1
            continue
        rows = bars(figure)
        for _, lines in rows:
            n = printed_count(lines)
            assert n is None or n == 0 or n >= MIN_CELL, (title, lines)
        if title in titles:
            walk_partition(titles[title], rows, frame, scope.lang)
            walked["profile"] += 1
        else:  # information sources
            walked["sources"] += 1
            codes = {text._source_label(c, scope.lang): c for c in au.INFO_SOURCES}
            answered = frame["info_sources"].map(lambda v: isinstance(v, list) and len(v) > 0)
            for label, lines in rows:
                cited = int(frame.loc[answered, "info_sources"].map(lambda v, c=codes[label]: c in v).sum())
                if has_share(lines):
                    assert not (0 < cited < MIN_CELL or 0 < int(answered.sum()) - cited < MIN_CELL), label
    for output in outputs:
        for paragraph in getattr(output, "paragraphs", []):
            for number in re.findall(r"(\d[\d\u00a0 ]*) commentaires?\b", paragraph):
                assert int(re.sub(r"\D", "", number)) >= MIN_CELL, paragraph
    if frame["comment"].dropna().size < MIN_CELL:  # no quote from a museum with fewer than 10 comments
        assert not any("«" in p for o in outputs[3:4] for p in o.paragraphs)
    notebook = {"cells": [{"outputs": [{"data": {PLOTLY: json.loads(f.to_json())}} for f in captured.figures]}]}
    notebook["cells"].append({"outputs": [{"data": o._repr_mimebundle_()} for o in outputs]})
    runner.audit_report(notebook, str(DB))
    return walked


@needs_demo
def test_no_group_of_one_to_nine_respondents_can_be_read_or_rebuilt_for_any_demo_museum(demo_scope, monkeypatch):
    walked = Counter()
    for museum, _ in demo_scope.choices():
        for season in demo_scope.with_choice(museum=museum).seasons:  # every season: the first has no previous
            scope = demo_scope.with_choice(museum=museum, year=season)
            data = answers(scope)
            captured, outputs = run_sections(scope, data, monkeypatch)
            walked += check_published(scope, data, captured, outputs)
    assert walked["segments"] and walked["profile"] and walked["sources"], walked


@needs_demo
def test_the_audit_of_every_family_the_sections_publish_passes_for_every_demo_museum(demo_scope):
    for museum, _ in demo_scope.choices():
        data = answers(demo_scope.with_choice(museum=museum))
        for dimension in au.PROFILE_DIMENSIONS:
            part = au.partition(data, dimension)
            assert not au.audit({dimension: au.KEYS[dimension]}, part.facts()), (museum, dimension)
        for dimension, (part, _) in text.segment_plans(data).items():
            assert not au.audit(*au.segment_family(part)), (museum, dimension)
        sources = au.source_shares(data)
        for dims, facts in sources.facts(data.n):
            assert not au.audit(dims, facts), museum
        summary, _ = au.theme_summary(data)
        assert not au.theme_findings(summary) or _, museum


def test_a_gender_cell_of_three_is_withheld_with_a_complement_so_it_cannot_be_rebuilt():
    gender = pd.Series(["woman"] * 150 + ["man"] * 97 + ["another"] * 3, dtype="string")
    data = crafted({"gender": gender})
    part = au.partition(data, "gender")
    assert part.shown == ("woman",) and set(part.hidden) == {"man", "another"}
    rows = [
        (label, [f"n = {n}"] if n is not None else ["masqué"])
        for label, n in zip(text.profile_tables(data, "fr")["gender"][1].table["label"], part_counts(part))
    ]
    walk_partition("gender", rows, data.frame)
    assert not au.audit({"gender": au.KEYS["gender"]}, part.facts())
    naive = au.Partition("gender", part.counts, part.n_total, shown=("woman", "man"), hidden=("another",))
    assert au.audit({"gender": au.KEYS["gender"]}, naive.facts()), "publishing the men would give away 3"


def part_counts(part: au.Partition) -> list[int | None]:
    return [None if k in part.hidden else part.counts.get(k) for k in part.rows]


def test_small_party_types_fold_into_one_other_row_of_at_least_ten():
    party = pd.Series(["couple"] * 120 + ["friends"] * 40 + ["organised_group"] * 4 + ["other"] * 3, dtype="string")
    part = au.partition(crafted({"party_type": party}), "party_type")
    folded = sum(part.counts[k] for k in part.folded)
    assert folded >= MIN_CELL and {"organised_group", "other"} <= set(part.folded) and not part.hidden


def test_a_segment_of_nine_respondents_is_withheld_and_its_share_cannot_be_rebuilt():
    category = pd.Series(["local"] * 200 + ["excursionist"] * 60 + ["tourist"] * 9, dtype="string")
    sat = pd.Series([4] * 180 + [2] * 20 + [4] * 50 + [1] * 10 + [4] * 9, dtype="Int64")
    data = crafted({"category": category, "sat_overall": sat, "recommend": sat})
    part = au.partition(data, "category")
    assert "tourist" in part.hidden and len(part.hidden) >= 2
    plans = text.segment_plans(data)
    for shares in plans["category"][1]:
        assert "tourist" not in shares.estimates
    assert not au.audit(*au.segment_family(plans["category"][0]))
    # the runner's audit reads the category cells the chart declares: they pass, and publishing the
    # two large categories beside the total would not (the tourists = 269 − 200 − 60)
    structure = disclosure.Structure(region_pairs=(), provinces=(), countries={})
    cells = au.category_cells(data, part)
    assert not disclosure.audit(cells, structure)
    population = cells[0].population
    naive = [
        disclosure.shown(population, "basis", "responses", 269),
        disclosure.shown(population, "t", "*", 269, {"category": au.KEYS["category"]}),
        disclosure.shown(population, "t", "local", 200, {"category": ("local",)}),
        disclosure.shown(population, "t", "excursionist", 60, {"category": ("excursionist",)}),
        disclosure.hidden(population, "t", "tourist", {"category": ("tourist",)}),
    ]
    assert disclosure.audit(naive, structure)


def test_a_segment_share_is_published_however_few_answer_outside_the_top_two_boxes():
    """Opinions are not characteristics: 95 of 100 locals in the top two boxes publish 95 % (the old
    count rule withheld it, and the tourists' share with it by subtraction from the item's total)."""
    category = pd.Series(["local"] * 100 + ["tourist"] * 100, dtype="string")
    sat = pd.Series([4] * 95 + [1] * 5 + [4] * 80 + [1] * 20, dtype="Int64")
    data = crafted({"category": category, "sat_overall": sat})
    part = au.partition(data, "category")
    shares = au.segment_shares(data, part, "sat_overall")
    assert shares.withheld == {"excursionist"} and set(part.shown) >= {"local", "tourist"}  # no excursionist
    for key, top in (("local", 95), ("tourist", 80)):
        low, high = proportion_confint(top, 100, alpha=0.05, method="wilson")
        assert shares.estimates[key].share == pytest.approx(top / 100)
        assert (shares.estimates[key].low, shares.estimates[key].high) == pytest.approx((low, high), abs=1e-9)
    assert not au.audit(*au.segment_family(part))


def test_a_segment_share_needs_min_cell_answers_to_the_item_not_only_min_cell_members():
    category = pd.Series(["local"] * 40 + ["tourist"] * 40, dtype="string")
    answered = MIN_CELL - 1
    sat = pd.Series([4] * 40 + [3] * answered + [pd.NA] * (40 - answered), dtype="Int64")
    data = crafted({"category": category, "sat_overall": sat})
    part = au.partition(data, "category")
    shares = au.segment_shares(data, part, "sat_overall")
    assert set(part.shown) >= {"local", "tourist"} and shares.withheld == {"tourist", "excursionist"}
    figure = text.segment_figure(data, "category", part, [shares], "fr")
    hover = dict(bars(figure))
    tourists = next(
        lines for label, lines in hover.items() if label.startswith(text.row_label("category", "tourist", "fr"))
    )
    assert tourists[-1].endswith("–")


def test_a_theme_of_one_comment_is_less_than_ten_with_no_quote():
    texts = ["Superbe exposition, très instructive."] * 20 + ["Le stationnement était difficile à trouver."]
    comments_ = pd.Series(texts + [pd.NA] * 9, dtype="string")
    data = crafted({"comment": comments_})
    summary, withheld = au.theme_summary(data)
    row = summary.table.set_index("theme").loc["access"]
    assert bool(row.small) and pd.isna(row.n) and row.quotes == ()
    assert not withheld and not au.theme_findings(summary)


def test_a_small_theme_pinned_by_the_covering_bound_withholds_every_theme_count():
    texts = ["Superbe exposition."] * 12 + ["Stationnement difficile."] * 6
    data = crafted({"comment": pd.Series(texts, dtype="string")})
    summary, withheld = au.theme_summary(data)
    assert withheld and summary.table["n"].isna().all() and all(q == () for q in summary.table["quotes"])


def test_fewer_than_ten_comments_give_one_sentence_and_no_quote(monkeypatch):
    data = crafted({"comment": pd.Series(["Superbe exposition."] * 4 + [pd.NA] * 40, dtype="string")})
    Captured(monkeypatch)

    class Scope:
        lang, seasons = "fr", (2026,)

    out = au.comments_section(Scope(), data)
    assert len(out.paragraphs) == 1 and "«" not in out.paragraphs[0] and "10" in out.paragraphs[0]


# --- themes of the demo comments ---------------------------------------------------------------------

EXPECTED_THEMES = {
    "Superbe exposition, le personnel était très accueillant.": {"staff", "exhibitions"},
    "Le stationnement était difficile à trouver.": {"access"},
    "Prix d'entrée un peu élevé pour une famille de cinq.": {"price", "families"},
    "Merci pour la visite guidée, très instructive!": {"exhibitions"},
    "Il manquait des bancs dans les salles d'exposition.": {"comfort", "exhibitions"},
    "Les enfants ont adoré l'atelier de bricolage.": {"families", "exhibitions"},
    "La signalisation depuis la route n'était pas claire.": {"wayfinding"},
    "Très belle découverte, on reviendra l'an prochain.": {"general"},
    "Le café était fermé lors de notre passage.": {"amenities"},
    "Plus de contenu en anglais serait apprécié.": {"exhibitions", "language"},
    "Belle boutique, mais peu de produits locaux.": {"amenities"},
    "Écrivez-moi à marie.exemple@example.com pour les prochaines activités.": {"exhibitions"},
    "Vous pouvez me joindre au 418 555-0142 pour en discuter.": {OTHER},
    "Mon courriel : j.tremblay@example.net, j'aimerais devenir bénévole.": {"staff"},
    "Appelez-moi au (514) 555-0199, j'ai oublié mon parapluie au vestiaire.": {"amenities"},
    "Je m'appelle Gaston Fictif et j'ai adoré la salle des cartes anciennes.": {"exhibitions"},
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_demo_comment_lands_in_a_sensible_theme_in_either_language(lang):
    known = {c: EXPECTED_THEMES[c] for c in COMMENTS if c in EXPECTED_THEMES}
    tagged = tag(list(known), lang)["themes"]
    assert {c: set(t) for c, t in zip(known, tagged)} == known
    assert len(known) >= len(COMMENTS) - 2  # a comment added to the demo gets its expected themes here


# --- English ---------------------------------------------------------------------------------------


@needs_demo
def test_the_sections_read_in_english_when_the_report_is_in_english(demo_scope, monkeypatch):
    scope = demo_scope.with_choice(language="en")
    data = answers(scope)
    captured, outputs = run_sections(scope, data, monkeypatch)
    paragraphs = [re.sub(r"“[^”]*”", "", p) for o in outputs for p in o.paragraphs]  # quotes stay as written
    written = " ".join(paragraphs) + " ".join(f.layout.title.text for f in captured.figures)
    assert "Overall satisfaction" in written and "Several answers allowed" in written
    for french in (" les ", " des ", "écart", "répondants", "commentaires", "masqué", "Groupe d'âge"):
        assert french not in written, french
    check_published(scope, data, captured, outputs)


def test_french_sentences_agree_with_feminine_segments():
    group = text.GROUPS["party_type"]["family_children"]
    assert text.VERB["sat_overall"][group.feminine]("fr") == "sont plus satisfaites"
    assert text.VERB["sat_overall"][text.GROUPS["party_type"]["couple"].feminine]("fr") == "sont plus satisfaits"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_gap_between_segments_is_said_significant_only_when_the_test_on_effective_sizes_says_so(lang):
    # tourists 180/200 top-2 against locals 120/200: z ≈ 7; then 96/120 against 90/120: z ≈ 1.1
    category = pd.Series(["tourist"] * 200 + ["local"] * 200, dtype="string")
    sat = pd.Series([4] * 180 + [2] * 20 + [4] * 120 + [2] * 80, dtype="Int64")
    data = crafted({"category": category, "sat_overall": sat, "recommend": sat})
    part = au.partition(data, "category")
    shares = au.segment_shares(data, part, "sat_overall")
    sentence = text._gap_sentence("sat_overall", "category", part, shares, lang)
    expected = {
        "fr": "Les touristes sont plus satisfaits que les résidents locaux : 90 % contre 60 % (écart significatif).",
        "en": "Tourists are more satisfied than local residents: 90% vs 60% (significant difference).",
    }[lang]
    assert sentence.replace("\u00a0", " ") == expected
    close = pd.Series([4] * 96 + [2] * 24 + [4] * 90 + [2] * 30, dtype="Int64")
    data = crafted({"category": category[80:].reset_index(drop=True), "sat_overall": close})
    part = au.partition(data, "category")
    shares = au.segment_shares(data, part, "sat_overall")
    sentence = text._gap_sentence("sat_overall", "category", part, shares, lang)
    p1, p2 = 90 / 120, 96 / 120
    z = (p2 - p1) / math.sqrt(p1 * (1 - p1) / 120 + p2 * (1 - p2) / 120)
    assert abs(z) < 1.96
    assert ("marge d'erreur" if lang == "fr" else "margin of error") in sentence
