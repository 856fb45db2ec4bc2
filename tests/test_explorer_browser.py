"""The explorer in a real browser: headless Chromium driven through chromedriver.

Every check runs the page as a reader would: the page loads with no console
error and no network request, a real mouse click on an arrow shows every quote
behind it, each filter hides exactly what ``rl.draw`` leaves out for the same
filter, and hostile labels stay text. One browser serves the whole module.

Run as a script to write the screenshots of the documentation::

    python tests/test_explorer_browser.py docs/img
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import realist as rl
from conftest import require_module, require_program
from realist.render.diagrams import to_diagram
from realist.render.explorer import explorer_data

pytestmark = pytest.mark.graphviz

TIMEOUT = 60
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,900",
)


def start_browser(profile: Path) -> Any:
    """Headless Chromium under chromedriver, both found on the PATH, never Selenium Manager."""
    webdriver = require_module("selenium.webdriver")
    service_module = require_module("selenium.webdriver.chrome.service")
    chromium = require_program("chromium")
    chromedriver = require_program("chromedriver")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=service_module.Service(chromedriver), options=options)
    driver.set_page_load_timeout(TIMEOUT)
    driver.set_script_timeout(TIMEOUT)
    return driver


def open_page(driver: Any, path: Path) -> None:
    """Load `path` and wait until the explorer's script has run."""
    wait = require_module("selenium.webdriver.support.wait")
    driver.get(path.resolve().as_uri())
    wait.WebDriverWait(driver, TIMEOUT).until(
        lambda d: d.execute_script("return document.body.dataset.ready") == "1"
    )


def mixed_project(seed: int = 1) -> rl.Project:
    """A project with every kind of source, coders, all statuses and a chain."""
    rng = random.Random(seed)
    p = rl.Project(title="Mixed evaluation")
    themes = [p.add_theme(f"t{i}", f"Theme {i}") for i in range(3)]
    cases = [p.add_case(f"case{i}", f"Case {i}") for i in range(4)]
    kinds = ["interview", "document", "observation"]
    sources = [
        p.add_source(f"s{i}", kind=kinds[i % 3], case=cases[i % 4], title=f"Source {i}")
        for i in range(9)
    ]
    cs = [p.add_context(f"Context {i}", id=f"c{i}", category="cultural") for i in range(6)]
    ms = [p.add_mechanism(f"Mechanism {i}", id=f"m{i}", level="project") for i in range(4)]
    os_ = [p.add_outcome(f"Outcome {i}", id=f"o{i}", tier="process") for i in range(5)]
    statuses = ["supported", "supported", "refined", "conjectured", "refuted"]
    for i in range(16):
        evidence = [
            p.add_evidence(
                source=rng.choice(sources),
                quote=f"Quote {i}.{j} about mechanism {i % 4}",
                coder=rng.choice(["ana", "ben"]),
                page=rng.randint(1, 30),
            )
            for j in range(rng.randint(1, 3))
        ]
        contexts = rng.sample(cs, 2)
        p.add_configuration(
            cases=rng.sample(cases, rng.randint(1, 3)),
            contexts=contexts,
            constraining=contexts[:1] if i % 5 == 0 else [],
            mechanisms=[ms[i % 4]],
            outcomes=rng.sample(os_, rng.randint(1, 2)),
            themes=[themes[i % 3]],
            status=statuses[i % 5],
            confidence="moderate",
            evidence=evidence,
            id=f"k{i}",
        )
    p.add_link(os_[0], "becomes", cs[5])
    return p


def hostile_project() -> rl.Project:
    """Labels, quotes and titles that would run script if read as HTML."""
    bad = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
    p = rl.Project(title=f"</title></script>{bad}")
    p.add_case("a", f"Case {bad}")
    p.add_theme("t", f"Theme {bad}")
    p.add_source("s", kind="interview", title=f"Source {bad}")
    ev = p.add_evidence(source="s", quote=f"Quote {bad} \u2028 </script><!--", coder=bad)
    c = p.add_context(f"Context {bad}", id="data")  # the id of the page's JSON element
    m = p.add_mechanism(f"Mechanism {bad}", id="panel")
    o = p.add_outcome(f"Outcome {bad}", id="n0")
    p.add_configuration(
        case="a",
        contexts=[c],
        mechanisms=[m],
        outcomes=[o],
        themes=["t"],
        status="supported",
        evidence=[ev],
        label=f"Configuration {bad}",
    )
    return p


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("explorer")
    return {
        "hipp": rl.explore(rl.datasets.load("hipp"), folder / "hipp.html"),
        "mixed": rl.explore(mixed_project(), folder / "mixed.html"),
        "hostile": rl.explore(hostile_project(), folder / "hostile.html"),
        "layered": rl.explore(rl.datasets.load("hipp"), folder / "layered.html", layout="layered"),
    }


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    browser = start_browser(tmp_path_factory.mktemp("chromium-profile"))
    yield browser
    browser.quit()


@pytest.fixture
def hipp(driver: Any, pages: dict[str, Path]) -> Any:
    """The HIPP explorer, freshly loaded (logs of earlier pages drained)."""
    driver.get_log("browser")
    driver.get_log("performance")
    open_page(driver, pages["hipp"])
    return driver


def severe(driver: Any) -> list[dict[str, Any]]:
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def requested_urls(driver: Any) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def panel_title(driver: Any) -> str:
    return str(driver.execute_script("return document.querySelector('#panel-body h2').textContent"))


def shown_quotes(driver: Any) -> list[int]:
    return [
        int(x)
        for x in driver.execute_script(
            "return [...document.querySelectorAll('#panel-body li.quote')]"
            ".map(li => li.dataset.evidence)"
        )
    ]


def click_at(driver: Any, x: float, y: float) -> None:
    """A real mouse click at viewport coordinates (hit-testing included)."""
    for kind in ("mousePressed", "mouseReleased"):
        driver.execute_cdp_cmd(
            "Input.dispatchMouseEvent",
            {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1},
        )


#: Where the middle of an arrow is on screen, if nothing covers it there.
ARROW_POINT = """
const g = document.querySelector(`g.edge[data-edge="${arguments[0]}"]`);
const path = g.querySelector("path");
const svgPoint = path.getPointAtLength(path.getTotalLength() / 2);
const m = path.getScreenCTM();
const x = m.a * svgPoint.x + m.c * svgPoint.y + m.e;
const y = m.b * svgPoint.x + m.d * svgPoint.y + m.f;
const top = document.elementFromPoint(x, y);
return top && top.closest("g.edge") === g ? [x, y] : null;
"""


def visible_arrows(driver: Any) -> set[int]:
    return {
        int(i)
        for i in driver.execute_script(
            "return [...document.querySelectorAll('g.edge:not(.off)')].map(g => g.dataset.edge)"
        )
    }


def drawn_arrows(project: rl.Project, data: dict[str, Any], **filters: Any) -> set[int]:
    """The arrows and links rl.draw draws for these filters, as explorer edge positions."""
    index = {n["id"]: i for i, n in enumerate(data["nodes"])}
    position = {(e["s"], e["t"]): i for i, e in enumerate(data["edges"])}
    diagram = to_diagram(project, **filters)
    return {position[index[e.source], index[e.target]] for e in diagram.edges}


def set_filter(driver: Any, element_id: str, value: str) -> None:
    driver.execute_script(
        "const el = document.getElementById(arguments[0]); el.value = arguments[1];"
        "el.dispatchEvent(new Event('change', {bubbles: true}));",
        element_id,
        value,
    )


# ---------------------------------------------------------------- loading


def test_loads_without_console_errors_or_network_requests(
    hipp: Any, pages: dict[str, Path]
) -> None:
    assert severe(hipp) == []
    urls = requested_urls(hipp)
    assert urls == [pages["hipp"].resolve().as_uri()]
    csp = hipp.execute_script(
        "return document.querySelector('meta[http-equiv=Content-Security-Policy]').content"
    )
    assert csp.startswith("default-src 'none'")
    # the whole network is there, and the page says what it shows
    n_edges = len(explorer_data(rl.datasets.load("hipp"))["edges"])
    assert hipp.execute_script("return document.querySelectorAll('g.edge').length") == n_edges
    assert "Showing" in hipp.find_element("id", "status-line").text


def click_an_arrow(driver: Any, data: dict[str, Any]) -> tuple[int, list[int]]:
    """Click, with the mouse, the arrow with the most quotes that nothing covers; return it
    and the quotes behind it, after checking the panel shows exactly those."""
    nodes = data["nodes"]

    def quotes(i: int) -> list[int]:
        edge = data["edges"][i]
        return sorted({q for k in edge["configs"] for q in data["configs"][k]["evidence"]})

    arrows = sorted(
        (i for i, e in enumerate(data["edges"]) if e["configs"]), key=lambda i: -len(quotes(i))
    )
    i, point = next(
        ((i, p) for i in arrows if (p := driver.execute_script(ARROW_POINT, i))), (-1, None)
    )
    assert point is not None, "no arrow can be clicked"
    click_at(driver, *point)
    edge = data["edges"][i]
    assert panel_title(driver) == f"{nodes[edge['s']]['label']} → {nodes[edge['t']]['label']}"
    expected = quotes(i)
    assert expected and shown_quotes(driver) == expected
    texts = driver.execute_script(
        "return [...document.querySelectorAll('#panel-body li.quote blockquote')]"
        ".map(b => b.textContent)"
    )
    assert texts == [data["evidence"][q]["quote"] for q in expected]
    return i, expected


def test_clicking_an_arrow_shows_every_quote_behind_it(hipp: Any) -> None:
    data = explorer_data(rl.datasets.load("hipp"))
    i, expected = click_an_arrow(hipp, data)
    edge = data["edges"][i]
    # each quote names its source and location
    meta = hipp.execute_script(
        "return document.querySelector('#panel-body li.quote .meta').textContent"
    )
    first = data["evidence"][expected[0]]
    assert data["sources"][first["source"]]["title"] in meta and first["location"] in meta
    # the arrow is highlighted
    assert hipp.execute_script(
        "return document.querySelector(`g.edge[data-edge='${arguments[0]}']`)"
        ".classList.contains('sel')",
        i,
    )
    # clicking a quote shows the configuration it supports
    hipp.find_element("css selector", "#panel-body li.quote blockquote").click()
    assert hipp.find_element("css selector", "#panel-body .panel-kind").text == "CONFIGURATION"
    k = data["configs"][
        next(k for k in edge["configs"] if expected[0] in data["configs"][k]["evidence"])
    ]
    assert panel_title(hipp) == (k["label"] or f"Configuration {k['id']}")
    assert severe(hipp) == []


def test_clicking_an_element_lists_its_configurations(hipp: Any) -> None:
    data = explorer_data(rl.datasets.load("hipp"))
    i = next(i for i, n in enumerate(data["nodes"]) if n["id"] == "m-local-champions")
    hipp.find_element("id", "zoom-fit").click()  # the page opens at full width, from the top
    hipp.find_element("id", f"n{i}").click()
    assert panel_title(hipp) == data["nodes"][i]["label"]
    listed = hipp.execute_script(
        "return [...document.querySelectorAll('#panel-body li.config-link')]"
        ".map(li => Number(li.dataset.config))"
    )
    assert sorted(listed) == [k for k, c in enumerate(data["configs"]) if i in c["elements"]]
    # the element and its arrows stand out; Escape closes the panel and the highlight
    assert hipp.execute_script(f"return document.getElementById('n{i}').classList.contains('sel')")
    hipp.find_element("tag name", "body").send_keys("\ue00c")  # Escape
    assert not hipp.find_element("id", "panel").is_displayed()
    assert hipp.execute_script("return document.querySelectorAll('.sel').length") == 0
    # the keyboard: Enter on a focused element opens it
    hipp.execute_script(f"document.getElementById('n{i}').focus()")
    hipp.switch_to.active_element.send_keys("\ue007")  # Enter
    assert hipp.find_element("id", "panel").is_displayed()
    assert panel_title(hipp) == data["nodes"][i]["label"]


def test_the_layered_layout_works_the_same(driver: Any, pages: dict[str, Path]) -> None:
    driver.get_log("browser")
    open_page(driver, pages["layered"])
    data = explorer_data(rl.datasets.load("hipp"))
    assert driver.execute_script("return document.querySelectorAll('g.edge').length") == len(
        data["edges"]
    )
    click_an_arrow(driver, data)
    set_filter(driver, "f-status", "refuted")
    assert visible_arrows(driver) == drawn_arrows(rl.datasets.load("hipp"), data, status="refuted")
    assert severe(driver) == []


# ---------------------------------------------------------------- filters


@pytest.mark.parametrize(
    ("element", "value", "filters"),
    [
        ("f-case", "nottingham", {"case": "nottingham"}),
        ("f-theme", "leadership", {"theme": "leadership"}),
        ("f-status", "supported", {"status": "supported"}),
        ("f-min", "2", {"min_cases": 2}),
    ],
)
def test_each_filter_hides_what_draw_leaves_out(
    hipp: Any, element: str, value: str, filters: dict[str, Any]
) -> None:
    project = rl.datasets.load("hipp")
    data = explorer_data(project)
    index = {"f-case": data["cases"], "f-theme": data["themes"]}
    if element in index:
        value = str(next(i for i, x in enumerate(index[element]) if x["id"] == value))
    everything = visible_arrows(hipp)
    set_filter(hipp, element, value)
    shown = visible_arrows(hipp)
    expected = drawn_arrows(project, data, **filters)
    assert shown == expected and shown < everything
    # the configurations table keeps only the configurations left
    rows = hipp.execute_script(
        "return [...document.querySelectorAll('#config-table tbody tr:not([hidden])')]"
        ".map(r => r.dataset.config)"
    )
    kept = {
        k.id
        for k in rl.select_configurations(
            project, **{k: v for k, v in filters.items() if k != "min_cases"}
        )
    }
    assert {data["configs"][int(r)]["id"] for r in rows} == kept
    # elements no arrow left touches are hidden
    hidden_nodes = hipp.execute_script(
        "return [...document.querySelectorAll('g.node.off')].map(g => Number(g.dataset.node))"
    )
    touched = {data["edges"][i][end] for i in shown for end in ("s", "t")}
    assert hidden_nodes and touched.isdisjoint(hidden_nodes)
    hipp.find_element("id", "f-reset").click()
    assert visible_arrows(hipp) == everything


def test_source_kind_filter_and_combined_filters(driver: Any, pages: dict[str, Path]) -> None:
    project = mixed_project()
    data = explorer_data(project)
    open_page(driver, pages["mixed"])
    set_filter(driver, "f-kind", "interview")
    kinds = {s.id: s.kind for s in project.sources}
    evidence = {e.id: e for e in project.evidence}
    keep = [
        k
        for k in project.configurations
        if any(kinds[evidence[e].source] == "interview" for e in k.evidence)
    ]
    sliced = rl.Project.model_validate(
        {**project.model_dump(), "configurations": [k.model_dump() for k in keep]}
    )
    shown = visible_arrows(driver)
    assert shown == drawn_arrows(sliced, data) and 0 < len(keep) < len(project.configurations)
    # with at least two cases, then a case too (whose configurations count that case only)
    steps = [
        ("f-min", "2", {"min_cases": 2}),
        ("f-case", str(next(i for i, c in enumerate(data["cases"]) if c["id"] == "case1")),
         {"case": "case1", "min_cases": 2}),
        ("f-min", "1", {"case": "case1"}),
    ]  # fmt: skip
    for element, value, filters in steps:
        set_filter(driver, element, value)
        shown = visible_arrows(driver)
        assert shown == drawn_arrows(sliced, data, **filters), filters
    assert shown
    # quotes in the panel are only those of interview sources
    node = next(
        int(i)
        for i in driver.execute_script(
            "return [...document.querySelectorAll('g.node:not(.off)')].map(g => g.dataset.node)"
        )
    )
    driver.find_element("id", f"n{node}").click()
    quotes = shown_quotes(driver)
    assert quotes
    for q in quotes:
        assert data["sources"][data["evidence"][q]["source"]]["kind"] == "interview"
    # each with its source, case, coder and page
    meta = driver.execute_script(
        "return [...document.querySelectorAll('#panel-body li.quote .meta')].map(m => m.textContent)"
    )
    for q, text in zip(quotes, meta, strict=True):
        ev = project.evidence[q]
        source = project.get(ev.source)
        assert text == (
            f"{source.title} (interview) · {project.get(source.case).name} · "
            f"coded by {ev.coder} · p. {ev.page}"
        )
    assert severe(driver) == []


def test_any_combination_of_filters_shows_what_draw_draws(
    driver: Any, pages: dict[str, Path]
) -> None:
    project = mixed_project()
    data = explorer_data(project)
    open_page(driver, pages["mixed"])
    position = {
        "f-theme": {t["id"]: str(i) for i, t in enumerate(data["themes"])},
        "f-case": {c["id"]: str(i) for i, c in enumerate(data["cases"])},
        "f-status": {s: s for s in data["statuses"]},
    }

    @settings(max_examples=40, deadline=None, derandomize=True)
    @given(
        theme=st.sampled_from([None, *position["f-theme"]]),
        case=st.sampled_from([None, *position["f-case"]]),
        status=st.sampled_from([None, *position["f-status"]]),
        min_cases=st.integers(1, 3),
    )
    def check(theme: str | None, case: str | None, status: str | None, min_cases: int) -> None:
        chosen = {"f-theme": theme, "f-case": case, "f-status": status}
        for element, value in chosen.items():
            set_filter(driver, element, "" if value is None else position[element][value])
        set_filter(driver, "f-min", str(min_cases))
        filters = {"theme": theme, "case": case, "status": status, "min_cases": min_cases}
        expected = drawn_arrows(project, data, **{k: v for k, v in filters.items() if v})
        assert visible_arrows(driver) == expected

    check()
    assert severe(driver) == []


def test_search_marks_matching_elements_and_lists_quotes(hipp: Any) -> None:
    data = explorer_data(rl.datasets.load("hipp"))
    box = hipp.find_element("id", "f-search")
    box.send_keys("Champion")
    hits = hipp.execute_script(
        "return [...document.querySelectorAll('g.node.hit')].map(g => Number(g.dataset.node))"
    )
    assert sorted(hits) == [
        i for i, n in enumerate(data["nodes"]) if "champion" in n["label"].lower()
    ]
    quotes = [i for i, e in enumerate(data["evidence"]) if "champion" in e["quote"].lower()]
    assert quotes and shown_quotes(hipp) == quotes


# ---------------------------------------------------------------- views


def test_configuration_view_has_table_3_layout(hipp: Any) -> None:
    project = rl.datasets.load("hipp")
    hipp.find_element("css selector", "#tabs button[data-view=configurations]").click()
    hipp.find_element("css selector", "#config-table tbody tr[data-config='0']").click()
    k = project.configurations[0]
    table = rl.configuration_table(project, k)
    columns = hipp.execute_script(
        "return [...document.querySelectorAll('#panel-body .t3-column')].map(c => "
        "[c.querySelector('h4').textContent, [...c.querySelectorAll('h5')].map(h => h.textContent)])"
    )
    assert [c[0] for c in columns] == ["Context", "Mechanism", "Outcome"]
    for col, (_, titles) in enumerate(columns):
        expected = [
            row[col][0][0] for row in table.rows if row[col] and isinstance(row[col][0], tuple)
        ]
        assert titles == expected
    dotted = hipp.execute_script(
        "return [...document.querySelectorAll('#panel-body .t3-box.anticipated')].map(b => b.firstChild.textContent)"
    )
    assert dotted == [project.elements[o].label for o in k.anticipated]


def test_regularity_rows_highlight_their_pattern(hipp: Any) -> None:
    project = rl.datasets.load("hipp")
    data = explorer_data(project)
    regularities = rl.find_regularities(project, min_cases=2)
    hipp.find_element("css selector", "#tabs button[data-view=regularities]").click()
    rows = hipp.find_elements("css selector", "#regularity-table tbody tr")
    assert len(rows) == len(regularities)
    rows[0].click()
    index = {n["id"]: i for i, n in enumerate(data["nodes"])}
    selected = hipp.execute_script(
        "return [...document.querySelectorAll('g.node.sel')].map(g => Number(g.dataset.node))"
    )
    assert sorted(selected) == sorted(index[e] for e in regularities[0].elements)
    arrows = hipp.execute_script(
        "return [...document.querySelectorAll('g.edge.sel')].map(g => Number(g.dataset.edge))"
    )
    pairs = {(data["edges"][i]["s"], data["edges"][i]["t"]) for i in arrows}
    r = regularities[0]
    assert pairs == {
        (index[a], index[b])
        for a, b in [(c, m) for c in r.contexts for m in r.mechanisms]
        + [(m, o) for m in r.mechanisms for o in r.outcomes]
    }
    assert hipp.find_element("id", "view-network").is_displayed()


# ---------------------------------------------------------------- hostile data


def test_hostile_labels_and_quotes_stay_text(driver: Any, pages: dict[str, Path]) -> None:
    driver.get_log("browser")
    open_page(driver, pages["hostile"])
    project = hostile_project()
    assert driver.execute_script("return document.scripts.length") == 2
    assert driver.execute_script("return document.querySelectorAll('img, image').length") == 0
    for node in range(3):
        driver.find_element("id", f"n{node}").click()
        label = list(project.elements.values())[node].label
        assert panel_title(driver) == label
    driver.find_element("css selector", "#panel-body li.config-link").click()
    assert panel_title(driver) == project.configurations[0].label
    quote = driver.execute_script(
        "return document.querySelector('#panel-body li.quote blockquote').textContent"
    )
    assert quote == project.evidence[0].quote
    assert driver.title == project.title
    assert driver.execute_script("return window.__pwned") is None
    assert driver.execute_script("return document.scripts.length") == 2
    assert driver.execute_script("return document.querySelectorAll('img, image').length") == 0
    assert severe(driver) == []


# ---------------------------------------------------------------- screenshots


def screenshots(folder: Path) -> list[Path]:
    """Screenshots of the HIPP explorer for the documentation, written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        page = rl.explore(rl.datasets.load("hipp"), Path(tmp) / "hipp.html")
        driver = start_browser(Path(tmp) / "profile")
        try:
            open_page(driver, page)
            shots = [folder / "explorer-network.png"]
            driver.save_screenshot(str(shots[-1]))
            data = explorer_data(rl.datasets.load("hipp"))
            arrow = next(
                i
                for i, e in enumerate(data["edges"])
                if len(e["configs"]) > 1 and driver.execute_script(ARROW_POINT, i)
            )
            click_at(driver, *driver.execute_script(ARROW_POINT, arrow))
            shots.append(folder / "explorer-arrow.png")
            driver.save_screenshot(str(shots[-1]))
            driver.find_element("css selector", "#tabs button[data-view=configurations]").click()
            driver.find_element("css selector", "#config-table tbody tr[data-config='3']").click()
            shots.append(folder / "explorer-configuration.png")
            driver.save_screenshot(str(shots[-1]))
            driver.find_element("css selector", "#tabs button[data-view=regularities]").click()
            driver.find_element("css selector", "#regularity-table tbody tr").click()
            shots.append(folder / "explorer-regularity.png")
            driver.save_screenshot(str(shots[-1]))
        finally:
            driver.quit()
    return shots


if __name__ == "__main__":
    for shot in screenshots(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(f"wrote {shot}")


def test_a_tall_network_opens_at_its_full_width_and_fit_shows_it_whole(
    driver: Any, pages: dict[str, Path]
) -> None:
    open_page(driver, pages["hipp"])
    view = "return document.querySelector('#canvas svg').getAttribute('viewBox').split(' ').map(Number)"
    opened = driver.execute_script(view)
    driver.find_element("id", "zoom-fit").click()
    whole = driver.execute_script(view)
    assert opened[0] == whole[0] and opened[1] == whole[1] and opened[2] == whole[2]
    assert opened[3] < whole[3]  # the top of the network, at full width
