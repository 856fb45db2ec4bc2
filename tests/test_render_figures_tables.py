"""Figures (Axes hold the expected artists), tables (formats, escaping) and the demo."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any, cast

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

import realist as rl
from conftest import require_program
from realist.analysis.regularities import Regularity, find_regularities
from realist.errors import RealistError
from realist.render.figures import (
    case_matrix,
    plot_case_matrix,
    plot_evidence,
    plot_regularities,
    save_figure,
)
from realist.render.jupyter import configuration_html, project_html
from realist.render.tables import configuration_table, regularity_table


@pytest.fixture
def project() -> rl.Project:
    p = rl.Project(title="t")
    for t in ("vision", "leadership"):
        p.add_theme(t, t.capitalize())
    for c in ("a", "b", "c"):
        p.add_case(c, f"Case {c.upper()}")
    p.add_source("int-a", kind="interview", case="a")
    p.add_source("doc-b", kind="document", case="b")
    e1 = p.add_evidence(source="int-a", quote="x")
    e2 = p.add_evidence(source="doc-b", quote="y")
    ctx = p.add_context("History & <trust>", category="cultural", id="c-h")
    m = p.add_mechanism("Champions", level="project", id="m-c")
    o = p.add_outcome("Vision 50%", tier="process", id="o-v")
    p.add_configuration(
        case="a",
        contexts=[ctx],
        mechanisms=[m],
        outcomes=[o],
        themes=["vision"],
        evidence=[e1],
        id="k1",
    )
    p.add_configuration(
        case="b",
        contexts=[ctx],
        mechanisms=[m],
        outcomes=[o],
        themes=["vision"],
        evidence=[e1, e2],
        id="k2",
    )
    p.add_configuration(
        case="c",
        contexts=[ctx],
        mechanisms=[m],
        outcomes=p.add_outcome("Stall"),
        themes=["leadership"],
        id="k3",
    )
    return p


def test_case_matrix_counts_and_artists(project: rl.Project) -> None:
    frame = case_matrix(project)  # still importable from realist.render.figures
    assert frame.loc["a", "vision"] == 1
    assert frame.loc["c", "vision"] == 0
    by_kind = case_matrix(project, rows="source kinds", value="evidence")
    assert list(by_kind.index) == ["interview", "document"]
    ax = plot_case_matrix(project)
    assert cast(Any, ax.images[0].get_array()).shape == (3, 2)
    assert "–" in {t.get_text() for t in ax.texts}
    ax = plot_case_matrix(project, cols="elements", presence=True)
    assert next(t.get_text() for t in ax.get_xticklabels()) == "History & <trust>"
    with pytest.raises(RealistError):
        plot_case_matrix(project, rows="nations")  # type: ignore[arg-type]


def test_plot_regularities_shows_counter_cases(project: rl.Project) -> None:
    regs = find_regularities(project, min_cases=2)
    ax = plot_regularities(regs, project=project)
    support = [p for p in cast(list[Any], ax.patches) if p.get_gid() == "support"]
    counter = [p for p in cast(list[Any], ax.patches) if p.get_gid() == "counter"]
    assert [float(p.get_width()) for p in support] == [r.n_cases for r in regs]
    assert any(float(p.get_width()) < 0 for p in counter)  # case c is a counter-case
    assert ax.get_yticklabels()[0].get_text() == "C: History & <trust>\nM: Champions\nO: Vision 50%"
    with pytest.raises(RealistError):
        plot_regularities([])


def test_plot_evidence_by_source_kind(project: rl.Project) -> None:
    ax = plot_evidence(project)
    widths = {
        (p.get_gid(), round(float(p.get_y()))): float(p.get_width())
        for p in cast(list[Any], ax.patches)
    }
    assert widths[("interview", 0)] == 1
    assert widths[("document", 1)] == 1


def test_save_figure_is_deterministic(project: rl.Project, tmp_path: Path) -> None:
    ax = plot_case_matrix(project)
    for suffix in (".svg", ".pdf"):
        a = save_figure(ax, tmp_path / f"a{suffix}").read_bytes()
        b = save_figure(ax, tmp_path / f"b{suffix}").read_bytes()
        assert a == b
    png = save_figure(ax, tmp_path / "a.png")
    from PIL import Image

    assert round(Image.open(png).info["dpi"][0]) == 300
    with pytest.raises(RealistError):
        save_figure(ax, tmp_path / "a.gif")


def test_table4_from_frame_and_project(project: rl.Project) -> None:
    t = regularity_table(project, min_cases=2)
    md = t.to_markdown()
    assert "| Theme | Context | Mechanism | Outcome |" in md
    assert "| Vision | History & &lt;trust&gt; | Champions | Vision 50% |" in md
    tex = t.to_latex()
    assert r"\toprule" in tex
    assert r"\midrule" in tex
    assert r"\bottomrule" in tex
    assert r"History \& \textless{}trust\textgreater{}" in tex
    assert r"Vision 50\%" in tex
    html = t.to_html()
    assert "History &amp; &lt;trust&gt;" in html
    frame = t.to_frame()
    assert list(frame.columns) == ["Theme", "Context", "Mechanism", "Outcome"]
    with pytest.raises(RealistError):
        regularity_table(pd.DataFrame({"x": [1]}))


def test_regularity_rows_and_table3(project: rl.Project) -> None:
    r = Regularity(
        contexts=("c-h",),
        mechanisms=("m-c",),
        outcomes=("o-v",),
        cases=("a", "b"),
        configurations=("k1", "k2"),
        counter_cases=("c",),
    )
    md = regularity_table([r], project=project).to_markdown()
    assert "Case A, Case B" in md
    assert "Case C" in md
    t3 = configuration_table(project, "k1")
    assert t3.columns == ["Context", "Mechanism", "Outcome"]
    assert "**Cultural**: History & &lt;trust&gt;" in t3.to_markdown()


def test_jupyter_html(project: rl.Project) -> None:
    assert "Vision" in project_html(project)
    assert "configurations" in project_html(project)
    html = configuration_html(project.get("k1", rl.Configuration), project)
    assert "History &amp; &lt;trust&gt;" in html
    assert "<th" in html


@pytest.mark.graphviz
def test_demo_writes_every_file(tmp_path: Path) -> None:
    require_program("dot")
    from realist.render.demo import write_demo_figures

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        paths = write_demo_figures(rl.datasets.load("hipp"), tmp_path)
    names = {p.name for p in paths}
    for stem in ("table3-configuration", "programme-theory", "case-theme-matrix", "regularities"):
        assert {f"{stem}.svg", f"{stem}.pdf", f"{stem}.png"} <= names
    assert {"table4-regularities.md", "table4-regularities.tex"} <= names
    assert all(p.stat().st_size > 0 for p in paths)


def test_case_matrix_rotated_labels_stay_under_their_column(project: rl.Project) -> None:
    project.add_theme("resp", "Responsiveness to a changing environment")
    ax = plot_case_matrix(project)
    labels = [t for t in ax.get_xticklabels() if "\n" in t.get_text()]
    assert labels  # the long theme wraps
    for t in labels:
        assert t.get_rotation_mode() == "anchor"
        assert t.get_horizontalalignment() == "right"
        assert t.get_verticalalignment() == "center"  # the block centred on its tick
        assert cast(Any, t)._get_multialignment() == "right"  # every line ends at the tick


def test_regularities_fit_the_page_with_every_part_named() -> None:
    long = [f"A rather long element label number {i}" for i in range(4)]
    p = rl.Project(title="t")
    for c in ("a", "b"):
        p.add_case(c)
    cs = [p.add_context(t).id for t in long]
    ms = [p.add_mechanism(t).id for t in long]
    os_ = [p.add_outcome(t).id for t in long]
    short = Regularity(
        contexts=(),
        mechanisms=(ms[0],),
        outcomes=(os_[0],),
        cases=("a", "b"),
        configurations=("k1", "k2"),
    )
    big = Regularity(
        contexts=tuple(cs),
        mechanisms=tuple(ms),
        outcomes=tuple(os_),
        cases=("a", "b"),
        configurations=("k1", "k2"),
    )
    with pytest.warns(rl.RealistWarning, match="1 regularity label shortened to fit"):
        ax = plot_regularities([short, big], project=p)
    fig: Any = ax.figure
    assert fig.get_size_inches()[0] == pytest.approx(7.2)
    fig.draw_without_rendering()
    tight = fig.get_tightbbox()
    assert tight.width <= 7.2 + 1e-6  # labels inside the figure: a page wide, no wider
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == f"M: {long[0]}\nO: {long[0]}"
    parts: dict[str, int] = {}
    for line in labels[1].split("\n"):
        if line[:2] in ("C:", "M:", "O:"):
            key = line[:2]
            parts[key] = 0
        parts[key] += 1
    assert list(parts) == ["C:", "M:", "O:"]  # the outcomes are never cut off
    assert all(n <= 2 for n in parts.values())
    # rows are as tall as their labels
    ys = sorted(
        float(p.get_y()) + float(p.get_height()) / 2
        for p in cast(list[Any], ax.patches)
        if p.get_gid() == "support"
    )
    lo, hi = ax.get_ylim()
    assert (ys[1] - ys[0]) > (ys[0] - min(lo, hi))


def test_plot_evidence_names_cases_and_uses_evidence_table(
    project: rl.Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    ax = plot_evidence(project)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Case A: k1", "Case B: k2"]
    assert cast(Any, plot_evidence(project).figure).get_size_inches().tolist() == pytest.approx(
        [7.2, 0.9 + 0.24 * 2]
    )
    ax = plot_evidence(project, labels="id")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["k1", "k2"]
    two = "A configuration label that needs two lines to be read"
    project.get("k1", rl.Configuration).label = two
    text = plot_evidence(project).get_yticklabels()[0].get_text()
    assert text.replace("\n", " ") == f"Case A: {two}"
    assert text.count("\n") == 1  # two lines, not one cut mid-word
    long = "A long configuration label that needs more than two lines to be read in full"
    project.get("k1", rl.Configuration).label = long
    with pytest.warns(rl.RealistWarning, match="1 evidence label shortened"):
        text = plot_evidence(project).get_yticklabels()[0].get_text()
    assert text.startswith("Case A: A long") and text.endswith("…")
    assert text.count("\n") == 1
    whole = plot_evidence(project, full_labels=True).get_yticklabels()[0].get_text()
    assert whole.replace("\n", " ") == f"Case A: {long}"
    project.get("k1", rl.Configuration).label = two
    # the counts come from realist.analysis.evidence.evidence_table
    import realist.analysis.evidence as evidence

    real = evidence.evidence_table(project)
    fake = real.copy()
    fake.loc["k1", "n_observation"] = 7
    monkeypatch.setattr(evidence, "evidence_table", lambda p, **kw: fake)
    ax = plot_evidence(project)
    assert [
        float(p.get_width()) for p in cast(list[Any], ax.patches) if p.get_gid() == "observation"
    ] == [7, 0]
    with pytest.raises(RealistError):
        plot_evidence(project, labels="names")  # type: ignore[arg-type]


def test_figure_context_keeps_interactive_mode(project: rl.Project) -> None:
    import inspect

    import matplotlib.pyplot as plt

    import realist.render as render_pkg
    from realist.render import palette

    before = matplotlib.is_interactive()
    try:
        # The first figure of a Jupyter kernel switches to the inline backend inside
        # the context, which turns interactive mode on: it must stay on afterwards.
        matplotlib.interactive(False)
        with palette.figure_context():
            matplotlib.interactive(True)
        assert matplotlib.is_interactive()
        matplotlib.interactive(True)
        with palette.figure_context():
            assert plt.rcParams["font.size"] == palette.FONT_SIZE
        assert matplotlib.is_interactive()
        matplotlib.interactive(False)
        plot_case_matrix(project)
        assert not matplotlib.is_interactive()
        plt.close("all")
    finally:
        matplotlib.interactive(before)
    # every figure goes through the helper, never through a bare rc_context
    for path in sorted(Path(render_pkg.__file__).parent.glob("*.py")):
        if path.name != "palette.py":
            assert "rc_context(" not in path.read_text(encoding="utf-8"), path.name
    assert "rc_context(" in inspect.getsource(palette.figure_context)


# ---------------------------------------------------------------- CMOc tables with quotes


def _quoted(project: rl.Project) -> rl.Project:
    """k1 cites a refuting excerpt first, then a supporting one."""
    long = "We had worked together for years, " * 6 + "and that made the difference."
    against = project.add_evidence(source="doc-b", quote="It fell apart.", stance="refutes")
    support = project.add_evidence(source="int-a", quote=long)
    project.get("k1", rl.Configuration).evidence = [against.id, support.id]
    return project


def test_cmoc_table_prefers_supporting_quotes_with_source_and_case(project: rl.Project) -> None:
    t = rl.cmoc_table(_quoted(project), ["k1"])
    assert t.columns == ["Case", "Context", "Mechanism", "Outcome", "Illustrative quotes"]
    assert t.caption == "" and not t.notes
    (quote,) = t.rows[0][-1]
    assert quote.startswith("“We had worked together for years,")
    assert quote.endswith("and that made the difference.” (int-a, Case A)")  # whole: not cut
    two = rl.cmoc_table(project, ["k1"], quotes=2).rows[0][-1]
    assert two[1] == "“It fell apart.” (refutes; doc-b, Case B)"
    assert rl.cmoc_table(project, quotes=0).columns[-1] == "Outcome"
    assert [row[0] for row in rl.cmoc_table(project, quotes=0).rows] == [
        ["Case A"],
        ["Case B"],
        ["Case C"],
    ]
    assert rl.cmoc_table(project, ["k3"]).rows[0][-1] == ["–"]  # no evidence: a dash


def test_cmoc_table_cuts_quotes_only_when_asked_and_says_so(project: rl.Project) -> None:
    t = rl.cmoc_table(_quoted(project), ["k1"], max_quote_chars=40)
    (quote,) = t.rows[0][-1]
    text = quote[1 : quote.index("”")]
    assert text.endswith("…") and len(text) <= 40
    assert t.notes == ["Quotes longer than 40 characters are cut at a word; “…” marks the cut."]
    assert t.notes[0] in t.to_markdown() and "marks the cut" in t.to_latex()
    with pytest.raises(RealistError, match="max_quote_chars=3"):
        rl.cmoc_table(project, max_quote_chars=3)
    with pytest.raises(RealistError, match="quotes=-1"):
        rl.cmoc_table(project, quotes=-1)


def test_regularity_table_with_quotes(project: rl.Project) -> None:
    regs = find_regularities(_quoted(project), min_cases=2)
    t = rl.cmoc_table(project, regs, caption="Mine")
    assert t.caption == "Mine" and t.columns[-1] == "Illustrative quotes"
    assert t.columns[:5] == ["Context", "Mechanism", "Outcome", "Cases", "Counter-cases"]
    assert regularity_table(regs, project=project, quotes=1).to_frame().equals(t.to_frame())
    with pytest.raises(RealistError, match="project="):
        regularity_table(regs, quotes=1)
    by_theme = regularity_table(project, quotes=1)
    assert by_theme.columns == ["Theme", "Context", "Mechanism", "Outcome", "Illustrative quotes"]
    assert by_theme.rows[0][0] == ["Vision"] and by_theme.rows[0][-1][0].endswith("(int-a, Case A)")
    frame = rl.recurring_elements(project, by="theme")
    with pytest.raises(RealistError, match="quotes by theme need the project"):
        regularity_table(frame, quotes=1)
    assert regularity_table(frame, project=project, quotes=1).rows == by_theme.rows


def test_tables_have_no_caption_unless_given(project: rl.Project) -> None:
    assert regularity_table(project).caption == ""
    assert regularity_table(find_regularities(project), project=project).caption == ""
    assert r"\caption" not in regularity_table(project).to_latex(long=True)
    tex = regularity_table(project, caption="Table 9. Ours").to_latex(long=True)
    assert r"\caption{Table 9. Ours} \\" in tex


def test_long_latex_repeats_its_header_and_is_ragged_right(project: rl.Project) -> None:
    tex = rl.cmoc_table(project).to_latex(long=True)
    assert tex.count(r"Case & Context & Mechanism & Outcome & Illustrative quotes \\") == 2
    assert r"\endfirsthead" in tex and r"\endhead" in tex and r"\endlastfoot" in tex
    rows = [line for line in tex.splitlines() if line.endswith(r"\tabularnewline")]
    assert len(rows) == 3
    assert all(line.startswith(r"\raggedright\hspace{0pt}") for line in rows)


def _hostile_project() -> rl.Project:
    p = rl.Project(title="t")
    p.add_case("a", "Case_1 & [x] 100%")
    p.add_source("s", title="{Title} #1 ~ ^ \\ |", case="a")
    e = p.add_evidence(source="s", quote="*Starred* [0pt] $5 and 50% & more_ \\par")
    p.add_configuration(
        case="a",
        mechanisms=[p.add_mechanism("M & <m>")],
        outcomes=[p.add_outcome("[O]")],
        evidence=[e],
        cerqual={"coherence": {"concern": "minor", "explanation": "a & b"}, "overall": "low"},
    )
    return p


def test_latex_tables_compile_with_hostile_text(tmp_path: Path) -> None:
    from realist.render.tables import latex_document
    from test_report import compile_latex

    p = _hostile_project()
    tables = [
        rl.cmoc_table(p, caption="Caption & 100% {x}"),
        rl.confidence_table(p),
        rl.confidence_table(p, shape="profile"),
    ]
    (tmp_path / "t.tex").write_text(latex_document(tables), encoding="utf-8")
    tabular = "\n".join(
        [
            r"\documentclass{article}\usepackage[T1]{fontenc}\usepackage[utf8]{inputenc}",
            r"\usepackage{booktabs}\begin{document}",
            *(t.to_latex() for t in tables),
            r"\end{document}",
        ]
    )
    (tmp_path / "f.tex").write_text(tabular, encoding="utf-8")
    for name in ("t.tex", "f.tex"):
        assert "Output written on" in compile_latex(tmp_path / name, tmp_path)


def test_confidence_tables_summary_and_profile() -> None:
    p = _hostile_project()
    p.add_finding(
        "Champions matter",
        configurations=[p.configurations[0].id],
        cerqual={
            "methodological_limitations": "no or very minor",
            "adequacy": {"concern": "serious", "explanation": "one source"},
            "overall": "very low",
            "explanation": "serious concerns about adequacy",
        },
    )
    summary = rl.confidence_table(p)
    assert summary.columns == ["Finding", "Contributing", "Confidence", "Explanation"]
    assert summary.rows[0] == [
        ["Champions matter"],
        ["1 CMOc; cases: Case_1 & [x] 100%"],
        ["Very low"],
        ["serious concerns about adequacy"],
    ]
    profile = rl.confidence_table(p, shape="profile").to_frame()
    assert list(profile.columns) == [
        "Finding",
        "Methodological limitations",
        "Coherence",
        "Adequacy",
        "Relevance",
        "Overall",
    ]
    first = profile.iloc[0]
    assert first["Adequacy"] == "Serious concerns: one source"
    assert first["Coherence"] == "Not assessed"
    assert first["Methodological limitations"] == "No or very minor concerns"
    assert profile.iloc[1]["Overall"] == "Low"
    with pytest.raises(RealistError, match="shape='evidence'"):
        rl.confidence_table(p, shape="evidence")  # type: ignore[arg-type]


# ---------------------------------------------------------------- paper-ready figures


def _within_page(ax: Any) -> None:
    """The figure is at most a page wide and everything drawn lies inside it."""
    fig = ax.figure
    width, height = fig.get_size_inches()
    assert width <= 7.2 + 1e-9
    fig.draw_without_rendering()
    tight = fig.get_tightbbox(fig.canvas.get_renderer())  # inches, drawn artists only
    assert tight.x0 >= -0.01 and tight.y0 >= -0.01
    assert tight.x1 <= width + 0.01 and tight.y1 <= height + 0.01


def _cut_labels(ax: Any) -> list[str]:
    ticks = [*ax.get_xticklabels(), *ax.get_yticklabels()]
    return [t.get_text() for t in ticks if t.get_text().endswith("…")]


def _many(n_elements: int, n_configurations: int) -> rl.Project:
    p = rl.Project(title="many")
    for c in range(6):
        p.add_case(f"case-{c}", f"A locality with a long name, number {c}")
    words = [
        "shared",
        "strategic",
        "vision",
        "local",
        "champions",
        "partnership",
        "development",
        "community",
    ]
    for i in range(n_elements):
        label = " ".join(words[(i + j) % len(words)] for j in range(2 + i % 4)) + f" {i}"
        (p.add_context, p.add_mechanism, p.add_outcome)[i % 3](label, id=f"e-{i}")
    _ = p.add_source("int-1", case="case-0")
    for k in range(n_configurations):
        ev = p.add_evidence(source="int-1", quote=f"q{k}")
        p.add_configuration(
            case=f"case-{k % 6}",
            contexts=[f"e-{(3 * k) % n_elements}"],
            mechanisms=[f"e-{(3 * k + 1) % n_elements}"],
            outcomes=[f"e-{(3 * k + 2) % n_elements}"],
            evidence=[ev],
            label=f"Configuration {k} of a long series of configurations about partnership",
            id=f"k{k}",
        )
    return p


def test_case_by_element_matrix_is_legible_at_60_elements() -> None:
    p = _many(60, 60)
    ax = plot_case_matrix(p, cols="elements")
    assert ax.images[0].get_array().shape == (60, 6)  # turned: elements down the side
    sizes = {t.get_fontsize() for t in ax.get_yticklabels()}
    assert min(sizes) >= 6.0
    assert ax.figure.get_size_inches()[1] <= 9.5
    assert not _cut_labels(ax)  # short enough here: nothing cut, no warning
    _within_page(ax)
    with pytest.warns(rl.RealistWarning, match="matrix labels shortened"):
        same = plot_case_matrix(p, cols="elements", transpose=False)
    assert same.images[0].get_array().shape == (6, 60)


def test_matrix_cuts_labels_only_with_a_warning() -> None:
    p = _many(30, 30)
    p.get("e-0", rl.Context).label = "A context label far too long for one line of a matrix " * 2
    with pytest.warns(rl.RealistWarning, match="1 matrix label shortened"):
        ax = plot_case_matrix(p, cols="elements")
    assert len(_cut_labels(ax)) == 1
    whole = plot_case_matrix(p, cols="elements", full_labels=True)
    assert not _cut_labels(whole)


def test_evidence_plot_scales_keeps_its_legend_off_the_bars_and_whole_ticks() -> None:
    p = _many(30, 50)
    with pytest.warns(rl.RealistWarning, match="50 evidence labels shortened"):
        ax = plot_evidence(p)  # one line each: the labels are cut, and it says so
    assert len(_cut_labels(ax)) == 50
    fig: Any = ax.figure
    assert fig.get_size_inches()[1] <= 9.0 + 1e-9  # fifty rows scaled, not grown
    assert all(t.get_text().count("\n") == 0 for t in ax.get_yticklabels())  # one line each
    fig.draw_without_rendering()
    legend = ax.get_legend().get_window_extent()
    assert legend.y0 >= ax.get_window_extent().y1 - 1  # above the bars
    assert all(float(t).is_integer() for t in ax.get_xticks())
    _within_page(ax)
    with pytest.warns(rl.RealistWarning, match="more than a page: draw it in parts"):
        plot_evidence(_many(30, 80), full_labels=True)


def test_evidence_pages_fit_a_page_with_whole_labels() -> None:
    from realist.render.figures import evidence_pages

    p = rl.datasets.load("hipp")
    pages = evidence_pages(p, full_labels=True)
    assert sum(len(page) for page in pages) == sum(1 for k in p.configurations if k.evidence)
    for page in pages:
        ax = plot_evidence(p, configurations=page, full_labels=True)
        assert ax.figure.get_size_inches()[1] <= 9.0 + 1e-9
        assert not _cut_labels(ax)
        _within_page(ax)


def test_regularities_whole_labels_on_request() -> None:
    p = rl.datasets.load("hipp")
    regs = find_regularities(p, min_cases=2)
    ax = plot_regularities(regs, project=p, full_labels=True)
    assert not _cut_labels(ax)
    _within_page(ax)


def test_quotes_by_theme_come_from_the_cases_and_do_not_repeat() -> None:
    p = rl.datasets.load("hipp")
    quotes = [row[-1][0] for row in regularity_table(p, quotes=1).rows]
    assert len(quotes) == 6 and len(set(quotes)) == 6
    assert not any("HIPP evaluation hypotheses" in q for q in quotes)  # the programme's own
    cases = {c.name for c in p.cases}
    assert all(q.rsplit(", ", 1)[-1].rstrip(")") in cases for q in quotes)


def test_a_few_column_labels_wrap_into_thin_blocks_that_do_not_crowd() -> None:
    # Rotated labels of many lines are wide across their slant and run into the next
    # column's: with few columns, lines are longer and blocks at most two lines.
    ax = plot_case_matrix(rl.datasets.load("hipp"))
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert len(labels) == 6 and "Responsiveness to a\nchanging environment" in labels
    assert max(label.count("\n") for label in labels) == 1
