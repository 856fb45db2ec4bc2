"""Property tests: random valid projects round-trip; random corruptions are refused."""

from __future__ import annotations

import contextlib
import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import realist as rl
from realist.errors import RealistError

label_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() != "")
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(max_size=12),
)
attr_keys = st.text(alphabet="abcdefghij_", min_size=1, max_size=6)


@st.composite
def projects(draw: st.DrawFn) -> rl.Project:
    p = rl.Project(title=draw(label_text), description=draw(st.text(max_size=40)))
    themes = [p.add_theme(f"t{i}", draw(label_text)) for i in range(draw(st.integers(0, 3)))]
    cases = [
        p.add_case(
            f"case{i}",
            draw(label_text),
            attributes=draw(st.dictionaries(attr_keys, scalars, max_size=3)),
        )
        for i in range(draw(st.integers(0, 4)))
    ]
    sources = [
        p.add_source(
            f"s{i}",
            kind=draw(st.sampled_from(rl.model.SOURCE_KINDS)),  # type: ignore[arg-type]
            case=draw(st.sampled_from(cases)) if cases and draw(st.booleans()) else None,
            text=draw(st.none() | st.text(max_size=40)),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    evidence = [
        p.add_evidence(
            source=draw(st.sampled_from(sources)),
            quote=draw(st.text(max_size=40)),
            stance=draw(st.sampled_from(rl.model.STANCES)),  # type: ignore[arg-type]
            page=draw(st.none() | st.integers(1, 400)),
        )
        for _ in range(draw(st.integers(0, 4) if sources else st.just(0)))
    ]

    def some(pool: list[Any], n: int = 3) -> list[str]:
        return (
            draw(st.lists(st.sampled_from([x.id for x in pool]), max_size=n, unique=True))
            if pool
            else []
        )

    contexts = [
        p.add_context(
            draw(label_text),
            category=draw(st.none() | st.sampled_from(["cultural", "political"])),
            themes=some(themes),
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    mechanisms = [
        p.add_mechanism(
            draw(label_text), resource=draw(st.none() | label_text), themes=some(themes)
        )
        for _ in range(draw(st.integers(1, 4)))
    ]
    outcomes = [
        p.add_outcome(
            draw(label_text), tier=draw(st.none() | st.sampled_from(["process", "health"]))
        )
        for _ in range(draw(st.integers(1, 4)))
    ]
    hypotheses = [
        p.add_hypothesis(f"h{i}", draw(label_text), themes=some(themes))
        for i in range(draw(st.integers(0, 2)))
    ]
    configurations = []
    for _ in range(draw(st.integers(0, 5))):
        ctx = some(contexts)
        outs = draw(
            st.lists(st.sampled_from([o.id for o in outcomes]), min_size=1, max_size=3, unique=True)
        )
        configurations.append(
            p.add_configuration(
                cases=some(cases),
                contexts=ctx,
                constraining=ctx[:1] if ctx and draw(st.booleans()) else [],
                mechanisms=draw(
                    st.lists(
                        st.sampled_from([m.id for m in mechanisms]),
                        min_size=1,
                        max_size=3,
                        unique=True,
                    )
                ),
                outcomes=outs,
                unintended=outs[:1] if draw(st.booleans()) else [],
                themes=some(themes),
                status=draw(st.sampled_from(rl.model.STATUSES)),  # type: ignore[arg-type]
                confidence=draw(st.none() | st.sampled_from(rl.model.CONFIDENCE_LEVELS)),
                evidence=some(evidence),
                hypotheses=some(hypotheses),
                phase=draw(
                    st.none() | st.integers(2000, 2010) | st.sampled_from(["baseline", "final"])
                ),
                note=draw(st.text(max_size=20)),
            )
        )
    if outcomes and contexts and draw(st.booleans()):
        p.add_link(outcomes[0], "becomes", contexts[-1])
    return p


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_json_and_yaml_round_trip(p: rl.Project) -> None:
    for fmt in ("json", "yaml"):
        text = p.dumps(fmt)  # type: ignore[arg-type]
        again = rl.loads(text, format=fmt)  # type: ignore[arg-type]
        assert again == p
        assert again.dumps(fmt) == text  # type: ignore[arg-type]


def _corrupt(data: dict[str, Any], draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(data)
    filled = [name for name in rl.model.COLLECTIONS if data.get(name)]
    choice = draw(
        st.sampled_from(["unknown-top", "bad-version", "title"] + (["item"] * 4 if filled else []))
    )
    if choice == "unknown-top":
        data[draw(st.sampled_from(["colour", "Title", "case"]))] = "x"
    elif choice == "bad-version":
        data["schema_version"] = draw(st.sampled_from([0, 2, 99, "one", None]))
    elif choice == "title":
        data["title"] = draw(st.sampled_from(["", "   ", None, 5, ["x"]]))
    else:
        name = draw(st.sampled_from(filled))
        items = data[name]
        i = draw(st.integers(0, len(items) - 1))
        item = items[i]
        how = draw(st.sampled_from(["drop-id", "extra", "duplicate", "bad-id", "dangling"]))
        if how == "drop-id":
            del item["id"]
        elif how == "extra":
            item["unexpected_field"] = 1
        elif how == "duplicate":
            twin = copy.deepcopy(item)
            items.append(twin)
        elif how == "bad-id":
            item["id"] = draw(st.sampled_from(["", "has space", " lead", "a\nb"]))
        else:
            refs = [
                k
                for k, v in item.items()
                if k in ("source", "case", "revises", "target") and isinstance(v, str)
            ]
            lists = [
                k
                for k, v in item.items()
                if isinstance(v, list)
                and v
                and all(isinstance(x, str) for x in v)
                and k not in ("aliases",)
            ]
            if refs:
                item[draw(st.sampled_from(refs))] = "ghost-id"
            elif lists:
                item[draw(st.sampled_from(lists))].append("ghost-id")
            else:
                item["label" if "label" in item else "id"] = ""
    return data


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects(), st.data(), st.sampled_from(["json", "yaml"]))
def test_corruptions_are_refused_with_realist_errors(
    p: rl.Project, data: st.DataObject, fmt: str
) -> None:
    bad = _corrupt(p.to_data(), data.draw)
    text = rl._formats.dumps(bad, fmt)  # type: ignore[arg-type]
    try:
        rl.loads(text, format=fmt, file=f"bad.{fmt}")  # type: ignore[arg-type]
    except RealistError as exc:
        assert str(exc).startswith(f"bad.{fmt}: ")
    else:
        raise AssertionError(f"corrupted project was accepted:\n{text}")


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=200) | st.text(max_size=200).map(str.encode),
    st.sampled_from(["json", "yaml"]),
)
def test_garbage_never_escapes_as_a_foreign_exception(blob: bytes, fmt: str) -> None:
    with contextlib.suppress(RealistError):  # anything else fails the test
        rl.loads(blob, format=fmt)  # type: ignore[arg-type]


def test_corruption_strategy_is_not_vacuous() -> None:
    """The JSON of a valid project loads: the corruptions above are what breaks it."""
    p = rl.Project(title="t")
    p.add_mechanism("M")
    assert rl.loads(json.dumps(p.to_data())) == p
