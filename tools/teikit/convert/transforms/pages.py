"""join_broken_words: a word hyphenated across a page break becomes one word around `<pb break="no"/>`."""

from __future__ import annotations

from teikit.convert.transforms.base import Context
from teikit.convert.tree import TK_UNPLACED, Slot, line_of, local


def _before_break(pb) -> Slot:
    """The text slot just before the run of notes and folio that precedes `pb`."""
    node = pb
    while (prev := node.getprevious()) is not None and (local(prev) == "fw" or prev.get(TK_UNPLACED)):
        node = prev
    prev = node.getprevious()
    return Slot(prev, True) if prev is not None else Slot(node.getparent(), False)


def join_broken_words(ctx: Context) -> None:
    end_re, start_re = ctx.profile.broken_word_end, ctx.profile.broken_word_start
    for pb in ctx.chapter.iter("{*}pb"):
        slot = _before_break(pb)
        before = slot.get().rstrip(" ")
        end = end_re.search(before)
        start = start_re.match(pb.tail or "")
        if not end or not start:
            continue
        joined = end.group("part") + start.group("part")
        if ctx.is_word(joined):
            slot.set(before[: end.end() - 1])
            pb.set("break", "no")
            ctx.messages.info(line_of(pb), "broken-word", f"'{end.group('part')}-' + '{start.group('part')}' joined "
                            f"as '{joined}' across the page break")
        else:
            ctx.messages.warn(line_of(pb), "page-final-hyphen", f"'{end.group('part')}-' ends a page but "
                            f"'{joined}' is not a known word: hyphen kept (add the word to the lexicon to join)")
