<?xml version="1.0" encoding="UTF-8"?>
<!--
  header.xsl (included by common.xsl): facts of the teiHeader every target shows: the title, the language (as BCP 47),
  names as a reader writes them, the authors and the source edition.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <!-- ===================================================================== header facts -->

  <xsl:variable name="doc-header" select="/*/tei:teiHeader"/>
  <xsl:variable name="doc-title">
    <xsl:variable name="t" select="$doc-header/tei:fileDesc/tei:titleStmt/tei:title"/>
    <xsl:choose>
      <xsl:when test="$t[@type = 'main']"><xsl:value-of select="normalize-space($t[@type = 'main'][1])"/></xsl:when>
      <xsl:when test="$t"><xsl:value-of select="normalize-space($t[1])"/></xsl:when>
      <xsl:otherwise>Untitled TEI document</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="doc-lang">
    <xsl:variable name="l" select="(/*/@xml:lang | /*/tei:text/@xml:lang
                                    | $doc-header/tei:profileDesc/tei:langUsage/tei:language/@ident)[1]"/>
    <xsl:choose>
      <xsl:when test="$l"><xsl:call-template name="bcp47"><xsl:with-param name="code" select="string($l)"/></xsl:call-template></xsl:when>
      <xsl:otherwise>und</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- A language code as HTML and EPUB want it (BCP 47: the two-letter code where ISO 639-1 has one). TEI projects
       also write ISO 639-2 codes, bibliographic ("fre", "ger") or terminological ("fra", "deu"); the primary subtag
       is mapped, the rest (script, region) kept. -->
  <xsl:variable name="iso639-2" select="concat(
      ' alb:sq ara:ar arm:hy baq:eu bur:my ces:cs chi:zh cym:cy cze:cs dan:da deu:de dut:nl ell:el eng:en eus:eu',
      ' fas:fa fin:fi fra:fr fre:fr geo:ka ger:de gre:el heb:he hin:hi hun:hu hye:hy ice:is isl:is ita:it jpn:ja',
      ' kat:ka lat:la mac:mk mao:mi may:ms mkd:mk mri:mi msa:ms mya:my nld:nl nor:no per:fa pol:pl por:pt ron:ro',
      ' rum:ro rus:ru san:sa slk:sk slo:sk spa:es sqi:sq swe:sv tib:bo bod:bo tur:tr wel:cy zho:zh ')"/>
  <xsl:template name="bcp47">
    <xsl:param name="code" select="string(@xml:lang)"/>
    <xsl:variable name="primary" select="substring-before(concat($code, '-'), '-')"/>
    <xsl:variable name="mapped" select="substring(substring-after($iso639-2, concat(' ', $primary, ':')), 1, 2)"/>
    <xsl:choose>
      <xsl:when test="$mapped != ''"><xsl:value-of select="concat($mapped, substring($code, string-length($primary) + 1))"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$code"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A name as a reader writes it: a persName's parts (forename, surname, ...) with spaces between them; an
       author's or editor's name without the identifiers, affiliations, dates and notes beside it ("William
       Shakespeare", never "WilliamShakespeare Q692"). -->
  <xsl:template name="person-name">
    <xsl:param name="who" select="."/>
    <xsl:variable name="name" select="($who/tei:persName | $who/tei:name | $who/tei:orgName | $who/tei:person/tei:persName)[1]"/>
    <xsl:choose>
      <xsl:when test="$name"><xsl:call-template name="person-name"><xsl:with-param name="who" select="$name"/></xsl:call-template></xsl:when>
      <xsl:when test="$who/tei:forename or $who/tei:surname or $who/tei:roleName or $who/tei:addName">
        <xsl:for-each select="$who/*[not(self::tei:idno or self::tei:note or self::tei:date or self::tei:affiliation
                                         or self::tei:email or self::tei:ptr or self::tei:ref)]">
          <xsl:if test="position() > 1"><xsl:text> </xsl:text></xsl:if>
          <xsl:value-of select="normalize-space(.)"/>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="text">
          <xsl:for-each select="$who/node()[not(self::tei:idno or self::tei:note or self::tei:date or self::tei:affiliation
                                               or self::tei:email or self::tei:ptr or self::comment())]">
            <xsl:value-of select="."/><xsl:text> </xsl:text>
          </xsl:for-each>
        </xsl:variable>
        <xsl:value-of select="normalize-space($text)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The authors of the document as one phrase: "A", "A and B", "A, B and C" ('' when there are none). -->
  <xsl:template name="authors">
    <xsl:variable name="authors" select="$doc-header/tei:fileDesc/tei:titleStmt/tei:author"/>
    <xsl:for-each select="$authors">
      <xsl:choose>
        <xsl:when test="position() = 1"/>
        <xsl:when test="position() = last()"> and </xsl:when>
        <xsl:otherwise>, </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="person-name"/>
    </xsl:for-each>
  </xsl:template>

  <!-- The source edition as one line: author, title, place: publisher, date, pages (from sourceDesc). -->
  <xsl:template name="source-edition">
    <xsl:variable name="src" select="($doc-header/tei:fileDesc/tei:sourceDesc/tei:biblStruct
                                      | $doc-header/tei:fileDesc/tei:sourceDesc/tei:bibl
                                      | $doc-header/tei:fileDesc/tei:sourceDesc/tei:biblFull)[1]"/>
    <xsl:choose>
      <xsl:when test="$src/self::tei:biblStruct">
        <xsl:variable name="m" select="$src/tei:monogr[1]"/>
        <xsl:for-each select="$m/tei:author | $m/tei:editor">
          <xsl:call-template name="person-name"/>
          <xsl:if test="self::tei:editor"> (ed.)</xsl:if>
          <xsl:text>, </xsl:text>
        </xsl:for-each>
        <xsl:value-of select="normalize-space($m/tei:title[1])"/>
        <xsl:for-each select="$m/tei:imprint">
          <xsl:text> (</xsl:text>
          <xsl:value-of select="normalize-space(tei:pubPlace)"/>
          <xsl:if test="tei:pubPlace and tei:publisher">: </xsl:if>
          <xsl:value-of select="normalize-space(tei:publisher)"/>
          <xsl:if test="tei:date">, <xsl:value-of select="normalize-space(tei:date)"/></xsl:if>
          <xsl:if test="tei:date/@cert = 'low'">; date uncertain</xsl:if>
          <xsl:text>)</xsl:text>
        </xsl:for-each>
        <xsl:for-each select="$m/tei:biblScope[@unit = 'page' or @unit = 'pp']">
          <xsl:choose>
            <xsl:when test="@from and @to">, pp. <xsl:value-of select="concat(@from, '–', @to)"/></xsl:when>
            <xsl:otherwise>, p. <xsl:value-of select="normalize-space(.)"/></xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </xsl:when>
      <xsl:when test="$src/self::tei:biblFull">
        <!-- A full bibliographic description: its title, authors and editors, publisher, place and date. -->
        <xsl:variable name="ts" select="$src/tei:titleStmt"/>
        <xsl:variable name="ps" select="$src/tei:publicationStmt"/>
        <xsl:for-each select="$ts/tei:author | $ts/tei:editor">
          <xsl:call-template name="person-name"/>
          <xsl:if test="self::tei:editor"> (ed.)</xsl:if>
          <xsl:text>, </xsl:text>
        </xsl:for-each>
        <xsl:value-of select="normalize-space($ts/tei:title[1])"/>
        <xsl:if test="$ps/tei:publisher or $ps/tei:pubPlace or $ps/tei:date">
          <xsl:text> (</xsl:text>
          <xsl:for-each select="($ps/tei:pubPlace | $ps/tei:publisher | $ps/tei:date)[normalize-space()]">
            <xsl:if test="position() > 1">, </xsl:if>
            <xsl:value-of select="normalize-space(.)"/>
          </xsl:for-each>
          <xsl:text>)</xsl:text>
        </xsl:if>
      </xsl:when>
      <xsl:when test="$src/*">
        <!-- A bibl of elements: its parts with commas between them where the source has no punctuation. -->
        <xsl:for-each select="$src/node()[not(self::tei:note or self::tei:idno or self::comment())]">
          <xsl:variable name="part" select="normalize-space(.)"/>
          <xsl:if test="$part != ''">
            <xsl:if test="position() > 1 and self::* and preceding-sibling::node()[1][self::*]">, </xsl:if>
            <xsl:if test="position() > 1 and self::text()"><xsl:text> </xsl:text></xsl:if>
            <xsl:choose>
              <xsl:when test="self::tei:author or self::tei:editor"><xsl:call-template name="person-name"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$part"/></xsl:otherwise>
            </xsl:choose>
            <xsl:if test="self::text()"><xsl:text> </xsl:text></xsl:if>
          </xsl:if>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="normalize-space($src)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
