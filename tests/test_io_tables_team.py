"""Spreadsheets as teams type them: two coders, source columns, typos, empty quotes,
and the Excel-route templates."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import realist as rl
from conftest import require_module
from realist.analysis.evidence import coder_agreement
from realist.errors import FileFormatError, ValidationError
from realist.io.tables import read_table

TEMPLATES = Path(__file__).resolve().parents[1] / "docs" / "templates"

# Ana and Ben coded the same four quotes; Ben's rows repeat Ana's IDs (k1, k2), or
# retype the quote with other spacing and case (k3 -> b3), or leave it out (k2).
TWO_CODERS = """\
ID,Coder,Case,Context,Mechanism,Outcome,Evidence,Source
k1,Ana,Sandwell,History,Champions,Vision,we had worked together for years,int-07
k2,Ana,Sandwell,Turbulence,Consultancy,Plan,the consultants helped us,int-08
k3,Ana,Telford,History,Champions,Plan,the board met every month,doc-1
k4,Ana,Telford,Turbulence,Grants,Trust,grants went to local groups,int-09
k1,Ben,Sandwell,History,Champions,Vision,we had worked together for years,int-07
k2,Ben,Sandwell,History,Consultancy,Plan,,int-08
b3,Ben,Telford,History,Consultancy,Plan,The board  met every MONTH,doc-1
b4,Ben,Telford,Turbulence,Grants,Trust,grants went to local groups,int-09
"""


@pytest.fixture
def two_coders(tmp_path: Path) -> Path:
    path = tmp_path / "team.csv"
    path.write_text(TWO_CODERS, encoding="utf-8")
    return path


def _codings(p: rl.Project, coder: str) -> dict[tuple[str, str], list[str]]:
    """(source, quote) -> the labels the coder applied there."""
    labels = {i: e.label for i, e in p.elements.items()}
    return {
        (e.source, e.quote): sorted(labels[x] for x in e.elements)
        for e in p.evidence
        if e.coder == coder
    }


# ------------------------------------------------------------------ coders


def test_second_coders_rows_become_codings_not_configurations(two_coders: Path) -> None:
    p, report = read_table(two_coders, report=True)
    assert [k.id for k in p.configurations] == ["k1", "k2", "k3", "k4"]
    # each configuration's evidence is Ana's
    assert {p.get(e, rl.Evidence).coder for k in p.configurations for e in k.evidence} == {"Ana"}
    assert _codings(p, "Ben") == {
        ("int-07", "we had worked together for years"): ["Champions", "History", "Vision"],
        # no quote, same ID: Ben coded k2's excerpt
        ("int-08", "the consultants helped us"): ["Consultancy", "History", "Plan"],
        # retyped quote: Ana's excerpt, with Ana's text
        ("doc-1", "the board met every month"): ["Consultancy", "History", "Plan"],
        ("int-09", "grants went to local groups"): ["Grants", "Trust", "Turbulence"],
    }
    assert (report.counts["coders"], report.counts["coding_only_rows"]) == (2, 4)
    [summary] = [w for w in report.warnings if w.path == "column 'Coder'"]
    assert "the configurations are those of coder 'Ana' (the first coder" in summary.message
    assert "'Ben': 4 rows, 4 on excerpts 'Ana' coded" in summary.message
    assert report.counts["configurations"] == 4
    assert report.unmapped == []


def test_coder_agreement_on_a_two_coder_sheet_is_a_real_kappa(two_coders: Path) -> None:
    table = coder_agreement(read_table(two_coders)).set_index("kind")
    assert set(table["coders"]) == {("Ana", "Ben")}
    assert table.loc["all", "n_excerpts"] == 4
    # contexts: History and Turbulence in play on 4 excerpts; Ben put History on k2
    ctx = table.loc["context"]
    assert (ctx["n_both"], ctx["n_only_a"], ctx["n_only_b"], ctx["n_neither"]) == (3, 1, 1, 3)
    assert ctx["kappa"] == pytest.approx(0.5)
    mech = table.loc["mechanism"]
    assert (mech["n_decisions"], mech["n_only_a"], mech["n_only_b"]) == (12, 1, 1)
    assert 0 < table.loc["all", "kappa"] < 1


def test_without_the_second_coder_the_first_coders_project_is_the_same(
    two_coders: Path, tmp_path: Path
) -> None:
    alone = tmp_path / "ana.csv"
    alone.write_text("\n".join(TWO_CODERS.splitlines()[:5]) + "\n", encoding="utf-8")
    a, b = read_table(alone), read_table(two_coders)
    assert [k.model_dump() for k in a.configurations] == [k.model_dump() for k in b.configurations]
    assert [e.model_dump() for e in a.evidence] == [
        e.model_dump() for e in b.evidence if e.coder == "Ana"
    ]


def test_coder_chooses_whose_configurations_count(two_coders: Path) -> None:
    p = read_table(two_coders, coder=" ben ")  # names compare ignoring case and spacing
    assert [k.id for k in p.configurations] == ["k1", "k2", "b3", "b4"]
    assert {p.get(e, rl.Evidence).coder for k in p.configurations for e in k.evidence} == {"Ben"}
    assert p.get("k2", rl.Configuration).contexts == ["c-history"]
    # Ben's k2 has no quote: its evidence is the source alone (and reported as such)
    k2 = p.get("k2", rl.Configuration)
    assert [(p.get(e, rl.Evidence).source, p.get(e, rl.Evidence).quote) for e in k2.evidence] == [
        ("int-08", "")
    ]
    assert set(_codings(p, "Ana")) == {
        ("int-07", "we had worked together for years"),
        ("int-08", "the consultants helped us"),
        ("doc-1", "The board  met every MONTH"),  # Ben's text, the first met now
        ("int-09", "grants went to local groups"),
    }


def test_coder_all_keeps_every_coders_configurations_with_ids_of_their_own(
    two_coders: Path,
) -> None:
    with pytest.raises(ValidationError) as info:
        read_table(two_coders, coder="all")
    assert [(p.path, p.message.split(";")[0]) for p in info.value.problems] == [
        ("row 6", "ID 'k1' is used by an earlier row (row 2, coder 'Ana')"),
        ("row 7", "ID 'k2' is used by an earlier row (row 3, coder 'Ana')"),
    ]
    assert "pass coder='Ana'" in info.value.problems[0].message
    text = TWO_CODERS.replace("k1,Ben", "b1,Ben").replace("k2,Ben", "b2,Ben")
    frame = pd.read_csv(pd.io.common.StringIO(text), dtype=str, keep_default_na=False)
    p, report = read_table(frame, coder="all", report=True)
    assert [k.id for k in p.configurations] == ["k1", "k2", "k3", "k4", "b1", "b2", "b3", "b4"]
    assert "coding_only_rows" not in report.counts
    # the same excerpt is still one evidence item per coder
    assert len([e for e in p.evidence if e.quote == "the board met every month"]) == 2


def test_excerpt_layout_with_two_coders(tmp_path: Path) -> None:
    path = tmp_path / "excerpts.csv"
    path.write_text(
        "Source,Quote,Code,Coded by,Start,End\n"
        "int-07,we worked together,C: History,Ana,0,18\n"
        "int-07,we worked together,M: Champions,Ana,0,18\n"
        "int-07,we worked together,O: Vision,Ana,0,18\n"
        "int-07,we worked together,M: Support,Ben,0,18\n"
        "int-07,we worked together,O: Vision,Ben,0,18\n"
        "int-07,budgets devolved,M: Champions,Ana,20,36\n"
        "int-07,budgets devolved,O: Plan,Ana,20,36\n"
        "int-07,BUDGETS  devolved,M: Champions,Ben,,\n"
        "int-07,BUDGETS  devolved,O: Plan,Ben,,\n",
        encoding="utf-8",
    )
    p, report = read_table(path, report=True)
    assert [(k.contexts, k.mechanisms, k.outcomes) for k in p.configurations] == [
        (["c-history"], ["m-champions"], ["o-vision"]),
        ([], ["m-champions"], ["o-plan"]),
    ]
    ben = [e for e in p.evidence if e.coder == "Ben"]
    # Ben's second excerpt has no span: it is Ana's (0-18, 20-36), matched by its quote
    assert [(e.start, e.end, e.quote, e.elements) for e in ben] == [
        (0, 18, "we worked together", ["m-support", "o-vision"]),
        (20, 36, "budgets devolved", ["m-champions", "o-plan"]),
    ]
    assert report.counts["coding_only_rows"] == 4
    table = coder_agreement(p).set_index("kind")
    assert table.loc["mechanism", "n_excerpts"] == 2
    assert table.loc["mechanism", "agreement"] == pytest.approx(0.5)
    everyone = read_table(path, coder="all")
    assert len(everyone.configurations) == 4  # each coder's excerpts, their own configurations


def test_rows_of_another_coder_that_code_nothing_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "ID,Coder,Mechanism,Outcome,Evidence,Source\n"
        "k1,Ana,Champions,Vision,we worked together,int-07\n"
        "k9,Ben,Champions,Vision,,\n"
        "k1,Ben,Support,Vision,,int-99\n",
        encoding="utf-8",
    )
    p, report = read_table(path, report=True)
    assert [(u.path, u.message.split(":")[0]) for u in report.unmapped] == [
        ("row 3", "a row of coder 'Ben' with no quote and no source, whose ID no configuration has")
    ]
    # row 4: same ID, but another source: Ben's own source-only coding, reported as such
    assert [(e.source, e.quote, e.coder) for e in p.evidence] == [
        ("int-07", "we worked together", "Ana"),
        ("int-99", "", "Ben"),
    ]
    assert any(
        w.path == "row 4" and "a source without a quote" in w.message for w in report.warnings
    )


def test_an_empty_coder_cell_is_a_row_problem_once_a_row_names_one(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "ID,Rater,Mechanism,Outcome\nk1,Ana,Champions,Vision\nk2,,Champions,Plan\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as info:
        read_table(path)
    assert [(p.path, p.message.split(";")[0]) for p in info.value.problems] == [
        ("row 3", "the coder cell (column 'Rater') is empty")
    ]
    path.write_text("ID,Analyst,Mechanism,Outcome\nk1,,Champions,Vision\n", encoding="utf-8")
    _, report = read_table(path, report=True)  # an empty coder column: no coders at all
    assert "coders" not in report.counts
    with pytest.raises(ValidationError, match=r"coder='Ana', but the sheet names no coder: its "):
        read_table(path, coder="Ana")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"coder": "Zed"},
            "coder='Zed' is not a coder of this sheet; its coders (column 'Coder') are 'Ana'",
        ),
        ({"coder": ""}, "coder=: '' is not a coder"),
        ({"coder": 3}, "coder=: 3 is not a coder"),
        ({"layout": "rows"}, "layout=: 'rows' is not a layout"),
        (
            {"source_kind": "book"},
            "source_kind=: 'book' is not a source kind; use one of interview",
        ),
        ({"empty_quotes": "drop"}, "empty_quotes=: 'drop' is not a choice"),
        (
            {"columns": {"Ctx": "contexts"}},
            "columns= maps to unknown field 'contexts'; did you mean 'context'?",
        ),
        ({"columns": ["Ctx"]}, "columns= must be a mapping"),
    ],
)
def test_option_values_that_mean_nothing_are_refused(options: dict[str, Any], message: str) -> None:
    frame = pd.DataFrame({"Mechanism": ["Champions"], "Outcome": ["Vision"], "Coder": ["Ana"]})
    with pytest.raises(ValidationError) as info:
        read_table(frame, **options)
    assert str(info.value).startswith("DataFrame: " + message)


def test_coder_given_for_a_sheet_without_a_coder_column() -> None:
    frame = pd.DataFrame({"Mechanism": ["Champions"], "Outcome": ["Vision"]})
    with pytest.raises(ValidationError, match=r"it has no coder column \(Coder, Coded by, User"):
        read_table(frame, coder="Ana")
    assert len(read_table(frame, coder="all").configurations) == 1


# ------------------------------------------------------------------ sources


def test_source_columns_give_the_source_kind_and_attributes(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "ID,Case,Mechanism,Outcome,Evidence,Source,Source type,Informant role,Sector,Level,"
        "Interview date,Interview phase,Phase\n"
        "k1,Sandwell,Champions,Vision,we worked together,int-07,Interview,manager,NHS,local,"
        "2006-03-01,2006,baseline\n"
        'k2,Sandwell,Champions,Plan,"q1\n\nq2",fg-1; doc-2,Focus group; MINUTES,'
        "residents; ,community,,,wave 2,\n"
        "k3,Telford,Support,Plan,a survey answer,sv-1,questionnaire,,,,,,\n",
        encoding="utf-8",
    )
    p, report = read_table(path, report=True, source_kind="document")
    sources = {s.id: (s.kind, s.attributes) for s in p.sources}
    assert sources == {
        "int-07": (
            "interview",
            {"role": "manager", "sector": "NHS", "level": "local", "date": "2006-03-01", "phase": 2006},
        ),
        "fg-1": (
            "interview",
            {"role": "residents", "sector": "community", "phase": "wave 2", "kind_as_written": "Focus group"},
        ),
        "doc-2": ("document", {"sector": "community", "phase": "wave 2", "kind_as_written": "MINUTES"}),
        "sv-1": ("survey", {"kind_as_written": "questionnaire"}),
    }  # fmt: skip
    assert [k.phase for k in p.configurations] == ["baseline", None, None]  # the CMOc's phase
    assert all(not k.attributes for k in p.configurations)
    assert report.warnings == []


def test_source_kind_column_is_not_the_code_kind_column(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "Source,Source kind,Quote,Code,Kind\n"
        "int-07,observation,the meeting was tense,Turbulence,context\n"
        "int-07,observation,the meeting was tense,Champions,mechanism\n"
        "int-07,observation,the meeting was tense,Vision,outcome\n",
        encoding="utf-8",
    )
    p = read_table(path)
    k = p.configurations[0]
    assert (k.contexts, k.mechanisms, k.outcomes) == (
        ["c-turbulence"],
        ["m-champions"],
        ["o-vision"],
    )
    assert p.get("int-07", rl.Source).kind == "observation"


def test_bad_source_values_are_row_problems(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "ID,Mechanism,Outcome,Evidence,Source,Kind of source,Role\n"
        "k1,Champions,Vision,q,int-07,podcast,manager\n"
        'k2,Champions,Vision,"q1\n\nq2",int-07; int-08,interview,a; b; c\n',
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as info:
        read_table(path)
    assert [(p.path, p.message.split(";")[0]) for p in info.value.problems] == [
        ("row 2", "unknown source kind 'podcast' in column 'Kind of source'"),
        ("row 3", "2 sources but 3 values in column 'Role'"),
    ]
    assert "expected one of interview, document, observation, survey, other" in str(info.value)


def test_rows_that_disagree_about_a_source_keep_the_first_value(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "ID,Mechanism,Outcome,Evidence,Source,Source kind,Role\n"
        "k1,Champions,Vision,q1,int-07,,\n"
        "k2,Champions,Vision,q2,int-07,interview,manager\n"
        "k3,Champions,Vision,q3,int-07,document,nurse\n"
        "k4,Champions,Vision,q4,int-07,document,nurse\n",
        encoding="utf-8",
    )
    p, report = read_table(path, report=True)
    src = p.get("int-07", rl.Source)
    assert (src.kind, src.attributes) == ("interview", {"role": "manager"})  # first given
    assert [(w.path, w.message.split(";")[0]) for w in report.warnings] == [
        ("row 4", "source 'int-07' has source kind 'document' here but 'interview' in row 3"),
        ("row 4", "source 'int-07' has role 'nurse' here but 'manager' in row 3"),
    ]  # warned once per value, not once per row


def test_an_excel_date_cell_is_an_iso_date(tmp_path: Path) -> None:
    openpyxl = require_module("openpyxl", hint='pip install -e ".[xlsx]"')
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["Mechanism", "Outcome", "Evidence", "Source", "Date", "Source phase"])
    ws.append(["Champions", "Vision", "q1", "int-07", dt.date(2006, 3, 1), 2006])
    ws.append(["Champions", "Vision", "q2", "int-08", dt.datetime(2008, 2, 11, 14, 30), 2008])
    book.save(tmp_path / "t.xlsx")
    p = read_table(tmp_path / "t.xlsx")
    assert [(s.attributes["date"], s.attributes["phase"]) for s in p.sources] == [
        ("2006-03-01", 2006),
        ("2008-02-11 14:30:00", 2008),
    ]


# ------------------------------------------------------------------ columns


def test_every_column_not_read_as_a_field_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "ID,Contxt,Mechansim (resource),Mechanism,Outcome,Outcome,Site type,attr:Region,"
        "Context 2,Start,,Memo\n"
        "k1,History,Workshops,Champions,Vision,Plan,urban,North,Trust,5,x,fine\n",
        encoding="utf-8",
    )
    p, report = read_table(path, report=True, columns={"Memo": "attribute", "Nope": "note"})
    k = p.configurations[0]
    assert k.attributes == {
        "Contxt": "History",
        "Mechansim (resource)": "Workshops",
        "Outcome.1": "Plan",
        "Site type": "urban",
        "Region": "North",
        "Context 2": "Trust",
        "Start": "5",
        "Memo": "fine",
    }
    assert [(w.path, w.message) for w in report.warnings] == [
        (
            "row 1, column B",
            "column 'Contxt' was not recognised; kept as an attribute of the configurations; "
            "did you mean 'Context'? (rename it, or pass columns={'Contxt': 'context'})",
        ),
        (
            "row 1, column C",
            "column 'Mechansim (resource)' was not recognised; kept as an attribute of the "
            "configurations; did you mean 'Mechanism resource'? (rename it, or pass "
            "columns={'Mechansim (resource)': 'resource'})",
        ),
        (
            "row 1, column F",
            "a second column headed 'Outcome'; only the first is read; kept as an attribute "
            "of the configurations 'Outcome.1' (rename one of them)",
        ),
        (
            "row 1, column G",
            "column 'Site type' was not recognised; kept as an attribute of the configurations "
            "(head it 'attr:Site type' to say so, or map it to a field with "
            "columns={'Site type': '<field>'})",
        ),
        (
            "row 1, column I",
            "column 'Context 2' was not recognised; kept as an attribute of the configurations; "
            "only one context column is read: put several values in one 'Context' cell, "
            "separated by ';' or line breaks",
        ),
        (
            "row 1, column J",
            "column 'Start' (start) is read only in the one-row-per-excerpt layout; this sheet "
            "is read one row per CMOc; kept as an attribute of the configurations",
        ),
        (
            "row 1, column K",
            "column K has no header; its cells were left out; give it a header (attr:<name> "
            "for an attribute of the configurations)",
        ),
        (
            "columns=",
            "'Nope' is not a column of this sheet; nothing was read as 'note' from it (check "
            "the header's spelling)",
        ),
    ]


def test_a_column_read_as_a_field_twice_is_reported() -> None:
    frame = pd.DataFrame(
        {"Mechanism": ["Champions"], "Outcome": ["Vision"], "Context": ["A"], "Contexts": ["B"]}
    )
    p, report = read_table(frame, report=True)
    assert p.configurations[0].contexts == ["c-a"]
    [warning] = report.warnings
    assert warning.path == "columns"
    assert warning.message.startswith(
        "column 'Contexts' is read as context too, but only one column per field is read "
        "and column 'Context' is"
    )


@pytest.mark.parametrize(
    ("header", "culprit"),
    [
        (
            "Mechansim",
            "column 'Mechansim' is probably the mechanism column (did you mean 'Mechanism'?)",
        ),
        ("Mechanism reasonning", "column 'Mechanism reasonning' is probably the reasoning column"),
        ("Outcme", "column 'Outcme' is probably the outcome column (did you mean 'Outcome'?)"),
    ],
)
def test_a_missing_column_names_the_misspelt_one(header: str, culprit: str) -> None:
    cells = {"ID": ["k1"], "Mechanism": ["Champions"], "Outcome": ["Vision"]}
    cells = {("Outcome" if header == "Outcme" else "Mechanism"): [], **cells}
    frame = pd.DataFrame({k: v for k, v in cells.items() if v} | {header: ["x"]})
    frame = frame.drop(columns=["Outcome" if header == "Outcme" else "Mechanism"])
    with pytest.raises(FileFormatError) as info:
        read_table(frame)
    assert culprit in str(info.value)
    field = re.search(r"probably the (\w+) column", culprit)
    assert field is not None
    assert f"pass columns={{{header!r}: {field.group(1)!r}}}" in str(info.value)


def test_a_missing_column_without_a_likely_culprit_says_how_to_map_it() -> None:
    frame = pd.DataFrame({"ID": ["k1"], "Programme theory": ["x"], "Outcome": ["Vision"]})
    with pytest.raises(FileFormatError) as info:
        read_table(frame)
    assert str(info.value).endswith(
        "rename the column or map it with columns={'Your header': 'mechanism'} (or add a code "
        "column to read the sheet one row per excerpt)"
    )


# ------------------------------------------------------------------ empty quotes


EMPTY = """\
ID,Mechanism,Outcome,Evidence,Source
k1,Champions,Vision,we worked together,int-07
k2,Champions,Plan,,doc-3
k3,Support,Plan,"q1

q2","int-07; int-08; doc-4"
"""


def test_a_source_without_a_quote_is_kept_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(EMPTY, encoding="utf-8")
    p, report = read_table(path, report=True)
    bare = [(e.source, e.quote) for e in p.evidence if not e.quote]
    assert bare == [("doc-3", ""), ("doc-4", "")]
    [warning] = report.warnings
    assert warning.path == "rows 3, 4"
    assert warning.message.startswith(
        "a source without a quote (an empty 'Evidence' cell): kept as source-only evidence"
    )
    assert report.counts["empty_quotes"] == 2


def test_empty_quotes_skip_and_error(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(EMPTY, encoding="utf-8")
    p, report = read_table(path, report=True, empty_quotes="skip")
    assert [(e.source, e.quote) for e in p.evidence] == [
        ("int-07", "we worked together"),
        ("int-07", "q1"),
        ("int-08", "q2"),
    ]
    assert p.get("k2", rl.Configuration).evidence == []
    assert {s.id for s in p.sources} == {"int-07", "int-08"}  # doc-3 and doc-4 left out
    assert "no evidence made of it (empty_quotes='skip')" in report.warnings[0].message
    with pytest.raises(ValidationError) as info:
        read_table(path, empty_quotes="error")
    assert [(e.path, e.message.split(" (")[0]) for e in info.value.problems] == [
        ("row 3", "source 'doc-3' has no quote"),
        ("row 4", "source 'doc-4' has no quote"),
    ]


# ------------------------------------------------------------------ templates


@pytest.mark.parametrize("name", ["cmoc-template.csv", "cmoc-template.xlsx"])
def test_the_templates_read_without_problems(name: str) -> None:
    p, report = read_table(TEMPLATES / name, report=True)
    assert report.warnings == [] and report.unmapped == []
    assert [(k.id, k.cases, k.status, k.confidence, k.phase) for k in p.configurations] == [
        ("k1", ["sandwell"], "supported", "high", 2006),
        ("k2", ["nottingham"], "supported", "moderate", 2006),
        ("k3", ["telford-wrekin"], "conjectured", "low", 2006),
        ("k4", ["sandwell"], "refined", "moderate", 2008),
    ]
    k2 = p.get("k2", rl.Configuration)
    assert [p.elements[c].label for c in k2.contexts] == ["Policy turbulence", "Short-term funding"]
    m = p.get(k2.mechanisms[0], rl.Mechanism)
    assert (m.resource, m.reasoning) == (
        "Consultancy support",
        "Managers gain confidence to lead change",
    )
    assert {s.id: (s.kind, s.attributes.get("role"), s.attributes["date"]) for s in p.sources} == {
        "int-07": ("interview", "locality manager", "2006-03-14"),
        "int-12": ("interview", "programme manager", "2006-04-02"),
        "doc-03": ("document", None, "2006-05-30"),
        "fg-02": ("interview", "residents", "2008-02-11"),
    }
    assert {e.coder for e in p.evidence} == {"Ana"}
    assert p.get("k3", rl.Configuration).note == "Board minutes, May 2006"


def test_the_csv_and_xlsx_templates_are_the_same_sheet(tmp_path: Path) -> None:
    csv_p = read_table(TEMPLATES / "cmoc-template.csv", title="t")
    xlsx_p = read_table(TEMPLATES / "cmoc-template.xlsx", title="t")
    assert csv_p.model_dump() == xlsx_p.model_dump()
    spec = importlib.util.spec_from_file_location("make_templates", TEMPLATES / "make_templates.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.main(["make_templates.py", str(tmp_path)])  # the committed files are its output
    assert (tmp_path / "cmoc-template.csv").read_bytes() == (
        TEMPLATES / "cmoc-template.csv"
    ).read_bytes()
    again = read_table(tmp_path / "cmoc-template.xlsx", title="t")
    assert again.model_dump() == xlsx_p.model_dump()


# ------------------------------------------------------------------ property

_WORDS = st.sampled_from(["History", "history", "Champions", "Support", "Vision", "Plan", "Trust"])
_QUOTES = st.sampled_from(
    ["we worked together", "We  worked together", "the board met", "THE BOARD MET", "grants"]
)


@st.composite
def _team_sheet(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Ana's rows, and the same sheet with Ben's rows mixed in (Ana's first row first)."""
    header = ["ID", "Coder", "Case", "Context", "Mechanism", "Outcome", "Evidence", "Source"]

    def row(ident: str, coder: str, quote: str, source: str) -> list[str]:
        return [
            ident,
            coder,
            draw(st.sampled_from(["Sandwell", "Telford", "-"])),
            "; ".join(draw(st.lists(_WORDS, max_size=2))),
            draw(_WORDS),
            draw(_WORDS),
            quote,
            source,
        ]

    sources = st.sampled_from(["int-07", "int-08", "doc-1", ""])
    ana = [
        row(f"k{i}", "Ana", draw(_QUOTES | st.just("")), draw(sources))
        for i in range(draw(st.integers(1, 5)))
    ]
    ben = []
    for r in ana:
        if draw(st.booleans()):  # Ben re-codes Ana's row: same ID, quote retyped or left out
            ident = draw(st.sampled_from([r[0], f"b{r[0]}"]))
            quote = draw(st.sampled_from([r[6], r[6].upper(), f" {r[6]} ", ""]))
            ben.append(row(ident, draw(st.sampled_from(["Ben", "ben"])), quote, r[7]))
    ben += [
        row(f"n{i}", "Ben", draw(_QUOTES), draw(sources)) for i in range(draw(st.integers(0, 2)))
    ]
    mixed = list(ana)
    for r in ben:  # Ben's rows anywhere after Ana's first, Ana's in their order
        mixed.insert(draw(st.integers(1, len(mixed))), r)
    return pd.DataFrame(ana, columns=header), pd.DataFrame(mixed, columns=header)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets=_team_sheet())
def test_a_second_coder_never_changes_the_first_coders_configurations(
    sheets: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    alone, mixed = sheets
    a = read_table(alone)
    for b in (read_table(mixed), read_table(mixed, coder="ANA")):
        assert [k.model_dump() for k in b.configurations] == [
            k.model_dump() for k in a.configurations
        ]
        assert [e.model_dump() for e in b.evidence if e.coder == "Ana"] == [
            e.model_dump() for e in a.evidence
        ]
        assert len({e.coder for e in b.evidence} - {"Ana"}) <= 1  # "ben" is Ben
        ana_excerpts = {(e.source, " ".join(e.quote.split()).casefold()) for e in a.evidence}
        for e in b.evidence:  # Ben's coding of one of Ana's excerpts has Ana's text
            key = (e.source, " ".join(e.quote.split()).casefold())
            if e.coder != "Ana" and key in ana_excerpts and e.quote:
                assert e.quote in {x.quote for x in a.evidence if x.source == e.source}


def test_the_excel_route_page_prints_what_it_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/excel.md shows each block's output as ``# `` comments: they are the output."""
    import contextlib
    import io

    page = (TEMPLATES.parent / "excel.md").read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    blocks = re.findall(r"^```python\n(.*?)^```", page, re.S | re.M)
    assert len(blocks) >= 4
    for block in blocks:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block, "excel.md", "exec"), namespace)  # the page's own examples
        shown = [line[2:] for line in block.splitlines() if line.startswith("# ")]
        assert out.getvalue().splitlines() == shown


def test_a_user_column_that_is_not_the_coder_can_be_kept_as_an_attribute() -> None:
    frame = pd.DataFrame(
        {
            "Mechanism": ["Champions", "Champions"],
            "Outcome": ["Vision", "Plan"],
            "User": ["patients", "carers"],
            "Source type": ["Documents", "Field notes"],
            "Source": ["doc-1", "obs-1"],
            "Evidence": ["q1", "q2"],
        }
    )
    p, report = read_table(frame, report=True)  # read as two coders: one configuration
    assert len(p.configurations) == 1
    [summary] = [w.message for w in report.warnings if w.path == "column 'User'"]
    assert summary.endswith(
        "column 'User' is read as who coded each row: if it means something else, head it "
        "'attr:User'"
    )
    p, report = read_table(frame, report=True, columns={"User": "attribute"})
    assert [k.attributes for k in p.configurations] == [{"User": "patients"}, {"User": "carers"}]
    assert report.warnings == []
    # "Documents" is the kind itself; "Field notes" a synonym, kept as written
    assert [(s.kind, s.attributes) for s in p.sources] == [
        ("document", {}),
        ("observation", {"kind_as_written": "Field notes"}),
    ]


# ---------------------------------------------------------------------- quotes in their sources

TRANSCRIPT = (
    "Interviewer: and then?\r\n"
    "Respondent: We’d worked together for years \u2013 the champions kept it going.\r\n"
    "Interviewer: thanks.\r\n"
)


def test_pasted_quotes_are_located_in_the_transcripts(tmp_path: Path) -> None:
    folder = tmp_path / "transcripts"
    folder.mkdir()
    (folder / "int-07.txt").write_text(TRANSCRIPT, encoding="utf-8")
    sheet = pd.DataFrame(
        {
            "Case": ["Sandwell"] * 4,
            "Mechanism": ["Champions"] * 4,
            "Outcome": ["Vision"] * 4,
            "Evidence": [
                "We’d worked together for years – the champions",  # as in the text
                "We'd worked together  for years - the champions kept it going",  # retyped
                "the budget was devolved to localities",  # not in the text
                "a plan was agreed",  # a source with no transcript
            ],
            "Source": ["int-07", "INT-07", "int-07", "doc-3"],
        }
    )
    p, report = read_table(sheet, texts=folder, report=True, coder="all")
    found = {e.quote: e for e in p.evidence}
    exact = found["We’d worked together for years – the champions"]
    assert TRANSCRIPT[exact.start : exact.end] == exact.quote  # type: ignore[misc]
    assert exact.attributes["quote_match"] == "exact"
    retyped = found["We'd worked together  for years - the champions kept it going"]
    assert retyped.attributes["quote_match"] == "whitespace"
    assert TRANSCRIPT[retyped.start : retyped.end].endswith("kept it going")  # type: ignore[misc]
    lost = found["the budget was devolved to localities"]
    assert (lost.start, lost.end, "quote_match" in lost.attributes) == (None, None, False)
    assert report.counts["quotes found (exact)"] == 1
    assert report.counts["quotes not found"] == 1
    warned = " ".join(w.message for w in report.warnings)
    assert "no text for 1 source(s) ('doc-3')" in warned
    assert p.get("int-07", rl.Source).text == TRANSCRIPT
    # the same from a mapping of source names to texts
    q = read_table(sheet, texts={"int-07": TRANSCRIPT}, coder="all")
    assert [e.start for e in q.evidence] == [e.start for e in p.evidence]
    with pytest.raises(rl.MissingFileError, match="texts= names no folder"):
        read_table(sheet, texts=tmp_path / "nowhere")


def test_cli_spreadsheet_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from realist.cli import main

    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "int-07.txt").write_text(TRANSCRIPT, encoding="utf-8")
    sheet = tmp_path / "s.csv"
    sheet.write_text(
        "case,mechanism,outcome,quote,source,coder\n"
        "A,Champions,Vision,worked together for years,int-07,Ana\n"
        "A,Champions,Vision,,int-07,Ana\n"
        "A,Champions,Drift,worked together for years,int-07,Ben\n",
        encoding="utf-8",
    )
    out = tmp_path / "p.yaml"
    argv = ["import", str(sheet), "-o", str(out), "--texts", str(folder)]
    assert main([*argv, "--coder", "Ben", "--empty-quotes", "skip"]) == 0
    printed = capsys.readouterr().out
    assert "quotes found (exact): 2" in printed
    p = rl.load(out)
    assert [o.label for o in p.outcomes if any(o.id in k.outcomes for k in p.configurations)] == [
        "Drift"
    ]
    assert all(e.quote for e in p.evidence)  # the empty quote was skipped
    assert main([*argv, "--empty-quotes", "error"]) == 1
    assert "row 3" in capsys.readouterr().err
    qdpx = tmp_path / "x.qdpx"
    qdpx.write_bytes(b"PK")
    assert main(["import", str(qdpx), "-o", str(out), "--texts", str(folder)]) == 1
    assert "--texts apply to spreadsheets" in capsys.readouterr().err
