<?xml version="1.0" encoding="UTF-8"?>
<!--
  html.xsl: TEI to one self-contained HTML5 reading edition (XSLT 1.0). Imports common.xsl.

  The page carries both views: every editorial alternative is written twice (class "read" and "dipl") and a pair of
  radio buttons switches between them with CSS alone (:has), so the switch needs no script and works by keyboard.
  Without :has support the reading text shows. CSS is inline; nothing is loaded from the network (no images, fonts or
  scripts; @style and url() from the source are not copied).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:exsl="http://exslt.org/common"
    exclude-result-prefixes="tei exsl">

  <xsl:import href="common.xsl"/>
  <xsl:include href="html-blocks.xsl"/>
  <xsl:include href="html-names.xsl"/>
  <xsl:include href="html-notes.xsl"/>
  <xsl:include href="html-style.xsl"/>
  <xsl:include href="html-repair.xsl"/>
  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <!-- HTML notes are listed after the text unless asked otherwise ('paragraph': after their paragraph). -->
  <xsl:param name="notes" select="'end'"/>

  <!-- A TEI document inside a teiCorpus is one heading level deeper. -->
  <xsl:variable name="corpus-depth" select="count(/tei:teiCorpus)"/>

  <!-- Entity lists rendered in the index and bibliography at the end (those of the text are rendered in place). -->
  <xsl:variable name="index-lists"
      select="/*/tei:standOff//*[self::tei:listPerson or self::tei:listPlace or self::tei:listOrg]
                                [not(ancestor::tei:listPerson or ancestor::tei:listPlace or ancestor::tei:listOrg)]"/>
  <xsl:variable name="standoff-bibls" select="/*/tei:standOff//tei:listBibl[not(ancestor::tei:listBibl)]"/>

  <!-- ===================================================================== the page -->

  <xsl:template match="/">
    <html lang="{$doc-lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="teikit"/>
        <title><xsl:value-of select="$doc-title"/></title>
        <style><xsl:call-template name="css"/><xsl:call-template name="rendition-css"/></style>
      </head>
      <body>
        <a class="skip" href="#text">Skip to the text</a>
        <header class="masthead">
          <h1><xsl:value-of select="$doc-title"/></h1>
          <xsl:variable name="authors"><xsl:call-template name="authors"/></xsl:variable>
          <xsl:if test="normalize-space($authors)"><p class="author">by <xsl:value-of select="$authors"/></p></xsl:if>
          <xsl:if test="$has-alternatives"><xsl:call-template name="view-switch"/></xsl:if>
        </header>
        <xsl:call-template name="about"/>
        <xsl:call-template name="toc"/>
        <main id="text">
          <xsl:variable name="text"><xsl:apply-templates select="/*" mode="document"/></xsl:variable>
          <xsl:apply-templates select="exsl:node-set($text)/node()" mode="repair"/>
          <xsl:if test="$notes = 'end' and $collected-notes">
            <section class="footnotes" id="footnotes" role="doc-endnotes" aria-labelledby="footnotes-h">
              <h2 id="footnotes-h">Footnotes</h2>
              <ol class="notes">
                <xsl:apply-templates select="$collected-notes" mode="note-text"/>
              </ol>
            </section>
          </xsl:if>
        </main>
        <xsl:if test="$standoff-bibls">
          <section class="bibliography" id="bibliography" aria-labelledby="bibliography-h">
            <h2 id="bibliography-h">Bibliography</h2>
            <xsl:apply-templates select="$standoff-bibls"/>
          </section>
        </xsl:if>
        <xsl:if test="$index-lists">
          <section class="index" id="index" aria-labelledby="index-h">
            <h2 id="index-h">Index of persons, places and organisations</h2>
            <xsl:apply-templates select="$index-lists" mode="index"/>
          </section>
        </xsl:if>
        <footer class="colophon">
          <xsl:for-each select="$doc-header/tei:fileDesc/tei:publicationStmt/tei:availability">
            <p><xsl:apply-templates select="tei:licence" mode="header"/></p>
          </xsl:for-each>
          <p>Made with teikit from TEI P5.</p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="tei:TEI" mode="document">
    <xsl:apply-templates select="tei:text"/>
  </xsl:template>
  <xsl:template match="tei:teiCorpus" mode="document">
    <xsl:for-each select="tei:TEI | tei:teiCorpus">
      <article class="member">
        <xsl:if test="@xml:lang"><xsl:attribute name="lang"><xsl:call-template name="bcp47"/></xsl:attribute></xsl:if>
        <xsl:attribute name="id"><xsl:call-template name="div-id"/></xsl:attribute>
        <h2><xsl:value-of select="normalize-space(tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[1])"/></h2>
        <xsl:apply-templates select="tei:text | tei:TEI | tei:teiCorpus"/>
      </article>
    </xsl:for-each>
  </xsl:template>
  <xsl:template match="tei:TEI">
    <xsl:apply-templates select="tei:text"/>
  </xsl:template>

  <!-- The reading/diplomatic switch: two radio buttons, usable by keyboard, working by CSS. -->
  <xsl:template name="view-switch">
    <fieldset class="view-switch">
      <legend>Text</legend>
      <input type="radio" name="view" id="view-reading" value="reading">
        <xsl:if test="$view != 'diplomatic'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
      </input>
      <label for="view-reading">reading (corrected)</label>
      <input type="radio" name="view" id="view-diplomatic" value="diplomatic">
        <xsl:if test="$view = 'diplomatic'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
      </input>
      <label for="view-diplomatic">diplomatic (as printed)</label>
    </fieldset>
  </xsl:template>

  <!-- ===================================================================== metadata -->

  <!-- "About this edition": collapsed under the title (a details element: opens without JavaScript), so that the
       text comes first. -->
  <xsl:template name="about">
    <details class="about">
      <summary>About this edition</summary>
      <xsl:call-template name="about-list"/>
    </details>
  </xsl:template>

  <!-- The edition's metadata from the header, as a description list. -->
  <xsl:template name="about-list">
    <xsl:variable name="fd" select="$doc-header/tei:fileDesc"/>
      <dl>
        <xsl:if test="$fd/tei:titleStmt/tei:author">
          <dt>Author</dt>
          <xsl:for-each select="$fd/tei:titleStmt/tei:author"><dd><xsl:call-template name="person-name"/></dd></xsl:for-each>
        </xsl:if>
        <xsl:for-each select="$fd/tei:titleStmt/tei:editor | $fd/tei:titleStmt/tei:respStmt">
          <dt>
            <xsl:choose>
              <xsl:when test="self::tei:editor">Editor</xsl:when>
              <xsl:otherwise><xsl:value-of select="normalize-space(tei:resp)"/></xsl:otherwise>
            </xsl:choose>
          </dt>
          <dd>
            <xsl:choose>
              <xsl:when test="self::tei:editor"><xsl:call-template name="person-name"/></xsl:when>
              <xsl:otherwise>
                <xsl:for-each select="tei:name | tei:persName | tei:orgName">
                  <xsl:if test="position() > 1">, </xsl:if>
                  <xsl:call-template name="person-name"><xsl:with-param name="who" select="."/></xsl:call-template>
                </xsl:for-each>
              </xsl:otherwise>
            </xsl:choose>
          </dd>
        </xsl:for-each>
        <xsl:if test="$fd/tei:sourceDesc/*[self::tei:biblStruct or self::tei:bibl or self::tei:biblFull]">
          <dt>Source edition</dt>
          <dd><xsl:call-template name="source-edition"/></dd>
          <xsl:for-each select="($fd/tei:sourceDesc/tei:biblStruct | $fd/tei:sourceDesc/tei:bibl
                                 | $fd/tei:sourceDesc/tei:biblFull)[position() > 1]">
            <dd><xsl:apply-templates mode="header"/></dd>
          </xsl:for-each>
        </xsl:if>
        <xsl:if test="$fd/tei:publicationStmt/tei:publisher">
          <dt>Published by</dt>
          <dd><xsl:value-of select="normalize-space($fd/tei:publicationStmt/tei:publisher[1])"/></dd>
        </xsl:if>
        <xsl:for-each select="$doc-header/tei:encodingDesc/tei:editorialDecl/*">
          <xsl:if test="position() = 1"><dt>Editorial principles</dt></xsl:if>
          <dd>
            <strong><xsl:call-template name="principle-name"/>: </strong>
            <xsl:for-each select="tei:p"><xsl:apply-templates mode="header"/><xsl:text> </xsl:text></xsl:for-each>
            <xsl:if test="not(tei:p)"><xsl:value-of select="normalize-space(.)"/></xsl:if>
          </dd>
        </xsl:for-each>
        <xsl:for-each select="$fd/tei:publicationStmt/tei:availability">
          <dt>Licence</dt>
          <xsl:for-each select="tei:licence | tei:p">
            <dd><xsl:apply-templates select="." mode="header"/></dd>
          </xsl:for-each>
        </xsl:for-each>
        <xsl:if test="$several-editions">
          <dt>Line and page breaks</dt>
          <dd>those of the edition <xsl:value-of select="$base-edition"/> (other editions' breaks are not shown)</dd>
        </xsl:if>
      </dl>
  </xsl:template>

  <xsl:template name="principle-name">
    <xsl:choose>
      <xsl:when test="self::tei:correction">Corrections</xsl:when>
      <xsl:when test="self::tei:normalization">Normalisation</xsl:when>
      <xsl:when test="self::tei:quotation">Quotation marks</xsl:when>
      <xsl:when test="self::tei:hyphenation">Hyphenation</xsl:when>
      <xsl:when test="self::tei:segmentation">Segmentation</xsl:when>
      <xsl:when test="self::tei:interpretation">Interpretation</xsl:when>
      <xsl:when test="self::tei:punctuation">Punctuation</xsl:when>
      <xsl:otherwise><xsl:value-of select="local-name()"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Header prose: text, with links for licences and pointers; nothing else is interpreted. -->
  <xsl:template match="tei:licence[@target]" mode="header">
    <!-- An empty licence (ELTeC's) is named by its address, inside the link: a link needs a name. -->
    <a href="{@target}" rel="license">
      <xsl:apply-templates mode="header"/>
      <xsl:if test="not(normalize-space(.))"><xsl:value-of select="@target"/></xsl:if>
    </a>
  </xsl:template>
  <xsl:template match="tei:ptr[@target]" mode="header">
    <xsl:call-template name="safe-link"><xsl:with-param name="href" select="string(@target)"/><xsl:with-param name="text" select="string(@target)"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:note | tei:p" mode="header"><xsl:text> </xsl:text><xsl:apply-templates mode="header"/></xsl:template>
  <!-- A byline recorded in the header (note type="byline"): quoted, after "Byline:", separated by semicolons. -->
  <xsl:template match="tei:note[@type = 'byline']" mode="header">
    <xsl:choose>
      <xsl:when test="preceding-sibling::tei:note[@type = 'byline']">; </xsl:when>
      <xsl:otherwise> Byline: </xsl:otherwise>
    </xsl:choose>
    <xsl:text>“</xsl:text><xsl:value-of select="normalize-space(.)"/><xsl:text>”</xsl:text>
    <xsl:if test="not(following-sibling::tei:note[@type = 'byline'])">.</xsl:if>
  </xsl:template>
  <xsl:template match="*" mode="header"><xsl:apply-templates mode="header"/></xsl:template>

  <!-- ===================================================================== contents -->

  <xsl:template name="toc">
    <xsl:variable name="top" select="//tei:text/*[self::tei:front or self::tei:body or self::tei:back]
                                     /*[starts-with(local-name(), 'div')][tei:head]"/>
    <xsl:if test="$top">
      <details class="toc">
        <summary>Contents</summary>
        <nav aria-label="Contents"><ol><xsl:apply-templates select="$top" mode="toc"/></ol></nav>
      </details>
    </xsl:if>
  </xsl:template>

  <xsl:template match="*" mode="toc">
    <li>
      <a>
        <xsl:attribute name="href">#<xsl:call-template name="div-id"/></xsl:attribute>
        <xsl:apply-templates select="tei:head[1]" mode="plain"/>
      </a>
      <xsl:variable name="sub" select="*[starts-with(local-name(), 'div')][tei:head]"/>
      <xsl:if test="$sub"><ol><xsl:apply-templates select="$sub" mode="toc"/></ol></xsl:if>
    </li>
  </xsl:template>

  <!-- Plain words of a heading (for the contents): the reading text, no notes. -->
  <xsl:template match="tei:note | tei:sic[parent::tei:choice] | tei:orig[parent::tei:choice]
                       | tei:abbr[parent::tei:choice] | tei:del | tei:fw | tei:rdg" mode="plain"/>
  <xsl:template match="*" mode="plain"><xsl:apply-templates mode="plain"/></xsl:template>

  <!-- A division's id: its xml:id, else "div-" and its position among all divisions (stable from run to run); a
       TEI document of a corpus: "text-" and its position. -->
  <xsl:template name="div-id">
    <xsl:choose>
      <xsl:when test="@xml:id"><xsl:value-of select="@xml:id"/></xsl:when>
      <xsl:when test="self::tei:TEI or self::tei:teiCorpus">text-<xsl:number level="any" count="tei:TEI | tei:teiCorpus"/></xsl:when>
      <xsl:otherwise>div-<xsl:call-template name="index-num"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
