"""Confidentiality rules: small cells, complementary suppression, peer groups, free-text redaction."""

import pandas as pd

from smq_analytics import privacy


def partition(counts):
    return pd.DataFrame({"key": list(counts), "n": list(counts.values())})


def test_nine_hidden_twenty_nine_flagged_thirty_plain():
    table = privacy.suppress_partition(partition({"a": 9, "b": 29, "c": 30, "d": 120, "e": 12}))
    by_key = table.set_index("key")
    assert by_key.loc["a", "suppressed"] and by_key.loc["a", "suppression_reason"] == privacy.SMALL
    assert not by_key.loc["b", "suppressed"] and by_key.loc["b", "caution"]
    assert not by_key.loc["c", "caution"] and not by_key.loc["d", "caution"]
    # the 9 could be recovered as base − shown cells: the smallest shown cell (12) is hidden too
    assert by_key.loc["e", "suppression_reason"] == privacy.COMPLEMENT
    assert by_key["suppressed"].sum() == 2


def test_ten_is_shown_and_no_complement_needed_when_hidden_total_reaches_ten():
    table = privacy.suppress_partition(partition({"a": 10, "b": 4, "c": 6, "d": 50}))
    by_key = table.set_index("key")
    assert not by_key.loc["a", "suppressed"] and by_key.loc["a", "caution"]
    assert list(by_key.index[by_key["suppressed"]]) == ["b", "c"]


def test_cells_outside_the_table_count_in_the_residual():
    # base 100 but the listed cells add up to 95: 5 respondents are already unaccounted for
    table = privacy.suppress_partition(partition({"a": 45, "b": 50}), base=100)
    assert table["suppressed"].sum() == 1
    assert table.loc[table["suppressed"], "key"].item() == "a"


def test_small_base_hides_everything():
    table = privacy.suppress_partition(partition({"a": 6, "b": 3}))
    assert table["suppressed"].all()
    assert set(table["suppression_reason"]) == {privacy.SMALL_BASE}


def test_caution_when_base_under_thirty():
    table = privacy.suppress_partition(partition({"a": 14, "b": 14}))
    assert not table["suppressed"].any() and table["caution"].all()


def test_fold_hidden_rows_into_other():
    table = privacy.suppress_partition(partition({"US": 40, "FR": 12, "BE": 4, "JP": 3}))
    folded = privacy.fold_hidden(table, "key", "other", ["n"])
    assert list(folded["key"]) == ["US", "other"]
    assert folded.loc[folded["key"] == "other", "n"].item() == 19  # 12 + 4 + 3
    assert not folded["suppressed"].any()


def test_blank_suppressed_values():
    table = privacy.suppress_partition(partition({"a": 9, "b": 12, "c": 40}))
    table["share"] = table["n"] / 61
    blanked = privacy.blank_suppressed(table, ["n", "share"])
    assert blanked["n"].isna().tolist() == [True, True, False]
    assert blanked["share"].isna().tolist() == [True, True, False]


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
    text = ("Je m'appelle Marie Tremblay et j'ai adoré! Écrivez à marie.t@exemple.qc.ca "
            "ou au 418 555-1234 poste 22, j'habite en G1R 2L3.")
    assert privacy.redact(text, escape=False) == (
        "Je m'appelle [nom] et j'ai adoré! Écrivez à [courriel] ou au [téléphone], j'habite en [code postal].")


def test_redact_english_and_escape():
    text = 'My name is John Smith <script>alert("x")</script> call +1 (514) 555-0000 or h2x1y4'
    assert privacy.redact(text, lang="en") == (
        "My name is [name] &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; call [phone] or [postal code]")


def test_redact_keeps_ordinary_numbers_and_lowercase_name():
    assert privacy.redact("Visite en 2024 avec 3 enfants, 12,50 $", escape=False) == "Visite en 2024 avec 3 enfants, 12,50 $"
    assert privacy.redact("mon nom est paul, merci", escape=False) == "mon nom est [nom], merci"
    assert privacy.redact("Appelez le +33 1 23 45 67 89", escape=False) == "Appelez le [téléphone]"
    assert privacy.redact(None) == ""


def test_a_small_residual_cell_is_hidden_without_costing_another_cell():
    table = pd.DataFrame({"key": ["local", "excursionist", "tourist", "unknown"], "n": [70, 76, 483, 6]})
    plain = privacy.suppress_partition(table)
    # without the residual rule, the 6 unknowns would force the smallest real cell (70 locals) out
    assert plain["suppressed"].tolist() == [True, False, False, True]
    out = privacy.suppress_partition(table, residual=table["key"] == "unknown")
    assert out["suppressed"].tolist() == [False, False, False, True]
    assert out["suppression_reason"].tolist()[3] == privacy.SMALL
    # a small real cell is still protected: 8 locals + 6 unknowns → the smallest other cell goes too
    table.loc[0, "n"] = 8
    out = privacy.suppress_partition(table, residual=table["key"] == "unknown")
    assert out["suppressed"].tolist() == [True, True, False, True]
