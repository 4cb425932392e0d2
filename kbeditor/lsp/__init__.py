"""The language server: kbeditor's checks in any editor that speaks the Language Server Protocol.

``kbeditor lsp`` runs :mod:`kbeditor.lsp.server` over stdio. Only this
package imports pygls and lsprotocol; everything it reports comes from the
same core as the command line and the desktop editor (rule discovery from
:mod:`kbeditor.lint.linters`, incremental checks from :mod:`kbeditor.lint.live`,
quick fixes from :mod:`kbeditor.lint.edits`).
"""
