<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-notes.xsl: the HTML of editorial alternatives (both views in one page), pages and line breaks, notes (included by html.xsl; XSLT 1.0).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <!-- ===================================================================== editorial hooks -->

  <!-- Both sides are written; CSS shows the one of the current view. The other is shown on hover and focus. -->
  <xsl:template name="alternatives">
    <xsl:param name="reading"/>
    <xsl:param name="original"/>
    <xsl:param name="kind"/>
    <xsl:variable name="read-text"><xsl:apply-templates select="$reading/node()" mode="plain"/></xsl:variable>
    <xsl:variable name="orig-text"><xsl:apply-templates select="$original/node()" mode="plain"/></xsl:variable>
    <span class="choice {$kind}">
      <span class="read" tabindex="0">
        <xsl:apply-templates select="$reading"/>
        <span class="tip" role="tooltip">
          <xsl:choose>
            <xsl:when test="$kind = 'correction'">printed: </xsl:when>
            <xsl:when test="$kind = 'abbreviation'">abbreviated: </xsl:when>
            <xsl:otherwise>original: </xsl:otherwise>
          </xsl:choose>
          <xsl:value-of select="normalize-space($orig-text)"/>
        </span>
      </span>
      <span class="dipl" tabindex="0">
        <xsl:apply-templates select="$original"/>
        <span class="tip" role="tooltip">
          <xsl:choose>
            <xsl:when test="$kind = 'correction'">corrected: </xsl:when>
            <xsl:when test="$kind = 'abbreviation'">expanded: </xsl:when>
            <xsl:otherwise>regularised: </xsl:otherwise>
          </xsl:choose>
          <xsl:value-of select="normalize-space($read-text)"/>
        </span>
      </span>
    </span>
  </xsl:template>

  <xsl:template name="deleted">
    <del class="dipl"><xsl:apply-templates/></del>
  </xsl:template>
  <xsl:template name="added">
    <ins class="add"><xsl:apply-templates/></ins>
  </xsl:template>
  <xsl:template name="variants">
    <xsl:param name="lemma"/>
    <xsl:param name="readings"/>
    <span class="app" tabindex="0">
      <xsl:apply-templates select="$lemma"/>
      <xsl:if test="$readings">
        <span class="tip" role="tooltip">
          <xsl:for-each select="$readings">
            <xsl:if test="position() > 1">; </xsl:if>
            <xsl:apply-templates select="node()" mode="plain"/>
            <xsl:if test="@wit"><xsl:text> </xsl:text><xsl:value-of select="@wit"/></xsl:if>
          </xsl:for-each>
        </span>
      </xsl:if>
    </span>
  </xsl:template>
  <xsl:template name="gap">
    <xsl:param name="why"/>
    <span class="gap" title="{normalize-space($why)}">[…]</span>
  </xsl:template>
  <xsl:template name="unclear">
    <span class="unclear" title="unclear in the source"><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template name="supplied">
    <span class="supplied" title="supplied by the editor"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- ===================================================================== pages and lines -->

  <!-- The printed page number in the margin: an empty span with the anchor (#p40); its label is CSS generated
       content, so that a break inside a word leaves the word whole for a reader (and for copying and innerText), and
       a float in the margin, so that labels of pages close together stack instead of overlapping. -->
  <xsl:template match="tei:pb">
    <xsl:variable name="kind"><xsl:call-template name="break-kind"/></xsl:variable>
    <xsl:if test="$kind != 'other'">
      <xsl:variable name="id"><xsl:call-template name="page-id"/></xsl:variable>
      <xsl:variable name="in-word"><xsl:call-template name="in-word"/></xsl:variable>
      <xsl:if test="$in-word != 'yes'"><xsl:text> </xsl:text></xsl:if>
      <span id="{$id}">
        <xsl:attribute name="class">pb<xsl:if test="$in-word = 'yes'"> inword</xsl:if></xsl:attribute>
        <xsl:if test="@xml:id and @xml:id != $id"><span id="{@xml:id}"/></xsl:if>
        <a href="#{$id}" class="folio">
          <xsl:attribute name="data-page">
            <xsl:choose>
              <xsl:when test="normalize-space(@n)">p. <xsl:value-of select="normalize-space(@n)"/></xsl:when>
              <xsl:otherwise>page</xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
          <xsl:attribute name="aria-label">
            <xsl:choose>
              <xsl:when test="normalize-space(@n)">page <xsl:value-of select="normalize-space(@n)"/></xsl:when>
              <xsl:otherwise>page break</xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
        </a>
      </span>
      <xsl:if test="$in-word != 'yes'"><xsl:text> </xsl:text></xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- A line break of the source: shown in the diplomatic view only; a word space otherwise (none inside a word). -->
  <xsl:template match="tei:lb">
    <xsl:variable name="kind"><xsl:call-template name="break-kind"/></xsl:variable>
    <xsl:if test="$kind != 'other'">
      <xsl:variable name="in-word"><xsl:call-template name="in-word"/></xsl:variable>
      <xsl:if test="$in-word != 'yes'"><xsl:text> </xsl:text></xsl:if>
      <br class="lb dipl"><xsl:if test="@xml:id"><xsl:attribute name="id"><xsl:value-of select="@xml:id"/></xsl:attribute></xsl:if></br>
    </xsl:if>
  </xsl:template>
  <xsl:template match="tei:cb | tei:milestone | tei:gb">
    <xsl:variable name="kind"><xsl:call-template name="break-kind"/></xsl:variable>
    <xsl:if test="$kind != 'other'">
      <xsl:variable name="in-word"><xsl:call-template name="in-word"/></xsl:variable>
      <xsl:if test="$in-word != 'yes'"><xsl:text> </xsl:text></xsl:if>
    </xsl:if>
  </xsl:template>
  <xsl:template match="tei:caesura | tei:space"><xsl:text> </xsl:text></xsl:template>

  <!-- A hyphen printed before a break inside a word: the diplomatic view shows it. -->
  <xsl:template name="hyphen">
    <xsl:param name="text"/>
    <span class="dipl"><xsl:value-of select="$text"/></span>
  </xsl:template>

  <!-- ===================================================================== notes -->

  <xsl:template match="tei:note">
    <xsl:variable name="placement"><xsl:call-template name="note-placement"/></xsl:variable>
    <xsl:choose>
      <xsl:when test="$placement = 'nested'"><span class="inner-note"> [<xsl:apply-templates/>]</span></xsl:when>
      <xsl:when test="$placement = 'endnote'">
        <div class="endnote-list"><xsl:apply-templates select="." mode="note-text"><xsl:with-param name="tag" select="'div'"/></xsl:apply-templates></div>
      </xsl:when>
      <xsl:when test="$placement = 'standalone'">
        <xsl:if test="$notes = 'paragraph'">
          <aside class="notes-here" aria-label="Notes"><ol class="notes"><xsl:apply-templates select="." mode="note-text"/></ol></aside>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <!-- A note with @target is anchored where its anchors are. -->
        <xsl:if test="not(@target)"><xsl:call-template name="note-marker"/></xsl:if>
        <xsl:if test="$placement = 'loose' and $notes = 'paragraph'">
          <span class="notes-here"><xsl:apply-templates select="." mode="note-text"><xsl:with-param name="tag" select="'span'"/></xsl:apply-templates></span>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="note-marker">
    <xsl:param name="note" select="."/>
    <xsl:param name="marker-id">nref-<xsl:call-template name="note-id"><xsl:with-param name="note" select="$note"/></xsl:call-template></xsl:param>
    <xsl:variable name="kind"><xsl:call-template name="note-kind"><xsl:with-param name="note" select="$note"/></xsl:call-template></xsl:variable>
    <a class="noteref {$kind}" id="{$marker-id}" role="doc-noteref">
      <xsl:attribute name="href">#<xsl:call-template name="note-id"><xsl:with-param name="note" select="$note"/></xsl:call-template></xsl:attribute>
      <xsl:attribute name="aria-label">
        <xsl:variable name="k"><xsl:call-template name="note-kind-label"><xsl:with-param name="kind" select="$kind"/></xsl:call-template></xsl:variable>
        <xsl:choose><xsl:when test="$k != ''"><xsl:value-of select="$k"/></xsl:when><xsl:otherwise>Note</xsl:otherwise></xsl:choose>
        <xsl:text> </xsl:text><xsl:call-template name="note-label"><xsl:with-param name="note" select="$note"/></xsl:call-template>
      </xsl:attribute>
      <sup><xsl:call-template name="note-label"><xsl:with-param name="note" select="$note"/></xsl:call-template></sup>
    </a>
  </xsl:template>

  <!-- An anchor that a note points to (note/@target) carries that note's marker, with the anchor's own id. -->
  <xsl:template match="tei:anchor[@xml:id]">
    <xsl:variable name="id" select="@xml:id"/>
    <xsl:variable name="notes-here" select="key('notes-by-target', concat('#', $id))"/>
    <xsl:choose>
      <xsl:when test="$notes-here">
        <xsl:for-each select="$notes-here">
          <xsl:call-template name="note-marker">
            <xsl:with-param name="marker-id" select="concat($id, substring(concat('-', position()), 1, 10 * (position() > 1)))"/>
          </xsl:call-template>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise><span id="{$id}"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- With notes="paragraph", the outermost block lists the notes anchored inside it. -->
  <xsl:template name="notes-after">
    <xsl:if test="$notes = 'paragraph' and ancestor::tei:text and contains($block-names, concat(' ', local-name(), ' '))
                  and not(ancestor::tei:*[contains($block-names, concat(' ', local-name(), ' '))])">
      <xsl:variable name="here" select=".//tei:note[not(ancestor::tei:note)][not(@place = 'end' and ancestor::tei:back)]"/>
      <xsl:if test="$here">
        <aside class="notes-here" aria-label="Notes"><ol class="notes"><xsl:apply-templates select="$here" mode="note-text"/></ol></aside>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- A note's text: label as printed, page, whose note, the text, and the way back to each anchor. -->
  <xsl:template match="tei:note" mode="note-text">
    <xsl:param name="tag" select="'li'"/>
    <xsl:variable name="id"><xsl:call-template name="note-id"/></xsl:variable>
    <xsl:variable name="kind"><xsl:call-template name="note-kind"/></xsl:variable>
    <xsl:variable name="page"><xsl:if test="$has-pages"><xsl:call-template name="page-of"/></xsl:if></xsl:variable>
    <xsl:element name="{$tag}">
      <xsl:attribute name="id"><xsl:value-of select="$id"/></xsl:attribute>
      <xsl:attribute name="class">note <xsl:value-of select="$kind"/></xsl:attribute>
      <!-- DPUB-ARIA 1.1 deprecates doc-endnote: an end note is a note. -->
      <xsl:attribute name="role"><xsl:choose><xsl:when test="@place = 'end'">note</xsl:when><xsl:otherwise>doc-footnote</xsl:otherwise></xsl:choose></xsl:attribute>
      <xsl:if test="@xml:lang"><xsl:attribute name="lang"><xsl:call-template name="bcp47"/></xsl:attribute></xsl:if>
      <span class="note-label"><xsl:call-template name="note-label"/></span>
      <xsl:if test="$page != '' and not(@place = 'end')">
        <xsl:text> </xsl:text><a class="note-page" href="#{concat('p', translate(normalize-space($page), ' #', '__'))}">p. <xsl:value-of select="$page"/></a>
      </xsl:if>
      <xsl:if test="$kind != ''">
        <xsl:text> </xsl:text>
        <span class="note-kind"><xsl:call-template name="note-kind-label"><xsl:with-param name="kind" select="$kind"/></xsl:call-template></span>
      </xsl:if>
      <xsl:text> </xsl:text>
      <span class="note-body"><xsl:apply-templates/></span>
      <xsl:variable name="work"><xsl:call-template name="target-id"><xsl:with-param name="pointer" select="@corresp"/></xsl:call-template></xsl:variable>
      <xsl:if test="key('ids', $work)[self::tei:bibl or self::tei:biblStruct][not(ancestor::tei:teiHeader)]">
        <xsl:text> </xsl:text><a href="#{$work}" class="cite-link note-source" aria-label="the work cited, in the bibliography">↗</a>
      </xsl:if>
      <xsl:call-template name="back-links"><xsl:with-param name="id" select="$id"/></xsl:call-template>
    </xsl:element>
  </xsl:template>

  <xsl:template name="back-links">
    <xsl:param name="id"/>
    <xsl:variable name="placement"><xsl:call-template name="note-placement"/></xsl:variable>
    <xsl:variable name="pointers" select="key('pointers-by-target', concat('#', @xml:id))[ancestor::tei:text][self::tei:ptr]"/>
    <xsl:choose>
      <xsl:when test="@target">
        <xsl:for-each select="str:tokenize(@target, ' ')" xmlns:str="http://exslt.org/strings">
          <xsl:text> </xsl:text>
          <a class="backlink" href="{.}" role="doc-backlink" aria-label="Back to anchor {position()}">↩<xsl:if test="last() > 1"><sup><xsl:value-of select="position()"/></sup></xsl:if></a>
        </xsl:for-each>
      </xsl:when>
      <xsl:when test="$pointers">
        <xsl:for-each select="$pointers">
          <xsl:text> </xsl:text>
          <a class="backlink" role="doc-backlink" aria-label="Back to the text"><xsl:attribute name="href">#ref-<xsl:call-template name="index-num"/></xsl:attribute>↩</a>
        </xsl:for-each>
      </xsl:when>
      <xsl:when test="@anchored = 'false' or @place = 'end' or $placement = 'standalone'">
        <!-- No anchor in this text (an orphan footnote): the way back is to its page. -->
        <xsl:variable name="page"><xsl:call-template name="page-of"/></xsl:variable>
        <xsl:if test="$page != ''">
          <xsl:text> </xsl:text>
          <a class="backlink" role="doc-backlink" href="#{concat('p', translate(normalize-space($page), ' #', '__'))}">↩ p. <xsl:value-of select="$page"/></a>
          <span class="unanchored"> (its anchor is not in this text)</span>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text> </xsl:text>
        <a class="backlink" href="#nref-{$id}" role="doc-backlink" aria-label="Back to the text">↩</a>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
