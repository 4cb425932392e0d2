"""``kbeditor lint`` and ``kbeditor rules``: formats, exit codes and broken configuration."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kbeditor.cli import main
from kbeditor.commands.lint import FORMATS as CLI_FORMATS
from kbeditor.lint.report import FORMATS

RULE = "extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: warning\nignorecase: true\ntokens: [simply]\naction:\n  name: remove\n"
ERROR_RULE = "extends: existence\nmessage: \"Never '%s'.\"\nlevel: error\ntokens: [forbidden]\n"
EXAMPLES_RULE = (
    RULE + "examples:\n  flag: ['Simply restart.']\n  pass: ['Restart.', 'Restart now.']\n"
)


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "kb"
    (root / "styles" / "House").mkdir(parents=True)
    (root / "styles" / "House" / "Simple.yml").write_text(RULE, encoding="utf-8")
    (root / "styles" / "House" / "Forbidden.yml").write_text(ERROR_RULE, encoding="utf-8")
    (root / "kbeditor.toml").write_text(
        '[lint]\nstyles = ["House"]\nstyles_path = "styles"\n', encoding="utf-8"
    )
    (root / "docs" / "sub").mkdir(parents=True)
    (root / "docs" / "b.md").write_text(
        "# B\n\nSimply go.\n\nAlso simply stop.\n", encoding="utf-8"
    )
    (root / "docs" / "sub" / "a.md").write_text("# A\n\nNothing wrong.\n", encoding="utf-8")
    (root / "c.md").write_text("# C\n\nThis is forbidden.\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def test_line_format_is_vale_line_output_sorted_and_relative(project, capsys):
    code = main(["lint", "docs", "c.md", "--format", "line"])
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "c.md:3:9:House.Forbidden:Never 'forbidden'.",
        "docs/b.md:3:1:House.Simple:Avoid 'Simply'.",
        "docs/b.md:5:6:House.Simple:Avoid 'simply'.",
    ]
    assert code == 1


def test_exit_codes_follow_fail_on(project, capsys):
    assert main(["lint", "docs"]) == 0  # warnings only, default --fail-on error
    assert main(["lint", "docs", "--fail-on", "warning"]) == 1
    assert main(["lint", "docs", "--fail-on", "suggestion"]) == 1
    assert main(["lint", "c.md", "--fail-on", "never"]) == 0
    assert main(["lint", "docs/sub", "--fail-on", "suggestion"]) == 0
    assert main(["lint", "docs", "--min-level", "error", "--fail-on", "warning"]) == 0
    capsys.readouterr()


def test_json_shape(project, capsys):
    main(["lint", ".", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert [f["path"] for f in data["files"]] == ["c.md", "docs/b.md", "docs/sub/a.md"]
    first = data["files"][1]["diagnostics"][0]
    assert first == {
        "rule": "House.Simple",
        "category": "style",
        "severity": "warning",
        "message": "Avoid 'Simply'.",
        "line": 3,
        "column": 1,
        "end_line": 3,
        "end_column": 7,
        "match": "Simply",
        "fix": {"replacement": "", "safe": False, "title": "Remove 'Simply'"},
        "suggestions": [""],
    }
    assert data["summary"] == {
        "files": 3,
        "files_with_findings": 2,
        "suggestions": 0,
        "warnings": 2,
        "errors": 1,
    }


def test_json_and_sarif_carry_every_spelling_suggestion_best_first(project, capsys):
    (project / "styles" / "House" / "Spelling.yml").write_text(
        "extends: spelling\nmessage: \"Did you really mean '%s'?\"\nlevel: error\n",
        encoding="utf-8",
    )
    (project / "docs" / "sub" / "a.md").write_text("# A\n\nOn the Sevrer.\n", encoding="utf-8")
    main(["lint", "docs/sub", "--format", "json"])
    (d,) = json.loads(capsys.readouterr().out)["files"][0]["diagnostics"]
    assert d["match"] == "Sevrer" and d["fix"]["replacement"] == "Server"
    assert d["suggestions"] == ["Server", "Sever", "Serer", "Severer"]
    main(["lint", "docs/sub", "--format", "sarif"])
    (result,) = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert [f["description"]["text"] for f in result["fixes"]][:2] == [
        "Replace with 'Server'",
        "Replace with 'Sever'",
    ]


def test_sarif_is_valid_2_1_0(project, capsys):
    main(["lint", ".", "--format", "sarif"])
    sarif = json.loads(capsys.readouterr().out)
    assert sarif["version"] == "2.1.0" and "$schema" in sarif
    (run,) = sarif["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "kbeditor"
    rule_ids = [r["id"] for r in driver["rules"]]
    assert rule_ids == ["House.Forbidden", "House.Simple"]
    assert len(run["results"]) == 3
    for result in run["results"]:
        assert {"ruleId", "level", "message", "locations"} <= set(result)
        assert result["level"] in ("error", "warning", "note", "none")
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["message"]["text"]
        loc = result["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] in ("c.md", "docs/b.md")
        region = loc["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert region["endColumn"] >= region["startColumn"]
    levels = sorted(r["level"] for r in run["results"])
    assert levels == ["error", "warning", "warning"]


def test_text_format_names_files_and_counts(project, capsys):
    main(["lint", "docs"])
    out = capsys.readouterr().out
    assert "docs/b.md" in out and "Avoid 'Simply'." in out and "[House.Simple]" in out
    assert out.rstrip().endswith("0 errors, 2 warnings and 0 suggestions in 2 files.")


def test_broken_rule_file_is_reported_and_the_rest_still_lint(project, capsys):
    (project / "styles" / "House" / "Broken.yml").write_text(
        "extends: existence\nmessage: x\ntokens: ['(']\n", encoding="utf-8"
    )
    code = main(["lint", "c.md", "--format", "line"])
    captured = capsys.readouterr()
    assert code == 1
    assert "Broken.yml" in captured.err and "'tokens'" in captured.err
    assert len(captured.err.strip().splitlines()) == 1
    assert captured.out.startswith("c.md:3:9:House.Forbidden:")


def test_no_loadable_rules_is_a_configuration_error(project, capsys):
    for f in (project / "styles" / "House").iterdir():
        f.write_text("extends: nothing\nmessage: x\n", encoding="utf-8")
    assert main(["lint", "c.md"]) == 2
    err = capsys.readouterr().err
    assert "no rules could be loaded" in err


def test_usage_errors_exit_2(project, capsys):
    assert main(["lint", "missing.md"]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["lint", "c.md", "--format", "xml"])
    assert exc.value.code == 2
    (project / "kbeditor.toml").write_text("[lint\n", encoding="utf-8")
    assert main(["lint", "c.md"]) == 2
    assert "not valid TOML" in capsys.readouterr().err


def test_config_flag_reads_a_vale_ini(project, tmp_path, capsys):
    ini = tmp_path / "team.ini"
    ini.write_text(
        f"StylesPath = {project / 'styles'}\nMinAlertLevel = error\n[*.md]\nBasedOnStyles = House\n",
        encoding="utf-8",
    )
    assert (
        main(["lint", ".", "--config", str(ini), "--format", "line", "--fail-on", "warning"]) == 1
    )
    assert capsys.readouterr().out.splitlines() == ["c.md:3:9:House.Forbidden:Never 'forbidden'."]


def test_front_matter_problem_is_reported_as_a_diagnostic(project, capsys):
    (project / "bad.md").write_text("---\ntitle: [oops\n---\nText.\n", encoding="utf-8")
    assert main(["lint", "bad.md", "--format", "line"]) == 1
    assert capsys.readouterr().out.startswith("bad.md:2:1:kbeditor.FrontMatter:")


def test_default_is_the_bundled_kb_style(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("# A\n\nThis is obviously user error.\n", encoding="utf-8")
    main(["lint", "a.md", "--format", "json"])
    rules = {
        d["rule"] for f in json.loads(capsys.readouterr().out)["files"] for d in f["diagnostics"]
    }
    assert any(r.startswith("KB.") for r in rules)


def test_rules_lists_and_tests_examples(project, capsys):
    assert main(["rules", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {r["id"] for r in data["rules"]} == {"House.Simple", "House.Forbidden"}
    assert {"id", "kind", "category", "level", "description"} <= set(data["rules"][0])
    (project / "styles" / "House" / "Simple.yml").write_text(EXAMPLES_RULE, encoding="utf-8")
    assert main(["rules", "--test"]) == 0
    assert "3 of 3 examples passed" in capsys.readouterr().out
    broken = EXAMPLES_RULE.replace(
        "pass: ['Restart.', 'Restart now.']", "pass: ['Restart.', 'Simply restart.']"
    )
    (project / "styles" / "House" / "Simple.yml").write_text(broken, encoding="utf-8")
    assert main(["rules", "--test"]) == 1
    assert "House.Simple: pass example 2 raised 1 alert(s)" in capsys.readouterr().out


def test_lint_runs_as_a_program(project):
    done = subprocess.run(
        [sys.executable, "-m", "kbeditor", "lint", "docs", "c.md", "--format", "line"],
        capture_output=True,
        text=True,
        cwd=project,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines()[0] == "c.md:3:9:House.Forbidden:Never 'forbidden'."


def test_codequality_is_gitlab_code_quality_with_fingerprints_that_survive_moves(project, capsys):
    assert main(["lint", ".", "--format", "codequality"]) == 1
    issues = json.loads(capsys.readouterr().out)
    assert sorted((i["location"]["path"], i["severity"]) for i in issues) == [
        ("c.md", "major"), ("docs/b.md", "minor"), ("docs/b.md", "minor")
    ]  # fmt: skip
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == 3
    b = project / "docs" / "b.md"
    b.write_text("# B\n\nA new first line.\n\n" + b.read_text().split("\n", 2)[2])
    main(["lint", ".", "--format", "codequality"])
    moved = json.loads(capsys.readouterr().out)
    assert {i["fingerprint"] for i in moved} == {i["fingerprint"] for i in issues}
    assert [i["location"]["lines"]["begin"] for i in moved] != [
        i["location"]["lines"]["begin"] for i in issues
    ]
    assert CLI_FORMATS == FORMATS
