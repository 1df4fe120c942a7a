"""Findings about attendance in plain French (English on request), Quebec number formats.

Every function takes results of topics.attendance.metrics and returns a Narrative. Rules that keep the
text honest:
- every number printed is the one the chart beside it shows, formatted the same way (i18n);
- a partial fiscal year (fewer than 12 months) is never compared with a full one nor with a target;
- a change is « stable » when under metrics.STABLE_CHANGE (1 %) either way, else a rise or a fall of
  the percentage rounded to the unit (the rule is stated in the text, CHANGE_RULE);
- attendance is a count the museum keeps, not an estimate: no margin of error, and the text says so;
- nouns agree with their number (« 1 mois », « 2 visiteurs », French 0 and 1 singular: i18n.count_noun).
Attendance totals are not respondent counts: narratives publish no disclosure cells.
"""

from __future__ import annotations

import pandas as pd

from ...i18n import Message, Plural, capitalize_first, count_noun, month_name
from ...metrics.narrative import Narrative, format_month, join_words, pct
from . import labels
from .metrics import STABLE_CHANGE, DataBasis, MonthlyWindow, TargetProgress, direction

T = Message
MONTHS = Plural.of("mois", "mois", "month", "months")
VISITORS = Plural.of("visiteur", "visiteurs", "visitor", "visitors")


def _narrative(paragraphs: list[str], lang: str, bullets: bool = False) -> Narrative:
    return Narrative([capitalize_first(p) for p in paragraphs if p], bullets=bullets, lang=lang)


def _de(text: str) -> str:
    """« de juin 2024 », « d'avril 2024 », « d'août » (elision before a vowel)."""
    return f"d'{text}" if text[:1] in "aeiouéèh" else f"de {text}"


def _from_month(month: int, lang: str) -> str:
    """« de juin », « d'avril », « d'août » / "from June"."""
    name = month_name(month, lang)
    return f"from {name}" if lang == "en" else _de(name)


def _span(first: str, last: str, lang: str) -> str:
    """« en octobre 2026 », « de novembre 2023 à octobre 2026 », « de janvier à octobre 2026 »
    ('YYYY-MM' months; the first month's year is left out when both share it)."""
    if first == last:
        return ("in " if lang == "en" else "en ") + format_month(first, lang)
    first_text = format_month(first, lang)
    if first[:4] == last[:4]:
        first_text = first_text.rsplit(" ", 1)[0]
    if lang == "en":
        return f"from {first_text} to {format_month(last, lang)}"
    return f"{_de(first_text)} à {format_month(last, lang)}"


def visitors(n: int, lang: str) -> str:
    """« 45 332 visiteurs », « 1 visiteur », « 0 visiteur » / "0 visitors"."""
    return count_noun(int(n), VISITORS, lang)


# --- 1. data basis -------------------------------------------------------------------------------
NO_DATA = T(
    "Aucune fréquentation mensuelle n'est chargée pour ce musée.",
    "No monthly attendance is loaded for this museum.",
)
BASIS = T(
    "Musée : {museum}. Ces résultats reposent sur {n} de fréquentation, {period}.",
    "Museum: {museum}. These results rest on {n} of attendance, {period}.",
)
GAPS = T("Fréquentation non chargée pour {months}.", "Attendance not loaded for {months}.")
CALENDAR_YEAR = T(
    "L'exercice du musée suit l'année civile, de janvier à décembre.",
    "The museum's fiscal year is the calendar year, January to December.",
)
FISCAL_YEAR = T(
    "L'exercice du musée va {start} à {end}; il porte le nom de ses deux années (par exemple {example}).",
    "The museum's fiscal year runs {start} to {end} and is named by its two years (e.g. {example}).",
)
YEAR_COMPLETE = T("L'exercice {label} est complet : 12 mois.", "Fiscal year {label} is complete: 12 months.")
YEAR_PARTIAL = T(
    "L'exercice {label} n'est pas complet : {n} sur 12 ({period}). Un exercice incomplet n'est jamais comparé à un exercice complet ni à une cible.",
    "Fiscal year {label} is not complete: {n} out of 12 ({period}). An incomplete year is never compared with a complete one or with a target.",
)
COUNTS = T(
    "La fréquentation est un compte d'entrées tenu par le musée, pas une estimation tirée d'un sondage : aucune marge d'erreur ne s'applique.",
    "Attendance is a count of entries kept by the museum, not an estimate from a survey: no margin of error applies.",
)


def basis(result: DataBasis, lang: str = "fr") -> Narrative:
    """Months loaded, the museum's year and whether the reported fiscal year is complete."""
    if not result.n_months:
        return _narrative([NO_DATA(lang)], lang)
    text = BASIS.format(
        museum=result.museum_name,
        n=count_noun(result.n_months, MONTHS, lang),
        period=_span(result.first_month, result.last_month, lang),
    )(lang)
    paragraphs = [text]
    if result.missing_months:
        paragraphs.append(
            GAPS.format(months=join_words([format_month(m, lang) for m in result.missing_months], lang))(lang)
        )
    if result.start_month == 1:
        paragraphs.append(CALENDAR_YEAR(lang))
    else:
        end = (result.start_month + 10) % 12 + 1
        paragraphs.append(
            FISCAL_YEAR.format(
                start=_from_month(result.start_month, lang),
                end=month_name(end, lang),
                example=result.year_label,
            )(lang)
        )
    if result.year_complete:
        paragraphs.append(YEAR_COMPLETE.format(label=result.year_label)(lang))
    elif result.year_months:
        paragraphs.append(
            YEAR_PARTIAL.format(
                label=result.year_label,
                n=count_noun(result.year_months, MONTHS, lang),
                period=_span(result.year_first_month, result.year_last_month, lang),
            )(lang)
        )
    paragraphs.append(COUNTS(lang))
    return _narrative(paragraphs, lang)


SUMMARY = T(
    "Fréquentation mensuelle · {n} · exercice {label}{partial}",
    "Monthly attendance · {n} · fiscal year {label}{partial}",
)
SUMMARY_PARTIAL = T(" ({n} sur 12)", " ({n} out of 12)")


def basis_summary(result: DataBasis) -> dict[str, str]:
    """One line for the report footer, in both languages: months loaded, fiscal year, completeness."""
    summary = {}
    for lang in ("fr", "en"):
        partial = (
            "" if result.year_complete else SUMMARY_PARTIAL.format(n=count_noun(result.year_months, MONTHS, lang))(lang)
        )
        summary[lang] = SUMMARY.format(
            n=count_noun(result.n_months, MONTHS, lang), label=result.year_label, partial=partial
        )(lang)
    return summary


# --- 2. monthly attendance and seasonality ------------------------------------------------------


def window_name(first: str, last: str, lang: str) -> str:
    """« nov. 2025 à oct. 2026 »: the name of a twelve-month series in the chart's legend."""
    return labels.WINDOW.format(first=_short_month(first, lang), last=_short_month(last, lang))(lang)


def _short_month(month: str, lang: str) -> str:
    return f"{month_name(int(month[5:]), lang, abbreviated=True)} {month[:4]}"


WINDOW = T(
    "Le graphique montre les 12 mois {span}, à côté des mêmes mois un an plus tôt.",
    "The chart shows the 12 months {span}, beside the same months one year earlier.",
)
WINDOW_GAPS = T(
    "Fréquentation non chargée pour {months} : ces mois n'ont pas de barre.",
    "Attendance not loaded for {months}: those months have no bar.",
)
BUSIEST = Plural.of(
    "Le mois le plus achalandé est {months}.",
    "Les mois les plus achalandés sont {months}.",
    "The busiest month is {months}.",
    "The busiest months are {months}.",
)
BUSY_ITEM = T("{month} ({n})", "{month} ({n})")
SUMMER = T(
    "De juin à septembre, le musée reçoit {share} de la fréquentation de ces 12 mois{before}.",
    "From June to September, the museum receives {share} of the attendance of these 12 months{before}.",
)
SUMMER_BEFORE = T(", contre {share} un an plus tôt", ", against {share} one year earlier")
SUMMER_NONE = T(
    "La part de l'été (juin à septembre) n'est calculée que sur 12 mois complets.",
    "The summer share (June to September) is computed only over 12 complete months.",
)


def monthly(result: MonthlyWindow, lang: str = "fr") -> Narrative:
    """The window, its busiest months and the summer share (with last year's when complete)."""
    if result.first is None:
        return _narrative([NO_DATA(lang)], lang)
    paragraphs = [WINDOW.format(span=_span(result.first, result.last, lang))(lang)]
    missing = [format_month(m, lang) for m, t in zip(result.table["month"], result.table["total"]) if pd.isna(t)]
    if missing:
        paragraphs.append(WINDOW_GAPS.format(months=join_words(missing, lang))(lang))
    items = [
        BUSY_ITEM.format(month=format_month(row.month, lang), n=visitors(row.total, lang))(lang)
        for row in result.busiest.itertuples()
    ]
    if items:
        paragraphs.append(BUSIEST.form(len(items), lang).format(months=join_words(items, lang)))
    if result.summer_share is not None:
        before = (
            SUMMER_BEFORE.format(share=pct(result.previous_summer_share, lang))(lang)
            if result.previous_summer_share is not None
            else ""
        )
        paragraphs.append(SUMMER.format(share=pct(result.summer_share, lang), before=before)(lang))
    else:
        paragraphs.append(SUMMER_NONE(lang))
    return _narrative(paragraphs, lang)


def month_note(result: MonthlyWindow, lang: str = "fr") -> str:
    """The chart's note: why a month has no bar, only when one has none."""
    table = result.table
    missing = table["total"].isna().any() or table["previous_total"].isna().any()
    return labels.MISSING_NOTE(lang) if missing else ""


def month_series(result: MonthlyWindow, lang: str = "fr") -> tuple[list[str], dict[str, list]]:
    """The chart's categories (month abbreviations) and its two series: this window, last year's."""
    table = result.table
    if result.first is None:
        return [], {}
    categories = [month_name(int(n), lang, abbreviated=True) for n in table["month_number"]]
    current = window_name(result.first, result.last, lang)
    previous = window_name(table["previous_month"].iloc[0], table["previous_month"].iloc[-1], lang)
    as_list = lambda column: [None if pd.isna(v) else int(v) for v in table[column]]  # noqa: E731
    return categories, {current: as_list("total"), previous: as_list("previous_total")}


# --- 3. change from year to year ------------------------------------------------------------------
NO_COMPLETE = T(
    "Aucun exercice complet (12 mois) n'est chargé : la variation d'une année à l'autre apparaîtra avec un exercice complet.",
    "No complete fiscal year (12 months) is loaded: the change from year to year will appear with a complete year.",
)
YEAR_TOTAL = T("Exercice {label} : {total}.", "Fiscal year {label}: {total}.")
YEAR_CHANGE = T(
    "Exercice {label} : {total}, {verdict} par rapport à {previous} ({difference}).",
    "Fiscal year {label}: {total}, {verdict} on {previous} ({difference}).",
)
RISE = T("hausse de {change}", "up {change}")
FALL = T("baisse de {change}", "down {change}")
STABLE = T("stable", "stable")
MORE = Plural.of("visiteur de plus", "visiteurs de plus", "more visitor", "more visitors")
FEWER = Plural.of("visiteur de moins", "visiteurs de moins", "fewer visitor", "fewer visitors")
SAME = T("même total", "same total")
NOT_COMPARED = T(
    "L'exercice {label} ({n} sur 12) n'est pas comparé : il est incomplet.",
    "Fiscal year {label} ({n} out of 12) is not compared: it is incomplete.",
)
CHANGE_RULE = T(
    "Une variation de moins de {stable} en plus ou en moins est dite stable; les pourcentages sont arrondis à l'unité.",
    "A change of less than {stable} either way is called stable; percentages are rounded to the unit.",
)


def change_words(change: float, difference: int, lang: str = "fr") -> tuple[str, str]:
    """(« hausse de 6 % » | « baisse de 3 % » | « stable », « 2 345 visiteurs de plus »)."""
    kind = direction(change)
    verdict = (
        STABLE(lang)
        if kind == "stable"
        else (RISE if kind == "rise" else FALL).format(change=pct(abs(change), lang))(lang)
    )
    if difference == 0:
        return verdict, SAME(lang)
    words = count_noun(abs(difference), MORE if difference > 0 else FEWER, lang)
    return verdict, words


def year_changes(frame: pd.DataFrame, lang: str = "fr") -> Narrative:
    """One sentence per complete fiscal year (total, change from the year before when complete too);
    incomplete years are named as not compared."""
    complete = frame[frame["complete"]]
    if complete.empty:
        return _narrative([NO_COMPLETE(lang)], lang)
    labels_ = dict(zip(frame["fiscal_year"], frame["fiscal_year_label"]))
    paragraphs = []
    for row in complete.itertuples():
        total = visitors(row.total, lang)
        if pd.isna(row.change):
            paragraphs.append(YEAR_TOTAL.format(label=row.fiscal_year_label, total=total)(lang))
            continue
        verdict, difference = change_words(float(row.change), int(row.difference), lang)
        paragraphs.append(
            YEAR_CHANGE.format(
                label=row.fiscal_year_label,
                total=total,
                verdict=verdict,
                previous=labels_[row.fiscal_year - 1],
                difference=difference,
            )(lang)
        )
    first_complete = int(complete["fiscal_year"].min())
    for row in frame[~frame["complete"] & (frame["fiscal_year"] > first_complete)].itertuples():
        paragraphs.append(
            NOT_COMPARED.format(label=row.fiscal_year_label, n=count_noun(int(row.months), MONTHS, lang))(lang)
        )
    if complete["change"].notna().any():
        paragraphs.append(CHANGE_RULE.format(stable=pct(STABLE_CHANGE, lang))(lang))
    return _narrative(paragraphs, lang)


def year_series(frame: pd.DataFrame, lang: str = "fr") -> tuple[list[str], dict[str, list]]:
    """The chart's categories (complete fiscal years) and its one series (totals)."""
    complete = frame[frame["complete"]]
    return list(complete["fiscal_year_label"]), {labels.ENTRIES(lang): [int(v) for v in complete["total"]]}


# --- 4. paid / free / school -----------------------------------------------------------------------
MIX_UNKNOWN = T(
    "Votre fichier de fréquentation ne distingue pas les entrées payantes, gratuites et scolaires : ajoutez ces colonnes à vos prochains envois pour en voir la répartition.",
    "Your attendance file does not distinguish paid, free and school entries: add these columns to your next files to see how they split.",
)
MIX_NO_YEAR = T(
    "Les entrées payantes, gratuites et scolaires ne sont connues pour aucun exercice complet (12 mois) : leur répartition n'est pas montrée.",
    "Paid, free and school entries are not known for any complete fiscal year (12 months): their split is not shown.",
)
MIX = T(
    "En {label}, {paid} des entrées sont payantes, {free} gratuites et {school} scolaires{other}{before}.",
    "In {label}, {paid} of entries are paid, {free} free and {school} school entries{other}{before}.",
)
MIX_OTHER = T("; {other} ne sont pas réparties", "; {other} are not split")
MIX_BEFORE = T(
    " (en {label} : {paid} payantes, {free} gratuites et {school} scolaires)",
    " (in {label}: {paid} paid, {free} free and {school} school)",
)


def mix(frame: pd.DataFrame, known: bool, lang: str = "fr") -> Narrative:
    """The split of the latest complete year with that of the year before it in the table."""
    if not known:
        return _narrative([MIX_UNKNOWN(lang)], lang)
    if frame.empty:
        return _narrative([MIX_NO_YEAR(lang)], lang)
    last = frame.iloc[-1]
    before = ""
    if len(frame) > 1:
        prior = frame.iloc[-2]
        before = MIX_BEFORE.format(
            label=prior["fiscal_year_label"],
            paid=pct(prior["paid_share"], lang),
            free=pct(prior["free_share"], lang),
            school=pct(prior["school_share"], lang),
        )(lang)
    other = MIX_OTHER.format(other=pct(last["other_share"], lang))(lang) if last["other"] > 0 else ""
    text = MIX.format(
        label=last["fiscal_year_label"],
        paid=pct(last["paid_share"], lang),
        free=pct(last["free_share"], lang),
        school=pct(last["school_share"], lang),
        other=other,
        before=before,
    )(lang)
    return _narrative([text], lang)


def mix_series(frame: pd.DataFrame, lang: str = "fr") -> tuple[list[str], dict[str, list], list[str]]:
    """Categories (fiscal years), one series per part (other only when some year has any), colours."""
    parts = [p for p in ("paid", "free", "school", "other") if p != "other" or (frame["other"] > 0).any()]
    series = {labels.part_label(p, lang): [float(v) for v in frame[f"{p}_share"]] for p in parts}
    return list(frame["fiscal_year_label"]), series, [labels.PART_COLOURS[p] for p in parts]


# --- 5. target --------------------------------------------------------------------------------------
NO_TARGET = T(
    "Aucune cible de fréquentation n'est fixée pour ce musée (parameters/museums/{museum}.yaml, indicateur attendance_total).",
    "No attendance target is set for this museum (parameters/museums/{museum}.yaml, indicator attendance_total).",
)
TARGET = T("Cible pour l'exercice {label} : {value}{note}.", "Target for fiscal year {label}: {value}{note}.")
TARGET_NOTE = T(" (« {note} »)", " (“{note}”)")
BASELINE = T("Exercice de référence {label} : {total}.", "Baseline fiscal year {label}: {total}.")
BASELINE_PARTIAL = T(
    "L'exercice de référence {label} n'est pas complet : il n'est pas montré.",
    "The baseline fiscal year {label} is not complete: it is not shown.",
)
CURRENT_TARGET_YEAR = T(
    "En {label}, le musée a reçu {total}, {gap} : {verdict}.",
    "In {label}, the museum received {total}, {gap}: {verdict}.",
)
REACHED = T("cible atteinte", "target reached")
NOT_REACHED = T("cible non atteinte", "target not reached")
TARGET_YEAR_PARTIAL = T(
    "L'exercice {label} n'est pas complet ({n} sur 12) : il sera comparé à la cible une fois ses 12 mois chargés.",
    "Fiscal year {label} is not complete ({n} out of 12): it will be compared with the target once its 12 months are loaded.",
)
TARGET_YEAR_EMPTY = T(
    "L'exercice {label} n'a pas encore de fréquentation chargée.",
    "Fiscal year {label} has no attendance loaded yet.",
)
LATEST_COMPLETE = T(
    "Dernier exercice complet, {label} : {total}, {gap}.",
    "Latest complete fiscal year, {label}: {total}, {gap}.",
)
NO_COMPLETE_TARGET = T(
    "Aucun exercice complet ne peut encore être comparé à la cible.",
    "No complete fiscal year can be compared with the target yet.",
)
ABOVE = T("soit {gap} au-dessus de la cible", "{gap} above the target")
BELOW = T("soit {gap} sous la cible", "{gap} below the target")
EQUAL = T("soit exactement la cible", "exactly the target")
TARGET_COUNT = T(
    "La fréquentation est un compte, pas une estimation : l'écart à la cible n'a pas de marge d'erreur.",
    "Attendance is a count, not an estimate: the gap to the target has no margin of error.",
)


def _gap(progress: TargetProgress, lang: str) -> str:
    if progress.current_total == progress.value:
        return EQUAL(lang)
    return (ABOVE if progress.current_total > progress.value else BELOW).format(gap=pct(abs(progress.gap), lang))(lang)


def target(progress: list[TargetProgress], museum_id: str, lang: str = "fr") -> Narrative:
    """Baseline → current → target for each attendance target, complete fiscal years only."""
    if not progress:
        return _narrative([NO_TARGET.format(museum=museum_id)(lang)], lang)
    paragraphs = []
    for item in progress:
        note = TARGET_NOTE.format(note=item.note)(lang) if item.note else ""
        paragraphs.append(TARGET.format(label=item.year_label, value=visitors(item.value, lang), note=note)(lang))
        if item.baseline_label and item.baseline_total is not None:
            paragraphs.append(
                BASELINE.format(label=item.baseline_label, total=visitors(item.baseline_total, lang))(lang)
            )
        elif item.baseline_label:
            paragraphs.append(BASELINE_PARTIAL.format(label=item.baseline_label)(lang))
        if item.reached_year:
            verdict = (REACHED if item.current_total >= item.value else NOT_REACHED)(lang)
            paragraphs.append(
                CURRENT_TARGET_YEAR.format(
                    label=item.current_label,
                    total=visitors(item.current_total, lang),
                    gap=_gap(item, lang),
                    verdict=verdict,
                )(lang)
            )
            continue
        if item.target_year_months:
            paragraphs.append(
                TARGET_YEAR_PARTIAL.format(label=item.year_label, n=count_noun(item.target_year_months, MONTHS, lang))(
                    lang
                )
            )
        else:
            paragraphs.append(TARGET_YEAR_EMPTY.format(label=item.year_label)(lang))
        if item.current_total is not None:
            paragraphs.append(
                LATEST_COMPLETE.format(
                    label=item.current_label, total=visitors(item.current_total, lang), gap=_gap(item, lang)
                )(lang)
            )
        else:
            paragraphs.append(NO_COMPLETE_TARGET(lang))
    paragraphs.append(TARGET_COUNT(lang))
    return _narrative(paragraphs, lang)


def target_series(item: TargetProgress, lang: str = "fr") -> tuple[list[str], dict[str, list], list[str]]:
    """The bars of one target: baseline (when complete), current (when complete), target."""
    bars, values = [], []
    if item.baseline_label and item.baseline_total is not None:
        bars.append(labels.TARGET_BARS["baseline"].format(year=item.baseline_label)(lang))
        values.append(item.baseline_total)
    if item.current_total is not None:
        bars.append(labels.TARGET_BARS["current"].format(year=item.current_label)(lang))
        values.append(item.current_total)
    bars.append(labels.TARGET_BARS["target"].format(year=item.year_label)(lang))
    values.append(item.value)
    return bars, {labels.ENTRIES(lang): values}, list(labels.TARGET_COLOURS)
