"""The details panel tells the writer what the linter assumes when the front matter is silent."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_support import wait_linted

from kbeditor.gui.panels import panels_of

IMPORTED = """\
---
title: Mail stuck in the Outbox after a password change
ms.topic: troubleshooting
audience: ITPro
---
# Mail stuck in the Outbox after a password change

## Resolution

1. On the **File** tab, select **Account Settings**.
2. Select your account, and then select **Repair**.
"""


@pytest.fixture
def panels(make_window, workspace: Path):  # type: ignore[no-untyped-def]
    window = make_window(workspace, remember=False, restore=False)
    built = panels_of(window)
    assert built is not None, window.notices()
    yield window, built
    built.shutdown()


def test_the_details_panel_shows_the_inferred_type_and_audience(
    qtbot, panels, workspace: Path
) -> None:  # type: ignore[no-untyped-def]
    window, built = panels
    form = built.panels["metadata"]
    path = workspace / "mail" / "imported-outbox.md"
    path.write_text(IMPORTED, encoding="utf-8")
    window.open_article(path)
    wait_linted(qtbot, window)
    window.text_changed_debounced.emit(window.current_path(), window.current_text())
    qtbot.waitUntil(lambda: "Inferred" in form.inferred.text(), timeout=5000)
    assert "type <b>troubleshooting</b>" in form.inferred.text()
    assert "audience <b>end-user</b>" in form.inferred.text()
    assert "read only as a hint" in form.inferred.text()
    # The writer's own front matter wins, and the note goes away.
    window.open_article(workspace / "mail" / "outlook-keeps-asking-for-password.md")
    wait_linted(qtbot, window)
    window.text_changed_debounced.emit(window.current_path(), window.current_text())
    assert form.inferred.text() == ""
