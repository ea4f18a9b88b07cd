"""The export stage: HTML and plain text from TEI, on our sample, the edition and other projects' TEI."""
