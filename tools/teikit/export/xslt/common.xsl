<?xml version="1.0" encoding="UTF-8"?>
<!--
  common.xsl: what every teikit export target shares (XSLT 1.0, run by lxml/libxslt).

  - the view policy: $view = 'reading' (corrected, regularised, expanded; deletions hidden) or 'diplomatic' (as printed);
  - one template per editorial element (choice, sic/corr, orig/reg, abbr/expan, add/del, app/lem/rdg, gap, unclear,
    supplied); each calls a named "presentation hook" that html.xsl and text.xsl override;
  - note numbering (as printed from @n, else by position), page handling (pb/fw), name and bibliography links;
  - a default template that renders an unknown element's content, so no text of the body is lost.

  Cost is linear in the size of the document: everything that needs "the page this is on" or "the number of this note"
  reads one index built in a single pass (a node-set keyed by generate-id), never a preceding:: scan per node.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:exsl="http://exslt.org/common"
    xmlns:str="http://exslt.org/strings"
    extension-element-prefixes="exsl str"
    exclude-result-prefixes="tei exsl str">

  <xsl:include href="breaks.xsl"/>
  <xsl:include href="rendition.xsl"/>
  <xsl:include href="header.xsl"/>

  <!-- 'reading' (the corrected text) or 'diplomatic' (the text as printed). -->
  <xsl:param name="view" select="'reading'"/>
  <!-- Where note texts go: 'end' (one list after the text) or 'paragraph' (after the paragraph holding the anchor). -->
  <xsl:param name="notes" select="'end'"/>

  <!-- Lookups, each built once. A key's nodes are matched by one pattern, not a union of several: libxslt finds
       them with `//` and each pattern, and merges the union in quadratic time (a 23 MB edition's names took 5 of its
       7 seconds of export). -->
  <xsl:key name="ids" match="*[@xml:id]" use="@xml:id"/>
  <!-- A note pointing at its anchors with @target="#a1 #a2": one key entry per pointer. -->
  <xsl:key name="notes-by-target" match="tei:note[@target]" use="str:tokenize(@target, ' ')"/>
  <xsl:key name="pointers-by-target" match="tei:*[self::tei:ptr or self::tei:ref][@target]"
      use="str:tokenize(@target, ' ')"/>
  <xsl:key name="names-by-ref"
      match="tei:*[self::tei:persName or self::tei:placeName or self::tei:orgName or self::tei:name or self::tei:rs][@ref]"
      use="str:tokenize(@ref, ' ')"/>
  <xsl:key name="cites-by-corresp" match="tei:*[self::tei:bibl or self::tei:quote or self::tei:note][@corresp]"
      use="str:tokenize(@corresp, ' ')"/>
  <xsl:key name="idx" match="i" use="@k"/>
  <!-- The page breaks of the index by their number (the first one numbered 40 is "p40"). -->
  <xsl:key name="pages-by-n" match="i[@pb]" use="@page"/>

  <!-- The page breaks of the base edition (breaks.xsl) in the text: the only ones rendered and counted. -->
  <xsl:variable name="base-pages"
      select="//tei:pb[ancestor::tei:text][not(@ed or @edRef) or $base-edition = ''
              or contains(concat(' ', normalize-space(translate(concat(@ed, ' ', @edRef), '#', ' ')), ' '),
                          concat(' ', $base-edition, ' '))]"/>
  <xsl:variable name="has-pages" select="boolean($base-pages)"/>

  <!-- Whether the two views differ anywhere in the text (else a page offers no switch between them). -->
  <xsl:variable name="has-alternatives"
      select="boolean(//tei:text//tei:*[(self::tei:choice and (tei:sic or tei:orig or tei:abbr)
                                         and (tei:corr or tei:reg or tei:expan or tei:seg or tei:choice))
                                        or self::tei:del or self::tei:supplied or self::tei:unclear or self::tei:g[@ref]
                                        or (self::tei:lb and not(@ed or @edRef))][1])"/>

  <!-- Pass 1: pages, notes, divisions and linked references (names, citations, pointers to "#id") in document order,
       as flat siblings. One location path, not a union of several: libxml2 merges unions in quadratic time. -->
  <xsl:variable name="index-rtf">
    <xsl:for-each select="//tei:*[(self::tei:pb and (not(@ed or @edRef) or $base-edition = ''
                                    or contains(concat(' ', normalize-space(translate(concat(@ed, ' ', @edRef), '#', ' ')), ' '),
                                                concat(' ', $base-edition, ' '))))
                                  or self::tei:note or self::tei:div or self::tei:div1 or self::tei:div2
                                  or self::tei:div3 or self::tei:div4 or self::tei:div5 or self::tei:div6 or self::tei:div7
                                  or ((self::tei:persName or self::tei:placeName or self::tei:orgName or self::tei:name
                                       or self::tei:rs) and starts-with(@ref, '#'))
                                  or ((self::tei:bibl or self::tei:quote) and starts-with(@corresp, '#'))
                                  or (self::tei:ptr and starts-with(@target, '#'))]
                                 [ancestor::tei:text]">
      <xsl:choose>
        <xsl:when test="self::tei:pb"><pb k="{generate-id()}" n="{@n}"/></xsl:when>
        <xsl:when test="self::tei:note"><note k="{generate-id()}"/></xsl:when>
        <xsl:when test="starts-with(local-name(), 'div')"><div k="{generate-id()}"/></xsl:when>
        <xsl:otherwise><ref k="{generate-id()}"/></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:variable>
  <!-- Pass 2: each item gets its running number (within its kind) and the page it is on. `preceding-sibling::pb[1]`
       stops at the nearest page break, so this pass costs the size of the index, not its square. -->
  <xsl:variable name="index-rtf2">
    <xsl:for-each select="exsl:node-set($index-rtf)/*">
      <xsl:variable name="kind" select="local-name()"/>
      <i k="{@k}" kind="{$kind}">
        <xsl:if test="$has-pages">
          <xsl:attribute name="page">
            <!-- Kept as one step with [1]: libxml2 then stops at the nearest break (a union here made it quadratic). -->
            <xsl:choose>
              <xsl:when test="self::pb"><xsl:value-of select="@n"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="preceding-sibling::pb[1]/@n"/></xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
        </xsl:if>
      </i>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="pages-index" select="exsl:node-set($index-rtf2)"/>
  <!-- Pass 3: running numbers per kind (position() within a for-each is free; counting preceding items is not). -->
  <xsl:variable name="index-rtf3">
    <xsl:for-each select="$pages-index/i[@kind = 'note']">
      <i k="{@k}" num="{position()}" page="{@page}"/>
    </xsl:for-each>
    <xsl:for-each select="$pages-index/i[@kind = 'ref']">
      <i k="{@k}" num="{position()}" page="{@page}"/>
    </xsl:for-each>
    <xsl:for-each select="$pages-index/i[@kind = 'pb']">
      <i k="{@k}" num="{position()}" page="{@page}" pb="1"/>
    </xsl:for-each>
    <xsl:for-each select="$pages-index/i[@kind = 'div']">
      <i k="{@k}" num="{position()}"/>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="index" select="exsl:node-set($index-rtf3)"/>

  <!-- The running number (within its kind) of an indexed node. -->
  <xsl:template name="index-num">
    <xsl:param name="node" select="."/>
    <xsl:variable name="k" select="generate-id($node)"/>
    <xsl:for-each select="$index"><xsl:value-of select="key('idx', $k)/@num"/></xsl:for-each>
  </xsl:template>

  <!-- The printed page an indexed node is on ('' when the document has no page breaks before it). -->
  <xsl:template name="page-of">
    <xsl:param name="node" select="."/>
    <xsl:variable name="k" select="generate-id($node)"/>
    <xsl:for-each select="$index"><xsl:value-of select="key('idx', $k)/@page"/></xsl:for-each>
  </xsl:template>

  <!-- ===================================================================== notes -->

  <!-- A note's identifier: its xml:id, else "note-" and its position among all notes. -->
  <xsl:template name="note-id">
    <xsl:param name="note" select="."/>
    <xsl:choose>
      <xsl:when test="$note/@xml:id"><xsl:value-of select="$note/@xml:id"/></xsl:when>
      <xsl:otherwise>note-<xsl:call-template name="index-num"><xsl:with-param name="node" select="$note"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A note's label as printed (@n, e.g. "1" or "*"), else its position among all notes. -->
  <xsl:template name="note-label">
    <xsl:param name="note" select="."/>
    <xsl:choose>
      <xsl:when test="normalize-space($note/@n)"><xsl:value-of select="normalize-space($note/@n)"/></xsl:when>
      <xsl:otherwise><xsl:call-template name="index-num"><xsl:with-param name="node" select="$note"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Whose note: 'author' (type="authorial"), 'publisher' (resp points to the source edition), 'editor' (resp points
       to a person or respStmt of the encoding), '' (not said). -->
  <xsl:template name="note-kind">
    <xsl:param name="note" select="."/>
    <xsl:variable name="resp" select="key('ids', substring-after(substring-before(concat($note/@resp, ' '), ' '), '#'))"/>
    <xsl:choose>
      <xsl:when test="$note/@type = 'authorial' or $note/@type = 'author'">author</xsl:when>
      <xsl:when test="$resp[self::tei:biblStruct or self::tei:bibl or self::tei:biblFull]">publisher</xsl:when>
      <xsl:when test="$resp or $note/@type = 'editorial'">editor</xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- The words a reader sees for a note kind. -->
  <xsl:template name="note-kind-label">
    <xsl:param name="kind"/>
    <xsl:choose>
      <xsl:when test="$kind = 'author'">Author's note</xsl:when>
      <xsl:when test="$kind = 'publisher'">Publisher's note</xsl:when>
      <xsl:when test="$kind = 'editor'">Editor's note</xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- Where a note's text goes, by where the note stands:
       'nested'     inside another note, or outside the text (in an index entry): its text in brackets, in place;
       'endnote'    an end note (place="end") in back matter: rendered where it stands, as a numbered entry;
       'standalone' directly in a division (an orphan footnote whose anchor is not in this text): no marker, listed
                    with the notes (or where it stands, with notes="paragraph");
       'anchored'   inside a block (paragraph, line, item...): a marker here, its text with the notes (or after the
                    outermost block, with notes="paragraph");
       'loose'      inside a phrase that stands between blocks (a label directly in a division): a marker here, its
                    text with the notes (or right after the marker, with notes="paragraph"). -->
  <xsl:template name="note-placement">
    <xsl:param name="note" select="."/>
    <xsl:for-each select="$note">
      <xsl:choose>
        <xsl:when test="ancestor::tei:note or not(ancestor::tei:text)">nested</xsl:when>
        <xsl:when test="@place = 'end' and ancestor::tei:back">endnote</xsl:when>
        <xsl:when test="parent::tei:div or parent::tei:div1 or parent::tei:div2 or parent::tei:div3 or parent::tei:div4
                        or parent::tei:div5 or parent::tei:div6 or parent::tei:div7 or parent::tei:body
                        or parent::tei:front or parent::tei:back or parent::tei:text or parent::tei:group">standalone</xsl:when>
        <xsl:when test="ancestor::tei:*[contains($block-names, concat(' ', local-name(), ' '))]">anchored</xsl:when>
        <xsl:otherwise>loose</xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- The blocks that list the notes anchored inside them when notes="paragraph": every target's template for each
       of these calls its "notes-after" hook, and only the outermost one lists them, so each note is listed once. A
       note with no such ancestor stands between blocks and is listed where it stands. -->
  <xsl:variable name="block-names"
      select="' p ab head lg l sp speaker list item table figure figDesc trailer closer opener dateline salute signed
               byline epigraph argument postscript castList castGroup castItem docTitle titlePart docAuthor docImprint
               docDate titlePage listBibl listPerson listPlace listOrg person place org personGrp floatingText eTree
               forest graph listForest '"/>

  <!-- The notes collected for the notes section: every note of the text except end notes in back matter and notes
       nested in notes. -->
  <xsl:variable name="collected-notes"
      select="//tei:note[ancestor::tei:text][not(ancestor::tei:note)][not(@place = 'end' and ancestor::tei:back)]"/>

  <!-- ===================================================================== editorial elements -->

  <!-- choice: the reading view shows corr/reg/expan, the diplomatic view sic/orig/abbr. -->
  <xsl:template match="tei:choice">
    <xsl:variable name="kind">
      <xsl:choose>
        <xsl:when test="tei:sic or tei:corr">correction</xsl:when>
        <xsl:when test="tei:orig or tei:reg">regularisation</xsl:when>
        <xsl:when test="tei:abbr or tei:expan">abbreviation</xsl:when>
        <xsl:otherwise>alternative</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="reading" select="(tei:corr | tei:reg | tei:expan | tei:seg | tei:choice)[1]"/>
    <xsl:variable name="original" select="(tei:sic | tei:orig | tei:abbr)[1]"/>
    <xsl:choose>
      <xsl:when test="$reading and $original">
        <xsl:call-template name="alternatives">
          <xsl:with-param name="reading" select="$reading"/>
          <xsl:with-param name="original" select="$original"/>
          <xsl:with-param name="kind" select="$kind"/>
        </xsl:call-template>
      </xsl:when>
      <!-- One side only: nothing to switch, show what there is. -->
      <xsl:otherwise><xsl:apply-templates select="*[1]"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- sic, corr, orig, reg, abbr, expan outside choice: nothing to choose, render the content. -->
  <xsl:template match="tei:sic | tei:corr | tei:orig | tei:reg | tei:abbr | tei:expan">
    <xsl:apply-templates/>
  </xsl:template>

  <!-- Default hook (used by text.xsl): the side the view asks for. -->
  <xsl:template name="alternatives">
    <xsl:param name="reading"/>
    <xsl:param name="original"/>
    <xsl:param name="kind"/>
    <xsl:choose>
      <xsl:when test="$view = 'diplomatic'"><xsl:apply-templates select="$original"/></xsl:when>
      <xsl:otherwise><xsl:apply-templates select="$reading"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- del: struck in the source; hidden in the reading view. -->
  <xsl:template match="tei:del">
    <xsl:call-template name="deleted"/>
  </xsl:template>
  <xsl:template name="deleted">
    <xsl:if test="$view = 'diplomatic'"><xsl:apply-templates/></xsl:if>
  </xsl:template>

  <!-- add: added in the source; shown in both views. -->
  <xsl:template match="tei:add">
    <xsl:call-template name="added"/>
  </xsl:template>
  <xsl:template name="added"><xsl:apply-templates/></xsl:template>

  <!-- app: the lemma (or the first reading when there is none); the other readings are apparatus. -->
  <xsl:template match="tei:app">
    <xsl:variable name="lemma" select="(tei:lem | tei:rdg | tei:rdgGrp/tei:rdg)[1]"/>
    <xsl:call-template name="variants">
      <xsl:with-param name="lemma" select="$lemma"/>
      <xsl:with-param name="readings" select="(tei:rdg | tei:rdgGrp/tei:rdg)[generate-id() != generate-id($lemma)]"/>
    </xsl:call-template>
  </xsl:template>
  <xsl:template name="variants">
    <xsl:param name="lemma"/>
    <xsl:param name="readings"/>
    <xsl:apply-templates select="$lemma"/>
  </xsl:template>
  <xsl:template match="tei:lem | tei:rdg"><xsl:apply-templates/></xsl:template>

  <!-- gap: something left out; shown as an ellipsis in brackets. -->
  <xsl:template match="tei:gap">
    <xsl:call-template name="gap">
      <xsl:with-param name="why">
        <xsl:text>omitted</xsl:text>
        <xsl:if test="@reason"> (<xsl:value-of select="translate(@reason, '-_', '  ')"/>)</xsl:if>
        <xsl:if test="@quantity"><xsl:text>: </xsl:text><xsl:value-of select="concat(@quantity, ' ', @unit)"/></xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
  <xsl:template name="gap"><xsl:param name="why"/><xsl:text>[…]</xsl:text></xsl:template>

  <!-- unclear: hard to read in the source; the reading is given, marked in the diplomatic view. -->
  <xsl:template match="tei:unclear">
    <xsl:call-template name="unclear"/>
  </xsl:template>
  <xsl:template name="unclear">
    <xsl:apply-templates/>
    <xsl:if test="$view = 'diplomatic'"><xsl:text>[?]</xsl:text></xsl:if>
  </xsl:template>

  <!-- supplied: added by the editor; in brackets in the diplomatic view. -->
  <xsl:template match="tei:supplied">
    <xsl:call-template name="supplied"/>
  </xsl:template>
  <xsl:template name="supplied">
    <xsl:if test="$view = 'diplomatic'">[</xsl:if>
    <xsl:apply-templates/>
    <xsl:if test="$view = 'diplomatic'">]</xsl:if>
  </xsl:template>

  <!-- g: a glyph or character declared in the header (charDecl): the reading view shows its standard mapping, the
       diplomatic view what the source has (the content, else the diplomatic mapping); else the content, else the
       declaration's name in brackets, so that a glyph never vanishes. -->
  <xsl:template match="tei:g">
    <xsl:variable name="decl" select="key('ids', substring-after(@ref, '#'))[self::tei:glyph or self::tei:char]"/>
    <xsl:variable name="standard" select="($decl/tei:mapping[@type = 'standard'] | $decl/tei:mapping[@type = 'normalized'])[1]"/>
    <xsl:variable name="diplomatic" select="$decl/tei:mapping[@type = 'diplomatic'][1]"/>
    <xsl:variable name="source">
      <xsl:choose>
        <xsl:when test="normalize-space(.)"><xsl:apply-templates/></xsl:when>
        <xsl:when test="normalize-space($diplomatic)"><xsl:value-of select="$diplomatic"/></xsl:when>
        <xsl:when test="normalize-space($standard)"><xsl:value-of select="$standard"/></xsl:when>
        <xsl:when test="normalize-space($decl/tei:mapping[1])"><xsl:value-of select="$decl/tei:mapping[1]"/></xsl:when>
        <xsl:otherwise>[<xsl:value-of select="normalize-space(($decl/tei:glyphName | $decl/tei:charName | $decl/tei:localProp[@name = 'name']/@value | @ref)[1])"/>]</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="normal">
      <xsl:choose>
        <xsl:when test="normalize-space($standard)"><xsl:value-of select="$standard"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$source"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:call-template name="glyph">
      <xsl:with-param name="reading" select="string($normal)"/>
      <xsl:with-param name="diplomatic" select="string($source)"/>
      <xsl:with-param name="name" select="normalize-space(($decl/tei:glyphName | $decl/tei:charName)[1])"/>
    </xsl:call-template>
  </xsl:template>
  <!-- Hook: how a glyph is shown (text: the characters of the view). -->
  <xsl:template name="glyph">
    <xsl:param name="reading"/>
    <xsl:param name="diplomatic"/>
    <xsl:param name="name"/>
    <xsl:choose>
      <xsl:when test="$view = 'diplomatic'"><xsl:value-of select="$diplomatic"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$reading"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- formula: a word of its own, never glued to the words beside it. MathML keeps its token elements apart; other
       notations (TeX, ...) are shown as written. -->
  <xsl:template match="tei:formula">
    <xsl:text> </xsl:text>
    <xsl:call-template name="formula"/>
    <xsl:text> </xsl:text>
  </xsl:template>
  <!-- Hook (text): the formula's tokens, separated by spaces. -->
  <xsl:template name="formula">
    <xsl:for-each select=".//text()[normalize-space()]">
      <xsl:if test="position() > 1"><xsl:text> </xsl:text></xsl:if>
      <xsl:value-of select="normalize-space(.)"/>
    </xsl:for-each>
  </xsl:template>

  <!-- ===================================================================== pages -->

  <!-- fw (running heads, folios): part of the page, not of the text; pages are rendered from pb. -->
  <xsl:template match="tei:fw"/>

  <!-- The anchor id of a page break: "p40", or "pb-N" (its position) for a second break numbered 40 or one
       without @n. -->
  <xsl:template name="page-id">
    <xsl:param name="pb" select="."/>
    <xsl:variable name="k" select="generate-id($pb)"/>
    <xsl:for-each select="$index">
      <xsl:variable name="item" select="key('idx', $k)"/>
      <xsl:choose>
        <xsl:when test="normalize-space($item/@page) != '' and generate-id(key('pages-by-n', $item/@page)[1]) = generate-id($item)">p<xsl:value-of select="translate(normalize-space($item/@page), ' #', '__')"/></xsl:when>
        <xsl:otherwise>pb-<xsl:value-of select="$item/@num"/></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- ===================================================================== names and citations -->

  <!-- The entry (person, place, org, bibl...) a #reference points to, if it is in this document. -->
  <xsl:template name="target-id">
    <xsl:param name="pointer"/>
    <xsl:value-of select="substring-after(substring-before(concat(normalize-space($pointer), ' '), ' '), '#')"/>
  </xsl:template>

  <!-- Quotation depth: 0 for double marks, 1 for single marks inside a quotation (a display quotation counts). -->
  <xsl:template name="quote-depth">
    <xsl:value-of select="count(ancestor::tei:q | ancestor::tei:soCalled | ancestor::tei:said | ancestor::tei:quote) mod 2"/>
  </xsl:template>

  <!-- A quotation is a block when encoded as one (rend="block"/"display"), when it continues a block (@prev), or when
       it holds blocks itself. -->
  <xsl:template name="quote-is-block">
    <xsl:param name="q" select="."/>
    <xsl:variable name="prev" select="key('ids', substring-after($q/@prev, '#'))"/>
    <xsl:if test="contains(concat(' ', $q/@rend, ' '), ' block ') or contains($q/@rend, 'display')
                  or contains(concat(' ', $prev/@rend, ' '), ' block ')
                  or $q/tei:p or $q/tei:lg or $q/tei:l or $q/tei:list or $q/tei:sp or $q/tei:ab">yes</xsl:if>
  </xsl:template>

  <!-- The content of a bibliography entry. Entries built of elements alone (author, title, date, with no
       punctuation between them) get ", " between their parts; a note stays apart. -->
  <xsl:template name="entry-content">
    <xsl:for-each select="node()">
      <xsl:apply-templates select="."/>
      <xsl:if test="self::* and not(self::tei:note) and following-sibling::*[1][not(self::tei:note)]
                    and not(following-sibling::node()[1][self::text()][normalize-space()])">, </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- ===================================================================== defaults -->

  <!-- The header is not part of the text; each target renders what it needs from it explicitly. -->
  <xsl:template match="tei:teiHeader"/>
  <!-- Stand-off data (lists of persons, places) and facsimiles are not text; targets render indexes from them. -->
  <xsl:template match="tei:standOff | tei:facsimile | tei:sourceDoc"/>

  <!-- An unknown element, from TEI or elsewhere: render its content so that no text is lost. -->
  <xsl:template match="*">
    <xsl:apply-templates/>
  </xsl:template>

</xsl:stylesheet>
