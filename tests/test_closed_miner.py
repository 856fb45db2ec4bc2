"""The closed-pattern miner on plain integers, against references."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import BENCH, require_module
from realist.analysis._closed import ClosedPattern, Groups, mine_closed

Transactions = list[frozenset[int]]


def _tidsets(transactions: Transactions, n_items: int) -> list[int]:
    return [sum(1 << t for t, tr in enumerate(transactions) if i in tr) for i in range(n_items)]


def brute_force(
    transactions: Transactions,
    group_of: Sequence[int],
    n_items: int,
    min_support: int,
    require: Sequence[frozenset[int]] = (),
    max_size: int | None = None,
) -> set[tuple[tuple[int, ...], int]]:
    """Every itemset, its groups, and the definition of closedness, literally."""

    def groups(items: frozenset[int]) -> frozenset[int]:
        return frozenset(group_of[t] for t, tr in enumerate(transactions) if items <= tr)

    found = set()
    for size in range(1, n_items + 1):
        for combo in itertools.combinations(range(n_items), size):
            items = frozenset(combo)
            support = groups(items)
            if len(support) < min_support:
                continue
            if any(not items & family for family in require):
                continue
            if max_size is not None and size > max_size:
                continue
            if any(groups(items | {j}) == support for j in range(n_items) if j not in items):
                continue
            found.add((tuple(sorted(items)), len(support)))
    return found


def _as_set(patterns: list[ClosedPattern]) -> set[tuple[tuple[int, ...], int]]:
    pairs = [(p.items, p.support) for p in patterns]
    assert len(pairs) == len(set(pairs)), "a pattern was reported twice"
    return set(pairs)


@st.composite
def grouped_data(draw: st.DrawFn) -> tuple[Transactions, list[int], int]:
    n_items = draw(st.integers(1, 7))
    sizes = draw(st.lists(st.integers(1, 3), min_size=1, max_size=6))
    transactions: Transactions = []
    group_of: list[int] = []
    for g, size in enumerate(sizes):
        for _ in range(size):
            items = draw(st.sets(st.integers(0, n_items - 1), max_size=n_items))
            transactions.append(frozenset(items))
            group_of.append(g)
    return transactions, group_of, n_items


@settings(max_examples=300, deadline=None)
@given(
    data=grouped_data(),
    min_support=st.integers(1, 4),
    with_families=st.booleans(),
    max_size=st.one_of(st.none(), st.integers(1, 4)),
)
def test_matches_brute_force_with_groups(
    data: tuple[Transactions, list[int], int],
    min_support: int,
    with_families: bool,
    max_size: int | None,
) -> None:
    transactions, group_of, n_items = data
    require: list[frozenset[int]] = []
    if with_families:
        require = [frozenset(i for i in f if i < n_items) for f in ({0, 1}, {2, 3})]
    got = mine_closed(
        _tidsets(transactions, n_items),
        min_support=min_support,
        groups=Groups.from_labels(group_of),
        require=require,
        max_size=max_size,
    )
    expected = brute_force(transactions, group_of, n_items, min_support, require, max_size)
    assert _as_set(got) == expected
    for p in got:  # the transactions reported are those holding the itemset
        assert p.tids == sum(1 << t for t, tr in enumerate(transactions) if set(p.items) <= tr)


@settings(max_examples=200, deadline=None)
@given(
    transactions=st.lists(st.frozensets(st.integers(0, 7)), min_size=1, max_size=12),
    min_support=st.integers(1, 4),
)
def test_matches_brute_force_one_transaction_per_group(
    transactions: Transactions, min_support: int
) -> None:
    n = len(transactions)
    got = mine_closed(_tidsets(transactions, 8), min_support=min_support, groups=n)
    assert _as_set(got) == brute_force(transactions, range(n), 8, min_support)


def test_items_in_every_transaction() -> None:
    # Item 0 is everywhere: the root itemset (0,) is closed unless extended.
    transactions = [frozenset({0, 1}), frozenset({0, 2}), frozenset({0})]
    got = mine_closed(_tidsets(transactions, 3), min_support=1, groups=3)
    assert _as_set(got) == {((0,), 3), ((0, 1), 1), ((0, 2), 1)}
    got = mine_closed(_tidsets(transactions, 3), min_support=1, groups=3, require=[{1}])
    assert _as_set(got) == {((0, 1), 1)}


def test_empty_and_too_rare() -> None:
    assert mine_closed([], min_support=1, groups=0) == []
    assert mine_closed([0b1], min_support=2, groups=1) == []
    with pytest.raises(ValueError, match="min_support must be at least 1, got 0"):
        mine_closed([0b1], min_support=0, groups=1)


def test_groups_count_distinct_groups() -> None:
    rng = random.Random(7)
    for _ in range(200):
        sizes = [rng.randint(1, 5) for _ in range(rng.randint(1, 30))]
        groups = Groups.from_sizes(sizes)
        label = [g for g, size in enumerate(sizes) for _ in range(size)]
        assert groups.n_transactions == len(label)
        assert groups.n_groups == len(sizes)
        tids = rng.getrandbits(len(label))
        expected = sorted({label[t] for t in range(len(label)) if tids >> t & 1})
        assert groups.group_count(tids) == len(expected)
        assert groups.counter()(tids) == len(expected)
        assert groups.group_indices(tids) == expected
    assert Groups.from_sizes([1, 1, 1]).singletons
    assert not Groups.from_sizes([1, 2]).singletons


def test_groups_reject_bad_layouts() -> None:
    with pytest.raises(ValueError, match="not consecutive"):
        Groups.from_labels([0, 1, 0])
    with pytest.raises(ValueError, match="at least 1, got 0"):
        Groups.from_sizes([2, 0])


def _random_transactions(seed: int, n: int, n_items: int) -> Transactions:
    """Transactions over a skewed vocabulary, so that some itemsets are frequent."""
    rng = random.Random(seed)
    weights = [1.0 / (r + 1) for r in range(n_items)]
    out = []
    for _ in range(n):
        k = rng.randint(1, 6)
        out.append(frozenset(rng.choices(range(n_items), weights=weights, k=k)))
    return out


def _closed_from_frequent(
    frequent: dict[frozenset[int], int],
) -> set[tuple[tuple[int, ...], int]]:
    """Closed itemsets: frequent itemsets with no frequent superset of equal support."""
    by_support: dict[int, list[frozenset[int]]] = {}
    for items, count in frequent.items():
        by_support.setdefault(count, []).append(items)
    closed = set()
    for count, same in by_support.items():
        for items in same:
            if not any(items < other for other in same):
                closed.add((tuple(sorted(items)), count))
    return closed


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_matches_mlxtend_closed_itemsets(seed: int) -> None:
    require_module("mlxtend", hint=BENCH)
    import pandas as pd
    from mlxtend.frequent_patterns import fpgrowth  # type: ignore[import-untyped,import-not-found,unused-ignore]

    n, n_items, min_support = 400, 25, 8
    transactions = _random_transactions(seed, n, n_items)
    onehot = pd.DataFrame(
        [[i in tr for i in range(n_items)] for tr in transactions], columns=list(range(n_items))
    )
    table = fpgrowth(onehot, min_support=(min_support - 0.5) / n, use_colnames=True)
    frequent = {
        frozenset(int(i) for i in items): round(support * n)
        for items, support in zip(table["itemsets"], table["support"], strict=True)
    }
    expected = _closed_from_frequent(frequent)
    got = mine_closed(_tidsets(transactions, n_items), min_support=min_support, groups=n)
    assert len(expected) > 50  # a real test, not an empty one
    assert _as_set(got) == expected


@pytest.mark.parametrize("seed", [3, 4])
def test_matches_pyfim_closed_itemsets(seed: int) -> None:
    fim = require_module("fim", hint=BENCH)  # pyfim
    n, n_items, min_support = 600, 30, 6
    transactions = _random_transactions(seed, n, n_items)
    table = fim.fpgrowth([sorted(tr) for tr in transactions], target="c", supp=-min_support)
    expected = {(tuple(sorted(items)), count) for items, count in table}
    got = mine_closed(_tidsets(transactions, n_items), min_support=min_support, groups=n)
    assert len(expected) > 50
    assert _as_set(got) == expected
