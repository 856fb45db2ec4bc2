"""Closed-pattern mining on plain integers (the engine of ``find_regularities``).

The data are *transactions* (here: one per configuration and case) over
*items* (element ids), each transaction belonging to one *group* (a case).
Everything is encoded as Python ints used as bitsets:

- ``tidsets[i]`` is the set of transactions holding item ``i`` (bit ``t`` set
  when transaction ``t`` holds the item);
- the transactions of one group occupy consecutive bit positions, described
  by :class:`Groups`.

The *support* of an itemset is the number of distinct groups among the
transactions that hold every item of it. It is anti-monotone. An itemset is
*closed* when no strictly larger itemset has the same set of supporting groups;
by anti-monotony it is enough that no single added item keeps that set.

How it works. Call an itemset *transaction-closed* when no larger itemset has
the same transactions. A group-closed itemset is transaction-closed (its
transaction closure has the same transactions, hence the same groups), so the
miner enumerates the transaction-closed itemsets whose group support reaches
the threshold with the DCI-Closed scheme (Lucchese, Orlando & Perego, 2005:
vertical bitsets, a *pre-set* to skip duplicates, a *post-set* to extend
closures), pruning on group support, and keeps those for which no single-item
extension keeps the same groups. When every group holds one transaction (one
configuration per case) the two notions coincide and the last test is free.

Counting the distinct groups of a transaction bitset ``x`` costs three big-int
operations: with ``low`` the bits of every group except its last position and
``high`` the last position of each group, ``(((x & low) + low) | x) & high``
has one bit per group that holds a transaction of ``x`` (the addition carries
into a group's last bit exactly when one of its other bits is set, and never
further).

This module knows nothing about projects; it is tested and benchmarked alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

__all__ = ["ClosedPattern", "Groups", "mine_closed"]


@dataclass(frozen=True)
class Groups:
    """Which transactions belong to which group (case), as bit masks.

    Transactions must be ordered so that each group's transactions are
    consecutive. Build with :meth:`from_sizes` or :meth:`from_labels`.

    Attributes
    ----------
    low : int
        Bits of every transaction except the last one of its group.
    high : int
        The bit of the last transaction of each group.
    n_groups : int
        The number of groups.
    n_transactions : int
        The number of transactions.
    """

    low: int
    high: int
    n_groups: int
    n_transactions: int

    @classmethod
    def from_sizes(cls, sizes: Iterable[int]) -> Groups:
        """Groups of consecutive transactions with the given sizes.

        Examples
        --------
        >>> g = Groups.from_sizes([2, 1, 3])
        >>> bin(g.high), bin(g.low)
        ('0b100110', '0b11001')
        >>> g.group_count(0b001001)  # transactions 0 and 3: groups 0 and 2
        2
        """
        low = high = 0
        pos = 0
        n = 0
        for size in sizes:
            if size < 1:
                raise ValueError(f"group sizes must be at least 1, got {size!r}")
            low |= ((1 << (size - 1)) - 1) << pos
            high |= 1 << (pos + size - 1)
            pos += size
            n += 1
        return cls(low=low, high=high, n_groups=n, n_transactions=pos)

    @classmethod
    def from_labels(cls, labels: Sequence[int]) -> Groups:
        """Groups from the group label of each transaction (labels must be contiguous).

        Examples
        --------
        >>> Groups.from_labels([0, 0, 1, 2, 2, 2]) == Groups.from_sizes([2, 1, 3])
        True
        """
        sizes: list[int] = []
        seen: set[int] = set()
        prev: int | None = None
        for label in labels:
            if label == prev:
                sizes[-1] += 1
                continue
            if label in seen:
                raise ValueError(f"transactions of group {label!r} are not consecutive")
            seen.add(label)
            sizes.append(1)
            prev = label
        return cls.from_sizes(sizes)

    @property
    def singletons(self) -> bool:
        """True when every group holds exactly one transaction."""
        return self.low == 0

    def group_mask(self, tids: int) -> int:
        """The groups holding a transaction of `tids`, one bit per group at its last position."""
        low = self.low
        return (((tids & low) + low) | tids) & self.high

    def group_count(self, tids: int) -> int:
        """The number of distinct groups holding a transaction of `tids`."""
        low = self.low
        return ((((tids & low) + low) | tids) & self.high).bit_count()

    def counter(self) -> Callable[[int], int]:
        """The fastest function counting the groups of a transaction bitset."""
        if self.low == 0:
            return int.bit_count
        low, high = self.low, self.high

        def count(tids: int) -> int:
            return ((((tids & low) + low) | tids) & high).bit_count()

        return count

    def group_indices(self, tids: int) -> list[int]:
        """The indices (0-based, in order) of the groups holding a transaction of `tids`.

        Examples
        --------
        >>> Groups.from_sizes([2, 1, 3]).group_indices(0b110010)
        [0, 2]
        """
        mask = self.group_mask(tids)
        return [i for i, pos in enumerate(_bits(self.high)) if mask >> pos & 1]


def _bits(x: int) -> list[int]:
    """The positions of the set bits of `x`, ascending."""
    out: list[int] = []
    while x:
        low = x & -x
        out.append(low.bit_length() - 1)
        x ^= low
    return out


@dataclass(frozen=True)
class ClosedPattern:
    """One closed itemset found by :func:`mine_closed`.

    Attributes
    ----------
    items : tuple of int
        The item indices, ascending.
    tids : int
        The transactions holding every item, as a bitset.
    support : int
        The number of distinct groups among those transactions.
    """

    items: tuple[int, ...]
    tids: int
    support: int


def mine_closed(
    tidsets: Sequence[int],
    *,
    min_support: int,
    groups: Groups | int,
    require: Sequence[Iterable[int]] = (),
    max_size: int | None = None,
) -> list[ClosedPattern]:
    """All closed itemsets with group support of at least `min_support`.

    Parameters
    ----------
    tidsets : sequence of int
        ``tidsets[i]`` is the bitset of transactions holding item ``i``.
    min_support : int
        The least number of distinct groups (at least 1).
    groups : Groups or int
        How transactions form groups; an int ``n`` means ``n`` transactions,
        each its own group.
    require : sequence of iterables of int
        Item families: an itemset is reported only when it holds at least one
        item of every family (e.g. one mechanism and one outcome). Closedness
        is still judged against every larger itemset.
    max_size : int or None
        Report only closed itemsets of at most this many items. This filters
        the closed itemsets; it never reports a smaller, non-closed itemset in
        place of a larger closed one.

    Returns
    -------
    list of ClosedPattern
        In no particular order.

    Examples
    --------
    Four transactions, each its own group; items 0 and 1 always occur together:

    >>> t = [0b0111, 0b0111, 0b1100]
    >>> sorted(p.items for p in mine_closed(t, min_support=1, groups=4))
    [(0, 1), (0, 1, 2), (2,)]

    Two groups of two transactions. Items 1 and 2 each occur in both groups,
    never together: ``(0, 1)`` and ``(0, 2)`` are both closed, and ``(0,)`` is
    not (adding item 1 keeps both groups):

    >>> t = [0b1111, 0b0101, 0b1010]
    >>> sorted(p.items for p in mine_closed(t, min_support=2, groups=Groups.from_sizes([2, 2])))
    [(0, 1), (0, 2)]
    """
    if min_support < 1:
        raise ValueError(f"min_support must be at least 1, got {min_support!r}")
    if isinstance(groups, int):
        groups = Groups.from_sizes([1] * groups)
    count = groups.counter()
    singletons = groups.singletons  # then count is int.bit_count
    all_tids = (1 << groups.n_transactions) - 1
    n_items = len(tidsets)

    families = [frozenset(f) for f in require]
    # Item -> bitmask of the families it belongs to; every family must be met.
    fam_of = [0] * n_items
    for k, fam in enumerate(families):
        for i in fam:
            fam_of[i] |= 1 << k
    all_fams = (1 << len(families)) - 1
    limit = n_items if max_size is None else max_size

    supports = [count(t & all_tids) for t in tidsets]
    frequent = [i for i in range(n_items) if supports[i] >= min_support]
    root_core = [i for i in frequent if tidsets[i] & all_tids == all_tids]
    root_post = [i for i in frequent if tidsets[i] & all_tids != all_tids]
    # Rare items first: their subtrees are small and they feed the pre-set early.
    root_post.sort(key=lambda i: (supports[i], i))

    out: list[ClosedPattern] = []
    root_support = count(all_tids)
    if root_support < min_support:
        return out

    def fams_of(items: Iterable[int]) -> int:
        m = 0
        for i in items:
            m |= fam_of[i]
        return m

    # Is the root (the items in every transaction) itself closed and wanted?
    if (
        root_core
        and len(root_core) <= limit
        and fams_of(root_core) == all_fams
        and all(count(tidsets[j] & all_tids) != root_support for j in root_post)
    ):
        out.append(ClosedPattern(tuple(sorted(root_core)), all_tids, root_support))

    def grow(
        core: list[int],
        core_fams: int,
        pre: list[tuple[int, int]],
        post: list[tuple[int, int]],
    ) -> None:
        # pre, post: (item, tids of core + item), all with enough support.
        # A count is skipped when the transactions alone are too few (cheap).
        for k, (i, x) in enumerate(post):
            duplicate = False
            for _, y in pre:
                if x & y == x:
                    duplicate = True
                    break
            if duplicate:
                pre.append((i, x))
                continue
            sup = count(x)
            closed = [*core, i]
            child_post: list[tuple[int, int]] = []
            is_closed = True
            for j, y in post[k + 1 :]:
                z = x & y
                if z == x:
                    closed.append(j)
                else:
                    c = z.bit_count()
                    if c >= min_support and (singletons or (c := count(z)) >= min_support):
                        child_post.append((j, z))
                        if c == sup:
                            is_closed = False
            pre.append((i, x))
            if len(closed) > limit:
                continue
            fams = core_fams | fams_of(closed[len(core) :])
            wanted = fams == all_fams
            deeper = (
                bool(child_post)
                and len(closed) < limit
                and (wanted or fams | fams_of(j for j, _ in child_post) == all_fams)
            )
            if deeper:
                child_pre: list[tuple[int, int]] = []
                for j, y in pre[:-1]:
                    z = x & y
                    c = z.bit_count()
                    if c >= min_support and (singletons or (c := count(z)) >= min_support):
                        child_pre.append((j, z))
                        if c == sup:
                            is_closed = False
            elif wanted and is_closed:
                for _, y in pre[:-1]:
                    z = x & y
                    if z.bit_count() >= sup and (singletons or count(z) == sup):
                        is_closed = False
                        break
            if wanted and is_closed:
                out.append(ClosedPattern(tuple(sorted(closed)), x, sup))
            if deeper:
                grow(closed, fams, child_pre, child_post)

    grow(
        root_core,
        fams_of(root_core),
        [],
        [(i, tidsets[i] & all_tids) for i in root_post],
    )
    return out
