"""Saving safely: one atomic-write helper for every file realist writes.

A save goes to a uniquely named temporary file beside the target and then
replaces it, so a kill, a full disk or a second save at the same moment leaves
the previous file or the new one, whole; every failure is a FileWriteError
naming the path and the system's reason. The kill tests run each save in a
child process (with its own memory limit and a timeout) and SIGKILL it at
random moments; no test measures time.
"""

from __future__ import annotations

import errno
import os
import random
import re
import select
import signal
import stat
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import realist as rl
from realist import _formats
from realist.errors import FileWriteError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ---------------------------------------------------------------- the helper


def _fail_with(code: int) -> Callable[..., Any]:
    def fail(*args: object, **kwargs: object) -> Any:
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize(
    ("call", "code", "advice"),
    [
        ("write", errno.ENOSPC, "the disk is full: free some space"),
        ("write", errno.EDQUOT, "the disk quota is used up"),
        ("fsync", errno.EIO, "the previous file is unchanged"),
        ("replace", errno.EACCES, "no permission to write there"),
        ("replace", errno.EROFS, "the disk is read-only"),
    ],
)
def test_os_failures_are_file_write_errors_and_change_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: str, code: int, advice: str
) -> None:
    path = tmp_path / "p.json"
    _formats.atomic_write_bytes(path, b"before")
    monkeypatch.setattr(os, call, _fail_with(code))
    reason = re.escape(os.strerror(code))  # the system's words, in its language
    with pytest.raises(
        FileWriteError, match=rf"p\.json: cannot write \({reason}\); {advice}"
    ) as info:
        _formats.atomic_write_bytes(path, b"after" * 1000)
    monkeypatch.undo()
    assert info.value.errno == code
    assert path.read_bytes() == b"before"
    assert temporaries(tmp_path) == []


def test_a_keyboard_interrupt_removes_the_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.yaml"
    _formats.atomic_write_text(path, "title: before\n")

    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        _formats.atomic_write_text(path, "title: after\n")
    monkeypatch.undo()
    assert path.read_text() == "title: before\n"
    assert temporaries(tmp_path) == []


def test_a_nul_in_the_path_is_a_file_write_error(tmp_path: Path) -> None:
    with pytest.raises(FileWriteError, match=r"a\\0b\.json: cannot write .*cannot hold a NUL"):
        _formats.atomic_write_bytes(str(tmp_path / "a\0b.json"), b"x")
    with pytest.raises(FileWriteError, match="a file name cannot hold a NUL character"):
        rl.Project(title="x").save(str(tmp_path / "a\0b.json"))


def test_paths_that_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "file").write_text("x")
    cases = {
        tmp_path / "folder.json": r"is a folder, not a file",
        tmp_path / "missing" / "p.json": r"\); check that the folder exists",
        tmp_path / "file" / "p.json": r"\); a part of the path is a file",
        tmp_path / ("n" * 300 + ".json"): r"\); choose a shorter name",
    }
    for path, message in cases.items():
        with pytest.raises(FileWriteError, match=message) as info:
            _formats.atomic_write_bytes(path, b"x")
        assert str(info.value).startswith(str(path)[:50])
    assert sorted(os.listdir(tmp_path)) == ["file", "folder.json"]


def test_a_fifo_is_refused_and_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "p.json"
    os.mkfifo(fifo)
    with pytest.raises(FileWriteError, match=r"p\.json: cannot write \(is a FIFO"):
        rl.Project(title="x").save(fifo)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still the FIFO, not replaced by a file
    assert temporaries(tmp_path) == []


def test_a_device_is_refused_and_left_alone(tmp_path: Path) -> None:
    device = tmp_path / "null.yaml"
    try:  # a copy of /dev/null inside tmp_path: the real one must never be at risk
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pytest.skip("making a device file needs root")
    link = tmp_path / "link.json"
    link.symlink_to(device)
    for path in (device, link):
        with pytest.raises(FileWriteError, match=r"cannot write \(is a device, not a file\)"):
            _formats.atomic_write_text(path, "title: x\n")
    assert stat.S_ISCHR(os.stat(device).st_mode)


def test_long_names_leave_room_for_the_temporary(tmp_path: Path) -> None:
    path = tmp_path / ("n" * 250 + ".yaml")
    rl.Project(title="x").save(path)
    assert rl.load(path).title == "x"
    assert temporaries(tmp_path) == []


def test_each_save_takes_a_new_temporary_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names: list[str] = []
    real = os.replace

    def spy(src: str, dst: object) -> None:
        names.append(os.path.basename(src))
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", spy)
    for _ in range(3):
        _formats.atomic_write_bytes(tmp_path / "p.json", b"x")
    assert len(set(names)) == 3
    assert all(n.startswith(".p.json.") and n.endswith(".tmp") and len(n) == 20 for n in names)


def test_stale_temporaries_go_and_live_ones_stay(tmp_path: Path) -> None:
    fcntl = pytest.importorskip("fcntl")
    path = tmp_path / "p.json"
    stale = tmp_path / ".p.json.abcd1234.tmp"  # left by a killed save: nobody holds it
    stale.write_text("half")
    live = tmp_path / ".p.json.live5678.tmp"  # a save in progress holds its lock
    live.write_text("writing")
    unrelated = [".p.json.backup.tmp", ".q.json.abcd1234.tmp", "p.json.abcd1234.tmp"]
    for name in unrelated:
        (tmp_path / name).write_text("mine")
    with open(live, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        _formats.atomic_write_bytes(path, b"new")
        assert not stale.exists()
        assert live.exists()
    _formats.atomic_write_bytes(path, b"newer")  # the lock is gone: now it is garbage
    assert temporaries(tmp_path) == sorted(unrelated)
    assert path.read_bytes() == b"newer"


def test_permissions_and_symlinks_for_any_writer(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    _formats.atomic_write_text(real, "a\n")
    real.chmod(0o604)
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    _formats.atomic_write_text(link, "b\n")
    assert link.is_symlink() and real.read_text() == "b\n"
    assert real.stat().st_mode & 0o777 == 0o604


# ---------------------------------------------------------------- figures and diagrams


@pytest.fixture(scope="module")
def hipp() -> rl.Project:
    return rl.datasets.load("hipp")


@pytest.fixture(scope="module")
def figure(hipp: rl.Project) -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = rl.plot_case_matrix(hipp)
    yield ax
    plt.close(ax.figure)


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_save_figure_fails_cleanly_and_changes_nothing(
    figure: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    path = rl.save_figure(figure, tmp_path / f"f{suffix}")
    before = path.read_bytes()
    monkeypatch.setattr(os, "write", _fail_with(errno.ENOSPC))
    with pytest.raises(FileWriteError, match=rf"f\{suffix}: cannot write .*disk is full"):
        rl.save_figure(figure, path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert temporaries(tmp_path) == []


def test_save_figure_refuses_what_it_cannot_write(figure: Any, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.png")
    (tmp_path / "file").write_text("x")
    cases = {
        str(tmp_path / "a\0.png"): "cannot hold a NUL character",
        str(tmp_path / "fifo.png"): "is a FIFO",
        str(tmp_path / "file" / "f.svg"): "file",
    }
    for path, message in cases.items():
        with pytest.raises(FileWriteError, match=message):
            rl.save_figure(figure, path)
    assert stat.S_ISFIFO(os.stat(tmp_path / "fifo.png").st_mode)
    assert temporaries(tmp_path) == []


def test_save_figure_still_makes_missing_folders(figure: Any, tmp_path: Path) -> None:
    path = rl.save_figure(figure, tmp_path / "a" / "b" / "f.svg")
    ET.fromstring(path.read_bytes())


@pytest.mark.graphviz
def test_diagram_save_fails_cleanly(
    hipp: rl.Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = rl.draw(hipp, min_cases=2)
    path = graph.write(tmp_path / "d.svg")
    before = path.read_bytes()
    for bad, message in (
        (str(tmp_path / "a\0.svg"), "cannot hold a NUL character"),
        (str(tmp_path / "d.svg" / "x.svg"), "file"),
    ):
        with pytest.raises(FileWriteError, match=message):
            graph.write(bad)
    monkeypatch.setattr(os, "replace", _fail_with(errno.ENOSPC))
    with pytest.raises(FileWriteError, match=r"d\.svg: cannot write .*disk is full"):
        graph.write(path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert temporaries(tmp_path) == []


@pytest.mark.graphviz
def test_diagram_save_uses_the_helper(
    hipp: rl.Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[str] = []
    real = _formats.atomic_write_bytes

    def spy(path: Any, data: bytes, **kwargs: Any) -> None:
        written.append(os.path.basename(path))
        real(path, data, **kwargs)

    monkeypatch.setattr(_formats, "atomic_write_bytes", spy)
    rl.draw(hipp, min_cases=2).write(tmp_path / "d.png")
    rl.draw(hipp, min_cases=2).write(tmp_path / "d.gv")
    assert written == ["d.png", "d.gv"]


def test_demo_writes_every_file_through_the_helper(
    hipp: rl.Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import warnings

    from realist.render.demo import write_demo_figures

    written: set[str] = set()
    real = _formats.atomic_write_bytes

    def spy(path: Any, data: bytes, **kwargs: Any) -> None:
        written.add(os.path.basename(path))
        real(path, data, **kwargs)

    monkeypatch.setattr(_formats, "atomic_write_bytes", spy)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        paths = write_demo_figures(hipp, tmp_path)
    names = {p.name for p in paths}
    assert any(n.startswith("programme-theory.") for n in names)  # diagrams too
    assert names and names <= written
    assert temporaries(tmp_path) == []


# ---------------------------------------------------------------- the command line


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        (("os", "write", errno.ENOSPC), "disk is full"),
        (("tempfile", "mkstemp", errno.EACCES), "no permission to write there"),
    ],
)
def test_demo_on_a_full_or_locked_disk_is_one_clear_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    patch: tuple[str, str, int],
    message: str,
) -> None:
    import tempfile

    from realist.cli import main

    module = {"os": os, "tempfile": tempfile}[patch[0]]
    monkeypatch.setattr(module, patch[1], _fail_with(patch[2]))
    status = main(["demo", "--out", str(tmp_path / "demo")])
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert status == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("realist demo: "), err
    assert message in lines[0] and "hipp.yaml" in lines[0]
    assert "Traceback" not in err


def test_demo_into_an_unusable_folder_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from realist.cli import main

    (tmp_path / "file").write_text("x")
    assert main(["demo", "--out", str(tmp_path / "file" / "demo")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("realist demo: ") and len(err.strip().splitlines()) == 1
    assert main(["demo", "--out", str(tmp_path / "a\0b")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("realist demo: ") and "null" in err


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES])
def test_import_on_a_full_or_locked_disk_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: int
) -> None:
    from realist.cli import main

    sheet = tmp_path / "cmocs.csv"
    sheet.write_text("case,mechanism,outcome\nSandwell,Champions,Vision\n", encoding="utf-8")
    out = tmp_path / "p.yaml"
    out.write_text("title: before\n")
    monkeypatch.setattr(os, "write" if code == errno.ENOSPC else "replace", _fail_with(code))
    status = main(["import", str(sheet), "-o", str(out)])
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("realist import: ") and "p.yaml: cannot write" in err, err
    assert "Traceback" not in err
    assert out.read_text() == "title: before\n"
    assert temporaries(tmp_path) == []


# ---------------------------------------------------------------- kills and races

_CHILD_PRELUDE = """
import os, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (4 * 1024**3, 4 * 1024**3))
import realist as rl
from pathlib import Path
target = Path(sys.argv[1])
"""

# Each writer script defines save(i) (which writes version i % 2 of the file to
# `target`) and writes both versions to ref-0 / ref-1 beside it before it says
# "ready"; then it saves for ever, until it is killed.
_WRITERS = {
    "project.json": """
p = [rl.datasets.load("hipp"), rl.datasets.load("hipp")]
p[1].add_case("extra", "Extra case")
def save(i, path=target):
    p[i % 2].save(path)
""",
    "project.yaml": """
p = [rl.datasets.load("hipp"), rl.datasets.load("hipp")]
p[1].add_case("extra", "Extra case")
def save(i, path=target):
    p[i % 2].save(path)
""",
    "figure.png": """
import matplotlib
matplotlib.use("Agg")
hipp = rl.datasets.load("hipp")
axes = [rl.plot_case_matrix(hipp), rl.plot_evidence(hipp)]
def save(i, path=target):
    rl.save_figure(axes[i % 2], path, dpi=100)
""",
    "figure.svg": """
import matplotlib
matplotlib.use("Agg")
hipp = rl.datasets.load("hipp")
axes = [rl.plot_case_matrix(hipp), rl.plot_evidence(hipp)]
def save(i, path=target):
    rl.save_figure(axes[i % 2], path)
""",
    "diagram.svg": """
hipp = rl.datasets.load("hipp")
graphs = [rl.draw(hipp, min_cases=2), rl.draw(hipp.configurations[0], project=hipp)]
def save(i, path=target):
    graphs[i % 2].write(path)
""",
    "table.csv": """
p = [rl.datasets.load("hipp"), rl.datasets.load("hipp")]
p[1].configurations[0].note = "changed " * 1000
def save(i, path=target):
    rl.write_table(p[i % 2], path)
""",
    "network.graphml": """
p = [rl.datasets.load("hipp"), rl.datasets.load("hipp")]
p[1].add_mechanism("One more mechanism")
def save(i, path=target):
    rl.write_graphml(p[i % 2], path)
""",
}

_CHILD_LOOP = """
save(0, target.with_name("ref-0" + target.suffix))
save(1, target.with_name("ref-1" + target.suffix))
save(0)
print("ready", flush=True)
i = 1
while True:
    save(i)
    i += 1
"""


def _whole(path: Path, refs: list[bytes]) -> bool:
    """The file is one of the two versions, whole (and parses as its format)."""
    data = path.read_bytes()
    if path.suffix == ".png":
        assert data.startswith(PNG_SIGNATURE) and data.endswith(PNG_END)
    elif path.suffix in (".svg", ".graphml"):
        ET.fromstring(data)
    elif path.suffix in (".json", ".yaml"):
        rl.load(path)
    return data in refs


def _start(kind: str, target: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD_PRELUDE + _WRITERS[kind] + _CHILD_LOOP, str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # one process group: the kill takes `dot` along
    )


def _wait_ready(child: subprocess.Popen[str]) -> None:
    assert child.stdout is not None
    readable, _, _ = select.select([child.stdout], [], [], 300)
    line = child.stdout.readline() if readable else ""
    if line.strip() != "ready":
        os.killpg(child.pid, signal.SIGKILL)
        _, err = child.communicate(timeout=60)
        pytest.fail(f"the writer did not start: {err[-2000:]}")


KINDS = [
    "project.json",
    "project.yaml",
    "figure.png",
    "figure.svg",
    pytest.param("diagram.svg", marks=pytest.mark.graphviz),
    "table.csv",
    "network.graphml",
]


@pytest.mark.parametrize("kind", KINDS)
def test_a_kill_during_save_leaves_a_whole_file(tmp_path: Path, kind: str) -> None:
    rng = random.Random(kind)
    target = tmp_path / kind
    refs: list[bytes] = []
    for _ in range(20):
        child = _start(kind, target)
        try:
            _wait_ready(child)
            if not refs:
                refs = [target.with_name(f"ref-{i}{target.suffix}").read_bytes() for i in (0, 1)]
                assert refs[0] != refs[1]
            threading.Event().wait(rng.uniform(0, 0.05))
        finally:
            with_group = child.poll() is None
            if with_group:
                os.killpg(child.pid, signal.SIGKILL)
            child.communicate(timeout=60)
        assert child.returncode == -signal.SIGKILL, "the writer stopped before it was killed"
        assert _whole(target, refs), f"kill {_} left a torn {kind}"
    # Killed saves may leave temporaries; the next save removes them (nobody holds them).
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            _CHILD_PRELUDE + _WRITERS[kind] + "save(1)\n",
            str(target),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    assert target.read_bytes() == refs[1]
    assert temporaries(tmp_path) == []


@pytest.mark.parametrize(
    "kind",
    [
        "project.json",
        "project.yaml",
        "figure.png",
        pytest.param("diagram.svg", marks=[pytest.mark.graphviz]),
    ],
)
def test_two_writers_at_once_leave_one_whole_file(tmp_path: Path, kind: str) -> None:
    """Two processes save different content to one path 50 times each, while this
    process reads it: every read and the final file is one of the two, whole."""
    target = tmp_path / kind
    script = (
        _CHILD_PRELUDE
        + _WRITERS[kind]
        + "import sys\nwhich = int(sys.argv[2])\n"
        + "save(which, target.with_name(f'ref-{which}' + target.suffix))\n"
        + "print('ready', flush=True)\nsys.stdin.readline()\n"
        + "for _ in range(50):\n    save(which)\n"
    )
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    children = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(target), str(which)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            start_new_session=True,
        )
        for which in (0, 1)
    ]
    try:
        for child in children:
            _wait_ready(child)
        refs = [target.with_name(f"ref-{i}{target.suffix}").read_bytes() for i in (0, 1)]
        for child in children:  # both start at once
            assert child.stdin is not None
            child.stdin.write("go\n")
            child.stdin.flush()
        give_up = time.monotonic() + 900  # a guard against a hang, not a measure of speed
        while any(child.poll() is None for child in children):
            assert time.monotonic() < give_up, "the writers hung"
            if target.exists():
                assert _whole(target, refs)
        errors = [child.communicate(timeout=60)[1] for child in children]
    finally:
        for child in children:
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGKILL)
                child.communicate(timeout=60)
    assert [child.returncode for child in children] == [0, 0], errors
    assert _whole(target, refs)
    assert temporaries(tmp_path) == []


def test_threads_saving_one_project_file_never_tear_it(tmp_path: Path) -> None:
    a = rl.datasets.load("hipp")
    b = rl.datasets.load("hipp")
    b.add_case("extra", "Extra case")
    path = tmp_path / "p.json"
    a.save(path)
    failures: list[BaseException] = []

    def writer(project: rl.Project) -> None:
        try:
            for _ in range(50):
                project.save(path)
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    threads = [threading.Thread(target=writer, args=(p,)) for p in (a, b)]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        assert rl.load(path) in (a, b)
    for t in threads:
        t.join()
    assert failures == []
    assert rl.load(path) in (a, b)
    assert temporaries(tmp_path) == []
