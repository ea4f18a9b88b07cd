<?xml version="1.0" encoding="UTF-8"?>
<!--
  epub.xsl: TEI to the files of an EPUB 3 publication (XSLT 1.0). Imports html.xsl, whose templates render the text;
  this stylesheet decides how it is cut and packaged, and holds the view it was asked for only (a reading system
  shows one view; no CSS switch).

  The result is one <epub> element holding <file path="…" media-type="…"> elements in the order they are zipped
  (mimetype first); teikit.export.epub writes them into the zip (and resolves links to ids in other files).
  - one chapter file per top-level division (and one for what stands before the first division or after them);
  - nav.xhtml: the contents from the headings, the page list from pb (of the base edition), landmarks;
  - footnotes as <aside epub:type="footnote"> at the end of the chapter that holds their anchor, with back links;
  - package.opf: metadata from the teiHeader, with the accessibility metadata of EPUB Accessibility 1.1.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns="http://www.w3.org/1999/xhtml"
    xmlns:epub="http://www.idpf.org/2007/ops"
    xmlns:opf="http://www.idpf.org/2007/opf"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:exsl="http://exslt.org/common"
    exclude-result-prefixes="tei opf exsl">

  <xsl:import href="html.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <!-- dcterms:modified, CCYY-MM-DDThh:mm:ssZ (from SOURCE_DATE_EPOCH, else now: given by the runner). -->
  <xsl:param name="modified" select="'2000-01-01T00:00:00Z'"/>
  <!-- EPUB footnotes close the chapter that holds their anchor ('paragraph': after their paragraph). -->
  <xsl:param name="notes" select="'end'"/>

  <xsl:variable name="sections" select="//tei:*[self::tei:front or self::tei:body or self::tei:back]
                                        [ancestor::tei:text][not(ancestor::tei:floatingText)]"/>
  <!-- Where each chapter starts: a top-level division; the first element before the first division; the first
       element (not a division) after it. -->
  <xsl:variable name="starters"
      select="$sections/*[starts-with(local-name(), 'div')]
              | $sections/*[1][not(starts-with(local-name(), 'div'))]
              | $sections/*[starts-with(local-name(), 'div')][1]/following-sibling::*[not(starts-with(local-name(), 'div'))][1]"/>

  <xsl:template match="/">
    <epub>
      <file path="mimetype" media-type="text/plain">application/epub+zip</file>
      <file path="META-INF/container.xml" media-type="application/xml">
        <container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">
          <rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles>
        </container>
      </file>
      <file path="EPUB/package.opf" media-type="application/oebps-package+xml"><xsl:call-template name="package"/></file>
      <file path="EPUB/teikit.css" media-type="text/css"><xsl:call-template name="epub-css"/><xsl:call-template name="rendition-css"/></file>
      <file path="EPUB/nav.xhtml" media-type="application/xhtml+xml"><xsl:call-template name="nav"/></file>
      <file path="EPUB/title.xhtml" media-type="application/xhtml+xml">
        <xsl:call-template name="xhtml">
          <xsl:with-param name="title" select="$doc-title"/>
          <xsl:with-param name="content">
            <section epub:type="titlepage" class="titlepage">
              <h1><xsl:value-of select="$doc-title"/></h1>
              <xsl:variable name="authors"><xsl:call-template name="authors"/></xsl:variable>
              <xsl:if test="normalize-space($authors)"><p class="author">by <xsl:value-of select="$authors"/></p></xsl:if>
              <p class="view">Text: <xsl:value-of select="$view"/> view.</p>
              <section class="about">
                <h2>About this edition</h2>
                <xsl:call-template name="about-list"/>
              </section>
            </section>
          </xsl:with-param>
        </xsl:call-template>
      </file>
      <xsl:for-each select="$starters">
        <file path="EPUB/{concat('chapter-', position(), '.xhtml')}" media-type="application/xhtml+xml">
          <xsl:call-template name="chapter"/>
        </file>
      </xsl:for-each>
      <xsl:if test="$standoff-bibls or $index-lists">
        <file path="EPUB/back.xhtml" media-type="application/xhtml+xml">
          <xsl:call-template name="xhtml">
            <xsl:with-param name="title" select="'Bibliography and index'"/>
            <xsl:with-param name="content">
              <xsl:if test="$standoff-bibls">
                <section class="bibliography" epub:type="bibliography" role="doc-bibliography" id="bibliography">
                  <h1>Bibliography</h1>
                  <xsl:apply-templates select="$standoff-bibls"/>
                </section>
              </xsl:if>
              <xsl:if test="$index-lists">
                <section class="index" epub:type="index" role="doc-index" id="index">
                  <h1>Index of persons, places and organisations</h1>
                  <xsl:apply-templates select="$index-lists" mode="index"/>
                </section>
              </xsl:if>
            </xsl:with-param>
          </xsl:call-template>
        </file>
      </xsl:if>
    </epub>
  </xsl:template>

  <!-- ===================================================================== chapters -->

  <!-- The nodes of the chapter that starts here: the division itself, or the run of elements it starts. -->
  <xsl:template name="chapter">
    <xsl:variable name="first-div" select="../*[starts-with(local-name(), 'div')][1]"/>
    <xsl:variable name="nodes"
        select="self::*[starts-with(local-name(), 'div')]
                | self::*[not(starts-with(local-name(), 'div'))][not($first-div)]/../*
                | self::*[not(starts-with(local-name(), 'div'))][$first-div][not(preceding-sibling::*[starts-with(local-name(), 'div')])]/../*[starts-with(local-name(), 'div')][1]/preceding-sibling::*
                | self::*[not(starts-with(local-name(), 'div'))][preceding-sibling::*[starts-with(local-name(), 'div')]]/../*[starts-with(local-name(), 'div')][1]/following-sibling::*[not(starts-with(local-name(), 'div'))]"/>
    <xsl:variable name="title"><xsl:call-template name="chapter-title"/></xsl:variable>
    <xsl:call-template name="xhtml">
      <xsl:with-param name="title" select="$title"/>
      <xsl:with-param name="content">
        <xsl:choose>
          <xsl:when test="starts-with(local-name(), 'div')"><xsl:apply-templates select="."/></xsl:when>
          <xsl:otherwise><section class="{local-name(..)}"><xsl:apply-templates select="$nodes"/></section></xsl:otherwise>
        </xsl:choose>
        <xsl:variable name="here" select="$nodes/descendant-or-self::tei:note[not(ancestor::tei:note)]
                                          [not(@place = 'end' and ancestor::tei:back)]"/>
        <xsl:if test="$notes = 'end' and $here">
          <section class="footnotes" epub:type="footnotes">
            <xsl:apply-templates select="$here" mode="note-text"/>
          </section>
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- A chapter's title: its heading, else the division's number or type, else where it stands. -->
  <xsl:template name="chapter-title">
    <xsl:variable name="head"><xsl:apply-templates select="tei:head[1]" mode="plain"/></xsl:variable>
    <xsl:choose>
      <xsl:when test="normalize-space($head)"><xsl:value-of select="normalize-space($head)"/></xsl:when>
      <xsl:when test="starts-with(local-name(), 'div') and (@n or @type)">
        <xsl:value-of select="normalize-space(concat(translate(substring(@type, 1, 1), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), substring(@type, 2), ' ', @n))"/>
      </xsl:when>
      <xsl:when test="parent::tei:front">Front matter</xsl:when>
      <xsl:when test="parent::tei:back">Back matter</xsl:when>
      <xsl:otherwise>Text</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An XHTML content document. -->
  <xsl:template name="xhtml">
    <xsl:param name="title"/>
    <xsl:param name="content"/>
    <html lang="{$doc-lang}" xml:lang="{$doc-lang}">
      <head>
        <meta charset="utf-8"/>
        <title><xsl:value-of select="$title"/></title>
        <link rel="stylesheet" type="text/css" href="teikit.css"/>
      </head>
      <body><xsl:apply-templates select="exsl:node-set($content)/node()" mode="repair"/></body>
    </html>
  </xsl:template>

  <!-- ===================================================================== navigation -->

  <xsl:template name="nav">
    <xsl:call-template name="xhtml">
      <xsl:with-param name="title" select="'Contents'"/>
      <xsl:with-param name="content">
        <nav epub:type="toc" id="toc" role="doc-toc">
          <h1>Contents</h1>
          <ol>
            <li><a href="title.xhtml"><xsl:value-of select="$doc-title"/></a></li>
            <xsl:for-each select="$starters">
              <xsl:variable name="file" select="concat('chapter-', position(), '.xhtml')"/>
              <li>
                <a href="{$file}"><xsl:call-template name="chapter-title"/></a>
                <xsl:variable name="sub" select="self::*[starts-with(local-name(), 'div')]/*[starts-with(local-name(), 'div')][tei:head]"/>
                <xsl:if test="$sub">
                  <ol><xsl:apply-templates select="$sub" mode="nav"><xsl:with-param name="file" select="$file"/></xsl:apply-templates></ol>
                </xsl:if>
              </li>
            </xsl:for-each>
            <xsl:if test="$standoff-bibls or $index-lists"><li><a href="back.xhtml">Bibliography and index</a></li></xsl:if>
          </ol>
        </nav>
        <xsl:if test="$has-pages">
          <nav epub:type="page-list" id="page-list" role="doc-pagelist" hidden="hidden">
            <h1>Pages</h1>
            <ol>
              <xsl:for-each select="$starters">
                <xsl:variable name="file" select="concat('chapter-', position(), '.xhtml')"/>
                <xsl:variable name="first-div" select="../*[starts-with(local-name(), 'div')][1]"/>
                <xsl:variable name="nodes"
                    select="self::*[starts-with(local-name(), 'div')]
                            | self::*[not(starts-with(local-name(), 'div'))][not($first-div)]/../*
                            | self::*[not(starts-with(local-name(), 'div'))][$first-div][not(preceding-sibling::*[starts-with(local-name(), 'div')])]/../*[starts-with(local-name(), 'div')][1]/preceding-sibling::*
                            | self::*[not(starts-with(local-name(), 'div'))][preceding-sibling::*[starts-with(local-name(), 'div')]]/../*[starts-with(local-name(), 'div')][1]/following-sibling::*[not(starts-with(local-name(), 'div'))]"/>
                <xsl:for-each select="$nodes/descendant-or-self::tei:pb[not(ancestor::tei:note)]">
                  <xsl:variable name="kind"><xsl:call-template name="break-kind"/></xsl:variable>
                  <xsl:if test="$kind != 'other'">
                    <li><a><xsl:attribute name="href"><xsl:value-of select="$file"/>#<xsl:call-template name="page-id"/></xsl:attribute>
                      <xsl:choose>
                        <xsl:when test="normalize-space(@n)"><xsl:value-of select="normalize-space(@n)"/></xsl:when>
                        <xsl:otherwise>page</xsl:otherwise>
                      </xsl:choose>
                    </a></li>
                  </xsl:if>
                </xsl:for-each>
              </xsl:for-each>
            </ol>
          </nav>
        </xsl:if>
        <nav epub:type="landmarks" id="landmarks" hidden="hidden">
          <h1>Landmarks</h1>
          <ol>
            <li><a epub:type="toc" href="nav.xhtml#toc">Contents</a></li>
            <li><a epub:type="titlepage" href="title.xhtml">Title page</a></li>
            <xsl:if test="$starters"><li><a epub:type="bodymatter" href="chapter-1.xhtml">Text</a></li></xsl:if>
          </ol>
        </nav>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="*" mode="nav">
    <xsl:param name="file"/>
    <li>
      <a>
        <xsl:attribute name="href"><xsl:value-of select="$file"/>#<xsl:call-template name="div-id"/></xsl:attribute>
        <xsl:variable name="head"><xsl:apply-templates select="tei:head[1]" mode="plain"/></xsl:variable>
        <xsl:value-of select="normalize-space($head)"/>
        <xsl:if test="not(normalize-space($head))">Section</xsl:if>
      </a>
      <xsl:variable name="sub" select="*[starts-with(local-name(), 'div')][tei:head]"/>
      <xsl:if test="$sub"><ol><xsl:apply-templates select="$sub" mode="nav"><xsl:with-param name="file" select="$file"/></xsl:apply-templates></ol></xsl:if>
    </li>
  </xsl:template>

  <!-- ===================================================================== the package document -->

  <xsl:template name="package">
    <xsl:variable name="fd" select="$doc-header/tei:fileDesc"/>
    <xsl:variable name="idno" select="($fd/tei:publicationStmt/tei:idno[normalize-space()])[1]"/>
    <package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="{$doc-lang}"
             prefix="a11y: http://www.idpf.org/epub/vocab/package/a11y/#">
      <metadata>
        <dc:identifier id="uid">
          <xsl:choose>
            <xsl:when test="$idno/@type = 'DOI' or $idno/@type = 'doi'">doi:<xsl:value-of select="normalize-space($idno)"/></xsl:when>
            <xsl:when test="$idno"><xsl:value-of select="normalize-space($idno)"/></xsl:when>
            <xsl:otherwise>urn:teikit:<xsl:value-of select="translate(normalize-space($doc-title), ' /?#:', '-----')"/></xsl:otherwise>
          </xsl:choose>
        </dc:identifier>
        <dc:title><xsl:value-of select="$doc-title"/></dc:title>
        <xsl:for-each select="$fd/tei:titleStmt/tei:author">
          <xsl:variable name="name"><xsl:call-template name="person-name"/></xsl:variable>
          <xsl:if test="normalize-space($name)"><dc:creator><xsl:value-of select="$name"/></dc:creator></xsl:if>
        </xsl:for-each>
        <xsl:for-each select="$fd/tei:titleStmt/tei:editor">
          <xsl:variable name="name"><xsl:call-template name="person-name"/></xsl:variable>
          <xsl:if test="normalize-space($name)"><dc:contributor><xsl:value-of select="$name"/></dc:contributor></xsl:if>
        </xsl:for-each>
        <dc:language><xsl:value-of select="$doc-lang"/></dc:language>
        <xsl:if test="normalize-space($fd/tei:publicationStmt/tei:publisher[1])">
          <dc:publisher><xsl:value-of select="normalize-space($fd/tei:publicationStmt/tei:publisher[1])"/></dc:publisher>
        </xsl:if>
        <xsl:for-each select="$fd/tei:publicationStmt/tei:availability[1]">
          <dc:rights>
            <xsl:value-of select="normalize-space(concat(tei:licence[1]/@target, ' ', normalize-space(.)))"/>
          </dc:rights>
        </xsl:for-each>
        <xsl:if test="$fd/tei:sourceDesc/*[self::tei:biblStruct or self::tei:bibl or self::tei:biblFull]">
          <xsl:variable name="source"><xsl:call-template name="source-edition"/></xsl:variable>
          <xsl:if test="normalize-space($source)"><dc:source><xsl:value-of select="normalize-space($source)"/></dc:source></xsl:if>
        </xsl:if>
        <meta property="dcterms:modified"><xsl:value-of select="$modified"/></meta>
        <!-- EPUB Accessibility 1.1 -->
        <meta property="schema:accessMode">textual</meta>
        <meta property="schema:accessModeSufficient">textual</meta>
        <meta property="schema:accessibilityFeature">structuralNavigation</meta>
        <meta property="schema:accessibilityFeature">tableOfContents</meta>
        <meta property="schema:accessibilityFeature">readingOrder</meta>
        <xsl:if test="$has-pages">
          <meta property="schema:accessibilityFeature">pageNavigation</meta>
          <meta property="schema:accessibilityFeature">pageBreakMarkers</meta>
        </xsl:if>
        <xsl:if test="//tei:formula[*[local-name() = 'math']]"><meta property="schema:accessibilityFeature">MathML</meta></xsl:if>
        <meta property="schema:accessibilityHazard">none</meta>
        <meta property="schema:accessibilitySummary">Text only, in reading order, with headings, a table of contents<xsl:if test="$has-pages"> and the page numbers of the source edition</xsl:if>; footnotes link to their text and back.</meta>
        <meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>
        <meta property="a11y:certifiedBy">teikit (automated checks: epubcheck)</meta>
      </metadata>
      <manifest>
        <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
        <item id="css" href="teikit.css" media-type="text/css"/>
        <item id="title" href="title.xhtml" media-type="application/xhtml+xml"/>
        <xsl:for-each select="$starters">
          <item id="chapter-{position()}" href="chapter-{position()}.xhtml" media-type="application/xhtml+xml">
            <xsl:if test="descendant-or-self::tei:formula[*[local-name() = 'math']]
                          or (not(starts-with(local-name(), 'div')) and ../tei:*[not(starts-with(local-name(), 'div'))]//tei:formula[*[local-name() = 'math']])">
              <xsl:attribute name="properties">mathml</xsl:attribute>
            </xsl:if>
          </item>
        </xsl:for-each>
        <xsl:if test="$standoff-bibls or $index-lists">
          <item id="back" href="back.xhtml" media-type="application/xhtml+xml"/>
        </xsl:if>
      </manifest>
      <spine>
        <itemref idref="title"/>
        <itemref idref="nav"/>
        <xsl:for-each select="$starters"><itemref idref="chapter-{position()}"/></xsl:for-each>
        <xsl:if test="$standoff-bibls or $index-lists"><itemref idref="back"/></xsl:if>
      </spine>
    </package>
  </xsl:template>

  <!-- ===================================================================== one view, EPUB markup -->

  <!-- One view only: the side the view asks for (common.xsl's policy), no tooltips. -->
  <xsl:template name="alternatives">
    <xsl:param name="reading"/>
    <xsl:param name="original"/>
    <xsl:param name="kind"/>
    <xsl:choose>
      <xsl:when test="$view = 'diplomatic'"><xsl:apply-templates select="$original"/></xsl:when>
      <xsl:otherwise><xsl:apply-templates select="$reading"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template name="deleted">
    <xsl:if test="$view = 'diplomatic'"><del><xsl:apply-templates/></del></xsl:if>
  </xsl:template>
  <xsl:template name="variants">
    <xsl:param name="lemma"/>
    <xsl:param name="readings"/>
    <xsl:apply-templates select="$lemma"/>
  </xsl:template>
  <xsl:template name="supplied">
    <xsl:if test="$view = 'diplomatic'">[</xsl:if>
    <xsl:apply-templates/>
    <xsl:if test="$view = 'diplomatic'">]</xsl:if>
  </xsl:template>
  <xsl:template name="unclear">
    <xsl:apply-templates/>
    <xsl:if test="$view = 'diplomatic'"><xsl:text>[?]</xsl:text></xsl:if>
  </xsl:template>
  <xsl:template name="hyphen">
    <xsl:param name="text"/>
    <xsl:if test="$view = 'diplomatic'"><xsl:value-of select="$text"/></xsl:if>
  </xsl:template>
  <xsl:template name="glyph">
    <xsl:param name="reading"/>
    <xsl:param name="diplomatic"/>
    <xsl:param name="name"/>
    <xsl:choose>
      <xsl:when test="$view = 'diplomatic'"><xsl:value-of select="$diplomatic"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$reading"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A page break: an EPUB page break marker, the target of the page list. -->
  <xsl:template match="tei:pb">
    <xsl:variable name="kind"><xsl:call-template name="break-kind"/></xsl:variable>
    <xsl:if test="$kind != 'other'">
      <xsl:variable name="in-word"><xsl:call-template name="in-word"/></xsl:variable>
      <xsl:if test="$in-word != 'yes'"><xsl:text> </xsl:text></xsl:if>
      <span epub:type="pagebreak" role="doc-pagebreak">
        <xsl:attribute name="id"><xsl:call-template name="page-id"/></xsl:attribute>
        <xsl:attribute name="aria-label">
          <xsl:choose>
            <xsl:when test="normalize-space(@n)"><xsl:value-of select="normalize-space(@n)"/></xsl:when>
            <xsl:otherwise>page</xsl:otherwise>
          </xsl:choose>
        </xsl:attribute>
      </span>
      <xsl:if test="$in-word != 'yes'"><xsl:text> </xsl:text></xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- A line break: a line in the diplomatic view, a word space (none inside a word) in the reading view. -->
  <xsl:template match="tei:lb">
    <xsl:variable name="kind"><xsl:call-template name="break-kind"/></xsl:variable>
    <xsl:if test="$kind != 'other'">
      <xsl:variable name="in-word"><xsl:call-template name="in-word"/></xsl:variable>
      <xsl:choose>
        <xsl:when test="$view = 'diplomatic'"><br/></xsl:when>
        <xsl:when test="$in-word != 'yes'"><xsl:text> </xsl:text></xsl:when>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <xsl:template name="note-marker">
    <xsl:param name="note" select="."/>
    <xsl:param name="marker-id">nref-<xsl:call-template name="note-id"><xsl:with-param name="note" select="$note"/></xsl:call-template></xsl:param>
    <a epub:type="noteref" role="doc-noteref" id="{$marker-id}" class="noteref">
      <xsl:attribute name="href">#<xsl:call-template name="note-id"><xsl:with-param name="note" select="$note"/></xsl:call-template></xsl:attribute>
      <sup><xsl:call-template name="note-label"><xsl:with-param name="note" select="$note"/></xsl:call-template></sup>
    </a>
  </xsl:template>

  <!-- A footnote: an EPUB footnote (aside) with its label, text and the way back to its anchors. -->
  <xsl:template match="tei:note" mode="note-text">
    <xsl:param name="tag"/>
    <xsl:variable name="id"><xsl:call-template name="note-id"/></xsl:variable>
    <xsl:variable name="kind"><xsl:call-template name="note-kind"/></xsl:variable>
    <aside epub:type="footnote" role="doc-footnote" id="{$id}" class="note {$kind}">
      <xsl:if test="@place = 'end'">
        <!-- An end note (DPUB-ARIA has no role for one alone: doc-endnote is deprecated). -->
        <xsl:attribute name="epub:type">endnote</xsl:attribute><xsl:attribute name="role">note</xsl:attribute>
      </xsl:if>
      <xsl:if test="@xml:lang"><xsl:attribute name="lang"><xsl:call-template name="bcp47"/></xsl:attribute><xsl:attribute name="xml:lang"><xsl:call-template name="bcp47"/></xsl:attribute></xsl:if>
      <p>
        <span class="note-label"><xsl:call-template name="note-label"/></span>
        <xsl:if test="$kind != ''">
          <xsl:text> </xsl:text>
          <span class="note-kind"><xsl:call-template name="note-kind-label"><xsl:with-param name="kind" select="$kind"/></xsl:call-template></span>
        </xsl:if>
        <xsl:text> </xsl:text>
        <span class="note-body"><xsl:apply-templates/></span>
        <xsl:call-template name="back-links"><xsl:with-param name="id" select="$id"/></xsl:call-template>
      </p>
    </aside>
  </xsl:template>

  <!-- With notes="paragraph", the outermost block is followed by the footnotes anchored inside it. -->
  <xsl:template name="notes-after">
    <xsl:if test="$notes = 'paragraph' and ancestor::tei:text and contains($block-names, concat(' ', local-name(), ' '))
                  and not(ancestor::tei:*[contains($block-names, concat(' ', local-name(), ' '))])">
      <xsl:apply-templates select=".//tei:note[not(ancestor::tei:note)][not(@place = 'end' and ancestor::tei:back)]" mode="note-text"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="epub-css">
body{font-family:serif;line-height:1.5;margin:0 1em}
h1,h2,h3,h4,h5,h6{line-height:1.25}
blockquote{margin:.6em 0 .9em 1.5em}
.lg{margin:.6em 0 .9em 1.5em}
.speaker{font-variant:small-caps;margin-top:.6em}.stage{font-style:italic}
.noteref{text-decoration:none}
aside.note{font-size:.9em;border-top:1px solid #ccc;margin-top:.5em}
.note-label{font-weight:bold}.note-kind{font-size:.8em;text-transform:uppercase}
table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .4em}
.about dt{font-weight:bold}
</xsl:template>

</xsl:stylesheet>
