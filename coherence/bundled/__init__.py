"""The packs and catalogs that ship with coherence.

In the repository they live at the top level (``indicators/``, ``locales/``);
``pyproject.toml`` maps them here at build time. Read them through
:mod:`coherence.resources`, never through this folder's path.
"""
