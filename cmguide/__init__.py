"""cmguide: the content model, loader, consistency rules and renderers of the guide.

Independent of MkDocs: `hooks/cmguide_mkdocs.py` adapts it to MkDocs; `python -m cmguide`
validates the content on its own.
"""

__version__ = "0.1.0"
