"""serve: TEI documents as a DTS 1.0 API (Distributed Text Services): the index of collections, documents,
citation trees and passages (`index`), the ASGI application (`app`), and the same API as static files (`static`)."""
