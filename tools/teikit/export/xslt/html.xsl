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
    exclude-result-prefixes="tei">

  <xsl:import href="common.xsl"/>
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
          <xsl:for-each select="$doc-header/tei:fileDesc/tei:titleStmt/tei:author">
            <p class="author">by <xsl:value-of select="normalize-space(.)"/></p>
          </xsl:for-each>
          <xsl:call-template name="view-switch"/>
        </header>
        <xsl:call-template name="about"/>
        <xsl:call-template name="toc"/>
        <main id="text">
          <xsl:apply-templates select="/*" mode="document"/>
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
        <xsl:if test="@xml:lang"><xsl:attribute name="lang"><xsl:value-of select="@xml:lang"/></xsl:attribute></xsl:if>
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

  <xsl:template name="about">
    <xsl:variable name="fd" select="$doc-header/tei:fileDesc"/>
    <section class="about" aria-labelledby="about-h">
      <h2 id="about-h">About this edition</h2>
      <dl>
        <xsl:if test="$fd/tei:titleStmt/tei:author">
          <dt>Author</dt>
          <xsl:for-each select="$fd/tei:titleStmt/tei:author"><dd><xsl:value-of select="normalize-space(.)"/></dd></xsl:for-each>
        </xsl:if>
        <xsl:for-each select="$fd/tei:titleStmt/tei:editor | $fd/tei:titleStmt/tei:respStmt">
          <dt>
            <xsl:choose>
              <xsl:when test="self::tei:editor">Editor</xsl:when>
              <xsl:otherwise><xsl:value-of select="normalize-space(tei:resp)"/></xsl:otherwise>
            </xsl:choose>
          </dt>
          <dd><xsl:value-of select="normalize-space(tei:name | tei:persName | tei:orgName | self::tei:editor)"/></dd>
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
      </dl>
    </section>
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
    <a href="{@target}" rel="license"><xsl:apply-templates mode="header"/></a>
    <xsl:if test="not(normalize-space(.))"><xsl:value-of select="@target"/></xsl:if>
  </xsl:template>
  <xsl:template match="tei:ptr[@target]" mode="header">
    <xsl:call-template name="safe-link"><xsl:with-param name="href" select="string(@target)"/><xsl:with-param name="text" select="string(@target)"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:note | tei:p" mode="header"><xsl:text> </xsl:text><xsl:apply-templates mode="header"/></xsl:template>
  <xsl:template match="*" mode="header"><xsl:apply-templates mode="header"/></xsl:template>

  <!-- ===================================================================== contents -->

  <xsl:template name="toc">
    <xsl:variable name="top" select="//tei:text/*[self::tei:front or self::tei:body or self::tei:back]
                                     /*[starts-with(local-name(), 'div')][tei:head]"/>
    <xsl:if test="$top">
      <nav class="toc" aria-labelledby="toc-h">
        <h2 id="toc-h">Contents</h2>
        <ol><xsl:apply-templates select="$top" mode="toc"/></ol>
      </nav>
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

  <!-- ===================================================================== structure -->

  <!-- Attributes every rendered element may carry: id from xml:id, lang, and classes from @rendition. -->
  <xsl:template name="common-attributes">
    <xsl:param name="class"/>
    <xsl:if test="@xml:id"><xsl:attribute name="id"><xsl:value-of select="@xml:id"/></xsl:attribute></xsl:if>
    <xsl:if test="@xml:lang"><xsl:attribute name="lang"><xsl:value-of select="@xml:lang"/></xsl:attribute></xsl:if>
    <xsl:variable name="r">
      <xsl:for-each select="str:tokenize(@rendition, ' ')" xmlns:str="http://exslt.org/strings">
        <xsl:text> rend-</xsl:text><xsl:value-of select="translate(substring-after(., '#'), '.', '-')"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:if test="normalize-space(concat($class, $r))">
      <xsl:attribute name="class"><xsl:value-of select="normalize-space(concat($class, $r))"/></xsl:attribute>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:text | tei:front | tei:body | tei:back | tei:group">
    <div>
      <xsl:call-template name="common-attributes"><xsl:with-param name="class" select="local-name()"/></xsl:call-template>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7">
    <section class="div {@type}">
      <xsl:attribute name="id"><xsl:call-template name="div-id"/></xsl:attribute>
      <xsl:if test="@xml:lang"><xsl:attribute name="lang"><xsl:value-of select="@xml:lang"/></xsl:attribute></xsl:if>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <!-- Heading level: h1 is the title; each division with a heading is one level deeper; h6 at most. -->
  <xsl:template match="tei:head">
    <xsl:variable name="divs" select="count(ancestor::tei:*[starts-with(local-name(), 'div')][tei:head])"/>
    <xsl:choose>
      <xsl:when test="parent::tei:*[starts-with(local-name(), 'div') or self::tei:body or self::tei:front
                      or self::tei:back or self::tei:group or self::tei:listBibl or self::tei:listPerson
                      or self::tei:listPlace or self::tei:listOrg]">
        <xsl:variable name="level" select="1 + $corpus-depth + $divs + (not(parent::tei:*[starts-with(local-name(), 'div')]))"/>
        <xsl:element name="h{$level * ($level &lt;= 6) + 6 * ($level > 6)}">
          <xsl:call-template name="common-attributes"><xsl:with-param name="class" select="concat('head ', @rend)"/></xsl:call-template>
          <xsl:apply-templates/>
        </xsl:element>
        <xsl:call-template name="notes-after"/>
      </xsl:when>
      <xsl:when test="parent::tei:list"><li class="head"><xsl:apply-templates/></li></xsl:when>
      <xsl:when test="parent::tei:table"><caption><xsl:apply-templates/></caption></xsl:when>
      <xsl:otherwise>
        <p><xsl:call-template name="common-attributes"><xsl:with-param name="class" select="'head'"/></xsl:call-template><xsl:apply-templates/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A paragraph holding blocks (a display quotation, a list) cannot be an HTML <p>: it becomes <div class="p">. -->
  <xsl:template match="tei:p | tei:ab">
    <xsl:variable name="blocks" select=".//tei:*[self::tei:list or self::tei:table or self::tei:lg or self::tei:p
        or self::tei:figure or self::tei:sp or self::tei:floatingText
        or self::tei:quote[contains(@rend, 'block') or contains(@rend, 'display') or @prev or tei:p or tei:lg or tei:l] or self::tei:ab
        or self::tei:l or self::tei:head or self::tei:listBibl or self::tei:castList or self::tei:eTree
        or self::tei:forest or self::tei:graph or self::tei:listForest][not(ancestor::tei:note)]"/>
    <xsl:choose>
      <xsl:when test="$blocks">
        <div><xsl:call-template name="common-attributes"><xsl:with-param name="class" select="'p'"/></xsl:call-template><xsl:apply-templates/></div>
      </xsl:when>
      <xsl:otherwise>
        <p><xsl:call-template name="common-attributes"/><xsl:apply-templates/></p>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="notes-after"/>
  </xsl:template>

  <xsl:template match="tei:lg | tei:sp | tei:trailer | tei:closer | tei:opener | tei:dateline | tei:salute | tei:signed
                       | tei:byline | tei:epigraph | tei:argument | tei:postscript | tei:titlePage | tei:docTitle
                       | tei:titlePart | tei:docAuthor | tei:docImprint | tei:docDate | tei:castList | tei:castGroup
                       | tei:castItem | tei:floatingText | tei:l | tei:speaker | tei:figDesc">
    <div>
      <xsl:call-template name="common-attributes"><xsl:with-param name="class" select="local-name()"/></xsl:call-template>
      <xsl:apply-templates/>
    </div>
    <xsl:call-template name="notes-after"/>
  </xsl:template>

  <xsl:template match="tei:stage">
    <xsl:choose>
      <xsl:when test="parent::tei:p or parent::tei:l or parent::tei:ab or parent::tei:seg or parent::tei:speaker">
        <span class="stage"><xsl:apply-templates/></span>
      </xsl:when>
      <xsl:otherwise>
        <div><xsl:call-template name="common-attributes"><xsl:with-param name="class" select="'stage'"/></xsl:call-template><xsl:apply-templates/></div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:list">
    <ul>
      <xsl:call-template name="common-attributes"><xsl:with-param name="class" select="concat('list ', @type, ' ', @rend)"/></xsl:call-template>
      <xsl:apply-templates/>
    </ul>
    <xsl:call-template name="notes-after"/>
  </xsl:template>
  <xsl:template match="tei:item">
    <li>
      <xsl:call-template name="common-attributes"/>
      <xsl:if test="@n">
        <span class="item-n">
          <xsl:value-of select="@n"/>
          <xsl:choose><xsl:when test="contains(../@rend, 'paren')">)</xsl:when><xsl:otherwise>.</xsl:otherwise></xsl:choose>
        </span>
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:apply-templates/>
    </li>
  </xsl:template>
  <xsl:template match="tei:list/tei:label">
    <li class="label"><xsl:apply-templates/></li>
  </xsl:template>
  <xsl:template match="tei:label">
    <span><xsl:call-template name="common-attributes"><xsl:with-param name="class" select="'label'"/></xsl:call-template><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:table">
    <table><xsl:call-template name="common-attributes"/><xsl:apply-templates select="tei:head"/><tbody><xsl:apply-templates select="tei:row"/></tbody></table>
    <xsl:call-template name="notes-after"/>
  </xsl:template>
  <xsl:template match="tei:row"><tr><xsl:call-template name="common-attributes"/><xsl:apply-templates select="tei:cell"/></tr></xsl:template>
  <xsl:template match="tei:cell">
    <xsl:element name="{substring('tdth', 1 + 2 * (@role = 'label' or ../@role = 'label'), 2)}">
      <xsl:call-template name="common-attributes"/>
      <xsl:if test="@cols > 1"><xsl:attribute name="colspan"><xsl:value-of select="@cols"/></xsl:attribute></xsl:if>
      <xsl:if test="@rows > 1"><xsl:attribute name="rowspan"><xsl:value-of select="@rows"/></xsl:attribute></xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:figure">
    <figure><xsl:call-template name="common-attributes"/><xsl:apply-templates/></figure>
    <xsl:call-template name="notes-after"/>
  </xsl:template>
  <xsl:template match="tei:figure/tei:head"><figcaption><xsl:apply-templates/></figcaption></xsl:template>
  <!-- No image is loaded (the page stays self-contained): the graphic's address is shown. -->
  <xsl:template match="tei:graphic">
    <span class="graphic">[image<xsl:if test="@url">: <xsl:value-of select="@url"/></xsl:if>]</span>
  </xsl:template>

  <!-- Trees and graphs (eTree, forest, graph): nested lists, a node's label first; an arc names the nodes it joins. -->
  <xsl:template match="tei:forest | tei:graph | tei:listForest | tei:eTree[not(ancestor::tei:eTree)]
                       | tei:tree[not(ancestor::tei:forest)]">
    <ul>
      <xsl:call-template name="common-attributes"><xsl:with-param name="class" select="concat('tree ', local-name())"/></xsl:call-template>
      <xsl:choose>
        <xsl:when test="self::tei:eTree or self::tei:tree"><xsl:call-template name="tree-node"/></xsl:when>
        <xsl:otherwise><xsl:apply-templates select="*" mode="tree"/></xsl:otherwise>
      </xsl:choose>
    </ul>
    <xsl:call-template name="notes-after"/>
  </xsl:template>
  <xsl:template match="*" mode="tree"><xsl:call-template name="tree-node"/></xsl:template>
  <xsl:template match="tei:label" mode="tree"><li class="label"><xsl:apply-templates/></li></xsl:template>
  <xsl:template name="tree-node">
    <li class="{local-name()}">
      <xsl:apply-templates select="tei:label"/>
      <xsl:if test="self::tei:arc">
        <xsl:text> </xsl:text>
        <xsl:value-of select="normalize-space(key('ids', substring-after(@from, '#'))/tei:label)"/>
        <xsl:text> → </xsl:text>
        <xsl:value-of select="normalize-space(key('ids', substring-after(@to, '#'))/tei:label)"/>
      </xsl:if>
      <xsl:apply-templates select="node()[not(self::tei:label) and not(self::*)]"/>
      <xsl:if test="*[not(self::tei:label)]">
        <ul><xsl:apply-templates select="*[not(self::tei:label)]" mode="tree"/></ul>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- MathML is copied as it is (browsers and reading systems render it); other notations are shown as written. -->
  <xsl:template name="formula">
    <xsl:variable name="math" select="*[local-name() = 'math' and namespace-uri() = 'http://www.w3.org/1998/Math/MathML']"/>
    <xsl:choose>
      <xsl:when test="$math">
        <span class="formula"><xsl:apply-templates select="$math" mode="mathml"/></span>
      </xsl:when>
      <xsl:otherwise><code class="formula {@notation}"><xsl:apply-templates/></code></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <!-- MathML: elements and their presentation attributes only (no links, no scripts, nothing that loads). -->
  <xsl:template match="*" mode="mathml">
    <xsl:element name="{local-name()}" namespace="http://www.w3.org/1998/Math/MathML">
      <xsl:for-each select="@*[not(contains(local-name(), 'href') or starts-with(local-name(), 'on')
                                   or local-name() = 'src' or local-name() = 'style' or namespace-uri() != '')]">
        <xsl:attribute name="{local-name()}"><xsl:value-of select="."/></xsl:attribute>
      </xsl:for-each>
      <xsl:apply-templates mode="mathml"/>
    </xsl:element>
  </xsl:template>
  <!-- A glyph: its characters in each view (both written when they differ), named on hover. -->
  <xsl:template name="glyph">
    <xsl:param name="reading"/>
    <xsl:param name="diplomatic"/>
    <xsl:param name="name"/>
    <span class="g">
      <xsl:if test="$name != ''"><xsl:attribute name="title"><xsl:value-of select="$name"/></xsl:attribute></xsl:if>
      <xsl:choose>
        <xsl:when test="$reading = $diplomatic"><xsl:value-of select="$reading"/></xsl:when>
        <xsl:otherwise>
          <span class="read-only"><xsl:value-of select="$reading"/></span><span class="dipl"><xsl:value-of select="$diplomatic"/></span>
        </xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <!-- ===================================================================== quotations, citations -->

  <xsl:template match="tei:quote">
    <xsl:variable name="block"><xsl:call-template name="quote-is-block"/></xsl:variable>
    <xsl:choose>
      <xsl:when test="$block = 'yes'">
        <blockquote><xsl:call-template name="common-attributes"/><xsl:apply-templates/><xsl:call-template name="quote-source"/></blockquote>
      </xsl:when>
      <xsl:otherwise><q><xsl:call-template name="common-attributes"/><xsl:apply-templates/></q><xsl:call-template name="quote-source"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A quotation that names its source (@corresp) links to it in the bibliography. -->
  <xsl:template name="quote-source">
    <xsl:variable name="id"><xsl:call-template name="target-id"><xsl:with-param name="pointer" select="@corresp"/></xsl:call-template></xsl:variable>
    <xsl:variable name="entry" select="key('ids', $id)[self::tei:bibl or self::tei:biblStruct][not(ancestor::tei:teiHeader)]"/>
    <xsl:if test="$entry">
      <xsl:text> </xsl:text>
      <a href="#{$id}" class="cite-link quote-source" aria-label="source of the quotation in the bibliography">
        <xsl:attribute name="id">ref-<xsl:call-template name="index-num"/></xsl:attribute>↗</a>
    </xsl:if>
  </xsl:template>
  <xsl:template match="tei:q | tei:said">
    <q><xsl:call-template name="common-attributes"/><xsl:apply-templates/></q>
  </xsl:template>
  <xsl:template match="tei:soCalled">
    <q><xsl:call-template name="common-attributes"><xsl:with-param name="class" select="'socalled'"/></xsl:call-template><xsl:apply-templates/></q>
  </xsl:template>

  <xsl:template match="tei:cit">
    <xsl:variable name="block"><xsl:for-each select="tei:quote"><xsl:call-template name="quote-is-block"/></xsl:for-each></xsl:variable>
    <xsl:element name="{substring('spandiv', 1 + 4 * contains($block, 'yes'), 4)}">
      <xsl:call-template name="common-attributes"><xsl:with-param name="class" select="'cit'"/></xsl:call-template>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- A citation in the text links to its entry in the bibliography, and carries an id for the way back. -->
  <xsl:template match="tei:bibl[@corresp]">
    <xsl:variable name="id"><xsl:call-template name="target-id"><xsl:with-param name="pointer" select="@corresp"/></xsl:call-template></xsl:variable>
    <xsl:variable name="entry" select="key('ids', $id)[not(ancestor::tei:teiHeader)]"/>
    <xsl:variable name="num"><xsl:call-template name="index-num"/></xsl:variable>
    <cite class="bibl">
      <xsl:if test="$num != ''"><xsl:attribute name="id">ref-<xsl:value-of select="$num"/></xsl:attribute></xsl:if>
      <xsl:choose>
        <xsl:when test="$entry and not(.//tei:note | .//tei:ptr | .//tei:ref | .//tei:anchor)">
          <a href="#{$id}" class="cite-link"><xsl:apply-templates/></a>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates/>
          <xsl:if test="$entry"><xsl:text> </xsl:text><a href="#{$id}" class="cite-link" aria-label="in the bibliography">↗</a></xsl:if>
        </xsl:otherwise>
      </xsl:choose>
    </cite>
  </xsl:template>
  <xsl:template match="tei:bibl">
    <cite class="bibl"><xsl:call-template name="common-attributes"/><xsl:apply-templates/></cite>
  </xsl:template>

  <!-- The bibliography: each entry with its id and the places that cite it. -->
  <xsl:template match="tei:listBibl">
    <section>
      <xsl:call-template name="common-attributes"><xsl:with-param name="class" select="'listBibl'"/></xsl:call-template>
      <xsl:apply-templates select="tei:head"/>
      <ul class="entries"><xsl:apply-templates select="*[not(self::tei:head)]" mode="entry"/></ul>
    </section>
    <xsl:call-template name="notes-after"/>
  </xsl:template>
  <xsl:template match="tei:listBibl" mode="entry">
    <li><xsl:apply-templates select="."/></li>
  </xsl:template>
  <xsl:template match="*" mode="entry">
    <li>
      <xsl:call-template name="common-attributes"><xsl:with-param name="class" select="'entry'"/></xsl:call-template>
      <xsl:call-template name="entry-content"/>
      <xsl:call-template name="occurrences"><xsl:with-param name="refs" select="key('cites-by-corresp', concat('#', @xml:id))[ancestor::tei:text]"/><xsl:with-param name="what" select="'cited'"/></xsl:call-template>
    </li>
  </xsl:template>

  <!-- Links back to the places (by page where the text has pages) that name or cite an entry. -->
  <xsl:template name="occurrences">
    <xsl:param name="refs"/>
    <xsl:param name="what"/>
    <xsl:if test="@xml:id and $refs">
      <span class="occurrences"><xsl:text> (</xsl:text><xsl:value-of select="$what"/><xsl:text>: </xsl:text>
        <xsl:for-each select="$refs">
          <xsl:if test="position() > 1">, </xsl:if>
          <xsl:variable name="page"><xsl:call-template name="page-of"/></xsl:variable>
          <a>
            <xsl:attribute name="href">
              <xsl:choose>
                <xsl:when test="self::tei:note">#<xsl:call-template name="note-id"/></xsl:when>
                <xsl:otherwise>#ref-<xsl:call-template name="index-num"/></xsl:otherwise>
              </xsl:choose>
            </xsl:attribute>
            <xsl:choose>
              <xsl:when test="$page != ''">p. <xsl:value-of select="$page"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="position()"/></xsl:otherwise>
            </xsl:choose>
            <xsl:if test="self::tei:note">
              <xsl:text> n. </xsl:text><xsl:call-template name="note-label"/>
            </xsl:if>
          </a>
        </xsl:for-each>
        <xsl:text>)</xsl:text></span>
    </xsl:if>
  </xsl:template>

  <!-- ===================================================================== names and the index -->

  <xsl:template match="tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs">
    <xsl:variable name="id"><xsl:call-template name="target-id"><xsl:with-param name="pointer" select="@ref"/></xsl:call-template></xsl:variable>
    <xsl:variable name="entry" select="key('ids', $id)[not(ancestor::tei:teiHeader)]"/>
    <xsl:variable name="num"><xsl:if test="ancestor::tei:text"><xsl:call-template name="index-num"/></xsl:if></xsl:variable>
    <xsl:variable name="class" select="concat('name ', local-name($entry), ' ', local-name())"/>
    <xsl:choose>
      <xsl:when test="$entry and not(ancestor::tei:bibl[@corresp] or ancestor::tei:ref[@target] or ancestor::tei:ptr)">
        <a href="#{$id}" class="{$class}">
          <xsl:if test="$num != ''"><xsl:attribute name="id">ref-<xsl:value-of select="$num"/></xsl:attribute></xsl:if>
          <xsl:apply-templates/>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span>
          <xsl:call-template name="common-attributes"><xsl:with-param name="class" select="$class"/></xsl:call-template>
          <xsl:if test="$num != '' and $entry"><xsl:attribute name="id">ref-<xsl:value-of select="$num"/></xsl:attribute></xsl:if>
          <xsl:apply-templates/>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:listPerson | tei:listPlace | tei:listOrg" mode="index">
    <section class="{local-name()}">
      <h3>
        <xsl:choose>
          <xsl:when test="tei:head"><xsl:apply-templates select="tei:head[1]/node()"/></xsl:when>
          <xsl:when test="self::tei:listPerson">Persons</xsl:when>
          <xsl:when test="self::tei:listPlace">Places</xsl:when>
          <xsl:otherwise>Organisations</xsl:otherwise>
        </xsl:choose>
      </h3>
      <ul class="entries"><xsl:apply-templates select="*[not(self::tei:head)]" mode="index-entry"/></ul>
    </section>
  </xsl:template>
  <!-- Lists in the text itself render in place, as the same entries. -->
  <xsl:template match="tei:listPerson | tei:listPlace | tei:listOrg">
    <section><xsl:call-template name="common-attributes"><xsl:with-param name="class" select="local-name()"/></xsl:call-template>
      <xsl:apply-templates select="tei:head"/>
      <ul class="entries"><xsl:apply-templates select="*[not(self::tei:head)]" mode="index-entry"/></ul>
    </section>
    <xsl:call-template name="notes-after"/>
  </xsl:template>
  <xsl:template match="tei:listPerson | tei:listPlace | tei:listOrg" mode="index-entry">
    <li><xsl:apply-templates select="." mode="index"/></li>
  </xsl:template>

  <xsl:template match="*" mode="index-entry">
    <li>
      <xsl:call-template name="common-attributes"><xsl:with-param name="class" select="concat('entry ', local-name())"/></xsl:call-template>
      <span class="entry-name">
        <xsl:apply-templates select="(tei:persName | tei:placeName | tei:orgName | tei:name | tei:label)[1]/node()"/>
        <xsl:if test="not(tei:persName | tei:placeName | tei:orgName | tei:name | tei:label)"><xsl:apply-templates/></xsl:if>
      </span>
      <xsl:for-each select="tei:idno[@type = 'wikidata']">
        <xsl:text> </xsl:text><a class="idno" href="https://www.wikidata.org/wiki/{normalize-space(.)}">Wikidata <xsl:value-of select="normalize-space(.)"/></a>
      </xsl:for-each>
      <xsl:call-template name="occurrences">
        <xsl:with-param name="refs" select="key('names-by-ref', concat('#', @xml:id))[ancestor::tei:text]"/>
        <xsl:with-param name="what" select="'named'"/>
      </xsl:call-template>
    </li>
  </xsl:template>

  <!-- ===================================================================== phrases -->

  <xsl:template match="tei:hi">
    <xsl:variable name="rend" select="concat(' ', normalize-space(@rend), ' ')"/>
    <xsl:variable name="tag">
      <xsl:choose>
        <xsl:when test="contains($rend, ' italic ') or contains($rend, ' italics ') or contains($rend, ' i ')">i</xsl:when>
        <xsl:when test="contains($rend, ' bold ') or contains($rend, ' b ')">b</xsl:when>
        <xsl:when test="contains($rend, ' sup') or contains($rend, ' superscript ')">sup</xsl:when>
        <xsl:when test="contains($rend, ' sub ') or contains($rend, ' subscript ')">sub</xsl:when>
        <xsl:when test="contains($rend, ' underline ')">u</xsl:when>
        <xsl:otherwise>span</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:element name="{$tag}">
      <xsl:call-template name="common-attributes">
        <xsl:with-param name="class" select="concat('hi ', translate(normalize-space(@rend), '()#:;', ''))"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="tei:emph"><em><xsl:call-template name="common-attributes"/><xsl:apply-templates/></em></xsl:template>
  <xsl:template match="tei:title"><cite><xsl:call-template name="common-attributes"><xsl:with-param name="class" select="concat('title ', @level)"/></xsl:call-template><xsl:apply-templates/></cite></xsl:template>
  <xsl:template match="tei:foreign | tei:term | tei:mentioned | tei:gloss">
    <i><xsl:call-template name="common-attributes"><xsl:with-param name="class" select="local-name()"/></xsl:call-template><xsl:apply-templates/></i>
  </xsl:template>
  <xsl:template match="tei:seg | tei:date | tei:time | tei:num | tei:measure | tei:biblScope | tei:author | tei:editor">
    <span><xsl:call-template name="common-attributes"><xsl:with-param name="class" select="local-name()"/></xsl:call-template><xsl:apply-templates/></span>
  </xsl:template>

  <!-- A related item (the host of a work: "Works, Vol. …"): "in" and the host's title, linked to its entry. -->
  <xsl:template match="tei:relatedItem[@target]">
    <xsl:variable name="id"><xsl:call-template name="target-id"><xsl:with-param name="pointer" select="@target"/></xsl:call-template></xsl:variable>
    <xsl:variable name="host" select="key('ids', $id)"/>
    <xsl:text>in </xsl:text>
    <xsl:call-template name="safe-link">
      <xsl:with-param name="href" select="concat('#', $id)"/>
      <xsl:with-param name="text" select="normalize-space(($host//tei:title)[1] | $host[not(.//tei:title)])"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:note/tei:label">
    <span class="label"><xsl:apply-templates/></span><xsl:text> </xsl:text>
  </xsl:template>

  <!-- A link only for safe addresses (web, mail, this page); anything else is shown as text. -->
  <xsl:template name="safe-link">
    <xsl:param name="href"/>
    <xsl:param name="text"/>
    <xsl:choose>
      <xsl:when test="starts-with($href, 'http://') or starts-with($href, 'https://') or starts-with($href, 'mailto:')
                      or (starts-with($href, '#') and key('ids', substring($href, 2))[not(ancestor-or-self::tei:teiHeader)]
                          [ancestor::tei:text or ancestor::tei:standOff])">
        <a href="{$href}"><xsl:copy-of select="$text"/></a>
      </xsl:when>
      <xsl:otherwise><xsl:copy-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:ref">
    <xsl:variable name="text"><xsl:apply-templates/></xsl:variable>
    <xsl:call-template name="safe-link">
      <xsl:with-param name="href" select="substring-before(concat(normalize-space(@target), ' '), ' ')"/>
      <xsl:with-param name="text" select="$text"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A pointer: to a note of this text, a numbered marker; elsewhere, a link showing its address. -->
  <xsl:template match="tei:ptr">
    <xsl:variable name="id"><xsl:call-template name="target-id"><xsl:with-param name="pointer" select="@target"/></xsl:call-template></xsl:variable>
    <xsl:variable name="target" select="key('ids', $id)"/>
    <xsl:variable name="num"><xsl:call-template name="index-num"/></xsl:variable>
    <xsl:choose>
      <xsl:when test="$target/self::tei:note">
        <a class="noteref endnote-ref" href="#{$id}" role="doc-noteref" id="{concat('ref-', $num)}">
          <sup><xsl:call-template name="note-label"><xsl:with-param name="note" select="$target"/></xsl:call-template></sup>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="safe-link"><xsl:with-param name="href" select="@target"/><xsl:with-param name="text" select="string(@target)"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

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
      <xsl:attribute name="role">doc-<xsl:choose><xsl:when test="@place = 'end'">endnote</xsl:when><xsl:otherwise>footnote</xsl:otherwise></xsl:choose></xsl:attribute>
      <xsl:if test="@xml:lang"><xsl:attribute name="lang"><xsl:value-of select="@xml:lang"/></xsl:attribute></xsl:if>
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

  <!-- ===================================================================== style -->

  <!-- Renditions declared in the header (tagsDecl, scheme css) as classes; anything that could load a resource is
       left out so that the page stays self-contained. -->
  <xsl:template name="rendition-css">
    <xsl:for-each select="$doc-header/tei:encodingDesc/tei:tagsDecl/tei:rendition[@xml:id][@scheme = 'css' or not(@scheme)]">
      <xsl:if test="not(contains(., 'url(') or contains(., '@') or contains(., '{') or contains(., '}') or contains(., '&lt;'))">
        <xsl:value-of select="concat('.rend-', translate(@xml:id, '.', '-'), '{', normalize-space(.), '}&#10;')"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="css">
:root{--ink:#1d1d1f;--muted:#5b5b66;--accent:#8a1c1c;--paper:#fffdf8;--rule:#d9d3c7}
*{box-sizing:border-box}
body{margin:0;background:var(--paper);color:var(--ink);font:1.0625rem/1.6 Georgia,"Times New Roman",serif}
body>header,body>section,body>nav,main,body>footer{max-width:40rem;margin:0 auto;padding:0 1rem 0 4.5rem;position:relative}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.25rem .5rem}
h1{font-size:1.6rem;line-height:1.25;margin:2rem 0 .25rem}
h2{font-size:1.3rem;margin:2rem 0 .5rem}h3{font-size:1.1rem}h4,h5,h6{font-size:1rem}
.author{margin:0 0 1rem;color:var(--muted)}
.about dl{font-size:.9rem;color:var(--muted)}.about dt{font-weight:bold;margin-top:.4rem}.about dd{margin-left:1rem}
.view-switch{border:1px solid var(--rule);border-radius:4px;padding:.25rem .75rem;font-size:.9rem;display:inline-block}
.view-switch legend{padding:0 .25rem}
.toc ol{padding-left:1.2rem}.toc a{color:var(--ink)}
a{color:var(--accent)}
.folio{text-decoration:none}
p,div.p{margin:0 0 .9rem}
blockquote{margin:.6rem 0 .9rem 1.5rem;font-size:.95em}
blockquote q{quotes:"‘" "’" "“" "”"}
.head.run-in{font-style:italic}
.folio::before{content:attr(data-page);float:left;clear:left;width:4rem;margin-left:-4.5rem;text-align:right;font:normal .75rem/1.9 sans-serif;color:var(--muted);font-style:normal;font-weight:normal}
.pb:not(.inword)::after{content:"|";color:var(--rule);font-family:sans-serif}
:target{background:#fff3c4}
.noteref{text-decoration:none;padding:0 .1em}.noteref sup{font:bold .7em sans-serif}
.noteref.author sup{color:#1c4f8a}
.notes{list-style:none;padding:0;font-size:.9rem}
.note{margin:.3rem 0;padding-left:.5rem;border-left:3px solid var(--rule)}
.note.author{border-left-color:#1c4f8a}
.note-label{font:bold .85rem sans-serif}.note-page{font:.8rem sans-serif;color:var(--muted)}
.note-kind{font:.75rem sans-serif;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
.note.author .note-kind{color:#1c4f8a}
.backlink{text-decoration:none}
.notes-here{margin:-.4rem 0 .9rem}
.choice>span{position:relative;border-bottom:1px dotted var(--accent);cursor:help}
.choice>span:focus{outline:2px solid var(--accent);outline-offset:1px}
.tip{display:none;position:absolute;left:0;top:1.5em;z-index:2;white-space:nowrap;background:#222;color:#fff;
 font:.8rem/1.3 sans-serif;padding:.2rem .4rem;border-radius:3px}
.choice>span:hover>.tip,.choice>span:focus>.tip,.app:hover>.tip,.app:focus>.tip{display:block}
.app{position:relative;border-bottom:1px dashed var(--muted)}
.dipl{display:none}
body:has(#view-diplomatic:checked) .dipl{display:revert}
body:has(#view-diplomatic:checked) .choice>.read,body:has(#view-diplomatic:checked) .read-only{display:none}
body:has(#view-diplomatic:checked) .choice>.dipl{display:inline}
body:has(#view-diplomatic:checked) .supplied::before{content:"["}
body:has(#view-diplomatic:checked) .supplied::after{content:"]"}
.gap{color:var(--muted)}.unclear{border-bottom:1px dashed var(--muted)}
.lg{margin:.6rem 0 .9rem 1.5rem}.l{text-align:left}
.speaker{font-variant:small-caps;margin-top:.6rem}.stage{font-style:italic}
.list{padding-left:1.5rem}.list .item-n{margin-left:-1.5rem;display:inline-block;width:1.5rem}
.list.ordered{list-style:none}
.entries{padding-left:1rem}.entry{margin:.2rem 0}.occurrences{font-size:.85rem;color:var(--muted)}
cite{font-style:normal}cite.title{font-style:italic}.cite-link{text-decoration:none;color:inherit;border-bottom:1px solid var(--rule)}
a.name{color:inherit;text-decoration:none;border-bottom:1px solid #e6dfd0}
table{border-collapse:collapse}td,th{border:1px solid var(--rule);padding:.2rem .4rem}
.colophon{font-size:.8rem;color:var(--muted);margin-top:3rem;border-top:1px solid var(--rule)}
@media (max-width:40rem){body>header,body>section,body>nav,main,body>footer{padding:0 .75rem 0 3rem}.folio::before{width:2.6rem;margin-left:-3rem}}
@media print{
 body{background:#fff;font-size:11pt}
 .view-switch,.skip,.backlink,.tip{display:none!important}
 a{color:inherit;text-decoration:none}
 .toc{page-break-after:always}
 .footnotes,.index,.bibliography{page-break-before:always}
 h1,h2,h3{page-break-after:avoid}
 .folio::before{color:#555}
}
</xsl:template>

</xsl:stylesheet>
