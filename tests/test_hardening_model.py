"""What a user's file can make grow stays linear, and look-alike ids and labels are one.

The growth tests run in a child process under a memory cap and a timeout of
their own (the machines are shared): before the fixes, each of them ran for
minutes (a revision chain of 3,000 hypotheses took 97 s to load; a
configuration of 30,000 contexts with one repeat, 6 s; cubic and quadratic
walks). The timeout is a hang guard, far above what a linear walk needs; no
test measures speed.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

import realist as rl
from realist._ids import is_id, label_key, slugify
from realist.errors import DuplicateIdError, ValidationError

LIMIT = """
import resource
resource.setrlimit(resource.RLIMIT_AS, (4 * 1024**3, 4 * 1024**3))
"""


def run_bounded(code: str, timeout: float = 120) -> str:
    """Run `code` in a child Python under a 4 GB memory cap; its stdout."""
    run = subprocess.run(
        [sys.executable, "-c", LIMIT + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def test_a_long_revision_chain_loads_and_saves() -> None:
    out = run_bounded(
        """
        import json, tempfile, realist as rl
        p = rl.Project(title="t")
        prev = None
        for i in range(20_000):
            p.add_hypothesis(f"h{i}", "s", revises=prev)
            prev = f"h{i}"
        text = p.dumps("json")
        q = rl.loads(text, format="json")
        q.save(tempfile.mkdtemp() + "/chain.yaml")
        data = json.loads(text)
        data["hypotheses"][0]["revises"] = "h19999"  # close the chain into a circle
        try:
            rl.loads(json.dumps(data), format="json")
        except rl.ValidationError as exc:
            print(len(q.hypotheses), str(exc).count("circle"))
        """
    )
    assert out.split() == ["20000", "1"]  # the circle reported once


def test_a_configuration_with_many_references_and_one_repeat() -> None:
    out = run_bounded(
        """
        import realist as rl
        p = rl.Project(title="t")
        m, o = p.add_mechanism("m"), p.add_outcome("o")
        ids = [p.add_context(f"c{i}", id=f"c{i}").id for i in range(30_000)]
        try:
            p.add_configuration(mechanisms=[m], outcomes=[o], contexts=[*ids, "c17"])
        except rl.ValidationError as exc:
            print(str(exc).splitlines()[0])
        """
    )
    assert out.strip() == "contexts: contexts lists 'c17' twice"


def test_twenty_thousand_non_latin_labels_keep_readable_ids() -> None:
    out = run_bounded(
        """
        import realist as rl
        from realist.io.qdpx import _Taken, _unique
        taken = _Taken()
        ids = [_unique("c-местный-лидер", taken) for _ in range(20_000)]
        p = rl.Project(title="t")
        for i in range(2_000):
            p.add_mechanism(f"Местный лидер {i % 7}")
        print(ids[0], ids[-1], len(set(ids)), p.mechanisms[0].id, p.mechanisms[-1].id)
        """
    )
    assert out.split() == [
        "c-местный-лидер",
        "c-местный-лидер-20000",
        "20000",
        "m-местный-лидер-0",
        "m-местный-лидер-4-286",  # 1999 % 7, the 286th time
    ]


def test_code_parent_circles_are_refused() -> None:
    data = {
        "title": "t",
        "codes": [
            {"id": "a", "label": "A", "parent": "b"},
            {"id": "b", "label": "B", "parent": "a"},
            {"id": "c", "label": "C", "parent": "a"},
        ],
    }
    with pytest.raises(ValidationError, match=r"codes\[0\].parent: codes are each other's"):
        rl.Project(**data)


def test_one_id_check_for_the_model_and_the_readers() -> None:
    for text in ["k1", "m-местный-лидер", "中文", "a.b:c/d@e+f"]:
        assert is_id(text)
        rl.Theme(id=text, label="x")
    for text in ["k1\n", "a b", "a²", "-x", ""]:
        assert not is_id(text)
        with pytest.raises(ValidationError):
            rl.Theme(id=text, label="x")
    assert slugify("Местный лидер") == "местный-лидер"
    assert slugify("\u200bLocal cham\u00adpions\u200e") == "local-champions"


def test_ids_that_differ_only_by_normalisation_are_one_id() -> None:
    p = rl.Project(title="t")
    p.add_case("caf\u00e9")
    with pytest.raises(DuplicateIdError, match="differs only by Unicode normalisation"):
        p.add_case("cafe\u0301")
    data = p.to_data()
    data["cases"].append({"id": "cafe\u0301", "name": "again"})
    with pytest.raises(ValidationError, match=r"cases\[1\]\.id: id .* only by Unicode"):
        rl.Project(**{k: v for k, v in data.items() if k != "schema_version"})


@pytest.mark.parametrize(
    "variant",
    [
        "Local cham\u00adpions",  # a soft hyphen from Word
        "\u200eLocal champions",  # a left-to-right mark
        "Local\u200b champions",  # a zero-width space
        "\ufeffLocal champions",  # a BOM
        "LOCAL  champions",  # case and spacing
    ],
)
def test_look_alike_labels_are_one_label_in_the_readers(variant: str) -> None:
    assert label_key(variant) == label_key("Local champions")
    p = rl.Project(title="t")
    top = p.add_code("Mechanisms")
    p.add_code("Local champions", parent=top)
    p.add_code(variant, id="code-variant", parent=top)
    q = rl.map_codes(p)
    assert [m.label for m in q.mechanisms] == ["Local champions"]
    assert q.mechanisms[0].attributes["codes"] == "code-local-champions code-variant"
