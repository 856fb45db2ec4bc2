"""The ``realist`` command: a thin layer that parses arguments and calls the library.

Commands
--------
``realist demo [--out DIR]``
    Write the bundled HIPP project, its summary, tables and figures into DIR
    (``realist-demo`` by default).
``realist validate FILE...``
    Check project files; print every problem; exit 1 if any file has one.
``realist summary FILE``
    Print a short summary of a project file.
``realist import FILE -o PROJECT [--status S] [--progress]``
    Import a REFI-QDA export (.qdpx, .qde, .qdc) or a CMOc spreadsheet (.csv,
    .xlsx) into a project file, and print the import report: what was read,
    what it became, and everything that could not be mapped.

Every failure a user can cause ends in a one-paragraph message on stderr and
exit status 1 (2 for a wrong command line), never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from realist import __version__
from realist.errors import FileWriteError, RealistError

__all__ = ["main"]


def _cmd_validate(args: argparse.Namespace) -> int:
    from realist.io.project_files import load

    failed = 0
    for name in args.files:
        try:
            project = load(name)
        except RealistError as exc:
            failed += 1
            print(f"INVALID {exc}", file=sys.stderr)
            continue
        counts = ", ".join(f"{n} {k}" for k, n in project.summary().items() if n)
        print(f"ok {name}: {counts or 'empty project'}")
    return 1 if failed else 0


def _cmd_summary(args: argparse.Namespace) -> int:
    from realist.io.project_files import load
    from realist.render.text import summary_text

    print(summary_text(load(args.file)))
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from realist import datasets
    from realist.render.text import analysis_text, summary_text

    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileWriteError(
            f"{out}: cannot create the demo folder ({exc.strerror or exc}); choose another --out"
        ) from None
    project = datasets.load("hipp")
    written = [project.save(out / "hipp.yaml"), project.save(out / "hipp.json")]
    summary = out / "summary.txt"
    from realist._formats import atomic_write_text

    atomic_write_text(summary, summary_text(project) + "\n")
    written.append(summary)
    analysis = analysis_text(project)
    atomic_write_text(out / "analysis.txt", analysis + "\n")
    written.append(out / "analysis.txt")
    print(analysis)
    print()
    from realist.render.demo import write_demo_figures

    written.extend(write_demo_figures(project, out))
    for path in written:
        print(f"wrote {path}")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from realist._formats import format_of
    from realist.io.qdpx import import_file

    format_of(args.output)  # a wrong suffix is found before a long import, not after
    options: dict[str, object] = {}
    if Path(args.file).suffix.lower() in (".qdpx", ".qde", ".qdc"):
        if args.status:
            options["status"] = args.status
        if args.progress:
            options["progress"] = True
    project, report = import_file(args.file, **options)
    out = project.save(args.output)
    print(report)
    print(f"wrote {out}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="realist",
        description="Realist evaluation: CMO configurations, regularities, figures.",
    )
    parser.add_argument("--version", action="version", version=f"realist {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    demo = sub.add_parser("demo", help="run the HIPP example end to end")
    demo.add_argument("--out", default="realist-demo", help="output folder (default: %(default)s)")
    demo.set_defaults(func=_cmd_demo)

    validate = sub.add_parser("validate", help="check project files and list every problem")
    validate.add_argument("files", nargs="+", metavar="FILE", help=".json, .yaml or .yml")
    validate.set_defaults(func=_cmd_validate)

    summary = sub.add_parser("summary", help="print a short summary of a project file")
    summary.add_argument("file", metavar="FILE")
    summary.set_defaults(func=_cmd_summary)
    imp = sub.add_parser(
        "import", help="import a REFI-QDA export or a CMOc spreadsheet into a project file"
    )
    imp.add_argument("file", metavar="FILE", help=".qdpx, .qde, .qdc, .csv or .xlsx")
    imp.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="PROJECT",
        help="project file to write (.yaml/.json)",
    )
    imp.add_argument(
        "--status",
        choices=["conjectured", "supported", "refuted", "refined"],
        help="status of the configurations formed from codings (REFI-QDA only)",
    )
    imp.add_argument("--progress", action="store_true", help="show progress on stderr")
    imp.set_defaults(func=_cmd_import)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: ``sys.argv[1:]``); return the exit status."""
    args = _parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except RealistError as exc:
        print(f"realist {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
