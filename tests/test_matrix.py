"""The case matrix: counts indexed by ids, labels beside them, display names made distinct."""

from __future__ import annotations

import inspect
import sys
import typing
from typing import Any, cast

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

import realist as rl
from realist.analysis.matrix import case_matrix
from realist.errors import ValidationError
from realist.render import figures


@pytest.fixture
def project() -> rl.Project:
    p = rl.Project(title="t")
    p.add_theme("trust", "Trust")
    p.add_theme("vision", "Vision")
    p.add_case("a", "North")
    p.add_case("b", "North")  # two cases, one name
    p.add_case("c", "South")
    p.add_source("int-a", kind="interview", case="a", title="Interview")
    p.add_source("int-b", kind="interview", case="b", title="Interview")
    p.add_source("doc-c", kind="document", case="c")
    ctx = p.add_context("Trust", id="c-trust", themes=["trust"])
    m = p.add_mechanism("Champions", id="m-champions")
    o = p.add_outcome("Trust", id="o-trust")  # same label as the context
    e_a = p.add_evidence(source="int-a", quote="x")
    e_b = p.add_evidence(source="int-b", quote="y")
    # cites no configuration: it counts through the element it is coded with
    p.add_evidence(source="doc-c", quote="z", elements=["o-trust"])
    p.add_configuration(
        case="a", contexts=[ctx], mechanisms=[m], outcomes=[o], themes=["vision"], evidence=[e_a]
    )
    p.add_configuration(case="b", contexts=[ctx], mechanisms=[m], outcomes=[o], evidence=[e_b])
    p.add_configuration(case="c", mechanisms=[m], outcomes=[o])
    return p


def test_rows_and_columns_are_ids_with_their_labels(project: rl.Project) -> None:
    frame = case_matrix(project, cols="elements")
    assert list(frame.index) == ["a", "b", "c"]
    assert frame.index.name == "case"
    assert list(frame.columns) == ["c-trust", "m-champions", "o-trust"]
    assert frame.columns.name == "element"
    assert frame.attrs["row_labels"] == {"a": "North", "b": "North", "c": "South"}
    assert frame.attrs["col_labels"] == {
        "c-trust": "Trust",
        "m-champions": "Champions",
        "o-trust": "Trust",
    }
    assert frame.to_numpy().tolist() == [[1, 1, 1], [1, 1, 1], [0, 1, 1]]
    assert all(str(t) == "int64" for t in frame.dtypes)


def test_themes_come_from_configurations_and_their_elements(project: rl.Project) -> None:
    frame = case_matrix(project)
    assert list(frame.columns) == ["trust", "vision"]
    assert frame.columns.name == "theme"
    # "trust" through the context's theme, "vision" from configuration a itself
    assert frame.to_dict(orient="index") == {
        "a": {"trust": 1, "vision": 1},
        "b": {"trust": 1, "vision": 0},
        "c": {"trust": 0, "vision": 0},
    }
    project.add_theme("unused", "Unused")
    assert "unused" in case_matrix(project).columns  # every theme, even one found nowhere


def test_one_kind_of_element(project: rl.Project) -> None:
    frame = case_matrix(project, cols="outcomes")
    assert list(frame.columns) == ["o-trust"]
    assert list(case_matrix(project, cols="contexts").loc["c"]) == [0]


def test_sources_and_source_kinds_count_excerpts(project: rl.Project) -> None:
    by_source = case_matrix(project, rows="sources", cols="elements")
    assert list(by_source.index) == ["int-a", "int-b", "doc-c"]
    assert by_source.index.name == "source"
    assert by_source.attrs["row_labels"] == {
        "int-a": "Interview",
        "int-b": "Interview",
        "doc-c": "doc-c",
    }
    assert list(by_source.loc["doc-c"]) == [0, 0, 1]  # the coded element only
    by_kind = case_matrix(project, rows="source kinds", cols="elements")
    assert list(by_kind.index) == ["interview", "document"]
    assert by_kind.index.name == "source kind"
    assert list(by_kind.loc["interview"]) == [2, 2, 2]
    by_case = case_matrix(project, cols="elements", value="evidence")
    assert list(by_case.loc["c"]) == [0, 0, 1]


@pytest.mark.parametrize(
    ("kwargs", "quoted"),
    [
        ({"value": "cases"}, "'cases'"),
        ({"rows": "nations"}, "'nations'"),
        ({"cols": "labels"}, "'labels'"),
    ],
)
def test_bad_arguments_are_validation_errors(
    project: rl.Project, kwargs: dict[str, Any], quoted: str
) -> None:
    with pytest.raises(ValidationError, match=quoted):
        case_matrix(project, **kwargs)
    with pytest.raises(ValidationError, match=quoted):
        rl.plot_case_matrix(project, **kwargs)


def test_value_literal_names_only_what_is_accepted() -> None:
    for func in (case_matrix, rl.plot_case_matrix):
        annotation = inspect.signature(func).parameters["value"].annotation
        hint = eval(annotation, vars(sys.modules[func.__module__]))
        assert typing.get_args(hint) == ("configurations", "evidence"), func.__name__


def test_plot_relabels_for_display_only(project: rl.Project) -> None:
    ax = rl.plot_case_matrix(project, cols="elements")
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Trust (context)",
        "Champions",
        "Trust (outcome)",
    ]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["North (a)", "North (b)", "South"]
    assert cast(Any, ax.images[0].get_array()).tolist() == [[1, 1, 1], [1, 1, 1], [0, 1, 1]]
    plt.close(cast(Any, ax.figure))
    # two themes with one label: told apart by id
    project.add_theme("trust-2", "Trust")
    ax = rl.plot_case_matrix(project)
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Trust (trust)",
        "Vision",
        "Trust (trust-2)",
    ]
    plt.close(cast(Any, ax.figure))


def test_render_figures_still_exports_case_matrix() -> None:
    assert figures.case_matrix is case_matrix


def test_hipp_matrix_is_cases_by_themes() -> None:
    p = rl.datasets.load("hipp")
    frame = case_matrix(p)
    assert list(frame.index) == [c.id for c in p.cases]
    assert list(frame.columns) == [t.id for t in p.themes]
    assert frame.attrs["row_labels"] == {c.id: c.name for c in p.cases}
    assert int(frame.to_numpy().sum()) > 0
