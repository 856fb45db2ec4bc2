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
``realist import FILE -o PROJECT [options]``
    Import a REFI-QDA export (.qdpx, .qde, .qdc) or a CMOc spreadsheet (.csv,
    .xlsx) into a project file, and print the import report: what was read,
    what it became, and everything that could not be mapped. Options reach
    every import option: ``--map FILE``, ``--roots KIND=NAME``, ``--prefixes
    KIND=PREFIX``, ``--themes``, ``--configurations``, ``--coder``,
    ``--source-kind``, ``--case-attribute``, ``--status``, ``--progress``.
``realist codes PROJECT [--template FILE]``
    List the codebook of an imported project (path, excerpts, what each code
    maps to); write a mapping template to fill in.
``realist map PROJECT --map FILE -o OUT [--configurations G] [--coder C]``
    Map the codes of a project already imported to contexts, mechanisms,
    outcomes and themes, form configurations, and write the result.
``realist report PROJECT -o DIR [--quotes N] [--max-quote-chars N] [--caption T=TEXT]``
    Write everything a paper needs into DIR: tables (Markdown, LaTeX, CSV,
    Word), figures (SVG, PDF, PNG), the methods summary, the GRADE-CERQual
    table and check, and an ``index.md`` that links them.
``realist mine PROJECT [regularities|elements|contrasts] [--min-cases N] [--theme T] [--by B]``
    Print the regularities, recurring elements or contrasts of a project;
    ``-o FILE.csv`` writes them too.
``realist draw PROJECT -o FILE [--configuration ID | --regularity N]``
    Draw a configuration, a regularity (its rank in ``realist mine``) or the
    programme-theory network (the default) to an SVG, PDF or PNG file.
``realist explore PROJECT -o FILE [--title T] [--weight W] [--layout L]``
    Write the interactive explorer of a project: one self-contained HTML file
    that opens offline in any browser.

Every failure a user can cause ends in a one-paragraph message on stderr and
exit status 1 (2 for a wrong command line), never a traceback; warnings are
printed as ``realist COMMAND: warning: ...``, never as Python warning lines.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Literal

from realist import __version__
from realist.errors import FileWriteError, Problem, RealistError, ValidationError

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
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        reason = getattr(exc, "strerror", None) or exc
        raise FileWriteError(
            f"{out}: cannot create the demo folder ({reason}); choose another --out"
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

    try:
        written.extend(write_demo_figures(project, out))
    except OSError as exc:  # a writer outside the atomic helper: still one clear line
        if isinstance(exc, RealistError):
            raise
        raise FileWriteError(
            f"{exc.filename or out}: cannot write ({exc.strerror or exc}); choose another --out"
        ) from None
    for path in written:
        print(f"wrote {path}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from realist.io.project_files import load
    from realist.render.report import write_report

    captions = {}
    for value in args.caption or []:
        stem, sep, text = value.partition("=")
        if not sep or not text.strip():
            raise ValidationError(
                f"--caption {value!r}: write TABLE=TEXT (e.g. --caption 'cmocs=Table 2. CMOcs')"
            )
        captions[stem.strip()] = text.strip()
    project = load(args.project)
    written = write_report(
        project,
        args.output,
        quotes=args.quotes,
        max_quote_chars=args.max_quote_chars,
        min_cases=args.min_cases,
        captions=captions,
    )
    print(f"wrote {len(written)} files into {args.output}; start from {written[0]}")
    return 0


_MINE_COLUMNS = {
    "regularities": [
        "rank",
        "context_labels",
        "mechanism_labels",
        "outcome_labels",
        "n_cases",
        "n_counter_cases",
        "n_sources",
    ],
    "elements": ["theme_label", "kind", "label", "n_cases", "cases", "n_counter_cases"],
    "contrasts": [
        "contrast",
        "mechanism_labels",
        "group",
        "outcome_labels",
        "cases",
        "context_labels",
        "refuted",
    ],
}


def _cmd_mine(args: argparse.Namespace) -> int:
    import pandas as pd

    from realist.analysis.contrasts import contrasts, contrasts_frame
    from realist.analysis.regularities import (
        find_regularities,
        recurring_elements,
        regularities_frame,
    )
    from realist.io.project_files import load

    if args.output and Path(args.output).suffix.lower() != ".csv":
        raise ValidationError(f"{args.output}: -o writes a table as .csv; name a .csv file")
    project = load(args.project)
    themes = args.theme or None
    frame: pd.DataFrame
    if args.what == "regularities":
        if args.by:
            raise ValidationError(
                "--by groups recurring elements (a theme or a case attribute) and contrasts "
                "(mechanism_set or mechanism), not regularities: leave it out"
            )
        regs = find_regularities(project, min_cases=args.min_cases, themes=themes)
        frame = regularities_frame(regs, project=project)
        frame.insert(0, "rank", range(1, len(frame) + 1))
    elif args.what == "elements":
        by = None if args.by == "none" else (args.by or "theme")
        frame = recurring_elements(project, min_cases=args.min_cases, by=by)
        if themes:
            if by != "theme":
                raise ValidationError("--theme with elements needs --by theme (the default)")
            frame = frame[frame["theme"].isin(themes)]
    else:
        by = args.by or "mechanism_set"
        if by not in ("mechanism_set", "mechanism"):
            raise ValidationError(f"--by {by}: contrasts group by mechanism_set or mechanism")
        grouping: Literal["mechanism_set", "mechanism"] = (
            "mechanism" if by == "mechanism" else "mechanism_set"
        )
        found = contrasts(project, by=grouping, min_cases=args.min_cases, themes=themes)
        frame = contrasts_frame(found, project=project)
    shown = frame.map(lambda v: ", ".join(map(str, v)) if isinstance(v, tuple) else v)
    if shown.empty:
        print(f"no {args.what} in {args.min_cases} or more cases")
    else:  # the columns people read; the CSV has them all
        columns = [c for c in _MINE_COLUMNS[args.what] if c in shown.columns]
        print(shown[columns].to_string(index=False, max_colwidth=50))
    if args.output:
        from realist._formats import atomic_write_text

        atomic_write_text(args.output, shown.to_csv(index=False), folders=True)
        print(f"wrote {args.output}")
    return 0


def _cmd_draw(args: argparse.Namespace) -> int:
    from realist.analysis.regularities import find_regularities
    from realist.io.project_files import load
    from realist.model import Configuration
    from realist.render.demo import save_diagram

    target = Path(args.output)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in ("svg", "pdf", "png"):
        raise ValidationError(f"{args.output}: draw writes .svg, .pdf or .png; name one of those")
    project = load(args.project)
    kwargs: dict[str, object]
    if args.configuration:
        k = project.get(args.configuration, Configuration)
        kwargs = {"obj": k, "project": project}
    elif args.regularity is not None:
        min_cases = 2 if args.min_cases is None else args.min_cases
        regs = find_regularities(project, min_cases=min_cases, themes=args.theme or None)
        if not 1 <= args.regularity <= len(regs):
            raise ValidationError(
                f"{args.project}: --regularity {args.regularity}: there are {len(regs)} "
                f"regularities in {min_cases} or more cases; give a rank from "
                "realist mine"
            )
        kwargs = {"obj": regs[args.regularity - 1], "project": project}
    else:
        min_cases = 1 if args.min_cases is None else args.min_cases
        kwargs = {"obj": project, "min_cases": min_cases, "theme": args.theme or None}
    (path,) = save_diagram(kwargs, target.with_suffix(""), formats=[fmt])
    print(f"wrote {path}")
    return 0


_REFI_SUFFIXES = (".qdpx", ".qde", ".qdc", ".xml", ".zip")


def _pairs(values: list[str] | None, option: str) -> dict[str, tuple[str, ...]] | None:
    """``["mechanism=Programme", "outcome=Results"]`` as a roots/prefixes mapping."""
    if not values:
        return None
    if [v.strip().lower() for v in values] == ["none"]:
        return {}
    out: dict[str, list[str]] = {}
    kinds = {"c": "context", "m": "mechanism", "o": "outcome"}
    for value in values:
        kind, sep, name = value.partition("=")
        kind = kinds.get(kind.strip().lower(), kind.strip().lower())
        if not sep or kind not in ("context", "mechanism", "outcome") or not name.strip():
            raise ValidationError(
                f"{option} {value!r}: write KIND=NAME, KIND one of context, mechanism, outcome "
                f"(e.g. {option} mechanism=Programme activities), or {option} none"
            )
        out.setdefault(kind, []).append(name.strip() if option == "--roots" else name)
    return {k: tuple(v) for k, v in out.items()}


@contextlib.contextmanager
def _naming(mapping_file: str | None) -> Iterator[None]:
    """Errors in the mapping name the mapping file they came from."""
    try:
        yield
    except ValidationError as exc:
        if mapping_file is None or not any(p.path.startswith("mapping[") for p in exc.problems):
            raise
        problems = [
            Problem(p.path.removeprefix("mapping"), p.message, p.line, p.kind) for p in exc.problems
        ]
        raise ValidationError(problems, file=mapping_file) from None


def _cmd_import(args: argparse.Namespace) -> int:
    from realist._formats import format_of
    from realist.io.qdpx import import_file

    format_of(args.output)  # a wrong suffix is found before a long import, not after
    refi = Path(args.file).suffix.lower() in _REFI_SUFFIXES
    options: dict[str, object] = {}
    refi_only = {
        "--map": args.map,
        "--roots": args.roots,
        "--prefixes": args.prefixes,
        "--themes": args.themes,
        "--configurations": args.configurations,
        "--case-attribute": args.case_attribute,
        "--status": args.status,
        "--progress": args.progress or None,
    }
    if not refi:
        given = [name for name, value in refi_only.items() if value]
        if given:
            raise ValidationError(
                f"{args.file}: {', '.join(given)} apply to REFI-QDA exports (.qdpx, .qde, "
                ".qdc), not to spreadsheets; a spreadsheet names the kind of each column "
                "in its header"
            )
    else:
        if args.map:
            from realist.io.mapping import read_mapping

            options["mapping"] = read_mapping(args.map)
            options["mapping_file"] = args.map
        roots = _pairs(args.roots, "--roots")
        if roots is not None:
            options["roots"] = roots
        prefixes = _pairs(args.prefixes, "--prefixes")
        if prefixes is not None:
            options["prefixes"] = prefixes
        for name in ("themes", "configurations", "case_attribute", "status"):
            if getattr(args, name):
                options[name] = getattr(args, name)
        if args.progress:
            options["progress"] = True
    if refi and (args.empty_quotes or args.texts):
        given = [
            n for n, v in (("--empty-quotes", args.empty_quotes), ("--texts", args.texts)) if v
        ]
        raise ValidationError(
            f"{args.file}: {', '.join(given)} apply to spreadsheets (.csv, .xlsx), not to "
            "REFI-QDA exports, which carry their texts and quotes"
        )
    if args.empty_quotes:
        options["empty_quotes"] = args.empty_quotes
    if args.texts:
        options["texts"] = args.texts
    if args.source_kind:
        options["source_kind"] = args.source_kind
    if args.coder:
        options["coder"] = args.coder
    mapping_file = options.pop("mapping_file", None)
    with _naming(str(mapping_file) if mapping_file else None):
        project, report = import_file(args.file, **options)
    out = project.save(args.output)
    print(report)
    print(f"wrote {out}")
    return 0


def _cmd_codes(args: argparse.Namespace) -> int:
    from realist.analysis.codings import code_table
    from realist.io.project_files import load

    project = load(args.project)
    if not project.codes:
        print(f"{args.project}: no codes (only projects imported from a QDA export hold them)")
        return 0
    table = code_table(project)
    width = min(
        70, max(len("  " * d + label) for d, label in zip(table.depth, table.label, strict=True))
    )
    print(f"{'code':<{width}}  excerpts  maps to")
    for depth, label, n, mapped in zip(
        table.depth, table.label, table.excerpts, table.elements, strict=True
    ):
        print(f"{('  ' * depth + label)[:width]:<{width}}  {n:>8}  {mapped}")
    mapped_codes = int((table.elements != "").sum())
    print(f"{len(table)} codes, {mapped_codes} mapped to elements")
    if args.template:
        from realist.io.mapping import write_mapping_template

        out = write_mapping_template(project, args.template)
        print(f"wrote {out}: fill in 'maps to', then run realist map {args.project} --map {out}")
    return 0


def _cmd_map(args: argparse.Namespace) -> int:
    from realist._formats import format_of
    from realist.analysis.codings import coding_spans, map_codes
    from realist.io.mapping import read_mapping
    from realist.io.project_files import load

    format_of(args.output)
    project = load(args.project)
    mapping = read_mapping(args.map)
    with _naming(args.map):
        mapped = map_codes(
            project,
            mapping,
            roots=_pairs(args.roots, "--roots"),
            prefixes=_pairs(args.prefixes, "--prefixes"),
            configurations=args.configurations or "span",
            coder=args.coder,
            status=args.status or "conjectured",
        )
    out = mapped.save(args.output)
    spans = coding_spans(mapped, by=args.configurations or "span", coder=args.coder)
    print(
        f"{len(mapped.contexts)} contexts, {len(mapped.mechanisms)} mechanisms, "
        f"{len(mapped.outcomes)} outcomes, {len(mapped.configurations)} configurations"
    )
    if len(spans):
        reasons = spans.loc[~spans.forms, "reason"].value_counts()
        why = "; ".join(f"{n} {reason}" for reason, n in reasons.items())
        print(
            f"{len(spans)} spans, {int(spans.forms.sum())} forming a configuration"
            + (f" (the others: {why})" if why else "")
        )
    print(f"wrote {out}")
    return 0


def _cmd_explore(args: argparse.Namespace) -> int:
    from realist.io.project_files import load
    from realist.render.explorer import explore

    out = explore(
        load(args.project), args.output, title=args.title, weight=args.weight, layout=args.layout
    )
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
    _mapping_options(imp)
    imp.add_argument(
        "--themes",
        choices=["top", "all", "none"],
        help="what codes that are no element become: their top-level code's theme (default), "
        "a theme each, or nothing (REFI-QDA only)",
    )
    imp.add_argument(
        "--case-attribute",
        metavar="NAME",
        help="the source variable whose value names each source's case (REFI-QDA only)",
    )
    imp.add_argument(
        "--source-kind",
        choices=["interview", "document", "observation", "survey", "other"],
        help="the kind of every source, unless the file says otherwise",
    )
    imp.add_argument(
        "--texts",
        metavar="FOLDER",
        help="a folder of the sources' transcripts (<source>.txt): every quote is located in "
        "its source, the way people paste them (spreadsheets only)",
    )
    imp.add_argument(
        "--empty-quotes",
        choices=["keep", "skip", "error"],
        help="a source given without a quote: keep it as source-only evidence (default), "
        "skip it, or refuse the row (spreadsheets only)",
    )
    imp.add_argument("--progress", action="store_true", help="show progress on stderr")
    imp.set_defaults(func=_cmd_import)

    codes = sub.add_parser("codes", help="list the codebook of an imported project")
    codes.add_argument("project", metavar="PROJECT", help="a project file (.yaml/.json)")
    codes.add_argument(
        "--template", metavar="FILE", help="also write a mapping template (.csv) to fill in"
    )
    codes.set_defaults(func=_cmd_codes)

    mapper = sub.add_parser(
        "map", help="map the codes of an imported project to C, M, O and themes"
    )
    mapper.add_argument("project", metavar="PROJECT", help="a project file (.yaml/.json)")
    mapper.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="project file to write"
    )
    _mapping_options(mapper, required=True)
    mapper.set_defaults(func=_cmd_map)

    explorer = sub.add_parser(
        "explore", help="write an interactive explorer of a project: one offline HTML file"
    )
    explorer.add_argument("project", metavar="PROJECT", help="a project file (.yaml/.json)")
    explorer.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="the HTML file to write"
    )
    explorer.add_argument("--title", help="the page title (default: the project's title)")
    explorer.add_argument(
        "--weight",
        choices=["cases", "sources"],
        default="cases",
        help="arrow width by supporting cases (default) or distinct sources",
    )
    explorer.add_argument(
        "--layout",
        choices=["auto", "dot", "layered"],
        default="auto",
        help="dot (as rl.draw), layered (fast at any size), or auto: dot up to 1,000 arrows",
    )
    explorer.set_defaults(func=_cmd_explore)

    report = sub.add_parser("report", help="write the tables, figures and summaries of a paper")
    report.add_argument("project", metavar="PROJECT", help="a project file (.yaml/.json)")
    report.add_argument("-o", "--output", required=True, metavar="DIR", help="output folder")
    report.add_argument(
        "--quotes", type=int, default=1, metavar="N", help="quotes per CMOc (default 1; 0: none)"
    )
    report.add_argument(
        "--max-quote-chars",
        type=int,
        metavar="N",
        help="cut longer quotes at a word, marked with an ellipsis (default: whole quotes)",
    )
    report.add_argument(
        "--min-cases", type=int, default=2, metavar="N", help="cases a regularity needs (2)"
    )
    report.add_argument(
        "--caption",
        action="append",
        metavar="TABLE=TEXT",
        help="a caption for a table (cmocs, regularities, table3-configuration, "
        "table4-regularities, confidence-summary, confidence-profile); none otherwise",
    )
    report.set_defaults(func=_cmd_report)

    mine = sub.add_parser("mine", help="print regularities, recurring elements or contrasts")
    mine.add_argument("project", metavar="PROJECT", help="a project file (.yaml/.json)")
    mine.add_argument(
        "what",
        nargs="?",
        choices=["regularities", "elements", "contrasts"],
        default="regularities",
        help="what to mine (default: %(default)s)",
    )
    _mining_options(mine)
    mine.add_argument(
        "--by",
        metavar="B",
        help="elements: group by theme (default), a case attribute, or none; "
        "contrasts: mechanism_set (default) or mechanism",
    )
    mine.add_argument("-o", "--output", metavar="FILE.csv", help="also write the table")
    mine.set_defaults(func=_cmd_mine)

    drawer = sub.add_parser("draw", help="draw a configuration, a regularity or the network")
    drawer.add_argument("project", metavar="PROJECT", help="a project file (.yaml/.json)")
    drawer.add_argument("-o", "--output", required=True, metavar="FILE", help=".svg, .pdf or .png")
    what = drawer.add_mutually_exclusive_group()
    what.add_argument("--configuration", metavar="ID", help="draw this configuration")
    what.add_argument(
        "--regularity", type=int, metavar="N", help="draw the N-th regularity of realist mine"
    )
    what.add_argument(
        "--network", action="store_true", help="draw the programme-theory network (default)"
    )
    _mining_options(drawer, min_cases=None)
    drawer.set_defaults(func=_cmd_draw)
    return parser


def _mining_options(parser: argparse.ArgumentParser, *, min_cases: int | None = 2) -> None:
    parser.add_argument(
        "--min-cases",
        type=int,
        default=min_cases,
        metavar="N",
        help="cases a pattern needs (default 2), or an arrow of the network (default 1)",
    )
    parser.add_argument(
        "--theme",
        action="append",
        metavar="T",
        help="keep configurations of this theme (repeatable)",
    )


def _mapping_options(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    parser.add_argument(
        "--map",
        metavar="FILE",
        required=required,
        help="a mapping file (.yaml, .json or .csv) of codes to context, mechanism, outcome, "
        "theme or ignore",
    )
    parser.add_argument(
        "--roots",
        action="append",
        metavar="KIND=NAME",
        help="codes below a code named NAME are elements of KIND (repeatable; replaces the "
        "default Context(s)/Mechanism(s)/Outcome(s); 'none' turns the convention off)",
    )
    parser.add_argument(
        "--prefixes",
        action="append",
        metavar="KIND=PREFIX",
        help="codes whose names start with PREFIX are elements of KIND (repeatable; replaces "
        "the default C:/M:/O:; 'none' turns the convention off)",
    )
    parser.add_argument(
        "--configurations",
        choices=["span", "overlap", "selection", "case", "none"]
        if not required
        else ["span", "overlap", "case", "none"],
        help="how codings form configurations: same span (default), overlapping spans, "
        "one selection, one case, or none",
    )
    parser.add_argument(
        "--coder", metavar="NAME", help="form configurations from this coder's codings only"
    )
    parser.add_argument(
        "--status",
        choices=["conjectured", "supported", "refuted", "refined"],
        help="status of the configurations formed (default: conjectured)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: ``sys.argv[1:]``); return the exit status."""
    args = _parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            status = func(args)
        except RealistError as exc:
            _print_warnings(args.command, caught)
            print(f"realist {args.command}: {exc}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:  # pragma: no cover - interactive only
            print("interrupted", file=sys.stderr)
            return 130
    _print_warnings(args.command, caught)
    return status


def _print_warnings(command: str, caught: list[warnings.WarningMessage]) -> None:
    """Warnings as one line each for people, once each, never Python's warning format."""
    seen: set[str] = set()
    for w in caught:
        text = str(w.message)
        if text in seen or issubclass(w.category, DeprecationWarning | PendingDeprecationWarning):
            continue
        seen.add(text)
        print(f"realist {command}: warning: {text}", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
