"""kbeditor: write, check, search and publish IT-support knowledge-base articles."""

__version__ = "0.1.0"
