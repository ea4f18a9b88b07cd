<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-repair.xsl (included by html.xsl): HTML's content model made to hold over a rendered page (mode "repair").
  TEI nests freely what HTML keeps apart: a note of paragraphs inside a phrase, a verse quotation inside a title, a
  page break between list items. The templates of the text render each TEI element as the HTML it means; this last
  pass over the result then makes it valid: a phrase (span, i, cite, q, p, ...) that holds a block becomes a div with
  the same class, a block inside a heading becomes a span, and what stands between the items of a list gets an item
  of its own. It costs one copy of the page. (One template, its cases tested inside it: libxslt works out the position of a
  node matched by a pattern with a predicate by counting its siblings, which made 10,000 paragraphs in one division
  take 8 s instead of 0.6.)
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:variable name="repair-headings" select="' h1 h2 h3 h4 h5 h6 '"/>
  <xsl:variable name="repair-phrases" select="' span i b em strong cite q sup sub u small code label p s '"/>
  <xsl:variable name="repair-blocks"
      select="' div p ul ol dl blockquote table figure section aside h1 h2 h3 h4 h5 h6 details '"/>
  <xsl:variable name="repair-in-heading" select="' div p ul ol li blockquote section aside figure '"/>

  <xsl:template match="*" mode="repair">
    <xsl:variable name="name" select="concat(' ', local-name(), ' ')"/>
    <xsl:variable name="in-heading" select="ancestor::*[contains($repair-headings, concat(' ', local-name(), ' '))]"/>
    <xsl:choose>
      <!-- A block inside a heading: a span (the heading stays a heading). -->
      <xsl:when test="$in-heading and contains($repair-in-heading, $name)">
        <xsl:call-template name="repair-as"><xsl:with-param name="as" select="'span'"/></xsl:call-template>
      </xsl:when>
      <!-- A phrase holding a block: a div with the same attributes, its own name kept as a class. -->
      <xsl:when test="not($in-heading) and contains($repair-phrases, $name)
                      and .//*[contains($repair-blocks, concat(' ', local-name(), ' '))]">
        <xsl:call-template name="repair-as"><xsl:with-param name="as" select="'div'"/></xsl:call-template>
      </xsl:when>
      <!-- Between the items of a list: an item of its own for anything else (a page break, a note's marker). -->
      <xsl:when test="$name = ' ul ' or $name = ' ol '">
        <xsl:copy>
          <xsl:copy-of select="@*"/>
          <xsl:for-each select="node()">
            <xsl:choose>
              <xsl:when test="self::*[local-name() = 'li'] or not(self::* or normalize-space())">
                <xsl:apply-templates select="." mode="repair"/>
              </xsl:when>
              <xsl:otherwise>
                <xsl:element name="li" namespace="{namespace-uri(..)}">
                  <xsl:attribute name="class">between</xsl:attribute>
                  <xsl:apply-templates select="." mode="repair"/>
                </xsl:element>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </xsl:copy>
      </xsl:when>
      <xsl:otherwise>
        <xsl:copy><xsl:copy-of select="@*"/><xsl:apply-templates mode="repair"/></xsl:copy>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="repair-as">
    <xsl:param name="as"/>
    <xsl:element name="{$as}" namespace="{namespace-uri()}">
      <xsl:copy-of select="@*"/>
      <xsl:attribute name="class"><xsl:value-of select="normalize-space(concat(local-name(), ' ', @class))"/></xsl:attribute>
      <xsl:apply-templates mode="repair"/>
    </xsl:element>
  </xsl:template>

</xsl:stylesheet>
