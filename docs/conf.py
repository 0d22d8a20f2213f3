"""Sphinx configuration for the salesmgmt documentation site.

Build with ``python -m sphinx -W --keep-going -b html docs docs/_build/html``
(``tests/test_docs.py`` runs the same build in the suite). Pages are MyST
Markdown; the API reference is generated from the docstrings with autodoc and
napoleon (Google style). No extension touches the network.
"""

from __future__ import annotations

import salesmgmt

project = "salesmgmt"
author = "The salesmgmt developers"
copyright = "the salesmgmt developers"
release = salesmgmt.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
# metrics/ holds the catalogue's fragments, which metrics.md includes.
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "metrics/*"]
language = "en"

# MyST: ":::" fences for admonitions, definition lists, and anchors for
# headings down to level 3 so pages can link to a section with (#anchor).
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# autodoc + napoleon: Google-style docstrings; attrs fields are documented once
# (as :ivar: lines), not a second time as attributes, which would warn about
# duplicate object descriptions.
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = False
autoclass_content = "class"
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True
napoleon_use_rtype = False

html_theme = "furo"
html_title = f"salesmgmt {release}"
html_static_path: list[str] = []
