"""Knowledge-base health: the questions a KB manager asks, answered from what we already have.

Which articles are out of date and whose are they, which duplicate each other,
what readers search for and do not find, and whether the KB is getting better.
The figures come from the article front matter (:mod:`kbeditor.lifecycle`),
the lint rules, the search index's duplicate finder and the local query log;
:mod:`kbeditor.health.report` puts them together, :mod:`kbeditor.health.html`
draws them. No Qt here: the editor's health view shows the same figures.
"""
