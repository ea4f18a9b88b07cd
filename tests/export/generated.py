"""Generated TEI documents (hypothesis strategies) built from the TEI Guidelines' conventions: words broken by lb, pb
and cb in every form (@break="no", type="hyphenInWord", rend="hidden", with or without a printed hyphen, breaks side
by side with fw), breaks of several editions (@ed, @edRef), app/lem/rdg with witnesses, choice in all its pairs,
subst/add/del, gap, space, g declared in charDecl, formula (MathML, TeX), eTree/forest/graph, floatingText, note
inside note, verse, drama, lists, tables and figures."""

from __future__ import annotations

from hypothesis import strategies as st

LETTERS = "abcdefghijklmnopqrstuvwxyzàéîõüāīūṛṣṭṇśñ"
word = st.text(alphabet=LETTERS, min_size=1, max_size=7)
space = st.sampled_from([" ", " ", "\n    ", "\n"])
glue = st.sampled_from([" ", " ", "\n  ", ""])  # "" glues two pieces into one word

HEADER = """<teiHeader><fileDesc><titleStmt><title>Generated</title></titleStmt><publicationStmt><p>test</p>
</publicationStmt><sourceDesc><listWit><witness xml:id="A">A</witness><witness xml:id="B">B</witness></listWit>
</sourceDesc></fileDesc><encodingDesc><charDecl>
<glyph xml:id="slong"><glyphName>LATIN SMALL LETTER LONG S</glyphName><mapping type="standard">s</mapping>
<mapping type="diplomatic">ſ</mapping></glyph>
<char xml:id="ct"><charName>LATIN SMALL LIGATURE CT</charName><mapping type="standard">ct</mapping></char>
</charDecl></encodingDesc></teiHeader>"""


@st.composite
def broken_word(draw) -> str:
    """A word broken by one or two breaks: inside the word (any form), or a break of another edition."""
    name = draw(st.sampled_from(["lb", "pb", "cb"]))
    form = draw(st.sampled_from(['break="no"', 'type="hyphenInWord"', 'rend="hidden" type="hyphenInWord"',
                                 'rend="hidden"', 'break="no" ed="#A"', 'edRef="#B"', 'ed="B" break="no"']))
    hyphen = draw(st.sampled_from(["", "", "-", "¬"]))
    before, after = draw(st.sampled_from(["", "\n", " \n   "])), draw(st.sampled_from(["", "\n  "]))
    extra = draw(st.sampled_from(["", '<fw type="catch">x</fw>', '\n<pb n="9"/>', '<lb ed="#B"/>']))
    n = ' n="7"' if name == "pb" else ""
    return f"{draw(word)}{hyphen}{before}<{name}{n} {form}/>{extra}{after}{draw(word)}"


@st.composite
def editorial(draw) -> str:
    w = [draw(word) for _ in range(3)]
    return draw(st.sampled_from([
        f"<choice><sic>{w[0]}</sic><corr>{w[1]}</corr></choice>",
        f"<choice><corr>{w[1]}</corr><sic>{w[0]}</sic></choice>",
        f"<choice><orig>{w[0]}</orig><reg>{w[1]}</reg></choice>",
        f"<choice><abbr>{w[0]}</abbr><expan>{w[1]}</expan></choice>",
        f"<choice><expan>{w[0]}<ex>{w[2]}</ex></expan><abbr>{w[1]}</abbr></choice>",
        f"<choice><seg>{w[0]}</seg><seg>{w[1]}</seg></choice>",
        f"<choice><sic>{w[0]}</sic><corr><choice><abbr>{w[1]}</abbr><expan>{w[2]}</expan></choice></corr></choice>",
        f'<app><lem wit="#A">{w[0]}</lem><rdg wit="#B">{w[1]}</rdg></app>',
        f'<app><rdg wit="#A">{w[0]}</rdg><rdgGrp><rdg wit="#B">{w[1]}</rdg></rdgGrp></app>',
        f"<subst><del>{w[0]}</del><add>{w[1]}</add></subst>",
        f'<del rend="strikethrough">{w[0]}</del> {w[1]}',
        f'<add place="above">{w[0]}</add>',
        f'{w[0]} <gap reason="illegible" quantity="2" unit="words"/> {w[1]}',
        f'{w[0]}<space quantity="3" unit="chars"/>{w[1]}',
        f"<supplied reason='lost'>{w[0]}</supplied>{w[1]}",
        f"<unclear>{w[0]}</unclear>",
        f'{w[0]}<g ref="#slong">ſ</g>{w[1]}',
        f'{w[0]}<g ref="#ct"/>{w[1]}',
        f'<hi rend="{draw(st.sampled_from(["italic", "smallcaps", "sup", "bold center", "underline"]))}">{w[0]}</hi>',
        f"{w[0]}<note>{w[1]} <note>{w[2]}</note></note>",
        f'<note place="foot" n="*">{w[1]}</note>{w[0]}',
        f'<formula notation="MathML"><math xmlns="http://www.w3.org/1998/Math/MathML"><mi>{w[0]}</mi><mo>+</mo>'
        f"<mn>2</mn></math></formula>",
        f'{w[0]}<formula notation="TeX">\\frac{{{w[1]}}}{{2}}</formula>{w[2]}',
    ]))


inline = st.one_of(word, word, broken_word(), editorial())


@st.composite
def phrase(draw, max_size: int = 8) -> str:
    pieces = draw(st.lists(inline, min_size=1, max_size=max_size))
    return "".join(piece + draw(glue) for piece in pieces).strip() or "x"


@st.composite
def block(draw) -> str:
    p = [draw(phrase(4)) for _ in range(3)]
    return draw(st.sampled_from([
        f"<p>{draw(phrase())}</p>",
        f"<p>{p[0]}</p>",
        f'<lg type="stanza"><l n="1">{p[0]}</l><l n="2">{p[1]}</l></lg>',
        f'<sp who="#a"><speaker>{p[0]}</speaker><l>{p[1]}</l><stage type="exit">{p[2]}</stage></sp>',
        f"<castList><head>{p[0]}</head><castItem><role>{p[1]}</role>, <roleDesc>{p[2]}</roleDesc></castItem>"
        "</castList>",
        f'<list type="gloss"><label>{p[0]}</label><item>{p[1]}</item></list>',
        f"<list><item>{p[0]}</item><item>{p[1]}</item></list>",
        f'<table><row role="label"><cell>{p[0]}</cell></row><row><cell>{p[1]}</cell><cell>{p[2]}</cell></row></table>',
        f"<figure><head>{p[0]}</head><figDesc>{p[1]}</figDesc></figure>",
        f"<eTree><label>{p[0]}</label><eLeaf><label>{p[1]}</label></eLeaf><eTree><label>{p[2]}</label></eTree>"
        "</eTree>",
        f'<forest><tree><root xml:id="r{len(p[0])}" children="#l{len(p[0])}"><label>{p[0]}</label></root>'
        f'<leaf xml:id="l{len(p[0])}" parent="#r{len(p[0])}"><label>{p[1]}</label></leaf></tree></forest>',
        f'<graph type="directed"><node xml:id="n1x"><label>{p[0]}</label></node><node xml:id="n2x"><label>{p[1]}'
        f'</label></node><arc from="#n1x" to="#n2x"><label>{p[2]}</label></arc></graph>',
        f"<p>{p[0]} <floatingText><body><p>{p[1]}</p></body></floatingText> {p[2]}</p>",
        f'<quote rend="block"><p>{p[0]}</p></quote>',
    ]))


@st.composite
def document(draw) -> bytes:
    """A TEI document: divisions with headings, each of a few blocks."""
    divs = []
    for _ in range(draw(st.integers(1, 3))):
        blocks = "".join(draw(st.lists(block(), min_size=1, max_size=4)))
        divs.append(f"<div><head>{draw(phrase(3))}</head>{blocks}</div>")
    body = "".join(divs)
    return (f'<TEI xmlns="http://www.tei-c.org/ns/1.0">{HEADER}<text><body>{body}</body></text></TEI>').encode()
