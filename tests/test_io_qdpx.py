"""REFI-QDA import (read_qdpx), its quirks and attacks, and the codebook export (write_qdc)."""

from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path

import pytest

import realist as rl
from conftest import REFI_NS, code, g, require_module, require_shared
from realist.errors import (
    FileFormatError,
    MissingFileError,
    RealistError,
    RealistWarning,
    UnsafeFileError,
)
from realist.io.codebook import codebook_xml, write_qdc
from realist.io.qdpx import ImportReport, Limits, import_file, read_qdpx

FIXTURES = Path(__file__).parent / "fixtures" / "refi"

NS = REFI_NS


def selection(n: int, start: int, end: int, *codes: int, user: int | None = None) -> str:
    who = f' creatingUser="{g(user)}"' if user else ""
    codings = "".join(
        f'<Coding guid="{g(9000 + n * 10 + i)}"{who}><CodeRef targetGUID="{g(c)}"/></Coding>'
        for i, c in enumerate(codes)
    )
    return (
        f'<PlainTextSelection guid="{g(n)}" startPosition="{start}" endPosition="{end}">'
        f"{codings}</PlainTextSelection>"
    )


def project_xml(codes: str, sources: str, extra: str = "", origin: str = "tests") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><Project {NS} name="Fixture" origin="{origin}">'
        f'<Users><User guid="{g(1)}" name="Ana"/></Users>'
        f"<CodeBook><Codes>{codes}</Codes></CodeBook><Sources>{sources}</Sources>{extra}</Project>"
    )


def make_qdpx(
    path: Path, qde: str, members: dict[str, str | bytes], inner: str = "project.qde"
) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(inner, qde)
        for name, data in members.items():
            z.writestr(name, data)
    return path


TEXT = "We had worked together for years. Local champions pushed. So a shared vision grew."
#       0         1         2         3         4         5         6         7         8
CMO_CODES = (
    code(10, "Contexts", code(11, "History of working together"))
    + code(
        20, "Mechanisms", code(21, "Local champions") + code(22, "Resources", code(23, "Funding"))
    )
    + code(30, "outcomes", code(31, "Shared vision"))
    + code(40, "Vision theme", code(41, "Sub-theme"))
)


def cmo_source(guid: int = 100, name: str = "Interview 7", path: str | None = None) -> str:
    path = path or f"internal://{g(guid)}.txt"
    return (
        f'<TextSource guid="{g(guid)}" name="{name}" plainTextPath="{path}">'
        + selection(200, 0, 33, 11, 21, 31, 41, user=1)  # a whole CMOc on one selection
        + selection(201, 34, 57, 21)  # mechanism only: evidence, no configuration
        + selection(202, 61, 82, 11, 21, 31)  # same elements: shares the configuration
        + "</TextSource>"
    )


@pytest.fixture
def cmo_qdpx(tmp_path: Path) -> Path:
    return make_qdpx(
        tmp_path / "cmo.qdpx",
        project_xml(CMO_CODES, cmo_source()),
        {f"Sources/{g(100)}.txt": TEXT},
    )


# ---------------------------------------------------------------------- mapping


def test_codes_under_cmo_roots_become_elements(cmo_qdpx: Path) -> None:
    p, report = read_qdpx(cmo_qdpx, report=True)
    assert [c.label for c in p.contexts] == ["History of working together"]
    # "Resources" is a folder nobody coded with: a code, and the category of what is in it
    assert [m.label for m in p.mechanisms] == ["Local champions", "Funding"]
    assert [o.label for o in p.outcomes] == ["Shared vision"]
    assert p.get("m-funding").category == "Resources"  # two levels below its root
    assert p.get("code-resources", rl.Code).parent == "code-mechanisms"
    assert p.get("m-local-champions").attributes["refi_guid"] == g(21)
    assert p.get("m-local-champions").attributes["codes"] == "code-local-champions"
    assert [c.label for c in p.codes][:4] == [
        "Contexts",
        "History of working together",
        "Mechanisms",
        "Local champions",
    ]
    # the non-CMO top-level code is a theme; its sub-code counts as it
    assert [(t.id, t.label) for t in p.themes] == [("vision-theme", "Vision theme")]
    assert report.counts["codes"] == 10
    assert report.counts["codings"] == 8


def test_each_coded_selection_is_evidence_with_its_quote(cmo_qdpx: Path) -> None:
    p = read_qdpx(cmo_qdpx)
    assert [e.quote for e in p.evidence] == [TEXT[0:33], TEXT[34:57], TEXT[61:82]]
    first = p.evidence[0]
    assert (first.source, first.start, first.end, first.coder) == ("interview-7", 0, 33, "Ana")
    assert first.elements == [
        "c-history-of-working-together",
        "m-local-champions",
        "o-shared-vision",
    ]
    assert first.attributes["themes"] == "vision-theme"
    assert p.get("interview-7").text == TEXT


def test_configuration_per_selection_merges_identical_ones(cmo_qdpx: Path) -> None:
    p, report = read_qdpx(cmo_qdpx, report=True)
    assert len(p.configurations) == 1
    k = p.configurations[0]
    assert (k.contexts, k.mechanisms, k.outcomes) == (
        ["c-history-of-working-together"],
        ["m-local-champions"],
        ["o-shared-vision"],
    )
    assert k.evidence == ["ev-interview-7-1", "ev-interview-7-3"]
    assert k.themes == ["vision-theme"]
    assert k.status == "conjectured"
    assert report.counts["spans"] == 3
    assert report.counts["spans forming a configuration"] == 2
    assert report.counts["spans with no outcome"] == 1  # selection 201: a mechanism alone


def test_configuration_per_case_option(tmp_path: Path) -> None:
    src = (
        f'<TextSource guid="{g(100)}" name="Int" plainTextPath="internal://{g(100)}.txt">'
        + selection(200, 0, 10, 21)  # mechanism here
        + selection(201, 20, 30, 31)  # outcome there: one case config joins them
        + "</TextSource>"
    )
    cases = (
        f'<Cases><Case guid="{g(500)}" name="Sandwell">'
        f'<SourceRef targetGUID="{g(100)}"/></Case></Cases>'
    )
    qde = project_xml(CMO_CODES, src).replace("<Sources>", cases + "<Sources>")
    path = make_qdpx(tmp_path / "c.qdpx", qde, {f"sources/{g(100)}.txt": TEXT})
    assert read_qdpx(path).configurations == []
    k = read_qdpx(path, configurations="case", status="supported").configurations
    assert len(k) == 1
    assert (k[0].cases, k[0].mechanisms, k[0].outcomes, k[0].status) == (
        ["sandwell"],
        ["m-local-champions"],
        ["o-shared-vision"],
        "supported",
    )


def test_prefix_convention_and_atlas_flattened_names(tmp_path: Path) -> None:
    codes = (
        code(1, "C: Policy turbulence")
        + code(2, "M - Consultancy support")
        + code(3, "Outcome::Project stalled")  # ATLAS.ti writes hierarchies as a::b
        + code(4, "Misc")
    )
    src = (
        f'<TextSource guid="{g(100)}" name="S">'
        f"<PlainTextContent>{TEXT}</PlainTextContent></TextSource>"
    )
    path = tmp_path / "p.qde"
    path.write_text(project_xml(codes, src), encoding="utf-8")
    p, report = read_qdpx(path, themes="none", report=True)
    assert [e.label for e in p.elements.values()] == [
        "Policy turbulence",
        "Consultancy support",
        "Project stalled",
    ]
    assert p.themes == []
    assert [u.path for u in report.unmapped] == [f"Code 'Misc' ({g(4)})"]
    # custom roots and no prefixes
    q = read_qdpx(path, prefixes={}, roots={"outcome": ["outcome"], "mechanism": ["misc"]})
    assert [e.label for e in q.elements.values()] == ["Project stalled"]


def test_identical_labels_become_one_element(tmp_path: Path) -> None:
    codes = code(10, "Mechanisms", code(11, "Local champions") + code(12, "local  CHAMPIONS"))
    path = tmp_path / "p.qde"
    path.write_text(project_xml(codes, ""), encoding="utf-8")
    with pytest.warns(RealistWarning, match="empty <Sources/>"):
        p, report = read_qdpx(path, report=True)
    assert [m.id for m in p.mechanisms] == ["m-local-champions"]
    assert any("merged" in w.message for w in report.warnings)


def test_cases_variables_sets_and_links(tmp_path: Path) -> None:
    variables = (
        f'<Variables><Variable guid="{g(600)}" name="region" typeOfVariable="Text"/>'
        f'<Variable guid="{g(601)}" name="phase" typeOfVariable="Integer"/></Variables>'
    )
    cases = (
        f'<Cases><Case guid="{g(500)}" name="Sandwell">'
        f'<VariableValue><VariableRef targetGUID="{g(600)}"/><TextValue>West Midlands</TextValue>'
        f'</VariableValue><VariableValue><VariableRef targetGUID="{g(601)}"/>'
        f"<IntegerValue>2006</IntegerValue></VariableValue>"
        f'<SourceRef targetGUID="{g(100).upper()}"/></Case></Cases>'
    )
    links = (
        f'<Links><Link guid="{g(700)}" name="leads to" originGUID="{g(31)}" targetGUID="{g(11)}"/>'
        f'<Link guid="{g(701)}" name="memo" originGUID="{g(1)}" targetGUID="{g(200)}"/></Links>'
    )
    sets = (
        f'<Sets><Set guid="{g(800)}" name="role: manager">'
        f'<MemberSource targetGUID="{g(100)}"/></Set>'
        f'<Set guid="{g(801)}" name="Receptive contexts">'
        f'<MemberCode targetGUID="{g(11)}"/></Set></Sets>'
    )
    qde = project_xml(CMO_CODES, cmo_source(), variables + cases + links + sets)
    path = make_qdpx(tmp_path / "p.qdpx", qde, {f"Sources/{g(100)}.txt": TEXT})
    p, report = read_qdpx(path, report=True)
    case = p.get("sandwell", rl.Case)
    assert case.attributes == {"region": "West Midlands", "phase": 2006, "refi_guid": g(500)}
    src = p.get("interview-7", rl.Source)
    assert src.case == "sandwell"  # the SourceRef GUID was upper case
    assert src.attributes["role"] == "manager"
    assert p.configurations[0].cases == ["sandwell"]
    assert [(lk.source, lk.relation, lk.target) for lk in p.links] == [
        ("o-shared-vision", "leads_to", "c-history-of-working-together")
    ]
    assert p.get("c-history-of-working-together").themes == ["receptive-contexts"]
    assert any(u.path.startswith("Link 'memo'") for u in report.unmapped)


def test_case_attribute_from_atlas_document_groups(tmp_path: Path) -> None:
    sets = (
        f'<Sets><Set guid="{g(800)}" name="site: Telford">'
        f'<MemberSource targetGUID="{g(100)}"/></Set></Sets>'
    )
    path = make_qdpx(
        tmp_path / "p.qdpx",
        project_xml(CMO_CODES, cmo_source(), sets),
        {f"Sources/{g(100)}.txt": TEXT},
    )
    p = read_qdpx(path, case_attribute="site")
    assert [c.name for c in p.cases] == ["Telford"]
    assert p.configurations[0].cases == ["telford"]


# ---------------------------------------------------------------------- quirks


def test_nvivo_utf16_offsets_and_crlf(tmp_path: Path) -> None:
    text = "Hi 🙂 there\r\nLocal champions pushed.\r\nDone"
    start16 = len("Hi 🙂 there\r\n".encode("utf-16-le")) // 2  # 13 code units, 12 code points
    end16 = start16 + len("Local champions pushed.")
    src = (
        f'<TextSource guid="{g(100)}" name="N" plainTextPath="internal://{g(100)}.txt">'
        + selection(200, start16, end16, 21)
        + "</TextSource>"
    )
    qde = project_xml(CMO_CODES, src, origin="NVivo for Mac 15.0.0")
    path = make_qdpx(tmp_path / "n.qdpx", qde, {f"Sources/{g(100)}.txt": text.encode("utf-8")})
    p, report = read_qdpx(path, report=True)
    assert p.evidence[0].quote == "Local champions pushed."
    assert p.evidence[0].start == 12
    assert any("UTF-16" in w.message for w in report.warnings)
    # the same file read as code points is off by one, as the standard would have it
    assert read_qdpx(path, offsets="codepoints").evidence[0].quote == "ocal champions pushed.\r"


def test_atlas_layout_capital_project_qde_and_lower_case_guids(tmp_path: Path) -> None:
    src = cmo_source(path=f"internal://{g(100).upper()}.txt").replace(g(100), g(100).upper(), 1)
    path = make_qdpx(
        tmp_path / "a.qdpx",
        project_xml(CMO_CODES, src),
        {f"Sources/{g(100).lower()}.txt": TEXT},
        inner="Project.qde",
    )
    p = read_qdpx(path)
    assert p.evidence[0].quote == TEXT[0:33]


def test_source_file_not_named_after_its_guid(tmp_path: Path) -> None:
    src = cmo_source(path="interview-seven.txt")  # no internal:// either
    path = make_qdpx(
        tmp_path / "q.qdpx", project_xml(CMO_CODES, src), {"sources/interview-seven.txt": TEXT}
    )
    p, report = read_qdpx(path, report=True)
    assert p.evidence[0].quote == TEXT[0:33]
    assert any("no internal:// prefix" in w.message for w in report.warnings)


def test_missing_source_text_is_reported_not_fatal(tmp_path: Path) -> None:
    path = make_qdpx(tmp_path / "m.qdpx", project_xml(CMO_CODES, cmo_source()), {"Sources/": b""})
    p, report = read_qdpx(path, report=True)
    assert len(p.evidence) == 3
    assert p.evidence[0].quote == ""
    assert (p.evidence[0].start, p.evidence[0].end) == (0, 33)
    assert any("not in the archive" in u.message for u in report.unmapped)


def test_qde_with_sources_folder_beside_it() -> None:
    p, report = read_qdpx(FIXTURES / "beside.qde", report=True)
    assert [e.quote for e in p.evidence] == ["Local champions pushed"]
    assert [k.mechanisms for k in p.configurations] == [["m-local-champions"]]
    assert report.counts["sources"] == 1


def test_schema_invalid_file_loads_with_a_warning(tmp_path: Path) -> None:
    qde = project_xml(
        '<Code guid="c1" name="Mechanisms" isCodable="true">'
        '<Code guid="c2" name="Champions"/></Code>',
        "",
    )
    path = tmp_path / "bad.qde"
    path.write_text(qde, encoding="utf-8")
    with pytest.warns(RealistWarning, match="does not follow the REFI-QDA schema"):
        p, report = read_qdpx(path, report=True)
    assert [m.label for m in p.mechanisms] == ["Champions"]
    assert any("not GUIDs" in w.message for w in report.warnings)
    assert any("isCodable" in w.message for w in report.warnings)


def test_absolute_paths_are_not_opened_without_the_option(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text(TEXT, encoding="utf-8")
    src = cmo_source(path="absolute://" + outside.as_posix())
    path = make_qdpx(tmp_path / "abs.qdpx", project_xml(CMO_CODES, src), {})
    p, report = read_qdpx(path, report=True)
    assert p.evidence[0].quote == ""
    assert any("allow_absolute_paths=True" in u.message for u in report.unmapped)
    assert read_qdpx(path, allow_absolute_paths=True).evidence[0].quote == TEXT[0:33]


def test_progress_callback_and_report_text(cmo_qdpx: Path) -> None:
    calls: list[tuple[int, int]] = []
    _p, report = read_qdpx(
        cmo_qdpx, progress=lambda done, total: calls.append((done, total)), report=True
    )
    assert calls[-1] == (3, 3)
    assert isinstance(report, ImportReport)
    text = report.format()
    assert text.startswith(f"Imported {cmo_qdpx}")
    assert "configurations: 1" in text


def test_progress_true_shows_a_tqdm_bar(cmo_qdpx: Path, capsys: pytest.CaptureFixture[str]) -> None:
    require_module("tqdm", hint='pip install -e ".[progress]"')  # in dev: runs in CI
    read_qdpx(cmo_qdpx, progress=True)
    err = capsys.readouterr().err
    assert "realist: reading selections" in err and "100%" in err and "3/3" in err


def test_progress_without_tqdm_writes_a_plain_line(
    cmo_qdpx: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)  # import fails as if not installed
    read_qdpx(cmo_qdpx, progress=True)
    lines = capsys.readouterr().err.splitlines()
    assert lines[-1] == "realist: reading selections 3/3"
    assert all(line.startswith("realist: reading selections ") for line in lines)


def test_report_is_logged_when_not_returned(
    cmo_qdpx: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("INFO", logger="realist.io"):
        project = read_qdpx(cmo_qdpx, themes="none")
    assert isinstance(project, rl.Project)
    assert any("not imported" in r.getMessage() for r in caplog.records if r.levelname == "WARNING")


def test_import_file_dispatches_by_suffix(cmo_qdpx: Path, tmp_path: Path) -> None:
    _p, report = import_file(cmo_qdpx)
    assert report.counts["codings"] == 8
    with pytest.raises(FileFormatError, match=r"cannot import a \.pdf file"):
        import_file(tmp_path / "x.pdf")


# ---------------------------------------------------------------------- bad and hostile files


def _listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    f'<Project {NS} name="x">&lol2;</Project>'
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    f'<Project {NS} name="&x;"/>'
)


@pytest.mark.parametrize("xml", [BOMB, XXE], ids=["billion-laughs", "external-entity"])
def test_xml_entities_are_refused(tmp_path: Path, xml: str) -> None:
    path = make_qdpx(tmp_path / "evil.qdpx", xml, {})
    before = _listing(tmp_path)
    with pytest.raises(
        UnsafeFileError, match=r"evil\.qdpx: project\.qde: the XML holds a document type"
    ):
        read_qdpx(path)
    assert _listing(tmp_path) == before


def test_billion_laughs_fixture_file() -> None:
    with pytest.raises(UnsafeFileError, match=r"laughs\.qde"):
        read_qdpx(FIXTURES / "laughs.qde")


def test_zip_slip_member_is_refused(tmp_path: Path) -> None:
    path = make_qdpx(tmp_path / "slip.qdpx", project_xml("", ""), {"../../evil.txt": "x"})
    with pytest.raises(UnsafeFileError, match=r"slip\.qdpx: zip member '\.\./\.\./evil\.txt'"):
        read_qdpx(path)
    assert not (tmp_path.parent / "evil.txt").exists()


def test_source_path_outside_sources_is_refused(tmp_path: Path) -> None:
    src = cmo_source(path="internal://../../etc/passwd")
    path = make_qdpx(tmp_path / "t.qdpx", project_xml(CMO_CODES, src), {})
    with pytest.raises(UnsafeFileError, match="outside the Sources/ folder"):
        read_qdpx(path)


def test_member_count_is_capped(tmp_path: Path) -> None:
    members = {f"Sources/{i}.txt": "x" for i in range(20)}
    path = make_qdpx(tmp_path / "many.qdpx", project_xml("", ""), members)
    with pytest.raises(UnsafeFileError, match="21 members, more than the limit of 10"):
        read_qdpx(path, limits=Limits(max_members=10))


def test_zip_bomb_ratio_is_counted_while_reading(tmp_path: Path) -> None:
    padding = "<!--" + " " * (3 * 1024 * 1024) + "-->"
    qde = project_xml("", "").replace("<Users>", padding + "<Users>")
    path = make_qdpx(tmp_path / "bomb.qdpx", qde, {})
    with pytest.raises(UnsafeFileError, match="expands more than 100 times"):
        read_qdpx(path, limits=Limits(max_ratio=100))
    with pytest.raises(UnsafeFileError, match="expands beyond 1000000 bytes"):
        read_qdpx(path, limits=Limits(max_member_bytes=1_000_000))


def test_not_a_zip_malformed_xml_wrong_root_and_missing(tmp_path: Path) -> None:
    fake = tmp_path / "fake.qdpx"
    fake.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(FileFormatError, match=r"fake\.qdpx: not a readable zip archive"):
        read_qdpx(fake)
    broken = tmp_path / "broken.qde"
    broken.write_text(f"<Project {NS}><CodeBook></Project>", encoding="utf-8")
    with pytest.raises(
        FileFormatError,
        match=r"broken\.qde: not well-formed XML at line 1, column \d+: .*export it again",
    ):
        read_qdpx(broken)
    other = tmp_path / "other.qde"
    other.write_text("<html/>", encoding="utf-8")
    with pytest.raises(FileFormatError, match="root element is <html>"):
        read_qdpx(other)
    empty = make_qdpx(tmp_path / "empty.qdpx", "", {}, inner="readme.txt")
    with pytest.raises(FileFormatError, match=r"no project\.qde"):
        read_qdpx(empty)
    with pytest.raises(MissingFileError, match=r"nothing\.qdpx"):
        read_qdpx(tmp_path / "nothing.qdpx")


def _hostile_sources() -> dict[str, str]:
    def one(start: str, end: str, *, page: str = "") -> str:
        return (
            f'<TextSource guid="{g(100)}" name="I" plainTextPath="internal://{g(100)}.txt">'
            f'<PlainTextSelection guid="{g(200)}" startPosition="{start}" endPosition="{end}"'
            f'{page}><Coding guid="{g(9000)}"><CodeRef targetGUID="{g(21)}"/></Coding>'
            "</PlainTextSelection></TextSource>"
        )

    return {
        "overflow": one("1e400", "1e400"),
        "minus-overflow": one("-1e400", "5"),
        "nan-positions": one("nan", "NaN"),
        "negative": one("-40", "-3"),
        "huge": one("0", str(10**30)),
    }


@pytest.mark.filterwarnings("ignore::realist.errors.RealistWarning")
@pytest.mark.parametrize(
    "kind",
    [
        "junk",
        "overflow",
        "minus-overflow",
        "nan-positions",
        "negative",
        "huge",
        "deep",
        "nan-values",
        "empty-labels",
    ],
)
def test_every_failure_is_a_realist_error(tmp_path: Path, kind: str) -> None:
    """Hostile or damaged input either imports (with a report) or raises a RealistError."""
    if kind == "junk":
        path = tmp_path / "junk.qde"
        path.write_bytes(b"\x00\xff\xfe garbage")
    else:
        codes, sources, extra = CMO_CODES, cmo_source(), ""
        if kind == "deep":
            n = 3000
            codes = "".join(code(5000 + i, f"n{i}")[:-2] + ">" for i in range(n)) + "</Code>" * n
        elif kind == "nan-values":
            extra = NAN_CASE
        elif kind == "empty-labels":
            codes += code(50, "Context::") + code(51, "::") + code(52, "Outcomes::  ")
        else:
            sources = _hostile_sources()[kind]
        path = make_qdpx(
            tmp_path / f"{kind}.qdpx",
            project_xml(codes, sources, extra),
            {f"Sources/{g(100)}.txt": TEXT},
        )
    before = _listing(tmp_path)
    if kind in ("junk", "deep"):
        with pytest.raises(RealistError) as info:
            read_qdpx(path)
        assert str(info.value).startswith(str(path))
    else:
        _, report = read_qdpx(path, report=True)
        assert report.warnings or report.unmapped  # the bad item is reported
    assert _listing(tmp_path) == before


def test_overflowing_positions_are_unusable_not_fatal(tmp_path: Path) -> None:
    src = (
        f'<TextSource guid="{g(100)}" name="I" plainTextPath="internal://{g(100)}.txt">'
        f'<PlainTextSelection guid="{g(200)}" startPosition="1e400" endPosition="-1e999">'
        f'<Coding guid="{g(9000)}"><CodeRef targetGUID="{g(21)}"/></Coding>'
        "</PlainTextSelection></TextSource>"
    )
    path = make_qdpx(tmp_path / "t.qdpx", project_xml(CMO_CODES, src), {})
    with pytest.warns(RealistWarning, match="without usable positions"):
        p = read_qdpx(path)
    assert (p.evidence[0].start, p.evidence[0].end) == (None, None)


def test_deeply_nested_codes_are_refused_cleanly(tmp_path: Path) -> None:
    deep = "".join(code(5000 + i, f"n{i}")[:-2] + ">" for i in range(3000)) + "</Code>" * 3000
    path = make_qdpx(tmp_path / "deep.qdpx", project_xml(deep, ""), {})
    with pytest.raises(UnsafeFileError, match=r"deep\.qdpx: <Code> elements nested more than"):
        read_qdpx(path)
    fine = "".join(code(5000 + i, f"n{i}")[:-2] + ">" for i in range(50)) + "</Code>" * 50
    fine_qdpx = make_qdpx(
        tmp_path / "fine.qdpx", project_xml(fine, cmo_source()), {f"Sources/{g(100)}.txt": TEXT}
    )
    with pytest.warns(RealistWarning, match="none of the 50 codes maps to a context"):
        p, report = read_qdpx(fine_qdpx, report=True, themes="all")
    assert report.counts["codes"] == 50
    assert rl.code_table(p)["depth"].max() == 49  # every level kept


NAN_CASE = (
    f'<Variables><Variable guid="{g(7000)}" name="score" typeOfVariable="Float"/></Variables>'
    f'<Cases><Case guid="{g(7001)}" name="A"><VariableValue><VariableRef targetGUID="{g(7000)}"/>'
    f'<FloatValue>NaN</FloatValue></VariableValue><SourceRef targetGUID="{g(100)}"/></Case></Cases>'
    f'<Sets><Set guid="{g(7100)}" name="Score: nan"><MemberSource targetGUID="{g(100)}"/></Set>'
    "</Sets>"
)


def test_one_bad_item_does_not_abort_the_import(tmp_path: Path) -> None:
    src = (
        f'<TextSource guid="{g(100)}" name="I" plainTextPath="internal://{g(100)}.txt">'
        + selection(200, -5, -2, 11, 21, 31)
        + selection(201, 0, 33, 11, 21, 31)
        + "</TextSource>"
    )
    codes = CMO_CODES + code(50, "Context::") + code(51, "M:")
    path = make_qdpx(
        tmp_path / "t.qdpx", project_xml(codes, src, NAN_CASE), {f"Sources/{g(100)}.txt": TEXT}
    )
    p, report = read_qdpx(path, report=True)
    clamped = p.get("ev-i-1", rl.Evidence)
    assert (clamped.start, clamped.end, clamped.quote) == (0, 0, "")
    assert p.get("ev-i-2", rl.Evidence).quote == TEXT[0:33]
    assert p.cases[0].attributes["score"] == "NaN"  # not a finite number: kept as text
    assert p.sources[0].attributes["Score"] == "nan"
    assert [c.label for c in p.contexts] == ["History of working together"]
    warned = " ".join(w.message for w in report.warnings)
    assert "negative position (-5..-2)" in warned
    assert "FloatValue 'NaN' is not a finite number" in warned
    # "Context::" is the Context folder itself, "M:" a prefix with no label: codes, not elements
    labels = [c.label for c in p.codes]
    assert "Context" in labels and "M:" in labels
    assert all(e.label.strip() for e in p.elements.values())
    assert "M:" not in [m.label for m in p.mechanisms]


# ---------------------------------------------------------------------- codebook out


def test_write_qdc_round_trip(small: rl.Project, tmp_path: Path) -> None:
    out = write_qdc(small, tmp_path / "small.qdc")
    text = out.read_text(encoding="utf-8")
    assert text == codebook_xml(small)  # deterministic
    assert 'name="Shared strategic vision"' in text
    back, report = read_qdpx(out, report=True)
    for kind in ("contexts", "mechanisms", "outcomes"):
        assert [e.label for e in getattr(back, kind)] == [e.label for e in getattr(small, kind)]
    assert report.counts["codes"] == 3 + len(small.elements)


def test_write_qdc_keeps_imported_guids(cmo_qdpx: Path, tmp_path: Path) -> None:
    p = read_qdpx(cmo_qdpx)
    text = codebook_xml(p)
    assert f'guid="{g(21).upper()}" name="Local champions"' in text


def test_write_qdc_sets_of_themes(tmp_path: Path) -> None:
    p = rl.Project(title="t")
    p.add_theme("vision", "Shared strategic vision")
    p.add_mechanism("Local champions", themes=["vision"])
    p.add_outcome("A & B <together>")
    text = codebook_xml(p)
    assert '<Set guid="' in text
    assert 'name="Shared strategic vision"' in text
    back = read_qdpx(write_qdc(p, tmp_path / "t.qdc"))
    assert back.outcomes[0].label == "A & B <together>"
    assert [back.get(t).label for t in back.mechanisms[0].themes] == ["Shared strategic vision"]


# ---------------------------------------------------------------------- real exports


def _samples() -> Path:
    return require_shared("samples", "refi-qda")


def _warned(record: pytest.WarningsRecorder, *patterns: str) -> None:
    """Each pattern is in the message of some warning recorded."""
    messages = [str(w.message) for w in record]
    for pattern in patterns:
        assert any(pattern in m for m in messages), (pattern, messages)


def _read(name: str, **options: object) -> tuple[rl.Project, ImportReport]:
    return read_qdpx(_samples() / name, report=True, **options)  # type: ignore[call-overload, no-any-return]


@pytest.mark.samples
def test_samples_every_file_reads_or_fails_cleanly() -> None:
    folder = _samples()
    files = sorted(p for p in folder.iterdir() if p.suffix in (".qdpx", ".qde", ".qdc"))
    assert len(files) >= 11
    for path in files:
        if "defect" in path.name:
            with pytest.raises(FileFormatError, match="line 132"):
                read_qdpx(path)
            continue
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RealistWarning)
            project, report = read_qdpx(path, report=True)
        assert report.counts["codes"] > 0, path.name
        project.check()


@pytest.mark.samples
def test_sample_f4_selections_and_memo() -> None:
    with pytest.warns(RealistWarning, match="none of the 1 codes"):
        p, report = _read("openqda-refi-tools__f4-2025.2.9_valid-document.qde")
    assert (report.counts["sources"], report.counts["selections"], report.counts["codings"]) == (
        4,
        2,
        2,
    )
    assert [t.label for t in p.themes] == ["Dies ist ein Test-Code"]
    assert any("no coding" in u.message and "Memo" in u.message for u in report.unmapped)
    assert any(u.path == "Notes" for u in report.unmapped)


@pytest.mark.samples
def test_sample_maxqda_prefix_codes_become_contexts() -> None:
    p, report = _read("paper_themes__MAXQDA24_repacked.qdpx")
    assert report.counts["codes"] == 307
    assert len(p.sources) == 10
    assert all(s.text for s in p.sources)
    assert len(p.contexts) == 17  # codes named "CONTEXT - ..."
    assert "Classroom-Based" in [c.label for c in p.contexts]
    assert p.evidence == []
    assert p.get("icls-2024-3-10").attributes["sets"] == "ICLS 2024"


@pytest.mark.samples
def test_sample_qualitative_coding_quotes_are_cut_at_offsets() -> None:
    with pytest.warns(RealistWarning, match="none of the 262 codes"):
        p, report = _read("qualitative-coding__demo.qdpx")
    assert (report.counts["selections"], report.counts["codings"]) == (158, 205)
    assert [s.title for s in p.sources] == ["board_2017.txt", "admin-1.txt"]
    texts = {s.id: s.text or "" for s in p.sources}
    assert all(e.quote == texts[e.source][e.start : e.end] for e in p.evidence)
    assert p.evidence[0].quote.startswith("This district goal is engage every student")
    assert {e.coder for e in p.evidence} == {"cp"}


@pytest.mark.samples
def test_sample_nvivo_uses_utf16_offsets() -> None:
    with pytest.warns(RealistWarning, match="none of the 262 codes"):
        _p, report = _read("qualitative-coding__nvivo_project.qdpx")
    assert report.origin.startswith("NVivo")
    assert report.counts["codes"] == 262
    assert report.counts["sources"] == 2
    assert any("UTF-16" in w.message for w in report.warnings)
    mapped, _ = _read(
        "qualitative-coding__nvivo_project.qdpx",
        roots={"mechanism": ["concepts"], "outcome": ["framings"]},
    )
    assert "abstraction" in [m.label for m in mapped.mechanisms]
    assert "cs_as_logic" in [o.label for o in mapped.outcomes]


@pytest.mark.samples
def test_sample_transana_draft_namespace() -> None:
    with pytest.warns(RealistWarning) as record:
        _p, report = _read("refi-spec-1.5-annexA3__transana_3.22b2_recovered.qde")
    _warned(record, "draft before REFI-QDA 1.0", "none of the 19 codes")
    assert (report.counts["selections"], report.counts["codings"]) == (41, 66)
    assert report.counts["sources"] == 16
    assert any(u.path == "Notes" and "40 notes" in u.message for u in report.unmapped)


@pytest.mark.samples
def test_sample_atlas_codebook_member_code_guid_attribute() -> None:
    p, _report = _read("requal-tests__atlasti_23.4_codebook.qdc", prefixes={"outcome": ["code"]})
    assert [o.label for o in p.outcomes] == ["1"]
    assert [p.get(t).label for t in p.outcomes[0].themes] == ["code group 1"]


@pytest.mark.samples
@pytest.mark.parametrize(
    "name", ["sky-loom_refi-qda__Project.qde", "sky-loom_refi-qda__TestProject.qdpx"]
)
def test_sample_atlas_project(name: str) -> None:
    p, report = _read(name, roots={"mechanism": ["Coke"]})
    assert (report.counts["codes"], report.counts["codings"], len(p.evidence)) == (14, 16, 13)
    assert [m.label for m in p.mechanisms] == ["full-fat Coke", "diet Coke"]  # from "Coke::..."
    mabel = p.get("mabel", rl.Source)
    assert (mabel.attributes["gender"], mabel.attributes["age"]) == ("female", 25)
    assert any(u.path.startswith("Link 'Memo-Quotation Relation'") for u in report.unmapped)
    assert any(u.path == "Graphs" for u in report.unmapped)
    pdf = [e for e in p.evidence if e.page == 0]
    assert pdf[0].quote.startswith("favoritos.")
    if name.endswith(".qdpx"):  # Sources/ is empty in the archive
        assert any("not in the archive" in u.message for u in report.unmapped)


@pytest.mark.samples
@pytest.mark.parametrize(
    ("name", "codes"),
    [("uto_tag__codebook.qdc", 3), ("openqda-refi-tools__example_codebook.qdc", 44)],
)
def test_sample_schema_invalid_codebooks_load_with_warnings(name: str, codes: int) -> None:
    with pytest.warns(RealistWarning) as record:
        p, report = _read(name, themes="all")
    _warned(record, "does not follow the REFI-QDA schema", f"none of the {codes} codes")
    assert report.counts["codes"] == codes
    assert len(p.themes) == codes


def test_ids_with_a_trailing_newline_are_not_taken_as_valid() -> None:
    from realist.io.qdpx import _Taken, _unique

    assert _unique("k1\n", _Taken()) == "k1"


def test_write_qdc_replaces_characters_xml_cannot_hold(tmp_path: Path) -> None:
    p = rl.Project(title="t")
    p.add_theme("vision", "Shared\x0cvision")
    p.add_mechanism("Local\x0bchampions", description="pasted\x00from Word\x1f", themes=["vision"])
    back = read_qdpx(write_qdc(p, tmp_path / "t.qdc"))
    m = back.mechanisms[0]
    assert (m.label, m.description) == ("Local champions", "pasted from Word")
    assert [back.get(t).label for t in m.themes] == ["Shared vision"]


def test_import_file_always_returns_the_named_pair(tmp_path: Path) -> None:
    import pandas as pd

    sheet = tmp_path / "cmocs.csv"
    sheet.write_text("case,mechanism,outcome\nSandwell,Champions,Vision\n", encoding="utf-8")
    got = rl.import_file(sheet)
    assert isinstance(got, rl.Imported) and isinstance(got.report, rl.ImportReport)
    assert got.project == rl.read_table(sheet)
    frame = pd.DataFrame({"case": ["Sandwell"], "mechanism": ["Champions"], "outcome": ["Vision"]})
    project, report = rl.import_file(frame)
    assert [k.cases for k in project.configurations] == [["sandwell"]]
    assert report.counts["rows"] == 1
    with pytest.raises(rl.FileFormatError, match=r"cannot import a \.txt file"):
        rl.import_file(tmp_path / "notes.txt")
