"""The command line skeleton: --version, info, new, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from kbeditor import __version__
from kbeditor.article import load_article
from kbeditor.cli import main


def run_json(capsys, *args: str) -> tuple[int, dict]:
    code = main([*args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_version_via_python_dash_m():
    out = subprocess.run(
        [sys.executable, "-m", "kbeditor", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"kbeditor {__version__}"


def test_info_json_shape_on_the_sample_kb(capsys, sample_kb):
    code, data = run_json(capsys, "info", str(sample_kb))
    assert code == 0
    assert len(data["articles"]) >= 15
    first = data["articles"][0]
    assert set(first) == {"path", "title", "metadata", "profile", "outline", "counts", "error"}
    assert first["error"] is None
    assert set(first["profile"]) == {
        "type", "type_inferred", "type_reason", "audience", "audience_inferred", "audience_reason"
    }  # fmt: skip
    assert set(first["counts"]) >= {"words", "sentences", "steps", "code_blocks"}
    assert all(h["line"] >= 1 for h in first["outline"])


def test_info_reports_bad_files_and_still_reports_the_others(capsys, tmp_path):
    (tmp_path / "good.md").write_text("---\ntitle: Good\n---\nText.\n")
    (tmp_path / "bad.md").write_text("---\ntitle: [unclosed\n---\nText.\n")
    (tmp_path / "binary.md").write_bytes(b"\x00\x01\x02")
    code, data = run_json(capsys, "info", str(tmp_path))
    assert code == 1
    by_name = {a["path"].rsplit("/", 1)[-1]: a for a in data["articles"]}
    assert by_name["good.md"]["error"] is None and by_name["good.md"]["title"] == "Good"
    assert "bad.md:2: front matter is not valid YAML" in by_name["bad.md"]["error"]
    assert "binary file" in by_name["binary.md"]["error"]


def test_info_on_a_missing_path_is_a_usage_error(capsys, tmp_path):
    assert main(["info", str(tmp_path / "missing.md")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_new_creates_an_article_info_reads_back(capsys, tmp_path):
    path = tmp_path / "kb" / "vpn-error.md"
    title = 'VPN: "Error 809" after an update'
    assert (
        main(
            [
                "new",
                str(path),
                "--template",
                "troubleshooting",
                "--title",
                title,
                "--product",
                "VPN",
                "--audience",
                "it-staff",
                "--tag",
                "vpn",
            ]
        )
        == 0
    )
    article = load_article(path)
    assert article.errors == []
    meta = article.metadata
    assert (meta.title, meta.product, meta.audience, meta.type, meta.tags) == (
        title,
        "VPN",
        "it-staff",
        "troubleshooting",
        ["vpn"],
    )
    capsys.readouterr()
    code, data = run_json(capsys, "info", str(path))
    assert code == 0 and data["articles"][0]["title"] == title


def test_new_refuses_to_overwrite(capsys, tmp_path):
    path = tmp_path / "a.md"
    path.write_text("precious")
    assert main(["new", str(path), "--title", "X"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert path.read_text() == "precious"


def test_new_with_unknown_template_is_a_usage_error(capsys, tmp_path):
    assert main(["new", str(tmp_path / "a.md"), "--template", "nope", "--title", "X"]) == 2
    assert "no template named 'nope'" in capsys.readouterr().err


def test_every_template_gives_a_valid_article(tmp_path):
    from kbeditor import templates

    for name in templates.template_names():
        path = tmp_path / f"{name}.md"
        path.write_text(templates.render(name, "A title: with colon", product="P"))
        article = load_article(path)
        assert article.errors == [], (name, article.errors)
        assert article.metadata.type == name
