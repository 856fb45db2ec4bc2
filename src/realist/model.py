"""The vocabulary of a realist evaluation, as validated pydantic models.

A :class:`Project` holds themes, the :class:`Code` tree of a QDA codebook, cases,
sources, evidence, the three kinds of
element (:class:`Context`, :class:`Mechanism`, :class:`Outcome`), the
:class:`Configuration` objects that combine them, explicit :class:`Link` objects
between elements or configurations, and the :class:`Hypothesis` objects of the
programme theory. Every item has a stable, human-readable ``id``; ids are unique
across the whole project, so ``project.get(id)`` is never ambiguous.

Models are declarative and hold no I/O, analysis or drawing. Every reference is
checked, on construction, on load and on every ``add_*`` call; a problem is a
:class:`realist.errors.ValidationError` that names the path of the bad value.

Examples
--------
>>> import realist as rl
>>> p = rl.Project(title="HIPP evaluation")
>>> p.add_theme("vision", "Shared strategic vision")
Theme(id='vision', label='Shared strategic vision')
>>> p.add_case("sandwell", "Sandwell", region="West Midlands")
Case(id='sandwell', name='Sandwell', attributes={'region': 'West Midlands'})
>>> c = p.add_context("History of working together", themes=["vision"])
>>> m = p.add_mechanism("Local champions", themes=["vision"])
>>> o = p.add_outcome("Shared strategic vision on health inequalities", tier="process")
>>> k = p.add_configuration(case="sandwell", contexts=[c], mechanisms=[m], outcomes=[o],
...                         themes=["vision"], status="supported")
>>> k.id, k.contexts, k.mechanisms
('cfg-sandwell-1', ['c-history-of-working-together'], ['m-local-champions'])
>>> p.get("m-local-champions").label
'Local champions'
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeAlias, TypeVar, overload

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    Strict,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic import ValidationError as PydanticValidationError

from realist import _formats
from realist._ids import ID_PATTERN, slugify
from realist.errors import (
    BrokenReferenceError,
    DuplicateIdError,
    Problem,
    UnknownIdError,
    ValidationError,
    validation_error,
)

__all__ = [
    "CERQUAL_COMPONENTS",
    "CERQUAL_LEVELS",
    "COLLECTIONS",
    "CONCERNS",
    "CONFIDENCE_LEVELS",
    "HTML_DISPLAY",
    "LINK_RELATIONS",
    "MERGE_ELEMENTS",
    "SCHEMA_VERSION",
    "SOURCE_KINDS",
    "STANCES",
    "STATUSES",
    "Assessment",
    "Case",
    "Cerqual",
    "CerqualLevel",
    "Code",
    "Concern",
    "Confidence",
    "Configuration",
    "Context",
    "Element",
    "Evidence",
    "Finding",
    "Hypothesis",
    "Item",
    "Link",
    "Mechanism",
    "Outcome",
    "Project",
    "Relation",
    "Source",
    "SourceKind",
    "Stance",
    "Status",
    "Theme",
    "item_id",
    "kind_name",
    "problems_from_pydantic",
]

#: The version of the project file format this release reads and writes.
SCHEMA_VERSION = 1

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=200)]
# References are checked against the ids the project holds (which were checked
# against the pattern), so they need no pattern of their own: loading stays fast.
Ref: TypeAlias = str
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Scalar: TypeAlias = str | int | float | bool | None
Attributes: TypeAlias = dict[str, Scalar]

Status: TypeAlias = Literal["conjectured", "supported", "refuted", "refined"]
STATUSES: tuple[str, ...] = ("conjectured", "supported", "refuted", "refined")
Stance: TypeAlias = Literal["supports", "refutes", "mixed"]
STANCES: tuple[str, ...] = ("supports", "refutes", "mixed")
SourceKind: TypeAlias = Literal["interview", "document", "observation", "survey", "other"]
SOURCE_KINDS: tuple[str, ...] = ("interview", "document", "observation", "survey", "other")
Confidence: TypeAlias = Literal["low", "moderate", "high"]
CONFIDENCE_LEVELS: tuple[str, ...] = ("low", "moderate", "high")
Concern: TypeAlias = Literal["no or very minor", "minor", "moderate", "serious"]
#: GRADE-CERQual's levels of concern about one component, least first.
CONCERNS: tuple[str, ...] = ("no or very minor", "minor", "moderate", "serious")
CerqualLevel: TypeAlias = Literal["high", "moderate", "low", "very low"]
#: GRADE-CERQual's overall levels of confidence in a finding, highest first.
CERQUAL_LEVELS: tuple[str, ...] = ("high", "moderate", "low", "very low")
#: The four components of a GRADE-CERQual assessment, in the order CERQual tables use.
CERQUAL_COMPONENTS: tuple[str, ...] = (
    "methodological_limitations",
    "coherence",
    "adequacy",
    "relevance",
)
Relation: TypeAlias = Literal["becomes", "enables", "constrains", "triggers", "leads_to", "related"]
LINK_RELATIONS: tuple[str, ...] = (
    "becomes",
    "enables",
    "constrains",
    "triggers",
    "leads_to",
    "related",
)


def _path(loc: Iterable[int | str]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 2, 5, 5, 70, 70


def _short(value: Any, limit: int = 80) -> str:
    # reprlib bounds the work: a YAML alias bomb's full repr would take hours.
    text = _REPR.repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


_UNION_TAGS = {
    "str": "text",
    "int": "a number",
    "float": "a number",
    "bool": "true/false",
    "none": "empty",
}


def problems_from_pydantic(
    exc: PydanticValidationError, prefix: Sequence[int | str] = ()
) -> list[Problem]:
    """Translate pydantic's errors into :class:`~realist.errors.Problem` objects.

    Errors raised by realist's own validators keep their own paths, placed
    under `prefix` and the location pydantic reports.
    """
    problems: list[Problem] = []
    errors = exc.errors(include_url=False)
    # pydantic reports one error per member of a union (str, int, float, ...):
    # gather them, to say once what the value may be.
    tags: dict[tuple[int | str, ...], list[str]] = {}
    for err in errors:
        full = (*prefix, *err["loc"])
        if full and full[-1] in _UNION_TAGS:
            tag = "finite" if err["type"] == "finite_number" else str(full[-1])
            tags.setdefault(full[:-1], []).append(tag)
    for err in errors:
        loc = [*prefix, *err["loc"]]
        if loc and loc[-1] in _UNION_TAGS:
            where = tuple(loc[:-1])
            members = tags.pop(where, None)
            if members is not None:
                got = _short(err.get("input"))
                if "finite" in members:
                    message = f"must be a finite number, not NaN or infinity (got {got})"
                else:
                    words = dict.fromkeys(_UNION_TAGS[t] for t in members)
                    message = f"must be {' or '.join(words)} (got {got})"
                problems.append(Problem(_path(where), message))
            continue
        inner = (err.get("ctx") or {}).get("error")
        if isinstance(inner, ValidationError):
            for p in inner.problems:
                sub = p.path
                base = _path(loc)
                if base and sub:
                    joined = f"{base}{sub}" if sub.startswith("[") else f"{base}.{sub}"
                else:
                    joined = base or sub
                problems.append(Problem(joined, p.message, kind=p.kind))
            continue
        msg = str(err["msg"])
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        if err["type"] == "extra_forbidden":
            msg = "unknown field (remove it, or check its spelling)"
        elif err["type"] == "missing":
            msg = "required field is missing"
        elif err["type"] == "string_pattern_mismatch":
            msg = (
                f"{_short(err['input'])} is not a valid id: use letters, digits, "
                "'_', '.', ':', '/', '@', '+' or '-', with no spaces"
            )
        elif "input" in err and err["type"] not in ("model_type", "dict_type"):
            msg = f"{msg} (got {_short(err['input'])})"
        problems.append(Problem(_path(loc), msg))
    return problems


if TYPE_CHECKING:  # its name, for the type checker only
    from pydantic._internal._model_construction import ModelMetaclass as _ModelMeta
else:  # at run time, pydantic's model metaclass found by introspection
    _ModelMeta = type(BaseModel)


class _TranslatingMeta(_ModelMeta):
    """Makes ``Case(...)`` and every other direct construction raise realist's
    :class:`~realist.errors.ValidationError`. It wraps the class call only: items
    validated inside a project (and ``model_validate``) keep pydantic-core's fast
    path, which a custom ``__init__`` would leave."""

    def __call__(self, /, *args: Any, **data: Any) -> Any:  # self: the model class
        try:
            return super().__call__(*args, **data)
        except PydanticValidationError as exc:
            problems = problems_from_pydantic(exc)
            raise validation_error(problems, hint=f"(while creating a {self.__name__})") from None


class _Model(BaseModel, metaclass=_TranslatingMeta):
    """Base of every realist model: strict about fields, friendly about errors."""

    model_config = ConfigDict(
        extra="forbid",
        allow_inf_nan=False,
        validate_default=False,
        validate_assignment=True,
        regex_engine="rust-regex",
        # Validators are built on first use, not at ``import realist``.
        defer_build=True,
    )

    def __setattr__(self, name: str, value: Any) -> None:
        # Assignments are validated too (``k.status = "proven"`` is refused at once).
        try:
            super().__setattr__(name, value)
        except PydanticValidationError as exc:
            problems = problems_from_pydantic(exc)
            raise validation_error(
                problems, hint=f"(while setting {type(self).__name__}.{name})"
            ) from None


class Theme(_Model):
    """A theme of the analysis (e.g. one of HIPP's six receptive-context themes).

    Examples
    --------
    >>> Theme(id="vision", label="Shared strategic vision")
    Theme(id='vision', label='Shared strategic vision')
    """

    id: Id
    label: Label
    description: str = ""

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        return _non_default_args(self)


class Code(_Model):
    """A code of the codebook the data was coded with (NVivo's nodes, ATLAS.ti's codes).

    Codes keep the coding exactly as the team did it: each has its place in
    the hierarchy (``parent``, another code) and evidence names the codes it
    was coded with (:attr:`Evidence.codes`). Which codes stand for contexts,
    mechanisms, outcomes or themes is a separate step, the *mapping*
    (:func:`realist.map_codes`), that can be redone without re-reading the file.

    Examples
    --------
    >>> Code(id="code-barriers", label="Barriers")
    Code(id='code-barriers', label='Barriers')
    >>> Code(id="code-cost", label="Cost", parent="code-barriers")
    Code(id='code-cost', label='Cost', parent='code-barriers')
    """

    id: Id
    label: Label
    parent: Ref | None = None
    description: str = ""
    attributes: Attributes = Field(default_factory=dict)

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        return _non_default_args(self)


class Case(_Model):
    """A case: a project, locality, site, country or phase of an evaluation.

    ``attributes`` holds free key-to-scalar facts used to compare cases
    (country, sector, phase, region, ...).

    Examples
    --------
    >>> Case(id="sandwell", name="Sandwell", attributes={"region": "West Midlands"})
    Case(id='sandwell', name='Sandwell', attributes={'region': 'West Midlands'})
    """

    id: Id
    name: Label
    description: str = ""
    attributes: Attributes = Field(default_factory=dict)

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        return _non_default_args(self)


class Source(_Model):
    """A source of data: an interview, document, observation, survey or other.

    ``text`` may hold the full text (a transcript), so that quotes can be
    checked against it; ``attributes`` holds informant role, sector, date, phase.

    Examples
    --------
    >>> Source(id="int-07", kind="interview", case="sandwell", attributes={"role": "manager"})
    Source(id='int-07', kind='interview', case='sandwell', attributes={'role': 'manager'})
    """

    id: Id
    kind: SourceKind = "interview"
    title: str = ""
    case: Ref | None = None
    text: str | None = None
    attributes: Attributes = Field(default_factory=dict)

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        return _non_default_args(self, always=("kind",))


class Evidence(_Model):
    """One excerpt that supports (or refutes) something: a quote from a source.

    ``start``/``end`` are a character span in the source text (end exclusive),
    ``page`` a page or other location. ``elements`` lists the elements (context,
    mechanism and outcome ids) the excerpt was coded with, ``codes`` the
    codebook's codes as they were applied (see :class:`Code`), and ``coder``
    who coded it.

    Examples
    --------
    >>> Evidence(id="ev-1", source="int-07", quote="we had worked together for years")
    Evidence(id='ev-1', source='int-07', quote='we had worked together for years')
    """

    id: Id
    source: Ref
    quote: str = ""
    start: Annotated[int, Field(ge=0)] | None = None
    end: Annotated[int, Field(ge=0)] | None = None
    page: int | str | None = None
    stance: Stance = "supports"
    coder: str | None = None
    elements: list[Ref] = Field(default_factory=list)
    codes: list[Ref] = Field(default_factory=list)
    note: str = ""
    attributes: Attributes = Field(default_factory=dict)

    @model_validator(mode="after")
    def _span(self) -> Evidence:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        return _non_default_args(self)


class Element(_Model):
    """What contexts, mechanisms and outcomes share.

    An element is defined once per project and referenced from configurations,
    so the same "Local champions" in two cases is the same node. ``opposites``
    names elements of the same kind that are its opposite ("No shared vision"
    for "Shared vision"), so that analyses and figures can show the two
    together; they are never merged.
    """

    kind: ClassVar[str] = "element"
    prefix: ClassVar[str] = "e"

    id: Id
    label: Label
    description: str = ""
    category: str | None = None
    themes: list[Ref] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    opposites: list[Ref] = Field(default_factory=list)
    attributes: Attributes = Field(default_factory=dict)

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        return _non_default_args(self)


class Context(Element):
    """A context: the conditions a programme meets (socio-economic, cultural,
    political, organisational, ...), given in ``category``.

    Examples
    --------
    >>> Context(id="c-history", label="History of working together", category="cultural")
    Context(id='c-history', label='History of working together', category='cultural')
    """

    kind: ClassVar[str] = "context"
    prefix: ClassVar[str] = "c"


class Mechanism(Element):
    """A mechanism: what the programme offers (``resource``) and the reasoning
    it triggers in people (``reasoning``), after Dalkin et al. (2015);
    ``level`` says where it works (e.g. project, programme).

    Examples
    --------
    >>> Mechanism(id="m-champions", label="Local champions", level="project")
    Mechanism(id='m-champions', label='Local champions', level='project')
    """

    kind: ClassVar[str] = "mechanism"
    prefix: ClassVar[str] = "m"

    resource: str | None = None
    reasoning: str | None = None
    level: str | None = None


class Outcome(Element):
    """An outcome; ``tier`` places it among process, intended project, service
    and health outcomes (HIPP's Table 3).

    Examples
    --------
    >>> Outcome(id="o-vision", label="Shared strategic vision", tier="process")
    Outcome(id='o-vision', label='Shared strategic vision', tier='process')
    """

    kind: ClassVar[str] = "outcome"
    prefix: ClassVar[str] = "o"

    tier: str | None = None


_CONCERN_WORDS = {
    "no": "no or very minor",
    "none": "no or very minor",
    "very minor": "no or very minor",
    "no or very minor": "no or very minor",
    "minor": "minor",
    "moderate": "moderate",
    "serious": "serious",
}


def _words(value: str) -> str:
    return " ".join(value.strip().lower().replace("_", " ").replace("-", " ").split())


class Assessment(_Model):
    """The concern about one GRADE-CERQual component of a finding, and why.

    `concern` is one of :data:`CONCERNS`; the usual ways of writing it are
    accepted (``"none"``, ``"very minor"``, ``"minor concerns"``,
    ``"Serious"``). A bare string is read as the concern.

    Examples
    --------
    >>> Assessment(concern="Minor concerns", explanation="two of five sites thin")
    Assessment(concern='minor', explanation='two of five sites thin')
    """

    concern: Concern
    explanation: str = ""

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"concern": value} if isinstance(value, str) else value

    @field_validator("concern", mode="before")
    @classmethod
    def _concern(cls, value: Any) -> Any:
        if isinstance(value, str):
            words = _words(value).removesuffix(" concerns").removesuffix(" concern")
            return _CONCERN_WORDS.get(words, value)
        return value

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        return _non_default_args(self)


class Cerqual(_Model):
    """A GRADE-CERQual assessment of confidence in a finding (Lewin et al. 2018).

    Four components, each an :class:`Assessment` (a level of concern and its
    explanation): methodological limitations, coherence, adequacy of data and
    relevance. The ``overall`` level of confidence (high, moderate, low, very
    low) is a judgement the team makes and explains, never computed from the
    components; :func:`realist.check_confidence` warns when it reads as
    inconsistent with them. Any part may be left out while the assessment is
    under way.

    Examples
    --------
    >>> c = Cerqual(coherence="minor", adequacy={"concern": "moderate",
    ...             "explanation": "thin data from two sites"}, overall="Moderate")
    >>> c.overall, c.adequacy.concern
    ('moderate', 'moderate')
    >>> c.concerns()
    {'coherence': 'minor', 'adequacy': 'moderate'}
    """

    methodological_limitations: Assessment | None = None
    coherence: Assessment | None = None
    adequacy: Assessment | None = None
    relevance: Assessment | None = None
    overall: CerqualLevel | None = None
    explanation: str = ""

    @field_validator("overall", mode="before")
    @classmethod
    def _overall(cls, value: Any) -> Any:
        if isinstance(value, str):
            words = _words(value).removesuffix(" confidence")
            return "moderate" if words == "medium" else words
        return value

    def concerns(self) -> dict[str, Concern]:
        """The concern of each component assessed, in CERQual's order."""
        out: dict[str, Concern] = {}
        for name in CERQUAL_COMPONENTS:
            part: Assessment | None = getattr(self, name)
            if part is not None:
                out[name] = part.concern
        return out

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        return _non_default_args(self)


class Configuration(_Model):
    """A Context-Mechanism-Outcome configuration (CMOc) observed in one or more cases.

    ``contexts``, ``mechanisms`` and ``outcomes`` are element ids. Contexts are
    enabling unless listed in ``constraining``; outcomes are intended and
    observed unless listed in ``unintended`` or ``anticipated``. A configuration
    with no case is programme-level (a conjecture of the programme theory).

    Examples
    --------
    >>> k = Configuration(id="k1", cases=["sandwell"], contexts=["c-a", "c-b"],
    ...                   mechanisms=["m-a"], outcomes=["o-a"], constraining=["c-b"])
    >>> k.context_role("c-b"), k.context_role("c-a")
    ('constraining', 'enabling')
    """

    id: Id
    label: str = ""
    cases: list[Ref] = Field(default_factory=list)
    contexts: list[Ref] = Field(default_factory=list)
    mechanisms: Annotated[list[Ref], Field(min_length=1)]
    outcomes: Annotated[list[Ref], Field(min_length=1)]
    constraining: list[Ref] = Field(default_factory=list)
    unintended: list[Ref] = Field(default_factory=list)
    anticipated: list[Ref] = Field(default_factory=list)
    themes: list[Ref] = Field(default_factory=list)
    status: Status = "conjectured"
    confidence: Confidence | None = None
    cerqual: Cerqual | None = None
    evidence: list[Ref] = Field(default_factory=list)
    hypotheses: list[Ref] = Field(default_factory=list)
    phase: str | int | None = None
    note: str = ""
    attributes: Attributes = Field(default_factory=dict)

    @field_validator("confidence", mode="before")
    @classmethod
    def _confidence(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().lower()
            return "moderate" if value == "medium" else value
        return value

    @model_validator(mode="after")
    def _check_lists(self) -> Configuration:
        problems = []
        for field in ("cases", "contexts", "mechanisms", "outcomes", "themes", "evidence"):
            values = self.__dict__[field]
            if len(set(values)) != len(values):
                problems.append(Problem(field, f"{field} lists {_first_repeat(values)!r} twice"))
        for field, pool in (
            ("constraining", "contexts"),
            ("unintended", "outcomes"),
            ("anticipated", "outcomes"),
        ):
            allowed = set(getattr(self, pool))
            for i, ref in enumerate(getattr(self, field)):
                if ref not in allowed:
                    problems.append(
                        Problem(
                            f"{field}[{i}]", f"{ref!r} is not one of this configuration's {pool}"
                        )
                    )
        if problems:
            raise ValidationError(problems)
        return self

    @property
    def elements(self) -> list[str]:
        """All element ids of the configuration: contexts, mechanisms, outcomes."""
        return [*self.contexts, *self.mechanisms, *self.outcomes]

    def _repr_html_(self) -> str:
        return _html(self)

    def context_role(self, context: str) -> Literal["enabling", "constraining"]:
        """``"constraining"`` if `context` is listed in ``constraining``, else ``"enabling"``."""
        return "constraining" if context in self.constraining else "enabling"

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        return _non_default_args(self, always=("mechanisms", "outcomes"))


class Link(_Model):
    """An explicit relation between two elements or two configurations.

    The usual one is a chain: an outcome ``becomes`` the context of a later
    configuration. Others: ``enables``, ``constrains``, ``triggers``,
    ``leads_to``, ``related``. ``case`` and ``evidence`` say where the link
    was told (a link told in one case, by these excerpts), so that chains and
    paths can keep to one case or one source.

    Examples
    --------
    >>> Link(id="link-1", source="o-vision", relation="becomes", target="c-vision")
    Link(id='link-1', source='o-vision', relation='becomes', target='c-vision')
    """

    id: Id
    source: Ref
    relation: Relation = "becomes"
    target: Ref
    case: Ref | None = None
    note: str = ""
    evidence: list[Ref] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_a_loop(self) -> Link:
        if self.source == self.target:
            raise ValueError(f"a link from {self.source!r} to itself")
        return self

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        return _non_default_args(self, always=("relation",))


class Hypothesis(_Model):
    """A hypothesis of the programme theory; ``revises`` names the one it refines.

    Examples
    --------
    >>> Hypothesis(id="h1", statement="A shared vision requires shared language")
    Hypothesis(id='h1', statement='A shared vision requires shared language')
    """

    id: Id
    statement: Label
    themes: list[Ref] = Field(default_factory=list)
    status: Status = "conjectured"
    revises: Ref | None = None
    phase: str | int | None = None
    cerqual: Cerqual | None = None
    note: str = ""

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        return _non_default_args(self)


class Finding(_Model):
    """A finding the team keeps: a regularity stated in words, with what carries it.

    Realist syntheses report findings (a demi-regularity, "where a shared
    vision was in place, local champions led to agreed plans") and state how
    much confidence each deserves. ``configurations`` are the CMOcs behind
    the finding, ``elements`` the pattern it names; ``cerqual`` is its
    GRADE-CERQual assessment.

    Examples
    --------
    >>> Finding(id="f1", statement="Champions turn a shared vision into a plan",
    ...         configurations=["k1", "k2"], cerqual={"overall": "moderate"})
    Finding(id='f1', statement='Champions turn a shared vision into a plan', configurations=['k1', 'k2'], cerqual=Cerqual(overall='moderate'))
    """

    id: Id
    statement: Label
    configurations: list[Ref] = Field(default_factory=list)
    elements: list[Ref] = Field(default_factory=list)
    themes: list[Ref] = Field(default_factory=list)
    cerqual: Cerqual | None = None
    note: str = ""

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        return _non_default_args(self)


Item: TypeAlias = (
    Theme
    | Code
    | Case
    | Source
    | Evidence
    | Context
    | Mechanism
    | Outcome
    | Configuration
    | Link
    | Hypothesis
    | Finding
)
ItemT = TypeVar("ItemT", bound=_Model)

#: The collections of a project, in file order, with the class of their items.
COLLECTIONS: dict[str, type[_Model]] = {
    "themes": Theme,
    "codes": Code,
    "cases": Case,
    "sources": Source,
    "evidence": Evidence,
    "contexts": Context,
    "mechanisms": Mechanism,
    "outcomes": Outcome,
    "configurations": Configuration,
    "links": Link,
    "hypotheses": Hypothesis,
    "findings": Finding,
}


_ENDS = (Context, Mechanism, Outcome, Configuration)

#: Every reference between items: class -> (field, classes it may name, what
#: that is called in messages, whether the field holds a list).
_REFERENCES: dict[type[Any], tuple[tuple[str, tuple[type[Any], ...], str, bool], ...]] = {
    Theme: (),
    Code: (("parent", (Code,), "a code", False),),
    Case: (),
    Source: (("case", (Case,), "a case", False),),
    Evidence: (
        ("source", (Source,), "a source", False),
        ("elements", (Context, Mechanism, Outcome), "an element", True),
        ("codes", (Code,), "a code", True),
    ),
    Context: (
        ("themes", (Theme,), "a theme", True),
        ("opposites", (Context,), "a context", True),
    ),
    Mechanism: (
        ("themes", (Theme,), "a theme", True),
        ("opposites", (Mechanism,), "a mechanism", True),
    ),
    Outcome: (
        ("themes", (Theme,), "a theme", True),
        ("opposites", (Outcome,), "an outcome", True),
    ),
    Configuration: (
        ("cases", (Case,), "a case", True),
        ("contexts", (Context,), "a context", True),
        ("mechanisms", (Mechanism,), "a mechanism", True),
        ("outcomes", (Outcome,), "an outcome", True),
        ("themes", (Theme,), "a theme", True),
        ("evidence", (Evidence,), "evidence", True),
        ("hypotheses", (Hypothesis,), "a hypothesis", True),
    ),
    Link: (
        ("source", _ENDS, "an element or configuration", False),
        ("target", _ENDS, "an element or configuration", False),
        ("case", (Case,), "a case", False),
        ("evidence", (Evidence,), "evidence", True),
    ),
    Hypothesis: (
        ("themes", (Theme,), "a theme", True),
        ("revises", (Hypothesis,), "a hypothesis", False),
    ),
    Finding: (
        ("configurations", (Configuration,), "a configuration", True),
        ("elements", (Context, Mechanism, Outcome), "an element", True),
        ("themes", (Theme,), "a theme", True),
    ),
}


def _look_alike_ids(index: Mapping[str, Any], positions: Mapping[str, int]) -> list[Problem]:
    """Ids that differ only by Unicode normalisation (``café`` typed two ways): one
    id to a reader, two to a computer. Only non-ASCII ids can, so only they are
    normalised."""
    import unicodedata

    seen: dict[str, str] = {}
    problems: list[Problem] = []
    for ident in index:
        if ident.isascii():
            continue
        key = unicodedata.normalize("NFC", ident)
        other = seen.setdefault(key, ident)
        if other != ident:
            item = index[ident]
            first = f"{COLLECTION_OF[type(index[other])]}[{positions[other]}]"
            problems.append(
                Problem(
                    f"{COLLECTION_OF[type(item)]}[{positions[ident]}].id",
                    f"id {ident!r} differs from {other!r} ({first}) only by Unicode "
                    "normalisation: they look the same; give them different ids",
                    kind="duplicate",
                )
            )
    return problems


def _first_repeat(values: Sequence[str]) -> str | None:
    """The first value met a second time (linear: a list of 30,000 ids is checked at once).

    Examples
    --------
    >>> _first_repeat(["a", "b", "c", "b", "a"])
    'b'
    """
    seen: set[str] = set()
    for value in values:
        if value in seen:
            return value
        seen.add(value)
    return None


def _circles(links: Mapping[str, str], order: Sequence[str]) -> list[tuple[int, str]]:
    """Every circle of `links` (id -> the id it points to), once, as (position in
    `order` of its first member, ``"a -> b -> a"``). Linear: each id is walked once.

    Examples
    --------
    >>> _circles({"a": "b", "b": "a", "c": "a", "d": "d"}, ["a", "b", "c", "d"])
    [(0, 'a -> b -> a'), (3, 'd -> d')]
    """
    position = {ident: i for i, ident in enumerate(order)}
    done: set[str] = set()
    out: list[tuple[int, str]] = []
    for start in order:
        chain: list[str] = []
        on_chain: dict[str, int] = {}
        current: str | None = start
        while current is not None and current not in done and current not in on_chain:
            on_chain[current] = len(chain)
            chain.append(current)
            current = links.get(current)
        if current is not None and current in on_chain:
            circle = chain[on_chain[current] :]
            first = min(range(len(circle)), key=lambda k: position.get(circle[k], len(order)))
            circle = circle[first:] + circle[:first]
            out.append((position.get(circle[0], 0), " -> ".join([*circle, circle[0]])))
        done.update(chain)
    return sorted(out)


#: What the deprecated :meth:`Project.merge` calls: :func:`realist.merge_elements`,
#: set by :mod:`realist.analysis.harmonise` (the model imports no analysis).
MERGE_ELEMENTS: Callable[..., Any] | None = None

#: How items show themselves in Jupyter, by class. :mod:`realist.render.jupyter`
#: fills it when realist is imported, so that the model imports no renderer.
HTML_DISPLAY: dict[type[Any], Callable[[Any], str]] = {}


def _html(item: Any) -> str:
    show = next((HTML_DISPLAY[c] for c in type(item).__mro__ if c in HTML_DISPLAY), None)
    if show is None:
        import html

        return f"<pre>{html.escape(repr(item))}</pre>"
    return show(item)


def _singular(collection: str) -> str:
    return {"hypotheses": "hypothesis", "evidence": "evidence", "cases": "case"}.get(
        collection, collection[:-1]
    )


def _non_default_args(
    model: BaseModel, always: tuple[str, ...] = ()
) -> Iterator[tuple[str | None, Any]]:
    """repr arguments without the fields left at their defaults (short reprs)."""
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        if name in always or field.is_required():
            yield name, value
            continue
        default = field.get_default(call_default_factory=True)
        if value != default:
            yield name, value


def item_id(value: object) -> str:
    """The id of an item, or `value` itself when it is an id (text).

    Examples
    --------
    >>> item_id("c-history"), item_id(Case(id="a", name="A"))
    ('c-history', 'a')
    """
    ident = getattr(value, "id", value)
    if not isinstance(ident, str):
        raise ValidationError(f"expected an id or a project item, got {_short(value)}")
    return ident


def _refs(values: Iterable[object] | None) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str) or hasattr(values, "id"):
        return [item_id(values)]
    return [item_id(v) for v in values]


class _IdIndex:
    """A project's id index: the item of each id, its position in its list, and
    where the numbering of each id base left off (a hint, never a promise).

    One private attribute holds it, so that a look-up reads one attribute of the
    model; :meth:`Project._indexed` checks an entry against the lists before
    trusting it, so an index made stale by editing the lists by hand is rebuilt.
    """

    __slots__ = ("following", "items", "positions")

    def __init__(
        self, items: dict[str, Any] | None = None, positions: dict[str, int] | None = None
    ) -> None:
        self.items: dict[str, Any] = items if items is not None else {}
        self.positions: dict[str, int] = positions if positions is not None else {}
        self.following: dict[str, int] = {}

    def __deepcopy__(self, memo: dict[int, Any]) -> _IdIndex:
        # A deep copy of a project rebuilds its index over the copied items.
        return _IdIndex()


class Project(_Model):
    """A realist evaluation: the unit that is saved, loaded, analysed and drawn.

    Build one with the ``add_*`` methods (each validates its item against the
    project and returns it), or load one with :func:`realist.load`.

    Examples
    --------
    >>> import realist as rl
    >>> p = rl.Project(title="Demo")
    >>> p.add_case("a", "Case A", country="Wales", phase=2006).attributes
    {'country': 'Wales', 'phase': 2006}
    >>> p.add_mechanism("Local champions", resource="senior officers' time").id
    'm-local-champions'
    >>> p.add_configuration(case="a", mechanisms=["m-local-champions"], outcomes=["o-x"])
    Traceback (most recent call last):
    ...
    realist.errors.BrokenReferenceError: configuration 'cfg-a-1': outcomes[0]: unknown id 'o-x' (expected an outcome)
    """

    schema_version: Annotated[int, Strict()] = SCHEMA_VERSION
    title: Label
    description: str = ""
    attributes: Attributes = Field(default_factory=dict)
    themes: list[Theme] = Field(default_factory=list)
    codes: list[Code] = Field(default_factory=list)
    cases: list[Case] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    contexts: list[Context] = Field(default_factory=list)
    mechanisms: list[Mechanism] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list)
    configurations: list[Configuration] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    hypotheses: list[Hypothesis] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)

    _ids: _IdIndex = PrivateAttr(default_factory=lambda: _IdIndex())

    # ------------------------------------------------------------------ checks

    @field_validator("schema_version")
    @classmethod
    def _schema(cls, value: int) -> int:
        if value != SCHEMA_VERSION:
            newer = "newer than" if value > SCHEMA_VERSION else "older than"
            raise ValueError(
                f"schema_version {value} is {newer} the version this release of realist "
                f"reads ({SCHEMA_VERSION}); upgrade realist, or convert the file"
            )
        return value

    @model_validator(mode="after")
    def _check_references(self) -> Project:
        problems = self._rebuild_index()
        if problems:
            raise validation_error(problems)
        # Fast path: set operations per item; messages only for items that fail.
        ids_of: dict[tuple[type[Any], ...], set[str]] = {}
        by_class: dict[type[Any], set[str]] = {
            cls: {item.id for item in getattr(self, name)} for name, cls in COLLECTIONS.items()
        }
        for targets in {spec[1] for specs in _REFERENCES.values() for spec in specs}:
            ids_of[targets] = set().union(*(by_class[c] for c in targets))
        for name, cls in COLLECTIONS.items():
            specs = [(field, ids_of[targets], many) for field, targets, _, many in _REFERENCES[cls]]
            if not specs:
                continue
            for i, item in enumerate(getattr(self, name)):
                values = item.__dict__
                for field, ids, many in specs:
                    value = values[field]
                    if (
                        (value and not ids.issuperset(value))
                        if many
                        else (value is not None and value not in ids)
                    ):
                        problems.extend(self._item_problems(item, f"{name}[{i}]"))
                        break
        if not problems:
            problems = self._revision_cycles() + self._code_cycles()
        if problems:
            raise validation_error(problems)
        return self

    def _revision_cycles(self) -> list[Problem]:
        """Hypotheses that revise each other in a circle (h1 revises h2 revises h1)."""
        revises = {h.id: h.revises for h in self.hypotheses if h.revises is not None}
        return [
            Problem(
                f"hypotheses[{at}].revises",
                f"hypotheses revise each other in a circle ({circle}); "
                "a revision must point to an earlier hypothesis",
            )
            for at, circle in _circles(revises, [h.id for h in self.hypotheses])
        ]

    def _code_cycles(self) -> list[Problem]:
        """Codes that are each other's parents in a circle (a hand-edited file)."""
        parents = {c.id: c.parent for c in self.codes if c.parent is not None}
        return [
            Problem(
                f"codes[{at}].parent",
                f"codes are each other's parents in a circle ({circle}); a code tree has a top",
            )
            for at, circle in _circles(parents, [c.id for c in self.codes])
        ]

    def _rebuild_index(self) -> list[Problem]:
        index: dict[str, Any] = {}
        positions: dict[str, int] = {}
        problems: list[Problem] = []
        for name in COLLECTIONS:
            for i, item in enumerate(getattr(self, name)):
                ident = item.id
                if ident in index:
                    first = f"{COLLECTION_OF[type(index[ident])]}[{positions[ident]}]"
                    problems.append(
                        Problem(
                            f"{name}[{i}].id",
                            f"duplicate id {ident!r} (already used by {first}); "
                            "ids must be unique across the whole project",
                            kind="duplicate",
                        )
                    )
                    continue
                index[ident] = item
                positions[ident] = i
        problems += _look_alike_ids(index, positions)
        self._ids = _IdIndex(index, positions)
        return problems

    @property
    def _index(self) -> dict[str, Any]:
        return self._ids.items

    def _item_problems(self, item: _Model, path: str) -> list[Problem]:
        """References of one item that point to nothing (or to the wrong kind)."""
        out: list[Problem] = []
        index = self._ids.items
        for field, targets, what, many in _REFERENCES[type(item)]:
            value = item.__dict__[field]
            refs = value if many else ([] if value is None else [value])
            for i, ref in enumerate(refs):
                where = f"{path}.{field}[{i}]" if many else f"{path}.{field}"
                found = index.get(ref)
                if found is None:
                    out.append(
                        Problem(where, f"unknown id {ref!r} (expected {what})", kind="reference")
                    )
                elif not isinstance(found, targets):
                    out.append(
                        Problem(
                            where, f"{ref!r} is {kind_name(found)}, not {what}", kind="reference"
                        )
                    )
        return out

    def find_problems(self) -> list[Problem]:
        """Every problem of the project as it stands, without raising.

        Useful after editing items or lists directly (the ``add_*`` methods
        check as they go). Rebuilds the id index.

        Examples
        --------
        >>> p = Project(title="t")
        >>> _ = p.add_case("a")
        >>> p.cases.append(Case(id="a", name="Again"))
        >>> [str(x) for x in p.find_problems()]
        ["cases[1].id: duplicate id 'a' (already used by cases[0]); ids must be unique across the whole project"]
        """
        try:
            type(self).model_validate(self.model_dump())
        except ValidationError as exc:
            self._rebuild_index()
            return exc.problems
        except PydanticValidationError as exc:
            self._rebuild_index()
            return problems_from_pydantic(exc)
        self._rebuild_index()
        return []

    def check(self) -> None:
        """Raise :class:`~realist.errors.ValidationError` if the project has any problem."""
        problems = self.find_problems()
        if problems:
            raise validation_error(problems)

    # ------------------------------------------------------------------ look-up

    @overload
    def get(self, id: str) -> Item: ...
    @overload
    def get(self, id: str, kind: type[ItemT]) -> ItemT: ...
    def get(self, id: str, kind: type[Any] | None = None) -> Any:
        """The item with this id, of any kind or of the kind given.

        Parameters
        ----------
        id : str
            The id of a theme, case, source, evidence, element, configuration,
            link or hypothesis.
        kind : type, optional
            A model class (``rl.Context``, ``rl.Element``, ...): the item must be
            an instance of it. Type checkers then know the type of the result.

        Raises
        ------
        realist.errors.UnknownIdError
            No item has this id, or it is not of the kind asked for.

        Examples
        --------
        >>> p = Project(title="t")
        >>> _ = p.add_context("History of working together", id="c-history")
        >>> p.get("c-history", Context).label
        'History of working together'
        >>> p.get("c-history", Mechanism)
        Traceback (most recent call last):
        ...
        realist.errors.UnknownIdError: 'c-history' is a context, not a mechanism
        """
        if not isinstance(id, str):
            raise UnknownIdError(f"ids are text: got {_short(id)}")
        self._fresh_index()
        item = self._indexed(id)
        if item is None:  # an item may have been replaced by hand under a new id
            self._rebuild_index()
            item = self._index.get(id)
        if item is None:
            near = _near(id, self._index)
            hint = f"; did you mean {near!r}?" if near else ""
            raise UnknownIdError(f"unknown id {id!r}: no item of the project has this id{hint}")
        if kind is not None and not isinstance(item, kind):
            raise UnknownIdError(f"{id!r} is {kind_name(item)}, not {_article(kind)}")
        return item

    def __contains__(self, id: object) -> bool:
        if not isinstance(id, str):
            return False
        self._fresh_index()
        return self._indexed(id) is not None

    def __copy__(self) -> Project:
        # A shallow copy (``model_copy(update=...)``) may get other lists: it indexes
        # them afresh rather than share this project's index.
        copied = super().__copy__()
        copied._ids = _IdIndex()
        return copied

    def _fresh_index(self) -> None:
        """Rebuild the id index when the lists were edited by hand since it was built.

        Counting is cheap and catches items appended or removed; an item
        replaced by another of the same count is caught where it matters, when
        an id is looked up or reused (``get``, ``_insert``).
        """
        held = self.__dict__
        if len(self._ids.items) != sum(len(held[name]) for name in COLLECTIONS):
            self._rebuild_index()

    def _indexed(self, ident: str) -> Any:
        """The item indexed under `ident` if it is still in its list, else None."""
        ids = self._ids
        item = ids.items.get(ident)
        if item is None:
            return None
        items = self.__dict__[COLLECTION_OF[type(item)]]
        at = ids.positions.get(ident, -1)
        if item.id == ident and 0 <= at < len(items) and items[at] is item:
            return item
        self._rebuild_index()
        return self._index.get(ident)

    @property
    def elements(self) -> dict[str, Context | Mechanism | Outcome]:
        """All contexts, mechanisms and outcomes, by id, in that order."""
        out: dict[str, Context | Mechanism | Outcome] = {}
        for collection in (self.contexts, self.mechanisms, self.outcomes):
            for e in collection:
                out[e.id] = e
        return out

    def configurations_of(self, case: str | Case) -> list[Configuration]:
        """The configurations that name this case."""
        ident = item_id(case)
        self.get(ident, Case)
        return [k for k in self.configurations if ident in k.cases]

    # ------------------------------------------------------------------ adding

    def free_id(self, base: str) -> str:
        """An id no item holds yet: `base` if it is free, else ``base-2``, ``base-3``, ...

        Examples
        --------
        >>> p = Project(title="t")
        >>> _ = p.add_case("sandwell")
        >>> p.free_id("sandwell"), p.free_id("telford")
        ('sandwell-2', 'telford')
        """
        self._fresh_index()
        if base not in self._ids.items:
            return base
        return self._numbered_id(base, start=2)

    def _numbered_id(self, base: str, start: int = 1) -> str:
        """``base-<n>`` for the first free n (from `start`).

        ``_next`` remembers where the last search ended, so that adding many
        items under one base stays linear; it is only a hint, so a failed add
        leaves nothing to undo.
        """
        self._fresh_index()
        ids = self._ids
        index, following = ids.items, ids.following
        n = following.get(base, start)
        while f"{base}-{n}" in index:
            n += 1
        following[base] = n
        return f"{base}-{n}"

    def _insert(self, collection: str, item: ItemT) -> ItemT:
        self._fresh_index()
        ident: str = item.id  # type: ignore[attr-defined]
        other = self._indexed(ident)
        if other is None and not ident.isascii():  # the same id, composed another way
            import unicodedata

            for form in ("NFC", "NFD"):
                twin = unicodedata.normalize(form, ident)
                other = self._indexed(twin) if twin != ident else None
                if other is not None:
                    break
        if other is not None:
            raise DuplicateIdError(
                [
                    Problem(
                        f"{collection}[{len(getattr(self, collection))}].id",
                        f"duplicate id {ident!r}: it already names {kind_name(other)}"
                        if other.id == ident
                        else f"duplicate id {ident!r}: {other.id!r}, which differs only by "
                        f"Unicode normalisation, already names {kind_name(other)}",
                        kind="duplicate",
                    )
                ],
                hint="Give an explicit, different id=.",
            )
        problems = self._item_problems(item, "")
        if problems:
            name = f"{type(item).__name__.lower()} {item.id!r}"  # type: ignore[attr-defined]
            raise BrokenReferenceError(
                [Problem(f"{name}: {p.path.lstrip('.')}", p.message, kind=p.kind) for p in problems]
            )
        items = self.__dict__[collection]
        ids = self._ids
        ids.positions[item.id] = len(items)  # type: ignore[attr-defined]
        items.append(item)
        ids.items[item.id] = item  # type: ignore[attr-defined]
        return item

    def add(self, item: ItemT) -> ItemT:
        """Add a ready-made item (any model of :mod:`realist.model`) and return it.

        Examples
        --------
        >>> p = Project(title="t")
        >>> p.add(Theme(id="vision", label="Shared strategic vision")).label
        'Shared strategic vision'
        """
        collection = COLLECTION_OF.get(type(item))
        if collection is None:
            raise ValidationError(f"cannot add {_short(item)} to a project")
        return self._insert(collection, item)

    def add_theme(self, id: str, label: str | None = None, description: str = "") -> Theme:
        """Add a theme; `label` defaults to the id."""
        return self._insert("themes", Theme(id=id, label=label or id, description=description))

    def add_code(
        self,
        label: str,
        *,
        id: str | None = None,
        parent: str | Code | None = None,
        description: str = "",
        attributes: Mapping[str, Scalar] | None = None,
    ) -> Code:
        """Add a code of the codebook; the id defaults to ``code-<slug of label>``.

        Examples
        --------
        >>> p = Project(title="t")
        >>> top = p.add_code("Barriers")
        >>> p.add_code("Cost", parent=top)
        Code(id='code-cost', label='Cost', parent='code-barriers')
        """
        if not isinstance(label, str):
            raise ValidationError(f"the label of a code must be text, not {_short(label)}")
        code = Code(
            id=id or self.free_id(f"code-{slugify(label)}"),
            label=label,
            parent=None if parent is None else item_id(parent),
            description=description,
            attributes=dict(attributes or {}),
        )
        return self._insert("codes", code)

    def add_case(
        self,
        id: str,
        name: str | None = None,
        *,
        description: str = "",
        attributes: Mapping[str, Scalar] | None = None,
        **more_attributes: Scalar,
    ) -> Case:
        """Add a case; keyword arguments beyond the named ones become attributes.

        Examples
        --------
        >>> p = Project(title="t")
        >>> p.add_case("sandwell", "Sandwell", region="West Midlands", phase=2006)
        Case(id='sandwell', name='Sandwell', attributes={'region': 'West Midlands', 'phase': 2006})
        """
        attrs = {**(attributes or {}), **more_attributes}
        case = Case(id=id, name=name or id, description=description, attributes=attrs)
        return self._insert("cases", case)

    def add_source(
        self,
        id: str,
        *,
        kind: SourceKind = "interview",
        case: str | Case | None = None,
        title: str = "",
        text: str | None = None,
        attributes: Mapping[str, Scalar] | None = None,
        **more_attributes: Scalar,
    ) -> Source:
        """Add a source; keyword arguments beyond the named ones become attributes."""
        attrs = {**(attributes or {}), **more_attributes}
        source = Source(
            id=id,
            kind=kind,
            case=None if case is None else item_id(case),
            title=title,
            text=text,
            attributes=attrs,
        )
        return self._insert("sources", source)

    def add_evidence(
        self,
        *,
        source: str | Source,
        quote: str = "",
        id: str | None = None,
        start: int | None = None,
        end: int | None = None,
        page: int | str | None = None,
        stance: Stance = "supports",
        coder: str | None = None,
        elements: Iterable[str | Element] | None = None,
        codes: Iterable[str | Code] | None = None,
        note: str = "",
        attributes: Mapping[str, Scalar] | None = None,
    ) -> Evidence:
        """Add an excerpt of a source; the id defaults to ``ev-<source>-<n>``."""
        src = item_id(source)
        ev = Evidence(
            id=id or self._numbered_id(f"ev-{src}"),
            source=src,
            quote=quote,
            start=start,
            end=end,
            page=page,
            stance=stance,
            coder=coder,
            elements=_refs(elements),
            codes=_refs(codes),
            note=note,
            attributes=dict(attributes or {}),
        )
        return self._insert("evidence", ev)

    def _add_element(
        self, cls: type[ElementT], label: str, id: str | None, fields: dict[str, Any]
    ) -> ElementT:
        if not isinstance(label, str):
            raise ValidationError(f"the label of a {cls.kind} must be text, not {_short(label)}")
        fields["themes"] = _refs(fields.get("themes"))
        fields["aliases"] = list(fields.get("aliases") or ())
        fields["attributes"] = dict(fields.get("attributes") or {})
        if id is None:
            id = self.free_id(f"{cls.prefix}-{slugify(label)}")
        element = cls(id=id, label=label, **fields)
        return self._insert(COLLECTION_OF[cls], element)

    def add_context(
        self,
        label: str,
        *,
        id: str | None = None,
        description: str = "",
        category: str | None = None,
        themes: Iterable[str | Theme] | None = None,
        aliases: Iterable[str] | None = None,
        attributes: Mapping[str, Scalar] | None = None,
    ) -> Context:
        """Add a context; the id defaults to ``c-<slug of label>``.

        Examples
        --------
        >>> p = Project(title="t")
        >>> p.add_context("History of working together", category="cultural").id
        'c-history-of-working-together'
        >>> p.add_context("History of working together!").id
        'c-history-of-working-together-2'
        """
        return self._add_element(
            Context,
            label,
            id,
            {
                "description": description,
                "category": category,
                "themes": themes,
                "aliases": aliases,
                "attributes": attributes,
            },
        )

    def add_mechanism(
        self,
        label: str,
        *,
        id: str | None = None,
        resource: str | None = None,
        reasoning: str | None = None,
        level: str | None = None,
        description: str = "",
        category: str | None = None,
        themes: Iterable[str | Theme] | None = None,
        aliases: Iterable[str] | None = None,
        attributes: Mapping[str, Scalar] | None = None,
    ) -> Mechanism:
        """Add a mechanism; the id defaults to ``m-<slug of label>``."""
        return self._add_element(
            Mechanism,
            label,
            id,
            {
                "resource": resource,
                "reasoning": reasoning,
                "level": level,
                "description": description,
                "category": category,
                "themes": themes,
                "aliases": aliases,
                "attributes": attributes,
            },
        )

    def add_outcome(
        self,
        label: str,
        *,
        id: str | None = None,
        tier: str | None = None,
        description: str = "",
        category: str | None = None,
        themes: Iterable[str | Theme] | None = None,
        aliases: Iterable[str] | None = None,
        attributes: Mapping[str, Scalar] | None = None,
    ) -> Outcome:
        """Add an outcome; the id defaults to ``o-<slug of label>``."""
        return self._add_element(
            Outcome,
            label,
            id,
            {
                "tier": tier,
                "description": description,
                "category": category,
                "themes": themes,
                "aliases": aliases,
                "attributes": attributes,
            },
        )

    def add_configuration(
        self,
        *,
        mechanisms: Iterable[str | Mechanism] | str | Mechanism,
        outcomes: Iterable[str | Outcome] | str | Outcome,
        contexts: Iterable[str | Context] | str | Context | None = None,
        case: str | Case | None = None,
        cases: Iterable[str | Case] | None = None,
        id: str | None = None,
        label: str = "",
        constraining: Iterable[str | Context] | None = None,
        unintended: Iterable[str | Outcome] | None = None,
        anticipated: Iterable[str | Outcome] | None = None,
        themes: Iterable[str | Theme] | None = None,
        status: Status = "conjectured",
        confidence: Confidence | str | None = None,
        cerqual: Cerqual | Mapping[str, Any] | None = None,
        evidence: Iterable[str | Evidence] | None = None,
        hypotheses: Iterable[str | Hypothesis] | None = None,
        phase: str | int | None = None,
        note: str = "",
        attributes: Mapping[str, Scalar] | None = None,
    ) -> Configuration:
        """Add a CMO configuration of one case (`case=`), several (`cases=`) or none.

        Elements, cases, themes and evidence may be given as ids or as the
        objects the other ``add_*`` methods returned. The id defaults to
        ``cfg-<first case>-<n>`` (``cfg-<n>`` without a case). Constraining
        contexts may be listed in `constraining` only: they are added to the
        contexts too.

        Examples
        --------
        >>> p = Project(title="t")
        >>> _ = p.add_case("notts", "Nottingham")
        >>> c = p.add_context("Lack of shared understanding")
        >>> m = p.add_mechanism("Consultancy support")
        >>> o = p.add_outcome("Project stalled")
        >>> k = p.add_configuration(case="notts", constraining=[c], mechanisms=m, outcomes=[o])
        >>> k.contexts, k.constraining, k.status
        (['c-lack-of-shared-understanding'], ['c-lack-of-shared-understanding'], 'conjectured')
        """
        if case is not None and cases is not None:
            raise ValidationError("give either case= or cases=, not both")
        case_ids = _refs(case) if case is not None else _refs(cases)
        constraining_ids = _refs(constraining)
        context_ids = _refs(contexts)
        context_ids += [c for c in constraining_ids if c not in context_ids]
        if id is None:
            base = f"cfg-{case_ids[0]}" if case_ids else "cfg"
            id = self._numbered_id(base)
        k = Configuration(
            id=id,
            label=label,
            cases=case_ids,
            contexts=context_ids,
            mechanisms=_refs(mechanisms),
            outcomes=_refs(outcomes),
            constraining=constraining_ids,
            unintended=_refs(unintended),
            anticipated=_refs(anticipated),
            themes=_refs(themes),
            status=status,
            confidence=confidence,
            cerqual=cerqual,
            evidence=_refs(evidence),
            hypotheses=_refs(hypotheses),
            phase=phase,
            note=note,
            attributes=dict(attributes or {}),
        )
        return self._insert("configurations", k)

    def add_link(
        self,
        source: str | Element | Configuration,
        relation: Relation,
        target: str | Element | Configuration,
        *,
        id: str | None = None,
        case: str | Case | None = None,
        note: str = "",
        evidence: Iterable[str | Evidence] | None = None,
    ) -> Link:
        """Link two elements or configurations, e.g. an outcome that *becomes* a context.

        Examples
        --------
        >>> p = Project(title="t")
        >>> o = p.add_outcome("Shared strategic vision")
        >>> c = p.add_context("Shared vision in place")
        >>> p.add_link(o, "becomes", c)
        Link(id='link-1', source='o-shared-strategic-vision', relation='becomes', target='c-shared-vision-in-place')
        """
        link = Link(
            id=id or self._numbered_id("link"),
            source=item_id(source),
            relation=relation,
            target=item_id(target),
            case=None if case is None else item_id(case),
            note=note,
            evidence=_refs(evidence),
        )
        return self._insert("links", link)

    def pair_opposites(self, a: str | Element, b: str | Element) -> tuple[Element, Element]:
        """Record that two elements of one kind are opposites ("Shared vision",
        "No shared vision"): each lists the other in ``opposites``.

        Examples
        --------
        >>> p = Project(title="t")
        >>> yes, no = p.add_context("Shared vision"), p.add_context("No shared vision")
        >>> _ = p.pair_opposites(yes, no)
        >>> yes.opposites, no.opposites
        (['c-no-shared-vision'], ['c-shared-vision'])
        """
        first, second = self.get(item_id(a), Element), self.get(item_id(b), Element)
        if first.id == second.id or type(first) is not type(second):
            raise ValidationError(
                f"{first.id!r} and {second.id!r} cannot be opposites: give two different "
                "elements of the same kind"
            )
        if second.id not in first.opposites:
            first.opposites = [*first.opposites, second.id]
        if first.id not in second.opposites:
            second.opposites = [*second.opposites, first.id]
        return first, second

    def add_hypothesis(
        self,
        id: str,
        statement: str,
        *,
        themes: Iterable[str | Theme] | None = None,
        status: Status = "conjectured",
        revises: str | Hypothesis | None = None,
        phase: str | int | None = None,
        cerqual: Cerqual | Mapping[str, Any] | None = None,
        note: str = "",
    ) -> Hypothesis:
        """Add a hypothesis of the programme theory.

        Examples
        --------
        >>> p = Project(title="t")
        >>> _ = p.add_theme("vision", "Shared strategic vision")
        >>> p.add_hypothesis("h1", "A shared vision requires shared language", themes=["vision"])
        Hypothesis(id='h1', statement='A shared vision requires shared language', themes=['vision'])
        """
        h = Hypothesis(
            id=id,
            statement=statement,
            themes=_refs(themes),
            status=status,
            revises=None if revises is None else item_id(revises),
            phase=phase,
            cerqual=cerqual,
            note=note,
        )
        return self._insert("hypotheses", h)

    def add_finding(
        self,
        statement: str,
        *,
        configurations: Iterable[str | Configuration] | None = None,
        elements: Iterable[str | Element] | None = None,
        themes: Iterable[str | Theme] | None = None,
        cerqual: Cerqual | Mapping[str, Any] | None = None,
        id: str | None = None,
        note: str = "",
    ) -> Finding:
        """Add a finding the team keeps (a regularity in words); the id defaults to ``f-<n>``.

        Examples
        --------
        >>> p = Project(title="t")
        >>> _ = p.add_case("a")
        >>> _ = p.add_mechanism("Local champions", id="m-champions")
        >>> _ = p.add_outcome("Plan agreed", id="o-plan")
        >>> k = p.add_configuration(case="a", mechanisms="m-champions", outcomes="o-plan")
        >>> f = p.add_finding("Champions get plans agreed", configurations=[k],
        ...                   elements=["m-champions", "o-plan"],
        ...                   cerqual={"adequacy": "serious", "overall": "low"})
        >>> f.id, f.cerqual.concerns()
        ('f-1', {'adequacy': 'serious'})
        """
        f = Finding(
            id=self._numbered_id("f") if id is None else id,
            statement=statement,
            configurations=_refs(configurations),
            elements=_refs(elements),
            themes=_refs(themes),
            cerqual=cerqual,
            note=note,
        )
        return self._insert("findings", f)

    # ------------------------------------------------------------------ merging

    def merge(self, keep: str | Element, merge: str | Element) -> Element:
        """Merge one element into another, in place (deprecated).

        .. deprecated:: 0.2
           Use ``p = realist.merge_elements(p, keep, merge)``: merging is
           harmonising (:mod:`realist.analysis.harmonise`), and the function
           returns a new project, leaving this one as it was.

        This method does what :func:`realist.merge_elements` does, then puts
        the result in this project's lists, and returns the kept element.
        """
        import warnings

        warnings.warn(
            "Project.merge is deprecated: use p = realist.merge_elements(p, keep, merge)",
            DeprecationWarning,
            stacklevel=2,
        )
        if MERGE_ELEMENTS is None:  # pragma: no cover - set when realist is imported
            raise RuntimeError("import realist first: realist.analysis.harmonise merges")
        merged = MERGE_ELEMENTS(self, keep, merge)
        # Re-initialised whole from the merged project (already validated): new lists,
        # so that a shallow copy taken before keeps its own, and a fresh index.
        self.__init__(**{name: getattr(merged, name) for name in type(merged).model_fields})  # type: ignore[misc]
        return self.get(item_id(keep), Element)

    # ------------------------------------------------------------------ saving

    def to_data(self, *, defaults: bool = False) -> dict[str, Any]:
        """The project as plain JSON-ready data, in file order.

        Fields left at their default are omitted unless `defaults` is true;
        ``schema_version`` always comes first.
        """
        data = self.model_dump(mode="json", exclude_defaults=not defaults)
        data.pop("schema_version", None)
        out: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
        out.update(data)
        return out

    def dumps(self, format: Literal["json", "yaml"] = "json") -> str:
        """The project file's text, as :meth:`save` writes it.

        JSON is the complete interchange form: every field of every item is
        written, so other tools need not know realist's defaults (and loading
        is faster). YAML is the concise form for people: fields left at their
        default are omitted. Both load back to an equal project.
        """
        if format == "json":  # pydantic's serialiser: the same text as json.dumps, in Rust
            return self.model_dump_json(indent=2) + "\n"
        return _formats.dumps(self.to_data(), format)

    def save(self, path: str | Path, *, format: Literal["json", "yaml"] | None = None) -> Path:
        """Check the project and write it atomically to a JSON or YAML file.

        The format follows the suffix (``.json``, ``.yaml``, ``.yml``) unless
        `format` is given. Keys keep a stable order so files diff well under
        version control. The file is written to a temporary file beside it and
        moved into place, so a crash never leaves a half-written project.

        Returns
        -------
        pathlib.Path
            The path written.
        """
        path = Path(path)
        fmt = format or _formats.format_of(path)
        self.check()
        _formats.atomic_write_text(path, self.dumps(fmt))
        return path

    # ------------------------------------------------------------------ dunder

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Project):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(getattr(self, n))} {n}" for n in COLLECTIONS if getattr(self, n))
        return f"<Project {self.title!r}: {counts or 'empty'}>"

    def __str__(self) -> str:
        """A short summary: the title and what the project holds (never every item).

        Examples
        --------
        >>> p = Project(title="Demo")
        >>> _ = p.add_case("a")
        >>> print(p)
        Demo: 1 case
        """
        counts = ", ".join(
            f"{len(items)} {_singular(n) if len(items) == 1 else n}"
            for n in COLLECTIONS
            if (items := getattr(self, n))
        )
        return f"{self.title}: {counts or 'empty'}"

    def _repr_html_(self) -> str:
        return _html(self)

    def summary(self) -> dict[str, int]:
        """How many items of each kind the project holds."""
        return {name: len(getattr(self, name)) for name in COLLECTIONS}


ElementT = TypeVar("ElementT", Context, Mechanism, Outcome)

COLLECTION_OF: dict[type[Any], str] = {cls: name for name, cls in COLLECTIONS.items()}

_KIND_NAMES: dict[type[Any], str] = {
    Theme: "a theme",
    Code: "a code",
    Case: "a case",
    Source: "a source",
    Evidence: "evidence",
    Context: "a context",
    Mechanism: "a mechanism",
    Outcome: "an outcome",
    Configuration: "a configuration",
    Link: "a link",
    Hypothesis: "a hypothesis",
    Finding: "a finding",
}


def kind_name(item: object) -> str:
    """What an item is, with its article, for messages: ``"a context"``, ``"evidence"``.

    Examples
    --------
    >>> kind_name(Case(id="a", name="A"))
    'a case'
    """
    return _KIND_NAMES.get(type(item), f"a {type(item).__name__}")


def _article(cls: type[Any]) -> str:
    if cls in _KIND_NAMES:
        return _KIND_NAMES[cls]
    name = cls.__name__.lower()
    return f"an {name}" if name[0] in "aeiou" else f"a {name}"


def _near(ident: str, index: Mapping[str, Any]) -> str | None:
    import difflib

    match = difflib.get_close_matches(ident, list(index), n=1, cutoff=0.75)
    return match[0] if match else None
