"""One module per ``kbeditor`` subcommand; each exposes ``register(subparsers)``."""
