"""Write the Excel-route templates: ``cmoc-template.csv`` and ``cmoc-template.xlsx``.

One row per CMOc, with the columns :func:`realist.read_table` reads, a few
example rows from the HIPP evaluation, and (in the workbook) drop-down lists
for Status, Confidence and Source kind and a second sheet describing every
column. Run it once from the repository root, and commit what it writes::

    python docs/templates/make_templates.py            # writes beside this script
    python docs/templates/make_templates.py OUT_DIR    # or into OUT_DIR

The workbook needs openpyxl (``pip install -e ".[xlsx]"`` from a clone).
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path

HEADER = [
    "ID", "Case", "Theme", "Context", "Mechanism resource", "Mechanism reasoning", "Outcome",
    "Evidence", "Source", "Source kind", "Role", "Sector", "Date", "Coder", "Confidence",
    "Status", "Phase", "Note",
]  # fmt: skip

ROWS: list[list[str]] = [
    [
        "k1", "Sandwell", "Shared strategic vision", "History of working together",
        "Locality workshops", "Staff feel ownership of the plan",
        "Shared strategic vision on health inequalities",
        "we had worked together for years before HIPP, so the workshops built on that",
        "int-07", "interview", "locality manager", "local authority", "2006-03-14", "Ana",
        "high", "supported", "2006", "",
    ],
    [
        "k2", "Nottingham", "Leadership and management", "Policy turbulence; Short-term funding",
        "Consultancy support", "Managers gain confidence to lead change", "Locality plan agreed",
        "the consultants gave us the confidence to put the plan to the board",
        "int-12", "interview", "programme manager", "NHS", "2006-04-02", "Ana", "moderate",
        "supported", "2006", "",
    ],
    [
        "k3", "Telford & Wrekin", "Accountability", "Partnership board in place",
        "Shared performance targets", "Agencies feel jointly accountable",
        "Joint action on health inequalities",
        "each agency reported against the same targets at the board",
        "doc-03", "document", "", "", "2006-05-30", "Ana", "low", "conjectured", "2006",
        "Board minutes, May 2006",
    ],
    [
        "k4", "Sandwell", "Relations and local ownership",
        "Community groups involved from the start", "Small grants for community projects",
        "Residents trust the programme", "Community projects sustained",
        "people trusted it because the money came to their own groups",
        "fg-02", "focus group", "residents", "community", "2008-02-11", "Ana", "moderate",
        "refined", "2008", "Refines k1 in the second phase",
    ],
]  # fmt: skip

#: What each column holds, for the workbook's second sheet.
COLUMNS: list[tuple[str, str, str]] = [
    ("ID", "optional", "The configuration's id: letters, digits and '-', no spaces (k1, k2...)."),
    ("Case", "optional", "The case (site, locality, project); '-' for a programme-level CMOc."),
    ("Theme", "optional", "Themes, several separated by ';'."),
    ("Context", "optional", "Contexts, several separated by ';' or one per line."),
    ("Mechanism resource", "required*", "What the programme offers. *A Mechanism column can "
     "replace the resource and reasoning pair."),
    ("Mechanism reasoning", "required*", "How people respond to the resource."),
    ("Outcome", "required", "Outcomes, several separated by ';' or one per line."),
    ("Evidence", "optional", "The quote; several quotes separated by a blank line."),
    ("Source", "optional", "Where the quote comes from (int-07, doc-03): one, or one per quote."),
    ("Source kind", "optional", "interview, document, observation, survey or other (focus "
     "group counts as interview, questionnaire as survey, report or minutes as document)."),
    ("Role", "optional", "The informant's role (locality manager, GP)."),
    ("Sector", "optional", "The informant's sector (NHS, local authority, voluntary)."),
    ("Date", "optional", "The date of the interview or document."),
    ("Coder", "optional", "Who coded the row. With two coders, each codes the same quotes in "
     "rows of their own; the first coder's rows make the configurations."),
    ("Confidence", "optional", "low, moderate or high."),
    ("Status", "optional", "conjectured (the default), supported, refuted or refined."),
    ("Phase", "optional", "The phase of the programme theory (2006, 2008)."),
    ("Note", "optional", "Anything else."),
]  # fmt: skip

CHOICES = {
    "Status": "conjectured,supported,refuted,refined",
    "Confidence": "low,moderate,high",
    "Source kind": "interview,document,observation,survey,other,focus group",
}


def write_csv(folder: Path) -> Path:
    """The template as UTF-8 CSV, as Excel and LibreOffice open it."""
    path = folder / "cmoc-template.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(ROWS)
    return path


def write_xlsx(folder: Path) -> Path:
    """The template as a workbook: dates as dates, phases as numbers, drop-down lists."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    ws = book.active
    ws.title = "CMOcs"
    ws.append(HEADER)
    for row in ROWS:
        cells: list[object] = list(row)
        for j, name in enumerate(HEADER):
            if name == "Date" and row[j]:
                cells[j] = dt.date.fromisoformat(row[j])
            elif name == "Phase" and row[j]:
                cells[j] = int(row[j])
        ws.append(cells)
    for j, name in enumerate(HEADER, start=1):
        ws.cell(row=1, column=j).font = Font(bold=True)
        width = max(len(name), *(len(r[j - 1]) for r in ROWS))
        ws.column_dimensions[get_column_letter(j)].width = min(max(width + 2, 10), 48)
        if name == "Date":
            for r in range(2, len(ROWS) + 2):
                ws.cell(row=r, column=j).number_format = "yyyy-mm-dd"
        if name in CHOICES:
            rule = DataValidation(type="list", formula1=f'"{CHOICES[name]}"', allow_blank=True)
            rule.add(f"{get_column_letter(j)}2:{get_column_letter(j)}1000")
            ws.add_data_validation(rule)
    for r in range(2, len(ROWS) + 2):
        for j in range(1, len(HEADER) + 1):
            ws.cell(row=r, column=j).alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B2"
    notes = book.create_sheet("Columns")
    notes.append(["Column", "Required", "What it holds"])
    for line in COLUMNS:
        notes.append(list(line))
    for j, width in enumerate((22, 12, 90), start=1):
        notes.column_dimensions[get_column_letter(j)].width = width
        notes.cell(row=1, column=j).font = Font(bold=True)
    stamp = dt.datetime(2026, 1, 1)
    book.properties.creator = "realist"
    book.properties.created = book.properties.modified = stamp
    path = folder / "cmoc-template.xlsx"
    book.save(path)
    return path


def main(argv: list[str]) -> None:
    folder = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    folder.mkdir(parents=True, exist_ok=True)
    for path in (write_csv(folder), write_xlsx(folder)):
        print(f"wrote {path}")


if __name__ == "__main__":
    main(sys.argv)
