"""Confidentiality rules: small cells, complementary suppression, peer groups, free-text redaction."""

import pandas as pd

from smq_analytics import privacy


def partition(counts):
    return pd.DataFrame({"key": list(counts), "n": list(counts.values())})


def test_blank_suppressed_values():
    table = partition({"a": 9, "b": 12, "c": 40}).assign(suppressed=[True, True, False])
    table["share"] = table["n"] / 61
    blanked = privacy.blank_suppressed(table, ["n", "share"])
    assert blanked["n"].isna().tolist() == [True, True, False]
    assert blanked["share"].isna().tolist() == [True, True, False]


def test_caution_below_thirty_or_on_a_base_below_thirty():
    assert privacy.needs_caution_share(29, 500) and not privacy.needs_caution_share(30, 500)
    assert privacy.needs_caution_share(40, 29) and not privacy.needs_caution_share(40, 30)


def test_peer_group_needs_five_museums():
    assert not privacy.peer_group_allowed(4)
    assert privacy.peer_group_allowed(5)


def test_peer_labels_anonymous_unless_named():
    names = ["Musée de la Gaspésie", "Musée du Fjord", "Musée Pop"]
    assert privacy.peer_labels(names, peers_named=False) == ["Musée A", "Musée B", "Musée C"]
    assert privacy.peer_labels(names, peers_named=False, lang="en")[1] == "Museum B"
    assert privacy.peer_labels(names, peers_named=True) == names
    assert privacy.peer_labels(["x"] * 28, peers_named=False)[26:] == ["Musée AA", "Musée AB"]


def test_redact_email_phone_postal_and_names():
    text = (
        "Je m'appelle Marie Tremblay et j'ai adoré! Écrivez à marie.t@exemple.qc.ca "
        "ou au 418 555-1234 poste 22, j'habite en G1R 2L3."
    )
    assert privacy.redact(text, escape=False) == (
        "Je m'appelle [nom] et j'ai adoré! Écrivez à [courriel] ou au [téléphone], j'habite en [code postal]."
    )


def test_redact_english_and_escape():
    text = 'My name is John Smith <script>alert("x")</script> call +1 (514) 555-0000 or h2x1y4'
    assert privacy.redact(text, lang="en") == (
        "My name is [name] &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; call [phone] or [postal code]"
    )


def test_redact_keeps_ordinary_numbers_and_lowercase_name():
    assert (
        privacy.redact("Visite en 2024 avec 3 enfants, 12,50 $", escape=False)
        == "Visite en 2024 avec 3 enfants, 12,50 $"
    )
    assert privacy.redact("mon nom est paul, merci", escape=False) == "mon nom est [nom], merci"
    assert privacy.redact("Appelez le +33 1 23 45 67 89", escape=False) == "Appelez le [téléphone]"
    assert privacy.redact(None) == ""
