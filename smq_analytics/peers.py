"""Peer groups that mean something: the museums a museum is compared with, and the comparison itself
(docs/ARCHITECTURE.md, « Peer groups »).

A museum's groups come from the museums' parameters as stored by `smq-analytics init` (tables
museums, museum_peer_groups, cohorts, cohort_members, ref_tourist_regions.region_class; migration
0009), in this order:

- type: the museums of the same museum_type (« musées d'art »);
- size: the same size_class (« musées de taille moyenne »);
- region: the same region class of the museum's tourist region — « urban » (the metropolitan tourist
  regions Montréal, Laval and Québec) or « regional » (every other). The class, not the tourist
  region itself: with a handful of museums per tourist region, a tourist-region group would almost
  never reach privacy.MIN_PEER_MUSEUMS, whereas « grands centres » versus « régions » is the contrast
  directors ask about (a city museum's visitors are not a regional museum's). The class is a column of
  data/reference/tourist_regions.csv;
- declared: each peer group the museum lists in its parameter file (peer_groups: [petits-musees]), its
  members being every museum that lists the same name (« groupe petits-musees »: the name is a slug
  the files share, shown as written);
- cohort: each cohort the museum belongs to (parameters/cohorts/*.yaml); a museum in no cohort has
  no cohort group;
- network: every museum in the store.

A group's members are the OTHER museums: the museum is never its own peer. Peers are anonymous; a
cohort whose file says `peers_named: true` (its members agreed) is the only group whose peers may be
named, and only within that group (PeerGroup.named).

The comparison (`compare`) uses one value per museum — its own estimate for the season, with the
responses behind it — through benchmark.peer_benchmark: the peers' median and quartiles, never a
pooled figure in which the largest museums would weigh most; a group with fewer than
privacy.MIN_PEER_MUSEUMS qualifying peers is withheld with its reason.

The chart shows, per group, the peers' interquartile range and median and the museum's own value.
The minimum and maximum are drawn only for a named group: with anonymous peers each extreme is one
museum's own result (the most recognisable one — « the big museum in town »), while the quartiles of
five or more museums describe the group. The chart and the sentences publish shares of other museums
without any count, and the museum's own value only when its report publishes it; they declare no
cells (an empty smq_cells list) for the runner's audit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd
import plotly.graph_objects as go

from . import benchmark, charts, privacy, store
from .i18n import (
    Message,
    Plural,
    capitalize_first,
    check_language,
    count_noun,
    format_number,
    format_percent,
    localize_spacing,
)

TYPE = "type"
SIZE = "size"
REGION = "region"
DECLARED = "declared"
COHORT = "cohort"
NETWORK = "network"
KINDS = (TYPE, SIZE, REGION, DECLARED, COHORT, NETWORK)

URBAN = "urban"
REGIONAL = "regional"
REGION_CLASSES = (URBAN, REGIONAL)

# The type group's name: « musées d'art », « écomusées »…
TYPE_LABELS: dict[str, Message] = {
    "art": Message("musées d'art", "art museums"),
    "history": Message("musées d'histoire", "history museums"),
    "science": Message("musées de sciences", "science museums"),
    "natural_history": Message("musées d'histoire naturelle", "natural history museums"),
    "ecomuseum": Message("écomusées", "ecomuseums"),
    "interpretation_centre": Message("centres d'interprétation", "interpretation centres"),
    "historic_site": Message("lieux historiques", "historic sites"),
    "other": Message("musées de type « autre »", "museums of type 'other'"),
}
SIZE_LABELS: dict[str, Message] = {
    "small": Message("musées de petite taille", "small museums"),
    "medium": Message("musées de taille moyenne", "medium-sized museums"),
    "large": Message("musées de grande taille", "large museums"),
}
REGION_LABELS: dict[str, Message] = {
    URBAN: Message("musées des grands centres urbains", "museums in the large urban centres"),
    REGIONAL: Message("musées en région", "museums in the regions"),
}
DECLARED_LABEL = Message("groupe {name}", "group {name}")  # the name as the museums' files write it
COHORT_LABEL = Message("cohorte « {name} »", "cohort '{name}'")
NETWORK_LABEL = Message("ensemble du réseau SMQ", "whole SMQ network")

OTHER_MUSEUM = Plural.of("autre musée", "autres musées", "other museum", "other museums")

# --- sentences ---------------------------------------------------------------------------------------
LEAD = Message(
    "Chaque musée compte pour un : pour chaque groupe, la médiane et les quartiles des résultats de chaque "
    "musée ({indicator}, saison {season}), votre musée exclu, sans pondérer par la taille des musées.",
    "Each museum counts once: for each group, the median and quartiles of each museum's own result "
    "({indicator}, {season} season), your museum left out, not weighted by museum size.",
)
GROUP = Message(
    "{group} ({n}, saison {season}) : médiane de {median}, la moitié des musées entre {q1} et {q3}{range}",
    "{group} ({n}, {season} season): median {median}, half of the museums between {q1} and {q3}{range}",
)
RANGE = Message(", de {low} à {high} au total", ", from {low} to {high} overall")
OWN = Message("votre musée, à {value}, se situe {position}", "your museum, at {value}, stands {position}")
OWN_HIDDEN = Message(
    "votre propre résultat n'est pas publié (confidentialité ou précision insuffisante)",
    "your own result is not published (confidentiality or insufficient precision)",
)
NAMED = Message("musées comparés : {names}", "museums compared: {names}")
WITHHELD = Message("{group} : comparaison non publiée ({reason})", "{group}: comparison not published ({reason})")

CHART_IQR = Message("Moitié centrale des autres musées (quartiles)", "Middle half of the other museums (quartiles)")
CHART_MEDIAN = Message("Médiane des autres musées", "Other museums' median")
CHART_RANGE = Message("Minimum et maximum (musées nommés)", "Minimum and maximum (named museums)")
CHART_OWN = Message("Votre musée", "Your museum")
CHART_WITHHELD = Message("non publié (moins de {min} autres musées)", "not published (fewer than {min} other museums)")
CHART_NOTE = Message(
    "Une valeur par musée, votre musée exclu, chaque musée comptant pour un · Quartiles : interpolation linéaire "
    "(définition 7 de Hyndman et Fan)",
    "One value per museum, your museum left out, each museum counting once · Quartiles: linear interpolation "
    "(Hyndman & Fan definition 7)",
)


@dataclass(frozen=True)
class PeerGroup:
    """A group of museums to compare with: key (« type:science », « size:medium », « region:urban »,
    « declared:petits-musees », « cohort:<id> », « network »), kind (one of KINDS), label (FR/EN, lower
    case: « musées de sciences »), members (the OTHER museums' ids, sorted; the museum
    itself never), named (True only for a cohort whose members agreed to be named)."""

    key: str
    kind: str
    label: Message
    members: tuple[str, ...]
    named: bool = False


@dataclass(frozen=True)
class GroupComparison:
    """One group's benchmark (benchmark.Benchmark: available, n_museums, median, q1, q3, minimum,
    maximum, own_value, position, reason). peer_names: the peers' display names, only for a named
    group compared with named=True; None otherwise."""

    group: PeerGroup
    benchmark: benchmark.Benchmark
    peer_names: tuple[str, ...] | None = None

    @property
    def available(self) -> bool:
        return self.benchmark.available

    @property
    def reason(self) -> Message | None:
        return self.benchmark.reason


# --- groups --------------------------------------------------------------------------------------------


def peer_groups(con: duckdb.DuckDBPyConnection, museum_id: str) -> list[PeerGroup]:
    """The museum's peer groups from the store, in the order type, size, region, declared groups (by
    name), cohorts (by id), network. A museum the store does not know has only the network group.
    Every group is listed even when it has no other member: the comparison then says it is withheld.
    """
    museums = store.query(con, "peers/museums")
    declared = store.query(con, "peers/declared_groups")
    cohorts = store.query(con, "peers/cohort_members")
    others = sorted(str(m) for m in museums["museum_id"] if str(m) != str(museum_id))
    groups: list[PeerGroup] = []
    own = museums[museums["museum_id"] == museum_id]
    if not own.empty:
        row = own.iloc[0]

        def same(column: str) -> tuple[str, ...]:
            value = row[column]
            if pd.isna(value):
                return ()
            match = museums[(museums[column] == value) & (museums["museum_id"] != museum_id)]
            return tuple(sorted(map(str, match["museum_id"])))

        kind = str(row["museum_type"])
        groups.append(
            PeerGroup(f"{TYPE}:{kind}", TYPE, TYPE_LABELS.get(kind, Message(kind, kind)), same("museum_type"))
        )
        size = str(row["size_class"])
        groups.append(PeerGroup(f"{SIZE}:{size}", SIZE, SIZE_LABELS.get(size, Message(size, size)), same("size_class")))
        if not pd.isna(row["region_class"]):
            region = str(row["region_class"])
            groups.append(
                PeerGroup(
                    f"{REGION}:{region}",
                    REGION,
                    REGION_LABELS.get(region, Message(region, region)),
                    same("region_class"),
                )
            )
        mine = sorted(set(declared.loc[declared["museum_id"] == museum_id, "peer_group"].astype(str)))
        for name in mine:
            members = declared[(declared["peer_group"] == name) & (declared["museum_id"] != museum_id)]
            groups.append(
                PeerGroup(
                    f"{DECLARED}:{name}",
                    DECLARED,
                    DECLARED_LABEL.format(name=name),
                    tuple(sorted(set(map(str, members["museum_id"])))),
                )
            )
    in_cohorts = cohorts[cohorts["museum_id"] == museum_id].drop_duplicates("cohort_id").sort_values("cohort_id")
    for cohort in in_cohorts.itertuples():
        members = cohorts[(cohorts["cohort_id"] == cohort.cohort_id) & (cohorts["museum_id"] != museum_id)]
        groups.append(
            PeerGroup(
                f"{COHORT}:{cohort.cohort_id}",
                COHORT,
                cohort_label(str(cohort.name)),
                tuple(sorted(set(map(str, members["museum_id"])))),
                named=bool(cohort.peers_named),
            )
        )
    groups.append(PeerGroup(NETWORK, NETWORK, NETWORK_LABEL, tuple(others)))
    return groups


def cohort_label(name: str) -> Message:
    """« cohorte « Les musées de la Côte » », or the name alone when it already says « cohorte »."""
    if name.casefold().startswith(("cohorte", "cohort")):
        return Message(name, name)
    return COHORT_LABEL.format(name=name)


# --- comparison ----------------------------------------------------------------------------------------


def compare(
    results: pd.DataFrame,
    museum_id: str | None,
    groups: Sequence[PeerGroup],
    named: bool = False,
) -> list[GroupComparison]:
    """benchmark.peer_benchmark of museum_id within each group.

    results: one row per museum (never pooled): museum_id, value (its estimate for the season, NaN
    when none or when it may not be shown) and n (the responses behind it); an optional name column
    gives display names. A member without a row counts as a museum without a value (left out).
    named: name the peers of groups whose PeerGroup.named is True (a cohort whose members agreed);
    every other group stays anonymous whatever is asked.
    """
    frame = results.copy()
    frame["museum_id"] = frame["museum_id"].astype(str)
    names = dict(zip(frame["museum_id"], frame["name"].astype(str))) if "name" in frame else {}
    out = []
    for group in groups:
        wanted = [*group.members, *([str(museum_id)] if museum_id is not None else [])]
        subset = frame[frame["museum_id"].isin(wanted)][list(benchmark.COLUMNS)]
        missing = [m for m in group.members if m not in set(subset["museum_id"])]
        if missing:
            filler = pd.DataFrame({"museum_id": missing, "value": math.nan, "n": 0})
            subset = pd.concat([subset, filler], ignore_index=True) if not subset.empty else filler
        result = benchmark.peer_benchmark(subset, museum_id, named=named and group.named)
        peer_names = None
        if result.peer_ids is not None:
            peer_names = tuple(names.get(m, m) for m in result.peer_ids)
        out.append(GroupComparison(group, result, peer_names))
    return out


# --- words ---------------------------------------------------------------------------------------------


def _value(value: float, percent: bool, lang: str) -> str:
    return format_percent(value, 0, lang) if percent else format_number(value, 0, lang)


def sentences(
    comparisons: Sequence[GroupComparison],
    indicator_label: Message,
    season: int,
    lang: str = "fr",
    percent: bool = True,
) -> list[str]:
    """One lead sentence, then one sentence per group: how many museums and which season it rests on,
    the peers' median and middle half, where the museum stands; « comparaison non publiée (…) » with
    the reason for a withheld group (a count of other museums is a count of museums, not of
    respondents, and is published)."""
    lang = check_language(lang)
    if not comparisons:
        return []
    out = [LEAD.format(indicator=indicator_label(lang), season=season)(lang)]
    for comparison in comparisons:
        result = comparison.benchmark
        group = capitalize_first(comparison.group.label(lang))
        if not result.available:
            if result.reason_key == benchmark.TOO_FEW_MUSEUMS:
                reason = benchmark.too_few_detail(result.n_museums)(lang)
            else:
                reason = result.reason(lang).rstrip(".") if result.reason else ""
            out.append(WITHHELD.format(group=group, reason=reason)(lang) + ".")
            continue
        text = GROUP.format(
            group=group,
            n=count_noun(result.n_museums, OTHER_MUSEUM, lang),
            season=season,
            median=_value(result.median, percent, lang),
            q1=_value(result.q1, percent, lang),
            q3=_value(result.q3, percent, lang),
            range=RANGE.format(low=_value(result.minimum, percent, lang), high=_value(result.maximum, percent, lang))(
                lang
            )
            if comparison.peer_names is not None
            else "",
        )(lang)
        if result.position is not None:
            # where the museum stands, judged on the printed figures so the words match them
            printed = [
                float(_value(v, percent, "en").rstrip("%").replace(",", ""))
                for v in (result.own_value, result.q1, result.q3)
            ]
            position = benchmark.POSITIONS[benchmark.position(*printed)](lang)
            own = OWN.format(value=_value(result.own_value, percent, lang), position=position)
            text += " ; " + own(lang) if lang == "fr" else "; " + own(lang)
        else:
            text += (" ; " if lang == "fr" else "; ") + OWN_HIDDEN(lang)
        text += "."
        if comparison.peer_names is not None:
            text += " " + capitalize_first(NAMED.format(names=", ".join(comparison.peer_names))(lang)) + "."
        out.append(text)
    return [localize_spacing(s, lang) for s in out]


# --- chart ---------------------------------------------------------------------------------------------


def chart(
    comparisons: Sequence[GroupComparison],
    title: Message | str,
    lang: str = "fr",
    percent: bool = True,
) -> go.Figure | None:
    """Per group, a row: the peers' interquartile range (a bar from Q1 to Q3), their median (a tick),
    the minimum–maximum only for a named group, and the museum's own value (a diamond) when its
    report publishes it; a withheld group's row reads « non publié ». None when no group is available.
    Declares an empty smq_cells list (shares of other museums, no counts)."""
    lang = check_language(lang)
    rows = list(comparisons)
    if not any(c.available for c in rows):
        return None
    labels = [capitalize_first(c.group.label(lang)) for c in rows]
    benchmarks = [c.benchmark for c in rows]
    withheld_text = CHART_WITHHELD.format(min=privacy.MIN_PEER_MUSEUMS)(lang)
    return charts.peer_spread(
        labels,
        q1=[b.q1 if b.available else None for b in benchmarks],
        median=[b.median if b.available else None for b in benchmarks],
        q3=[b.q3 if b.available else None for b in benchmarks],
        minimum=[b.minimum if (b.available and c.peer_names is not None) else None for b, c in zip(benchmarks, rows)],
        maximum=[b.maximum if (b.available and c.peer_names is not None) else None for b, c in zip(benchmarks, rows)],
        own=[b.own_value if (b.available and b.position is not None) else None for b in benchmarks],
        withheld=[None if b.available else withheld_text for b in benchmarks],
        title=title,
        lang=lang,
        percent=percent,
        names={
            "iqr": CHART_IQR(lang),
            "median": CHART_MEDIAN(lang),
            "range": CHART_RANGE(lang),
            "own": CHART_OWN(lang),
        },
        note=CHART_NOTE(lang),
    )
