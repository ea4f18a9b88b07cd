"""Export TEI to an HTML reading edition or to plain text by XSLT (the stylesheets in xslt/ know the rendering).

Python only loads each stylesheet once per process, passes the options as stylesheet parameters (`runner`), lays
plain text out into lines (`text_layout`) and writes the results atomically (`command`, which `teikit export` calls).
"""

from __future__ import annotations

from teikit.export.command import export_to_folder, output_path, run_export, write_output
from teikit.export.runner import TARGETS, ExportOptions, export_file, export_tree, stylesheet
from teikit.export.text_layout import layout_text

__all__ = [
    "TARGETS",
    "ExportOptions",
    "export_file",
    "export_to_folder",
    "export_tree",
    "layout_text",
    "output_path",
    "run_export",
    "stylesheet",
    "write_output",
]
