"""serve: TEI documents as a DTS 1.0 API (Distributed Text Services).

`index` builds the index of collections, documents, citation trees and passages; `app` is the ASGI application
(Starlette) that answers from it; `command` runs it with uvicorn (`teikit serve`); `static` writes the same API as
files (`teikit export --to dts`, DTS Level 0).
"""

from teikit.serve.app import create_app
from teikit.serve.command import run_serve
from teikit.serve.index import Index, build_index
from teikit.serve.static import run_static_export, write_static

__all__ = ["Index", "build_index", "create_app", "run_serve", "run_static_export", "write_static"]
