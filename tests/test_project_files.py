"""Project files: JSON and YAML, round trips, atomic saves, and every bad-file error."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import realist as rl
from realist.errors import (
    BrokenReferenceError,
    DuplicateIdError,
    FileFormatError,
    FileWriteError,
    MissingFileError,
    SchemaVersionError,
    UnsafeFileError,
    ValidationError,
)


@pytest.mark.parametrize("suffix", [".json", ".yaml", ".yml"])
def test_round_trip(small: rl.Project, tmp_path: Path, suffix: str) -> None:
    path = small.save(tmp_path / f"eval{suffix}")
    again = rl.load(path)
    assert again == small
    assert again.get("k2", rl.Configuration).constraining == ["c-turbulence"]
    # Saving what was loaded gives the same bytes: files diff cleanly under git.
    second = again.save(tmp_path / f"again{suffix}")
    assert second.read_bytes() == path.read_bytes()


def test_file_starts_with_schema_version_and_keeps_field_order(
    small: rl.Project, tmp_path: Path
) -> None:
    text = small.save(tmp_path / "p.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[:2] == ["schema_version: 1", "title: Small evaluation"]
    top = [line.split(":")[0] for line in lines if line and not line.startswith((" ", "-"))]
    assert top == [
        "schema_version",
        "title",
        "description",
        "themes",
        "cases",
        "sources",
        "evidence",
        "contexts",
        "mechanisms",
        "outcomes",
        "configurations",
        "links",
        "hypotheses",
    ]
    assert "status: conjectured" not in text  # YAML leaves defaults out ...
    data = json.loads(small.save(tmp_path / "p.json").read_text(encoding="utf-8"))
    assert list(data)[:2] == ["schema_version", "title"]
    assert data["hypotheses"][0]["status"] == "conjectured"  # ... JSON writes every field
    assert list(data["hypotheses"][0]) == list(rl.Hypothesis.model_fields)


def test_yaml_keeps_dates_and_multiline_quotes_as_text(tmp_path: Path) -> None:
    p = rl.Project(title="t")
    p.add_case("a", interviewed="2006-05-01")
    p.add_source("s")
    p.add_evidence(source="s", quote="first line\nsecond line")
    path = p.save(tmp_path / "p.yaml")
    assert "quote: |-\n" in path.read_text(encoding="utf-8")
    again = rl.load(path)
    assert again.get("a", rl.Case).attributes["interviewed"] == "2006-05-01"
    assert again == p


def test_unicode_survives(tmp_path: Path) -> None:
    p = rl.Project(title="Évaluation réaliste — « santé »")
    p.add_context("Équipe de santé ✓", id="c-equipe")
    for suffix in (".json", ".yaml"):
        assert rl.load(p.save(tmp_path / f"u{suffix}")) == p


def test_format_override_and_unknown_suffix(small: rl.Project, tmp_path: Path) -> None:
    path = small.save(tmp_path / "project.txt", format="yaml")
    assert rl.load(path, format="yaml") == small
    with pytest.raises(FileFormatError, match=r"unknown project-file suffix '\.txt'"):
        rl.load(path)
    with pytest.raises(FileFormatError, match="unknown project-file suffix"):
        small.save(tmp_path / "project.xml")
    assert not (tmp_path / "project.xml").exists()


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MissingFileError, match=r"nothing\.yaml: no such file") as info:
        rl.load(tmp_path / "nothing.yaml")
    assert isinstance(info.value, FileNotFoundError)
    folder = tmp_path / "folder.json"
    folder.mkdir()
    with pytest.raises(FileFormatError, match="is a folder"):
        rl.load(folder)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "text", "error", "message"),
    [
        ("a.yaml", "title: [unclosed\n", FileFormatError, r"a\.yaml: not valid YAML: .* line 2"),
        ("a.yaml", "- just\n- a list\n", FileFormatError, "mapping .* not list"),
        ("a.json", '{"title": "x",,}', FileFormatError, r"a\.json: not valid JSON: .*line 1"),
        (
            "a.json",
            '{"schema_version": 7, "title": "x"}',
            SchemaVersionError,
            r"a\.json: schema_version 7 is newer than",
        ),
        (
            "a.yaml",
            "schema_version: 1\ntitle: x\ncolour: red\n",
            ValidationError,
            r"a\.yaml: colour \(line 3\): unknown field",
        ),
        (
            "a.yaml",
            "title: ''\n",
            ValidationError,
            r"title \(line 1\): .*\(got ''\)",
        ),
        (
            "a.yaml",
            "title: x\ncontexts:\n- id: c\n  label: C\n- id: c\n  label: D\n",
            DuplicateIdError,
            r"contexts\[1\]\.id \(line 5\): duplicate id 'c'",
        ),
        (
            "a.yaml",
            "title: x\nmechanisms:\n- {id: m, label: M}\noutcomes:\n- {id: o, label: O}\n"
            "configurations:\n- id: k\n  mechanisms: [m]\n  outcomes: [o, o-gone]\n",
            BrokenReferenceError,
            r"configurations\[0\]\.outcomes\[1\] \(line 9\): unknown id 'o-gone'",
        ),
        (
            "a.json",
            '{"title": "x", "configurations": [{"id": "k", "mechanisms": ["m"], "outcomes": []}]}',
            ValidationError,
            r"configurations\[0\]\.outcomes: .*\(got \[\]\)",
        ),
    ],
)
def test_bad_files_name_file_path_and_value(
    tmp_path: Path, name: str, text: str, error: type[Exception], message: str
) -> None:
    path = write(tmp_path, name, text)
    before = sorted(os.listdir(tmp_path))
    with pytest.raises(error, match=message):
        rl.load(path)
    assert sorted(os.listdir(tmp_path)) == before
    assert path.read_text(encoding="utf-8") == text


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes("title: Évaluation\n".encode("latin-1"))
    with pytest.raises(FileFormatError, match="not UTF-8"):
        rl.load(path)


def test_save_is_atomic_when_writing_fails(
    small: rl.Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = small.save(tmp_path / "p.json")
    before = path.read_bytes()
    small.add_case("c", "Case C")

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(FileWriteError, match=r"p\.json: cannot write \(disk full\); the previous"):
        small.save(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.json"]  # no temp file left


def test_save_refuses_an_invalid_project(small: rl.Project, tmp_path: Path) -> None:
    path = small.save(tmp_path / "p.yaml")
    before = path.read_bytes()
    small.configurations[0].mechanisms.append("m-ghost")
    with pytest.raises(BrokenReferenceError, match="m-ghost"):
        small.save(path)
    assert path.read_bytes() == before


def test_save_keeps_permissions(small: rl.Project, tmp_path: Path) -> None:
    path = small.save(tmp_path / "p.yaml")
    path.chmod(0o640)
    small.save(path)
    assert path.stat().st_mode & 0o777 == 0o640


def test_loads_text() -> None:
    p = rl.loads("title: From text\n", format="yaml")
    assert p.title == "From text" and p.schema_version == rl.SCHEMA_VERSION


def _alias_bomb(levels: int) -> str:
    lines = ["a0: &a0 [" + ", ".join(["x"] * 10) + "]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    lines.append(f"title: *a{levels - 1}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "fmt", "error", "message"),
    [
        # libyaml's C constructor would crash the interpreter on this.
        (
            "title: " + "[" * 100_000 + "]" * 100_000 + "\n",
            "yaml",
            UnsafeFileError,
            "nested more than 64",
        ),
        (
            "title: x\ncases:\n" + "- " * 100_000 + "x\n",
            "yaml",
            UnsafeFileError,
            "nested more than 64",
        ),
        (
            '{"title": ' + "[" * 5000 + "]" * 5000 + "}",
            "json",
            UnsafeFileError,
            "nested too deeply",
        ),
        # 10**10 list items reachable through aliases: only a bounded repr is made.
        (
            _alias_bomb(10),
            "yaml",
            ValidationError,
            r"title \(line 11\): .*\(got \[\[\[\.\.\.\], .*\.\.\.\)",
        ),
        (
            "title: x\ncases:\n- {id: a, name: A}\ncases: []\n",
            "yaml",
            FileFormatError,
            "the key 'cases' appears twice .* line 4",
        ),
    ],
)
def test_hostile_files_end_in_a_clear_error(
    text: str, fmt: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        rl.loads(text, format=fmt)  # type: ignore[arg-type]


def test_yaml_keeps_norway_and_leading_zeros_as_text(tmp_path: Path) -> None:
    p = rl.loads(
        "title: x\ncases:\n- id: 'on'\n  name: A\n  attributes: {country: NO, zip: 010, n: 7, f: 1.5,"
        " ok: true, t: '1:30'}\n",
        format="yaml",
    )
    assert p.get("on", rl.Case).attributes == {
        "country": "NO",
        "zip": "010",
        "n": 7,
        "f": 1.5,
        "ok": True,
        "t": "1:30",
    }
    assert rl.load(p.save(tmp_path / "p.yaml")) == p
    p.add_case("b", code="1e3", word="true")  # strings that look typed are quoted when saved
    assert rl.load(p.save(tmp_path / "p.yaml")) == p


def test_json_with_a_byte_order_mark_loads() -> None:
    assert rl.loads(b'\xef\xbb\xbf{"schema_version": 1, "title": "B"}').title == "B"


def test_save_where_it_cannot_write(small: rl.Project, tmp_path: Path) -> None:
    with pytest.raises(FileWriteError, match="check that the folder exists") as info:
        small.save(tmp_path / "no-such-folder" / "p.yaml")
    assert isinstance(info.value, OSError)
    (tmp_path / "folder.yaml").mkdir()
    with pytest.raises(FileWriteError, match="is a folder"):
        small.save(tmp_path / "folder.yaml")


def test_save_through_a_symlink_replaces_the_file_it_points_to(
    small: rl.Project, tmp_path: Path
) -> None:
    real = small.save(tmp_path / "real.yaml")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    small.add_case("c", "Case C")
    small.save(link)
    assert link.is_symlink()
    assert rl.load(real).get("c").name == "Case C"
