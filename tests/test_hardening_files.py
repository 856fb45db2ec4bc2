"""Hostile project files: every one ends in a clear RealistError, never a traceback.

Each test here reproduces a defect found by the hardening campaign: huge
integers, YAML's typed tags with bad values, duplicate keys in JSON, merge
keys in YAML, empty files, and paths that are no regular file (a folder, a
device, a FIFO, a name too long). The last test fuzzes :func:`realist.loads`.
"""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import realist as rl
from realist.errors import FileFormatError, MissingFileError, RealistError

BIG = "1" * 5000  # beyond Python's 4,300-digit limit on int <-> str


# ---------------------------------------------------------------- huge numbers


@pytest.mark.parametrize(
    ("text", "fmt", "message"),
    [
        ('{"title": ' + BIG + "}", "json", r"p\.json: .*number .*digits.* line 1"),
        (
            '{"schema_version": 1,\n "title": "x",\n "attributes": {"n": ' + BIG + "}}",
            "json",
            r"p\.json: .*number .*digits.* line 3",
        ),
        ('{"schema_version": -' + BIG + ', "title": "x"}', "json", r"p\.json: .*line 1"),
        (f"title: {BIG}\n", "yaml", r"p\.yaml: .*number .*digits.* line 1"),
        (f"title: x\nattributes:\n  n: {BIG}\n", "yaml", r"p\.yaml: .*digits.* line 3"),
        (f"schema_version: {BIG}\ntitle: x\n", "yaml", r"p\.yaml: .*line 1"),
        ("title: x\nattributes: {n: !!int " + BIG + "}\n", "yaml", r"p\.yaml: .*line 2"),
        # Hexadecimal has no digit limit in int(), but the number is just as absurd.
        ("schema_version: !!int 0x%s\ntitle: x\n" % ("f" * 5000), "yaml", r"p\.yaml: .*line 1"),
        ("title: x\nattributes: {n: !!int -0b%s}\n" % ("1" * 20000), "yaml", r"p\.yaml: .*line 2"),
    ],
)
def test_huge_integers_name_the_file_and_line(text: str, fmt: str, message: str) -> None:
    with pytest.raises(FileFormatError, match=message):
        rl.loads(text, format=fmt, file=f"p.{fmt}")  # type: ignore[arg-type]


def test_large_but_readable_integers_still_load() -> None:
    p = rl.loads('{"title": "x", "attributes": {"n": %s}}' % ("9" * 300))
    assert p.attributes["n"] == int("9" * 300)
    p = rl.loads("title: x\nattributes: {n: %s}\n" % ("9" * 300), format="yaml")
    assert p.attributes["n"] == int("9" * 300)


# ---------------------------------------------------------------- YAML tags


@pytest.mark.parametrize(
    "value",
    [
        "!!int abc",
        "!!int ''",
        "!!int 0xZZ",
        "!!float x",
        "!!float ''",
        "!!bool maybe",
        "!!bool ''",
        "!!timestamp yesterday",
        "!!timestamp 2020-13-45",
        "!!timestamp ''",
    ],
)
def test_yaml_typed_tags_with_bad_values_name_the_line(value: str) -> None:
    text = f"title: x\nattributes:\n  a: {value}\n"
    with pytest.raises(FileFormatError, match=r"p\.yaml: .*!!\w+.* line 3"):
        rl.loads(text, format="yaml", file="p.yaml")


def test_yaml_typed_tags_with_good_values_are_typed() -> None:
    text = "title: x\nattributes: {i: !!int '7', f: !!float '1.5', b: !!bool 'yes'}\n"
    p = rl.loads(text, format="yaml")
    assert p.attributes == {"i": 7, "f": 1.5, "b": True}


# ---------------------------------------------------------------- duplicate keys


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('{"title": "x", "title": "y"}', "title"),
        ('{"title": "x",\n "attributes": {"a": 1, "a": 2}}', "a"),
        ('{"title" : "x", "title"\n: "y"}', "title"),
        (
            '{"title": "x", "mechanisms": [{"id": "m", "label": "M"}], "outcomes": '
            '[{"id": "o", "label": "O"}],\n"configurations": [{"id": "k", "mechanisms": ["m"], '
            '"outcomes": ["o"], "status": "supported", "status": "refuted"}]}',
            "status",
        ),
        # An escaped quote before a colon inside a string: the cheap count cannot
        # tell, and the careful check must still find the duplicate.
        ('{"title": "say \\"no\\": never", "description": "a", "description": "b"}', "description"),
    ],
)
def test_json_duplicate_keys_are_refused(text: str, key: str) -> None:
    with pytest.raises(FileFormatError, match=rf"p\.json: .*key '{key}' appears twice.*line"):
        rl.loads(text, file="p.json")
    with pytest.raises(FileFormatError, match=f"key '{key}' appears twice"):
        rl.loads(text.encode(), file="p.json")


def test_json_duplicate_key_line_is_that_of_its_object() -> None:
    text = '{\n  "title": "x",\n  "attributes": {\n    "a": 1,\n    "a": 2\n  }\n}\n'
    with pytest.raises(FileFormatError, match=r"object that begins at line 3"):
        rl.loads(text, file="p.json")


def test_json_duplicate_key_in_a_project_that_is_also_invalid() -> None:
    # The duplicate is the first thing to fix: it is reported before field problems.
    with pytest.raises(FileFormatError, match="key 'colour' appears twice"):
        rl.loads('{"title": "x", "colour": 1, "colour": 2}', file="p.json")


def test_json_without_duplicates_loads_whatever_its_strings_hold() -> None:
    text = json.dumps(
        {
            "title": 'he said "no": "never"',
            "description": '": "\\": {"a": 1, "a": 2}',
            "attributes": {'a"': 1, 'a" ': 2, "a": 3},
        }
    )
    p = rl.loads(text)
    assert p.description == '": "\\": {"a": 1, "a": 2}'
    assert p.attributes == {'a"': 1, 'a" ': 2, "a": 3}


def test_json_key_count_takes_the_fast_path_on_saved_projects(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A project realist saved needs no second parse to be cleared of duplicate keys."""
    from realist.io import project_files

    def slow(*args: object, **kwargs: object) -> None:
        raise AssertionError("the careful duplicate check ran on a clean file")

    monkeypatch.setattr(project_files, "_find_duplicate_key", slow)
    hipp = rl.datasets.load("hipp")
    for text in (
        hipp.dumps("json"),
        json.dumps(hipp.to_data()),
        json.dumps(hipp.to_data(), indent=None),
    ):
        assert rl.loads(text) == hipp


# ---------------------------------------------------------------- YAML merge keys


def test_yaml_merge_keys_are_no_duplicates() -> None:
    text = (
        "title: x\ncases:\n"
        "- &a {id: a, name: A, attributes: {country: Wales}}\n"
        "- <<: *a\n  id: b\n"
        "- <<: [*a]\n  id: c\n  name: C\n"
    )
    p = rl.loads(text, format="yaml")
    assert [(c.id, c.name, c.attributes) for c in p.cases] == [
        ("a", "A", {"country": "Wales"}),
        ("b", "A", {"country": "Wales"}),
        ("c", "C", {"country": "Wales"}),
    ]


def test_yaml_duplicates_beside_a_merge_key_are_still_refused() -> None:
    text = "title: x\ncases:\n- &a {id: a, name: A}\n- <<: *a\n  id: b\n  id: c\n"
    with pytest.raises(FileFormatError, match=r"key 'id' appears twice .*line 6"):
        rl.loads(text, format="yaml")


# ---------------------------------------------------------------- empty files


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        ("", "yaml"),
        ("  \n\n", "yaml"),
        ("# nothing but a comment\n", "yaml"),
        ("---\n", "yaml"),
        (b"\xef\xbb\xbf", "yaml"),
        ("", "json"),
        (" \n\t", "json"),
        (b"\xef\xbb\xbf\n", "json"),
    ],
)
def test_empty_files_say_empty(data: str | bytes, fmt: str) -> None:
    with pytest.raises(FileFormatError, match=rf"p\.{fmt}: the file is empty") as info:
        rl.loads(data, format=fmt, file=f"p.{fmt}")  # type: ignore[arg-type]
    assert "NoneType" not in str(info.value)


def test_empty_file_on_disk_says_empty(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("")
    with pytest.raises(FileFormatError, match=r"p\.yaml: the file is empty"):
        rl.load(tmp_path / "p.yaml")


# ---------------------------------------------------------------- paths that are no file


def _load_in_child(path: str, fmt: str | None = None) -> subprocess.CompletedProcess[str]:
    """``rl.load(path)`` in a child process with its own memory and time limits."""
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))\n"
        "import realist as rl\n"
        "from realist.errors import RealistError\n"
        "try:\n"
        "    rl.load(sys.argv[1], format=sys.argv[2] or None)\n"
        "except RealistError as exc:\n"
        "    print(type(exc).__name__, exc)\n"
        "else:\n"
        "    print('loaded')\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script, path, fmt or ""],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("fmt", [None, "json"])
def test_a_fifo_is_refused_without_blocking(tmp_path: Path, fmt: str | None) -> None:
    fifo = tmp_path / "p.json"
    os.mkfifo(fifo)
    done = _load_in_child(str(fifo), fmt)  # would block forever on open() or read()
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("FileFormatError"), done.stdout
    assert "p.json: is a FIFO" in done.stdout and "not a project file" in done.stdout


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_before_it_is_read(tmp_path: Path, device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    link = tmp_path / "p.yaml"
    link.symlink_to(device)  # the name looks like a project file; the file is a device
    for path, fmt in ((device, "yaml"), (str(link), None)):
        done = _load_in_child(path, fmt)  # /dev/zero would be read until memory runs out
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("FileFormatError"), done.stdout
        assert "is a device, not a project file" in done.stdout


@pytest.mark.parametrize("name", ["folder.json", "folder"])
def test_a_folder_is_refused(tmp_path: Path, name: str) -> None:
    (tmp_path / name).mkdir()
    with pytest.raises(FileFormatError, match=rf"{name}: is a folder, not a project file"):
        rl.load(tmp_path / name)


def test_a_file_name_too_long_is_named(tmp_path: Path) -> None:
    long = tmp_path / ("a" * 300 + ".json")
    reason = re.escape(os.strerror(errno.ENAMETOOLONG))  # the system's words, in its language
    with pytest.raises(
        (MissingFileError, FileFormatError),
        match=rf"a{{300}}\.json: .*{reason}\); use a shorter file or folder name",
    ):
        rl.load(long)
    deep = tmp_path / ("b" * 300) / "p.yaml"
    with pytest.raises((MissingFileError, FileFormatError), match=rf"p\.yaml: .*{reason}"):
        rl.load(deep)


def test_a_nul_in_the_path_is_named(tmp_path: Path) -> None:
    with pytest.raises(
        FileFormatError, match=r"a\\0b\.json: cannot be read: a file name cannot hold a NUL"
    ):
        rl.load(str(tmp_path / "a\0b.json"))


def test_a_missing_folder_is_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MissingFileError, match=r"p\.json: no such file"):
        rl.load(tmp_path / "nowhere" / "p.json")


def test_reading_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from realist.io import project_files

    path = rl.Project(title="x", description="y" * 1000).save(tmp_path / "p.json")
    monkeypatch.setattr(project_files, "MAX_FILE_BYTES", 100)
    with pytest.raises(FileFormatError, match=r"p\.json: .*larger than"):
        rl.load(path)


# ---------------------------------------------------------------- fuzzing


def _base_texts() -> dict[str, str]:
    p = rl.Project(title="Fuzz", attributes={"year": 2006, "ratio": 0.5, "ok": True})
    p.add_case("a", "Case A", country="Wales")
    p.add_source("s1", kind="interview", case="a")
    ev = p.add_evidence(source="s1", quote='he said "no": twice', start=1, end=5)
    m = p.add_mechanism("Local champions")
    o = p.add_outcome("Shared vision")
    c = p.add_context("Stable history")
    p.add_configuration(case="a", contexts=[c], mechanisms=[m], outcomes=[o], evidence=[ev])
    return {"json": p.dumps("json"), "yaml": p.dumps("yaml")}


_BASE = _base_texts()
_ODD = [
    "!!int abc",
    "!!float x",
    "!!bool maybe",
    "!!timestamp yesterday",
    "!!binary '###'",
    "!!set {a: 1}",
    "!!omap [a]",
    "!!python/object:os.system x",
    "!!str",
    "&x [*x]",
    "*nowhere",
    BIG,
    "-" + BIG,
    "1e999",
    "-.inf",
    ".nan",
    "0x" + "f" * 5000,
    '"\\ud800"',
    "\x00",
    "<<: 5",
]


@st.composite
def _mutated(draw: st.DrawFn) -> tuple[bytes, str]:
    fmt = draw(st.sampled_from(["json", "yaml"]))
    text = _BASE[fmt]
    how = draw(
        st.sampled_from(
            ["bytes", "truncate", "flip", "duplicate", "nest", "number", "tag", "splice"]
        )
    )
    if how == "bytes":
        return draw(st.binary(max_size=300)), fmt
    data = bytearray(text.encode("utf-8"))
    if how == "truncate":
        return bytes(data[: draw(st.integers(0, len(data)))]), fmt
    if how == "flip":
        for _ in range(draw(st.integers(1, 8))):
            i = draw(st.integers(0, len(data) - 1))
            data[i] = draw(st.integers(0, 255))
        return bytes(data), fmt
    lines = text.splitlines(keepends=True)
    i = draw(st.integers(0, len(lines) - 1))
    if how == "duplicate":
        lines.insert(i, lines[draw(st.integers(0, len(lines) - 1))])
    elif how == "nest":
        depth = draw(st.integers(1, 64))
        value = "[" * depth + "1" + "]" * depth
        key = draw(st.sampled_from(["title", "description", "attributes", "cases"]))
        if fmt == "json":
            return (text.replace(f'"{key}": ', f'"{key}": {value}, "x{key}": ', 1)).encode(), fmt
        lines.append(f"{key}: {value}\n")
    elif how in ("number", "tag"):
        odd = (
            draw(st.sampled_from(_ODD))
            if how == "tag"
            else draw(st.sampled_from([BIG, "-" + BIG, "1e999", "0" * 5000 + "1"]))
        )
        head, sep, _ = lines[i].partition(": ")
        lines[i] = f"{head}{sep or ': '}{odd}\n"
    else:  # splice a piece of the file into another place
        j = draw(st.integers(0, len(lines) - 1))
        lines[i:i] = lines[j : j + draw(st.integers(1, 5))]
    return "".join(lines).encode("utf-8", "surrogatepass"), fmt


@settings(
    max_examples=300,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(_mutated())
def test_fuzzed_project_files_end_in_a_realist_error(case: tuple[bytes, str]) -> None:
    data, fmt = case
    for blob in (data, data.decode("utf-8", "replace")):
        try:
            rl.loads(blob, format=fmt, file=f"fuzz.{fmt}")  # type: ignore[arg-type]
        except RealistError as exc:
            assert str(exc).startswith(f"fuzz.{fmt}: "), str(exc)


@pytest.mark.parametrize(
    "text", ['{"title": ' + BIG + "}", '{"title": "x", "title": "y"}', '{"title": "x",,}', ""]
)
def test_json_errors_chain_no_foreign_traceback(text: str) -> None:
    with pytest.raises(FileFormatError) as info:
        rl.loads(text)
    assert info.value.__context__ is None or info.value.__suppress_context__
