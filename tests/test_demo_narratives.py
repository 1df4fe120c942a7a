"""Every sentence of every demo report, in both languages, read as a director would: no count under
10, no missing value printed as « – » or « nan », every paragraph a capitalised sentence, and the
disclosure audit passing on everything the report publishes."""

import os
import re

import pytest

from smq_analytics import disclosure, privacy
from smq_analytics.topics.provenance import metrics as provenance, narrative
from smq_analytics.metrics.scope import connection, open_scope

COUNT = re.compile(
    r"(?<![\d,.\u00a0])(\d+)\u00a0?\s?(?:répondants?|réponses?|respondents?|responses?|classements?|"
    r"classifications?|valeurs?|values?)\b"
)


@pytest.fixture(scope="module")
def root():
    scope = open_scope(db=os.environ.get("SMQ_DB", ""))
    yield scope
    scope.close()


def report_texts(scope):
    basis, shares = provenance.data_basis(scope), provenance.category_shares(scope)
    others, admin = provenance.sector_category_shares(scope), provenance.admin_region_shares(scope)
    lang = scope.lang
    return [
        narrative.basis(basis, lang, provenance.basis_cells(scope)),
        narrative.categories(shares, others, lang),
        narrative.regions(admin, "admin", lang),
        narrative.regions(provenance.tourist_region_shares(scope), "tourist", lang),
        narrative.provinces(provenance.province_shares(scope), lang),
        narrative.countries(provenance.world_area_shares(scope), provenance.country_shares(scope), lang),
        narrative.trend(provenance.trend(scope), lang),
        narrative.sector_comparison(shares, others, scope.year, lang),
        narrative.actions(basis, shares, others, admin, lang, provenance.home_region(scope)),
    ]


def test_every_demo_narrative_reads_well_and_hides_small_counts(root):
    museums = [museum_id for museum_id, _ in root.choices()]
    assert len(museums) >= 10
    for museum_id in museums:
        for lang in ("fr", "en"):
            scope = root.with_choice(museum=museum_id, language=lang)
            for text in report_texts(scope):
                for paragraph in text.paragraphs:
                    assert paragraph[:1].isupper() or paragraph[:1].isdigit() or paragraph.startswith("*"), paragraph
                    assert " – " not in paragraph and "nan" not in paragraph.lower().split(), paragraph
                    assert "  " not in paragraph, paragraph
                    for number in COUNT.findall(paragraph):
                        assert int(number) == 0 or int(number) >= privacy.MIN_CELL, (museum_id, paragraph)
                    if lang == "fr":
                        assert not re.search(r"\w [:;?!%]", paragraph), paragraph  # no-break space before
                        assert not re.search(r"\b(?:de|à) (?:le|les) ", paragraph), paragraph  # du, des, au, aux


def test_every_demo_report_plan_passes_the_audit(root):
    structure = disclosure.structure_from_store(connection(root))
    for museum_id, _ in root.choices():
        scope = root.with_choice(museum=museum_id)
        assert disclosure.audit(provenance.report_plan(scope).cells(), structure) == [], museum_id
