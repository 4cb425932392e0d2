"""The lint engine: Vale-compatible rules as data, run over the article model.

Start with :class:`kbeditor.lint.engine.Linter`; rule kinds live in
:mod:`kbeditor.lint.kinds` (see its docstring for the kind interface).
"""
