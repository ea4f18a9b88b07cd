"""What every transform receives: the tree, the profile, the editorial data, the messages, and a lexicon."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from lxml import etree

from teikit.convert.editorial import Editorial
from teikit.convert.messages import Messages
from teikit.convert.profile import Profile
from teikit.convert.tree import local, tei

BODY_BLOCKS = frozenset({"p", "item", "head", "l"})  # where running text lives
_WORD = re.compile(r"[^\W\d_]+")  # "facilitates", "Europcan"


@dataclass
class Context:
    """Shared state of one conversion (the tree is edited in place)."""

    root: etree._Element
    chapter: etree._Element
    profile: Profile
    data: Editorial
    messages: Messages
    source_text: str
    words: Counter = field(default_factory=Counter)

    def __post_init__(self) -> None:
        # (One word at a time: a list of every word first held 4-5 times the transcription's size.)
        self.words = Counter(m.group().lower() for m in _WORD.finditer(self.source_text))
        self.words.update(w.lower() for w in self.data.lexicon)

    def is_word(self, word: str, min_count: int = 1) -> bool:
        """Whether `word` is known: it occurs in the transcription (min_count times) or in the data's lexicon."""
        return self.words[word.lower()] >= min_count

    def blocks(self) -> list[etree._Element]:
        """The paragraph-like elements of the body, in document order."""
        return [el for el in self.chapter.iter() if isinstance(el.tag, str) and local(el) in BODY_BLOCKS]

    def end_notes(self) -> etree._Element:
        """The back matter's notes division (created on first use)."""
        text = self.root.find("{*}text")
        back = text.find("{*}back")
        if back is None:
            back = etree.SubElement(text, text.tag.replace("text", "back"))
        div = back.find("{*}div[@type='notes']")
        if div is None:
            div = tei("div", {"type": "notes"})
            back.append(div)
        return div
