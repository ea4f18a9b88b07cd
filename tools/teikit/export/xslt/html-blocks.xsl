<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-blocks.xsl: the HTML of the text itself: divisions, blocks, verse, drama, lists, tables, figures, trees, formulas, quotations, citations, phrases (included by html.xsl; XSLT 1.0; names and the index are in html-names.xsl).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <!-- ===================================================================== structure -->

  <!-- Attributes every rendered element may carry: id from xml:id, lang, and classes from @rendition. -->
  <xsl:template name="common-attributes">
    <xsl:param name="class"/>
    <xsl:if test="@xml:id"><xsl:attribute name="id"><xsl:value-of select="@xml:id"/></xsl:attribute></xsl:if>
    <xsl:if test="@xml:lang"><xsl:attribute name="lang"><xsl:call-template name="bcp47"/></xsl:attribute></xsl:if>
    <xsl:variable name="r">
      <xsl:for-each select="str:tokenize(@rendition, ' ')[starts-with(., '#')]" xmlns:str="http://exslt.org/strings">
        <xsl:text> rend-</xsl:text><xsl:value-of select="translate(substring-after(., '#'), '.', '-')"/>
      </xsl:for-each>
      <xsl:call-template name="rend-classes"/>
    </xsl:variable>
    <xsl:if test="normalize-space(concat($class, $r))">
      <xsl:attribute name="class"><xsl:value-of select="normalize-space(concat($class, $r))"/></xsl:attribute>
    </xsl:if>
    <xsl:if test="@style or contains(@rend, ':')">
      <xsl:variable name="css"><xsl:call-template name="own-css"/></xsl:variable>
      <xsl:if test="$css != ''"><xsl:attribute name="style"><xsl:value-of select="$css"/></xsl:attribute></xsl:if>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:text | tei:front | tei:body | tei:back | tei:group">
    <div>
      <xsl:call-template name="common-attributes"><xsl:with-param name="class" select="local-name()"/></xsl:call-template>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7">
    <section>
      <xsl:call-template name="common-attributes"><xsl:with-param name="class" select="concat('div ', @type)"/></xsl:call-template>
      <xsl:attribute name="id"><xsl:call-template name="div-id"/></xsl:attribute>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <!-- Heading level: h1 is the title; each division with a heading is one level deeper; h6 at most. -->
  <xsl:template match="tei:head">
    <xsl:variable name="divs" select="count(ancestor::tei:*[starts-with(local-name(), 'div')][tei:head])"/>
    <xsl:choose>
      <xsl:when test="parent::tei:castList">
        <xsl:variable name="level" select="2 + $corpus-depth + $divs"/>
        <xsl:element name="h{$level * ($level &lt;= 6) + 6 * ($level > 6)}">
          <xsl:call-template name="common-attributes"><xsl:with-param name="class" select="'head castList-head'"/></xsl:call-template>
          <xsl:apply-templates/>
        </xsl:element>
      </xsl:when>
      <xsl:when test="parent::tei:*[starts-with(local-name(), 'div') or self::tei:body or self::tei:front
                      or self::tei:back or self::tei:group or self::tei:listBibl or self::tei:listPerson
                      or self::tei:listPlace or self::tei:listOrg]">
        <xsl:variable name="level" select="1 + $corpus-depth + $divs + (not(parent::tei:*[starts-with(local-name(), 'div')]))"/>
        <xsl:element name="h{$level * ($level &lt;= 6) + 6 * ($level > 6)}">
          <xsl:call-template name="common-attributes"><xsl:with-param name="class" select="concat('head ', translate(@rend, '()#:;', ''))"/></xsl:call-template>
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
                       | tei:titlePart | tei:docAuthor | tei:docImprint | tei:docDate | tei:castGroup
                       | tei:castItem | tei:floatingText | tei:speaker | tei:figDesc">
    <div>
      <xsl:call-template name="common-attributes"><xsl:with-param name="class" select="local-name()"/></xsl:call-template>
      <xsl:apply-templates/>
    </div>
    <xsl:call-template name="notes-after"/>
  </xsl:template>

  <!-- A verse line: its number (@n) as data; every fifth is shown in the margin (CSS generated content, so that it
       is not read as a word of the line). -->
  <xsl:template match="tei:l">
    <div>
      <xsl:variable name="n" select="normalize-space(@n)"/>
      <xsl:call-template name="common-attributes">
        <xsl:with-param name="class">l<xsl:if test="$n != '' and number($n) = number($n) and number($n) mod 5 = 0"> numbered</xsl:if></xsl:with-param>
      </xsl:call-template>
      <xsl:if test="$n != ''"><xsl:attribute name="data-n"><xsl:value-of select="$n"/></xsl:attribute></xsl:if>
      <xsl:apply-templates/>
    </div>
    <xsl:call-template name="notes-after"/>
  </xsl:template>

  <!-- A cast list: a heading of its own ("Cast" where it has none), then its groups and items. -->
  <xsl:template match="tei:castList">
    <div>
      <xsl:call-template name="common-attributes"><xsl:with-param name="class" select="'castList'"/></xsl:call-template>
      <xsl:if test="not(tei:head)">
        <xsl:variable name="level" select="2 + $corpus-depth + count(ancestor::tei:*[starts-with(local-name(), 'div')][tei:head])"/>
        <xsl:element name="h{$level * ($level &lt;= 6) + 6 * ($level > 6)}">
          <xsl:attribute name="class">head castList-head</xsl:attribute>
          <xsl:text>Cast</xsl:text>
        </xsl:element>
      </xsl:if>
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

  <!-- A table; what stands between its rows (a page break, an anchor) goes into the first cell of the next row, and
       what follows the last row after the table, so that no page anchor is lost. -->
  <xsl:template match="tei:table">
    <table><xsl:call-template name="common-attributes"/><xsl:apply-templates select="tei:head"/><tbody><xsl:apply-templates select="tei:row"/></tbody></table>
    <xsl:apply-templates select="tei:row[last()]/following-sibling::*"/>
    <xsl:call-template name="notes-after"/>
  </xsl:template>
  <xsl:template name="between-rows">
    <xsl:param name="node"/>
    <xsl:param name="steps" select="5"/>
    <xsl:if test="$node and not($node/self::tei:row or $node/self::tei:head) and $steps > 0">
      <xsl:call-template name="between-rows">
        <xsl:with-param name="node" select="$node/preceding-sibling::*[1]"/>
        <xsl:with-param name="steps" select="$steps - 1"/>
      </xsl:call-template>
      <xsl:apply-templates select="$node"/>
    </xsl:if>
  </xsl:template>
  <xsl:template match="tei:row"><tr><xsl:call-template name="common-attributes"/><xsl:apply-templates select="tei:cell"/></tr></xsl:template>
  <xsl:template match="tei:cell">
    <xsl:element name="{substring('tdth', 1 + 2 * (@role = 'label' or ../@role = 'label'), 2)}">
      <xsl:call-template name="common-attributes"/>
      <xsl:if test="@cols > 1"><xsl:attribute name="colspan"><xsl:value-of select="@cols"/></xsl:attribute></xsl:if>
      <xsl:if test="@rows > 1"><xsl:attribute name="rowspan"><xsl:value-of select="@rows"/></xsl:attribute></xsl:if>
      <xsl:if test="not(preceding-sibling::tei:cell)">
        <xsl:call-template name="between-rows"><xsl:with-param name="node" select="../preceding-sibling::*[1]"/></xsl:call-template>
      </xsl:if>
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

  <!-- Links back to the places (by page where the text has pages) that name or cite an entry. The places are listed
       first, each with its page, and then linked, each beside the one before it (preceding-sibling::place[1]):
       $refs[$pos - 1] made libxslt filter the whole set for each place (an export of 6,400 places of one name: 3.6 -> 1.8 s). -->
  <xsl:template name="occurrences">
    <xsl:param name="refs"/>
    <xsl:param name="what"/>
    <xsl:if test="@xml:id and $refs">
      <xsl:variable name="listed">
        <xsl:for-each select="$refs">
          <place>
            <xsl:attribute name="page"><xsl:call-template name="page-of"/></xsl:attribute>
            <xsl:choose>
              <xsl:when test="self::tei:note">
                <xsl:attribute name="note"><xsl:call-template name="note-label"/></xsl:attribute>
                <xsl:attribute name="href">#<xsl:call-template name="note-id"/></xsl:attribute>
              </xsl:when>
              <xsl:otherwise>
                <xsl:attribute name="href">#ref-<xsl:call-template name="index-num"/></xsl:attribute>
              </xsl:otherwise>
            </xsl:choose>
          </place>
        </xsl:for-each>
      </xsl:variable>
      <span class="occurrences"><xsl:text> (</xsl:text><xsl:value-of select="$what"/><xsl:text>: </xsl:text>
        <xsl:for-each select="exsl:node-set($listed)/place" xmlns:exsl="http://exslt.org/common">
          <xsl:variable name="page" select="string(@page)"/>
          <xsl:variable name="pos" select="position()"/>
          <!-- A second place on the same page is a numbered link beside the first ("p. 45 ²"), not "p. 45, p. 45". -->
          <xsl:variable name="again"
              select="$page != '' and not(@note) and preceding-sibling::place[1]/self::place[not(@note)]/@page = $page"/>
          <xsl:choose>
            <xsl:when test="$again"><xsl:text> </xsl:text></xsl:when>
            <xsl:when test="position() > 1">, </xsl:when>
          </xsl:choose>
          <a>
            <xsl:if test="$again">
              <xsl:attribute name="aria-label">p. <xsl:value-of select="$page"/>, place <xsl:value-of select="$pos"/></xsl:attribute>
            </xsl:if>
            <xsl:attribute name="href"><xsl:value-of select="@href"/></xsl:attribute>
            <xsl:choose>
              <xsl:when test="$again"><sup>+</sup></xsl:when>
              <xsl:when test="$page != ''">p. <xsl:value-of select="$page"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="position()"/></xsl:otherwise>
            </xsl:choose>
            <xsl:if test="@note">
              <xsl:text> n. </xsl:text><xsl:value-of select="@note"/>
            </xsl:if>
          </a>
        </xsl:for-each>
        <xsl:text>)</xsl:text></span>
    </xsl:if>
  </xsl:template>

  <!-- ===================================================================== phrases -->

  <!-- hi: the HTML element the rendition means (i, b, sup, sub, u, s), else a span; the classes say the rest. -->
  <xsl:template match="tei:hi">
    <xsl:variable name="classes"><xsl:call-template name="rend-classes"/><xsl:text> </xsl:text></xsl:variable>
    <xsl:variable name="tag">
      <xsl:choose>
        <xsl:when test="contains($classes, ' r-sup ')">sup</xsl:when>
        <xsl:when test="contains($classes, ' r-sub ')">sub</xsl:when>
        <xsl:when test="contains($classes, ' r-italic ')">i</xsl:when>
        <xsl:when test="contains($classes, ' r-bold ')">b</xsl:when>
        <xsl:when test="contains($classes, ' r-underline ')">u</xsl:when>
        <xsl:when test="contains($classes, ' r-strike ')">s</xsl:when>
        <xsl:otherwise>span</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:element name="{$tag}">
      <xsl:call-template name="common-attributes">
        <xsl:with-param name="class" select="concat('hi ', translate(normalize-space(@rend[not(contains(., ':'))]), '()#:;', ''))"/>
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

</xsl:stylesheet>
