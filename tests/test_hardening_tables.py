"""Hostile spreadsheets: read_table and write_table end in a clear RealistError.

Each test reproduces a defect found by the hardening campaign: an ``.xlsx``
with one stray cell at XFD1048576 (pandas built the dense grid), shared
strings that expand a thousandfold, thousands of identically named CSV
columns, a header whose quote is never closed, cells over Excel's 32,767
characters, ``NA``/``None`` read as empty, bare carriage returns and long
cells in CSV, duplicate DataFrame columns, formula injection in CSV exports,
and error messages that named nothing. The last tests fuzz :func:`read_table`
and extend the round-trip property with hostile values.

Tests that could take memory or time without the fix run in a child process
with its own address-space limit; their timeouts guard against hangs only.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import openpyxl  # a dev dependency: make test installs it
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import realist as rl
from realist.errors import FileFormatError, RealistError, UnsafeFileError
from realist.io.tables import read_table, write_table

HEAD = ["ID", "Case", "Context", "Mechanism", "Outcome", "Evidence", "Source"]
ROW = ["k1", "Sandwell", "History", "Champions", "Vision", "we had worked together", "int-07"]


def _xlsx(rows: Sequence[Sequence[object]], *, title: str = "CMOcs") -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = title
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row, start=1):
            ws.cell(row=i, column=j, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _read_in_child(path: Path, *args: str) -> str:
    """``read_table(path)`` in a child process under a 2 GB address-space limit:
    the name and message of the RealistError it raises, or ``read <n>``."""
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))\n"
        "from realist.errors import RealistError\n"
        "from realist.io.tables import read_table\n"
        "try:\n"
        "    p = read_table(sys.argv[1])\n"
        "except RealistError as exc:\n"
        "    print(type(exc).__name__, exc)\n"
        "else:\n"
        "    print('read', len(p.configurations))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path), *args],
        capture_output=True,
        text=True,
        timeout=300,  # a hang guard, not a timing threshold
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


# ------------------------------------------------------------ 1. memory: xlsx


def test_a_stray_cell_at_the_last_row_and_column_is_refused(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "CMOcs"
    ws.append(HEAD)
    ws.append(ROW)
    ws["XFD1048576"] = "x"
    path = tmp_path / "stray.xlsx"
    book.save(path)
    assert path.stat().st_size < 20_000
    out = _read_in_child(path)
    assert out.startswith(("UnsafeFileError", "FileFormatError")), out
    assert "stray.xlsx" in out and "'CMOcs'" in out and "XFD1048576" in out, out
    assert "delete stray cells" in out, out


def test_stray_cells_near_the_table_and_empty_styled_cells_far_away_are_read(
    tmp_path: Path,
) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(HEAD)
    ws.append(ROW)
    ws["J2"] = "a note"  # a stray cell near the table: a column without a header
    ws["XFD1048576"].number_format = "0.00"  # formatting only: no value
    path = tmp_path / "near.xlsx"
    book.save(path)
    p, rep = read_table(path, report=True)
    assert [k.id for k in p.configurations] == ["k1"]
    assert any("column J has no header" in str(w) for w in rep.warnings)


def test_a_table_below_blank_rows_gives_sheet_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "low.xlsx"
    path.write_bytes(_xlsx([[], [], HEAD, ROW, ["k2", *ROW[1:3], "", *ROW[4:]], [], ["k3"]]))
    with pytest.raises(rl.ValidationError) as info:
        read_table(path)
    where = [p.path for p in info.value.problems]
    assert where[0] == "row 5" and set(where[1:]) == {"row 7"}, where


def _with_sheet(data: bytes, edit: Callable[[bytes], bytes]) -> bytes:
    """The workbook `data` with its first sheet's XML passed through `edit`."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            member = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                member = edit(member)
            out.writestr(info.filename, member)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "far",
    [
        b'<c r="XFD1048576" s="1"/>',
        b'<c r="XFD1048576" s="1" t="n"></c>',
        b'<c r="XFD1048576" s="1"> </c>',
    ],
)
def test_an_empty_formatted_cell_far_away_is_not_part_of_the_table(
    tmp_path: Path, far: bytes
) -> None:
    # openpyxl writes such a cell self-closed, or opened and closed at once when lxml
    # is installed; neither holds a value, so neither stretches the table.
    def add(sheet: bytes) -> bytes:
        return sheet.replace(b"</sheetData>", b'<row r="1048576">' + far + b"</row></sheetData>")

    path = tmp_path / "far.xlsx"
    path.write_bytes(_with_sheet(_xlsx([HEAD, ROW]), add))
    assert far in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert [k.id for k in read_table(path).configurations] == ["k1"]


def test_cells_without_references_are_placed_as_openpyxl_places_them(tmp_path: Path) -> None:
    path = tmp_path / "noref.xlsx"
    path.write_bytes(
        _with_sheet(_xlsx([HEAD, ROW]), lambda x: re.sub(rb'(<c) r="[A-Z]+2"', rb"\1", x))
    )
    assert b'r="A2"' not in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    k = read_table(path).configurations[0]
    assert (k.id, k.cases) == ("k1", ["sandwell"])
    far = tmp_path / "far.xlsx"
    far.write_bytes(
        _with_sheet(
            _xlsx([HEAD, ROW]),
            lambda x: x.replace(
                b"</row></sheetData>",
                b'<c r="XFD2"><v>1</v></c></row><row r="1048576"><c><v>1</v></c></row></sheetData>',
            ),
        )
    )
    with pytest.raises(UnsafeFileError, match=r"cell XFD2 and cell A1048576 is far outside"):
        read_table(far)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_with_sheet(_xlsx([HEAD, ROW]), lambda x: x.replace(b'r="A2"', b'r="A-2"')))
    with pytest.raises(FileFormatError, match=r"bad\.xlsx: sheet 'CMOcs' .*'A-2' is no cell"):
        read_table(bad)


def _bomb_xlsx(expanded: int) -> bytes:
    """A workbook whose ``xl/sharedStrings.xml`` holds one string of `expanded` bytes."""
    plain = _xlsx([HEAD, ROW])
    src = zipfile.ZipFile(io.BytesIO(plain))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                    b"</Types>",
                )
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/'
                    b'2006/relationships/sharedStrings" Target="sharedStrings.xml" Id="rId9"/>'
                    b"</Relationships>",
                )
            out.writestr(info.filename, data)
        out.writestr(
            "xl/sharedStrings.xml",
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'count="1" uniqueCount="1"><si><t>' + b"a" * expanded + b"</t></si></sst>",
        )
    return buffer.getvalue()


def test_shared_strings_that_expand_a_thousandfold_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_bomb_xlsx(200 * 1024**2))
    assert path.stat().st_size < 1024**2
    out = _read_in_child(path)
    assert out.startswith("UnsafeFileError"), out
    assert "bomb.xlsx" in out and "sharedStrings.xml" in out, out


def test_an_xlsx_with_too_many_members_is_refused(tmp_path: Path) -> None:
    plain = zipfile.ZipFile(io.BytesIO(_xlsx([HEAD, ROW])))
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as out:
        for info in plain.infolist():
            out.writestr(info.filename, plain.read(info))
        for i in range(20_001):
            out.writestr(f"junk/{i}", b"")
    with pytest.raises(UnsafeFileError, match=r"many\.xlsx: .*members"):
        read_table(path)


def test_duplicate_member_names_are_refused(tmp_path: Path) -> None:
    plain = zipfile.ZipFile(io.BytesIO(_xlsx([HEAD, ROW])))
    path = tmp_path / "twice.xlsx"
    with zipfile.ZipFile(path, "w") as out:
        for info in plain.infolist():
            out.writestr(info.filename, plain.read(info))
        with pytest.warns(UserWarning, match=r"xl/worksheets/sheet1\.xml"):  # zipfile: a duplicate
            out.writestr("xl/worksheets/sheet1.xml", b"<worksheet/>")
    with pytest.raises(UnsafeFileError, match=r"twice\.xlsx: .*twice"):
        read_table(path)


# ------------------------------------------------------------ 2. CPU: csv


def test_thousands_of_identical_headers_are_renamed_in_linear_time(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    n = 4000
    path.write_text(
        "Mechanism,Outcome," + ",".join(["x"] * n) + "\nChampions,Vision," + "1," * (n - 1) + "1\n",
        encoding="utf-8",
    )
    assert _read_in_child(path) == "read 1"
    _, rep = read_table(path, report=True)
    warned = [w for w in rep.warnings if "a second column headed 'x'" in str(w)]
    assert len(warned) == n - 1
    assert "'x.3999'" in str(warned[-1])


def test_a_header_quote_never_closed_is_named(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('"Case,Mechanism,Outcome\nA,M,O\n', encoding="utf-8")
    with pytest.raises(FileFormatError, match=r"q\.csv: the header's quote at column 1 is never"):
        read_table(path)
    path.write_text('Case,"Mech\nanism",Outcome\nA,M,O\n', encoding="utf-8")  # a closed one
    assert read_table(path).configurations[0].cases == ["a"]


def test_a_large_file_behind_an_open_quote_is_refused_in_linear_time(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text('"Case,Mechanism,Outcome\n' + "A,M,O\n" * 300_000, encoding="utf-8")
    out = _read_in_child(path)
    assert out.startswith("FileFormatError") and "never closed" in out, out


# ------------------------------------------------------------ 3. xlsx cell limit


def test_xlsx_export_refuses_cells_over_excels_limit(tmp_path: Path) -> None:
    p = rl.Project(title="t")
    m, o = p.add_mechanism("M"), p.add_outcome("O")
    p.add_configuration(mechanisms=[m], outcomes=[o], id="k1")
    p.add_configuration(mechanisms=[m], outcomes=[o], id="k2", note="x" * 32_768)
    with pytest.raises(FileFormatError, match=r"row 3, column 'Note' .*32,767.* \.csv"):
        write_table(p, tmp_path / "long.xlsx")
    assert not (tmp_path / "long.xlsx").exists()
    p.configurations[1].note = "😀" * 16_384  # 32,768 UTF-16 units, as Excel counts
    with pytest.raises(FileFormatError, match="32,767"):
        write_table(p, tmp_path / "long.xlsx")
    p.configurations[1].note = "x" * 32_767
    back = read_table(write_table(p, tmp_path / "long.xlsx"))
    assert back.configurations[1].note == "x" * 32_767


# ------------------------------------------------------------ 4. NA strings

NA_WORDS = ["NA", "N/A", "None", "null", "NaN", "#N/A", "n/a", "-NaN", "nan", "NULL", "<NA>"]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_na_words_are_read_as_written(tmp_path: Path, suffix: str) -> None:
    rows = [["ID", "Context", "Mechanism", "Outcome", "Note"]]
    rows += [[f"k{i}", w, "M", "O", w] for i, w in enumerate(NA_WORDS)]
    path = tmp_path / f"na{suffix}"
    if suffix == ".xlsx":
        path.write_bytes(_xlsx(rows))
    else:
        path.write_text(pd.DataFrame(rows[1:], columns=rows[0]).to_csv(index=False), "utf-8")
    p = read_table(path)
    assert [k.note for k in p.configurations] == NA_WORDS
    labels = [p.elements[k.contexts[0]].label for k in p.configurations]
    assert [x.casefold() for x in labels] == [w.casefold() for w in NA_WORDS]  # N/A is n/a


# ------------------------------------------------------------ 5. csv: CR and long cells


def test_csv_export_quotes_carriage_returns(tmp_path: Path) -> None:
    p = rl.Project(title="t")
    p.add_configuration(
        mechanisms=[p.add_mechanism("one\rtwo")],
        outcomes=[p.add_outcome("O")],
        note="a\rb",
        attributes={"x\ry": "=1"},  # a carriage return in a header, too
        id="k1",
    )
    out = write_table(p, tmp_path / "cr.csv")
    records = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert len(records) == 2
    back = read_table(out)
    assert back.configurations[0].note == "a\nb"  # a carriage return reads as a line break
    assert [back.elements[m].label for m in back.configurations[0].mechanisms] == ["one\ntwo"]
    assert back.configurations[0].attributes == {"x\ny": "=1"}


def test_long_cells_round_trip_through_csv(tmp_path: Path) -> None:
    p = rl.Project(title="t")
    s = p.add_source("int-1")
    long = "word " * 60_000 + "end"
    ev = p.add_evidence(source=s.id, quote=long)
    p.add_configuration(
        mechanisms=[p.add_mechanism("M")], outcomes=[p.add_outcome("O")], evidence=[ev], id="k1"
    )
    back = read_table(write_table(p, tmp_path / "long.csv"))
    assert back.evidence[0].quote == long
    assert csv.field_size_limit() <= 64 * 1024**2


def test_a_cell_beyond_the_csv_field_limit_names_its_row(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text('Mechanism,Outcome\nM,O\nM,"' + "x" * (65 * 1024**2) + '"\n', "utf-8")
    out = _read_in_child(path)
    assert out.startswith("FileFormatError") and "row 3" in out, out


# ------------------------------------------------------------ 6. duplicate DataFrame columns


def test_duplicate_dataframe_columns_are_kept_and_reported() -> None:
    frame = pd.DataFrame(
        [["M", "O", "first", "second"]], columns=["Mechanism", "Outcome", "Region", "Region"]
    )
    p, rep = read_table(frame, report=True)
    assert p.configurations[0].attributes == {"Region": "first", "Region.1": "second"}
    assert any("a second column headed 'Region'" in str(w) for w in rep.warnings)
    frame.columns = ["Mechanism", "Outcome", "Note", "Note"]
    p, rep = read_table(frame, report=True)
    assert p.configurations[0].note == "first"
    assert p.configurations[0].attributes == {"Note.1": "second"}


# ------------------------------------------------------------ 7. formula injection

HOSTILE = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "-x", "'=already", "''", "'-3"]


def _formula_project() -> rl.Project:
    p = rl.Project(title="t")
    p.add_case("c1", '=HYPERLINK("http://x")')
    m = p.add_mechanism("@a")
    o = p.add_outcome("-x")
    s = p.add_source("s1")
    ev = p.add_evidence(source=s.id, quote="=1+1")
    p.add_configuration(
        case="c1",
        mechanisms=[m],
        outcomes=[o],
        contexts=[p.add_context(x).id for x in HOSTILE],
        label="=label",
        note="+note",
        phase="-1x",
        attributes={"neg": -3, "f": -1.5, "t": "=t", "q": "'=q", "dash": "-"},
        evidence=[ev],
        id="k1",
    )
    return p


def test_csv_cells_that_would_be_formulas_are_escaped(tmp_path: Path) -> None:
    p = _formula_project()
    out = write_table(p, tmp_path / "f.csv")
    head, row = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    cells = dict(zip(head, row, strict=True))
    for name, cell in cells.items():
        risky = cell[:1] in ("=", "+", "@", "\t", "\r") or (
            cell[:1] == "-" and cell not in ("-", "-3", "-1.5")
        )
        assert not risky, (name, cell)
    assert (cells["attr:neg"], cells["attr:f"], cells["attr:dash"]) == ("-3", "-1.5", "-")
    assert cells["Evidence"] == "'=1+1"
    back = read_table(out)
    k = back.configurations[0]
    assert k.attributes == {"neg": -3, "f": -1.5, "t": "=t", "q": "'=q", "dash": "-"}
    assert [back.elements[c].label for c in k.contexts] == HOSTILE
    assert (k.label, k.note, k.phase) == ("=label", "+note", "-1x")
    assert back.get("c1", rl.Case).name == '=HYPERLINK("http://x")'
    assert [back.elements[x].label for x in (*k.mechanisms, *k.outcomes)] == ["@a", "-x"]
    assert back.evidence[0].quote == "=1+1"


def test_xlsx_cells_stay_text_and_read_back(tmp_path: Path) -> None:
    p = _formula_project()
    out = write_table(p, tmp_path / "f.xlsx")
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b't="str"' not in sheet  # no formulas, only text
    k = read_table(out).configurations[0]
    assert k.attributes == {"neg": -3, "f": -1.5, "t": "=t", "q": "'=q", "dash": "-"}


def test_a_hand_made_apostrophe_before_a_formula_is_the_guard() -> None:
    frame = pd.DataFrame({"Mechanism": ["'=M", "'tis"], "Outcome": ["O", "O"]})
    p = read_table(frame)
    assert [m.label for m in p.mechanisms] == ["=M", "'tis"]


# ------------------------------------------------------------ 8. messages


def test_empty_files_say_empty(tmp_path: Path) -> None:
    for name in ("e.csv", "e.xlsx", "e.tsv"):
        (tmp_path / name).write_bytes(b"")
        with pytest.raises(FileFormatError, match=rf"{name[:1]}\.{name[2:]}: .*is empty"):
            read_table(tmp_path / name)
    (tmp_path / "blank.csv").write_text("\n \n", encoding="utf-8")
    with pytest.raises(FileFormatError, match=r"blank\.csv: .*is empty"):
        read_table(tmp_path / "blank.csv")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"ID,Case\nk1,A\n",
            r"x\.xlsx: is not an \.xlsx workbook \(is it a \.xls or a CSV renamed\?\)",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, r"x\.xlsx: .*\.xls"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\0" * 100
            + "EncryptedPackage".encode("utf-16-le"),
            r"x\.xlsx: .*password",
        ),
        (b"PK\x03\x04junk", r"x\.xlsx: .*not .*readable"),
    ],
)
def test_files_that_are_no_workbook_say_what_they_are(
    tmp_path: Path, data: bytes, message: str
) -> None:
    (tmp_path / "x.xlsx").write_bytes(data)
    with pytest.raises(FileFormatError, match=message):
        read_table(tmp_path / "x.xlsx")


def test_a_zip_that_is_no_workbook(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "z.xlsx", "w") as z:
        z.writestr("content.xml", "<x/>")
    with pytest.raises(FileFormatError, match=r"z\.xlsx: .*no workbook"):
        read_table(tmp_path / "z.xlsx")


def test_a_missing_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = tmp_path / "s.xlsx"
    path.write_bytes(_xlsx([HEAD, ROW], title="CMOcs"))
    with pytest.raises(FileFormatError, match=r"s\.xlsx: no sheet 'Data'.*'CMOcs'"):
        read_table(path, sheet="Data")
    with pytest.raises(FileFormatError, match=r"s\.xlsx: no sheet 3 .*1 sheet.*'CMOcs'"):
        read_table(path, sheet=3)
    assert len(read_table(path, sheet="CMOcs").configurations) == 1


def test_a_folder_or_a_pipe_is_refused_without_reading(tmp_path: Path) -> None:
    import os

    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(FileFormatError, match=r"folder\.csv: is not a regular file"):
        read_table(tmp_path / "folder.csv")
    os.mkfifo(tmp_path / "pipe.xlsx")
    with pytest.raises(FileFormatError, match=r"pipe\.xlsx: is not a regular file"):
        read_table(tmp_path / "pipe.xlsx")  # would block reading


def test_a_csv_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("Mechanism,Outcome\nM,O\nCaf\xe9,O\n".encode("latin-1"))
    with pytest.raises(FileFormatError, match=r"latin\.csv: .*not UTF-8.*line 3.*UTF-8"):
        read_table(path)


def test_an_empty_sheet_says_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    path.write_bytes(_xlsx([]))
    with pytest.raises(FileFormatError, match=r"blank\.xlsx: sheet 'CMOcs' is empty"):
        read_table(path)


# ------------------------------------------------------------ 9. fuzz

_CSV = pd.DataFrame([ROW, ROW], columns=HEAD).to_csv(index=False).encode()
_XLSX = _xlsx([HEAD, ROW, ROW])


@st.composite
def _mutated(draw: st.DrawFn) -> tuple[bytes, str]:
    suffix = draw(st.sampled_from([".csv", ".xlsx"]))
    how = draw(st.sampled_from(["random", "flip", "splice", "truncate"]))
    if how == "random":
        return draw(st.binary(max_size=400)), suffix
    data = bytearray(_CSV if suffix == ".csv" else _XLSX)
    if how == "truncate":
        return bytes(data[: draw(st.integers(0, len(data)))]), suffix
    for _ in range(draw(st.integers(1, 8))):
        i = draw(st.integers(0, len(data) - 1))
        if how == "flip":
            data[i] = draw(st.integers(0, 255))
        else:
            data[i:i] = draw(
                st.sampled_from([b'"', b",", b"\n", b"\r", b"\0", b"\xff", b"=", b"'"])
            )
    return bytes(data), suffix


@settings(
    max_examples=150,
    deadline=timedelta(seconds=20),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=_mutated())
def test_fuzzed_tables_end_in_a_realist_error(tmp_path: Path, case: tuple[bytes, str]) -> None:
    data, suffix = case
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        read_table(path)
    except RealistError as exc:
        assert str(exc).startswith(str(path)), str(exc)


def _mutated_xlsx_members(data: bytes, draw: Callable[[st.SearchStrategy[Any]], Any]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            member = bytearray(src.read(info))
            if draw(st.booleans()) and member:
                for _ in range(draw(st.integers(1, 4))):
                    i = draw(st.integers(0, len(member) - 1))
                    member[i:i] = draw(
                        st.sampled_from(
                            [b"<", b">", b'"', b"&", b"<!DOCTYPE x>", b'<c r="ZZZZ9"><v>1</v></c>']
                        )
                    )
            z.writestr(info.filename, bytes(member))
    return out.getvalue()


@settings(
    max_examples=60, deadline=timedelta(seconds=20), suppress_health_check=[HealthCheck.too_slow]
)
@given(st.data())
def test_fuzzed_xlsx_members_end_in_a_realist_error(data: st.DataObject) -> None:
    import tempfile

    blob = _mutated_xlsx_members(_XLSX, data.draw)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.xlsx"
        path.write_bytes(blob)
        try:
            read_table(path)
        except RealistError as exc:
            assert str(exc).startswith(str(path)), str(exc)


# ------------------------------------------------------------ round trip of hostile values

_HOSTILE_TEXT = st.lists(
    st.sampled_from(
        [
            *("=cmd", "+1", "-x", "@a", "\r", "\r\n", "NA", "None", "null", "#N/A", "'", "''"),
            *("-", "3", " ", ";", '"', "\t", "-3", "1.5", "x"),
        ]
    ),
    max_size=6,
).map("".join)
_HOSTILE_LABEL = _HOSTILE_TEXT.map(str.strip).filter(bool)


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@st.composite
def _hostile_projects(draw: st.DrawFn, *, long: bool) -> rl.Project:
    p = rl.Project(title="t")
    s = p.add_source("s1")
    text = _HOSTILE_TEXT | st.just("=" + "x" * 40_000) if long else _HOSTILE_TEXT
    label = _HOSTILE_LABEL | st.just("-" + "y" * 40_000) if long else _HOSTILE_LABEL
    for i in range(draw(st.integers(1, 3))):
        quotes = draw(st.lists(label, max_size=2, unique_by=lambda q: _lf(q).strip()))
        evidence = [p.add_evidence(source=s.id, quote=q) for q in quotes]
        p.add_configuration(
            id=f"k{i}",
            label=draw(text),
            contexts=[p.add_context(x).id for x in draw(st.lists(label, max_size=2))],
            mechanisms=[p.add_mechanism(draw(label), resource=draw(st.none() | label)).id],
            outcomes=[p.add_outcome(draw(label)).id],
            phase=draw(st.none() | text | st.integers(-5, 5)),
            note=draw(text),
            attributes=draw(
                st.dictionaries(
                    _HOSTILE_LABEL.filter(lambda k: "\r" not in k),
                    text
                    | st.integers(-(10**6), 10**6)
                    | st.floats(allow_nan=False, allow_infinity=False),
                    max_size=3,
                )
            ),
            evidence=evidence,
        )
    return p


def _plain(p: rl.Project) -> list[tuple[object, ...]]:
    """What a round trip keeps of each configuration, carriage returns as line breaks."""
    out: list[tuple[object, ...]] = []
    for k in p.configurations:
        ev = [p.get(e, rl.Evidence) for e in k.evidence]
        out.append(
            (
                k.id,
                _lf(k.label),
                [_lf(p.elements[c].label) for c in k.contexts],
                [
                    (_lf(m.label), m.resource and _lf(m.resource))
                    for m in (p.get(x, rl.Mechanism) for x in k.mechanisms)
                ],
                [_lf(p.elements[o].label) for o in k.outcomes],
                (type(k.phase), _lf(k.phase) if isinstance(k.phase, str) else k.phase),
                {
                    a: (type(v), _lf(v) if isinstance(v, str) else v)
                    for a, v in k.attributes.items()
                },
                _lf(k.note),
                [re.sub(r"\n\s*\n", " ", _lf(e.quote).strip()) for e in ev],
            )
        )
    return out


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_values_round_trip(data: st.DataObject, suffix: str, tmp_path: Path) -> None:
    project = data.draw(_hostile_projects(long=suffix == ".csv"))
    back = read_table(write_table(project, tmp_path / f"h{suffix}"))
    assert _plain(back) == _plain(project)
