"""Transforms: small passes over the TEI tree, each with one job, run in this order by `run_transforms`."""

from __future__ import annotations

from teikit.convert.transforms.base import Context
from teikit.convert.transforms.citations import encode_citations, resolve_ibid
from teikit.convert.transforms.corrections import apply_corrections
from teikit.convert.transforms.emphasis import mark_emphasis
from teikit.convert.transforms.names import tag_names, tag_titles
from teikit.convert.transforms.notes import place_notes_at_anchors
from teikit.convert.transforms.pages import join_broken_words
from teikit.convert.transforms.quotations import encode_block_quotations, encode_quotations
from teikit.convert.transforms.whitespace import normalize_whitespace

# Order matters: whitespace first (patterns expect plain spaces); emphasis before notes (an asterisk after a word
# marks it); notes before citations (a citation's note follows it); citations before quotations (a quotation
# followed by a citation becomes a cit; a Markdown block quotation is wrapped once the quotations inside it are
# encoded); corrections after both (they may fall inside a bibl); titles, then names, last.
PIPELINE = (
    normalize_whitespace,
    join_broken_words,
    mark_emphasis,
    place_notes_at_anchors,
    encode_citations,
    encode_quotations,
    encode_block_quotations,
    resolve_ibid,
    apply_corrections,
    tag_titles,
    tag_names,
)


def run_transforms(ctx: Context) -> None:
    for transform in PIPELINE:
        transform(ctx)


__all__ = ["Context", "PIPELINE", "run_transforms"]
