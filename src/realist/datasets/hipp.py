"""The HIPP evaluation (Evans & Killoran, 2000), bundled as ``rl.datasets.load("hipp")``.

The Health Education Authority's Integrated Purchasing Programme (HIPP,
1996-1999) supported five demonstration projects, for two years from April
1997, that tested models of local partnership working to tackle health
inequalities. Its evaluation is the worked example of realist evaluation this
library is built around:

    Evans D, Killoran A. Tackling health inequalities through partnership
    working: learning from a realistic evaluation. *Critical Public Health*
    2000;10(2):125-140.

The data are in ``hipp.yaml`` beside this module, in the ordinary project file
format (``rl.load`` reads a copy of it). This page says what is in it, what is
read off the paper and what is the encoder's interpretation.

Cases
-----
The five projects are the five cases: ``northumberland``, ``nottingham``,
``sandwell``, ``tameside-glossop`` and ``telford-wrekin``. Each has the
attributes ``project``, ``region``, ``partners`` and ``model``; ``haz`` is set
where the paper says the district gained Health Action Zone status. Sandwell
piloted locality commissioning with two teams that "had very different
experiences": a finding the paper gives for one team is a Sandwell
configuration whose ``attributes["locality_team"]`` is ``"first pilot
locality team"`` or ``"second pilot locality team"`` (their ids start
``cfg-sandwell-1-`` and ``cfg-sandwell-2-``); a finding for the Sandwell
project as a whole has no ``locality_team``. So the teams stay
distinguishable, while a regularity counts Sandwell once, as the paper's
Table 4 counts projects.

Themes and hypotheses
---------------------
The six themes are the paper's categories of enabling factors: ``vision``
(Shared strategic vision), ``leadership`` (Leadership and management),
``relations`` (Relations and local ownership), ``accountability``,
``readiness`` (Organisational readiness) and ``responsiveness``
(Responsiveness to a changing environment). ``h1``-``h6`` are Table 2's
initial hypotheses, verbatim (British spelling), phase ``"baseline"``. Their
``status`` is a judgement from the paper's findings, explained in each
``note``: h1, h2, h3, h5 and h6 supported; h4 ("Effective local relationships
are achieved where projects develop mechanisms to overcome inequalities in
power") left conjectured, because no project developed such mechanisms. h4 is
themed ``accountability``, not ``relations``: Table 2 gives one hypothesis per
theme in the themes' order, and the paper discusses power only under
accountability ("shifting power balances").

Sources and evidence
--------------------
The evidence is the paper's own sentences. The sources are the paper's
sections, all of kind ``document``: ``paper-programme``, ``paper-hypotheses``,
``paper-projects`` (The five demonstration projects), ``paper-enabling``
(Learning about enabling factors; each quote's ``subsection`` attribute names
the theme heading), ``paper-implications`` (Implications for local
partnership work), ``paper-table3`` and ``paper-table4``. Quotes are verbatim,
with the extraction's lost "fi"/"fl" ligatures restored and line-end
hyphenation removed. Page numbers are inferred from the page breaks the text
extraction kept (only page 130 carries a printed running head), so they may
be off by one. Table cells are quoted as re-set in the reference tables, and
list their elements in ``elements``.

Elements
--------
Contexts, mechanisms and outcomes that Table 3 or Table 4 names carry the
table's exact label (``attributes["source"]`` says which table; contexts have
Table 3's ``category``, mechanisms its ``level``, outcomes its ``tier``). Two
things the tables name differently are one element, labelled as in Table 4
with Table 3's wording as an alias: "Co-terminosity" (Co-terminous health and
local authorities) and "Shared strategic vision on health inequalities"
(Shared strategic vision). Table 4's cut-off mechanism is restored as "Lack
of explicit discussion of different/conflicting accountabilities". Elements
the narrative needs beyond the tables (obstacles such as "Lack of shared
understanding of the project's aims", "Blurred management responsibilities",
"Devolution of budgets to localities") have ``attributes["source"] ==
"narrative"``. Aliases record the paper's other names ("project champion
role" for Local champions, "whole systems event" for stakeholder events
focusing on community health needs, ...).

Configurations
--------------
``cfg-table3`` is Table 3 exactly: programme level (no case), status
``conjectured``, the health outcome ``anticipated``. The other 32
configurations are read from the narrative, project by project and theme by
theme, enabling factors and obstacles alike: constraining contexts are listed
in ``constraining``; outcomes that went against the project ("Accountability
remained source of tension", "Locality model superseded by new policy
agendas") are outcomes like any other. Status is ``supported`` where the
paper reports the configuration and ``refuted`` where it shows the expected
outcome did not happen (``cfg-nottingham-generic-model``). ``confidence`` is
the encoder's judgement; every configuration whose elements go beyond the
words of the paper says how in its ``note``. Links chain configurations
(Sandwell's shared vision and devolved budgets becoming the context of its
locality work; Northumberland's priorities becoming the foundation of the PCG,
HImP and HAZ) and record contexts that constrain mechanisms elsewhere.

Read off the paper, and interpretation
--------------------------------------
Read off the paper: the cases, their partners and models; the themes;
Table 2's hypotheses; Table 3; the labels of Table 4; every quote and its
section. Interpretation: how the narrative is cut into configurations; which
element a sentence supports; the themes, statuses and confidence of the case
configurations; the links; the hypotheses' statuses; the English regions of
the cases (not stated in the paper); and that the Sandwell team which
"played a major role in building local inter-agency health partnerships" is
the first pilot.

Table 4, case by case
---------------------
``rl.recurring_elements(p, min_cases=2)`` lists, per theme, the elements
found in at least two cases. The paper does not say which projects each
Table 4 regularity came from; this dataset recovers a cell only where the
narrative supports it for two cases. Recovered:

- Shared strategic vision: History of working together, New national focus
  on health inequalities, Partnership development work (Sandwell, Telford &
  Wrekin); Stakeholder events focusing on community health needs
  (Northumberland, Sandwell's first team); Prioritizing process for health
  inequalities (Northumberland, Nottingham); Project outputs fed into HImPs,
  HAZs, PCGs (Northumberland, Telford & Wrekin).
- Leadership and management: Local champions (Nottingham, Telford & Wrekin);
  Consultancy support (Nottingham, first Sandwell team, Telford & Wrekin).
- Relations and local ownership: every cell. "Lack of GP involvement in health
  partnerships" rests on low-confidence readings (Nottingham, second Sandwell
  team) and "Shared ownership of needs assessment and strategy" on
  moderate-confidence ones (Sandwell's first team, Tameside and Glossop).
- Accountability: every cell, from Nottingham and Sandwell ("Both projects
  experienced increasing tensions regarding accountability"; "in neither
  project was accountability to local communities significantly addressed").

Not recovered (in one case or none; they stay as ``paper-table4`` evidence):
under vision, Co-terminosity and Shared strategic vision on health
inequalities (Sandwell only), Local champions (Telford & Wrekin only) and
Strategic steering groups (no case); under leadership, National policy turbulence and Local
organisational turbulence (Nottingham only), HIPP network (no case),
Health inequalities higher up local agendas (Telford & Wrekin only) and
Project members taking on local leadership roles (Nottingham only).

Table 4's rows for organisational readiness and responsiveness to a changing
environment are missing from the extracted text. They are derived from the
prose only (histories of joint working and existing joint planning
mechanisms, team building with external support; the new national agenda,
proactive negotiation and project championing, projects raised up or
overtaken on local agendas); those elements carry ``attributes["source"]``
naming the prose where the tables give nothing.

Limits
------
The paper compares only Nottingham and Sandwell theme by theme; the other
three projects have a paragraph each and two or three configurations here.
``recurring_elements`` also lists a few regularities the paper does not
print in Table 4, such as the obstacle "Lack of shared understanding of the
project's aims" in Nottingham and Tameside and Glossop. The evidence is one published paper, not the
evaluation's interviews and observation.

Examples
--------
>>> import realist as rl
>>> p = rl.datasets.load("hipp")
>>> [c.id for c in p.cases]
['northumberland', 'nottingham', 'sandwell', 'tameside-glossop', 'telford-wrekin']
>>> [t.label for t in p.themes][:3]
['Shared strategic vision', 'Leadership and management', 'Relations and local ownership']
>>> p.get("h2").statement.startswith("Effective project management depends upon")
True
>>> k = p.get("cfg-table3")
>>> len(k.contexts), len(k.mechanisms), len(k.outcomes), k.status, k.cases
(7, 9, 6, 'conjectured', [])
>>> {c.id: len(p.configurations_of(c)) for c in p.cases}  # doctest: +NORMALIZE_WHITESPACE
{'northumberland': 3, 'nottingham': 8, 'sandwell': 15, 'tameside-glossop': 3,
 'telford-wrekin': 3}
>>> p.get("cfg-sandwell-2-more-gps").attributes["locality_team"]
'second pilot locality team'
>>> ev = p.get(p.get("cfg-sandwell-accountability").evidence[0])
>>> ev.page, ev.quote[:45]
(135, 'Both projects experienced increasing tensions')
"""

__all__: list[str] = []
