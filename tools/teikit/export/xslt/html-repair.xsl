<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-repair.xsl (included by html.xsl): HTML's content model made to hold over a rendered page (mode "repair").
  TEI nests freely what HTML keeps apart: a note of paragraphs inside a phrase, a verse quotation inside a title, a
  page break between list items. The templates of the text render each TEI element as the HTML it means; this last
  pass over the result then makes it valid: a phrase (span, i, cite, q, p, ...) that holds a block becomes a div with
  the same class, a block inside a heading becomes a span, and what stands between the items of a list gets an item
  of its own. It costs one copy of the page. (Each pattern has one predicate: libxslt tests a pattern with several
  predicates against every sibling of the node, which is quadratic.)
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:template match="*" mode="repair">
    <xsl:copy><xsl:copy-of select="@*"/><xsl:apply-templates mode="repair"/></xsl:copy>
  </xsl:template>

  <!-- A phrase holding a block: a div with the same attributes, its own name kept as a class. -->
  <xsl:template mode="repair"
      match="*[(local-name() = 'span' or local-name() = 'i' or local-name() = 'b' or local-name() = 'em'
               or local-name() = 'strong' or local-name() = 'cite' or local-name() = 'q' or local-name() = 'sup'
               or local-name() = 'sub' or local-name() = 'u' or local-name() = 'small' or local-name() = 'code'
               or local-name() = 'label' or local-name() = 'p' or local-name() = 's')
               and .//*[local-name() = 'div' or local-name() = 'p' or local-name() = 'ul' or local-name() = 'ol'
                    or local-name() = 'dl' or local-name() = 'blockquote' or local-name() = 'table'
                    or local-name() = 'figure' or local-name() = 'section' or local-name() = 'aside'
                    or local-name() = 'h1' or local-name() = 'h2' or local-name() = 'h3' or local-name() = 'h4'
                    or local-name() = 'h5' or local-name() = 'h6' or local-name() = 'details']
               and not(ancestor::*[local-name() = 'h1' or local-name() = 'h2' or local-name() = 'h3'
                               or local-name() = 'h4' or local-name() = 'h5' or local-name() = 'h6'])]">
    <xsl:element name="div" namespace="{namespace-uri()}">
      <xsl:copy-of select="@*"/>
      <xsl:attribute name="class"><xsl:value-of select="normalize-space(concat(local-name(), ' ', @class))"/></xsl:attribute>
      <xsl:apply-templates mode="repair"/>
    </xsl:element>
  </xsl:template>

  <!-- A block inside a heading: a span (the heading stays a heading). -->
  <xsl:template mode="repair" priority="2"
      match="*[(local-name() = 'div' or local-name() = 'p' or local-name() = 'ul' or local-name() = 'ol'
               or local-name() = 'li' or local-name() = 'blockquote' or local-name() = 'section'
               or local-name() = 'aside' or local-name() = 'figure')
               and ancestor::*[local-name() = 'h1' or local-name() = 'h2' or local-name() = 'h3' or local-name() = 'h4'
                           or local-name() = 'h5' or local-name() = 'h6']]">
    <xsl:element name="span" namespace="{namespace-uri()}">
      <xsl:copy-of select="@*"/>
      <xsl:attribute name="class"><xsl:value-of select="normalize-space(concat(local-name(), ' ', @class))"/></xsl:attribute>
      <xsl:apply-templates mode="repair"/>
    </xsl:element>
  </xsl:template>

  <!-- Between the items of a list: an item of its own for anything else (a page break, a note's marker). (A template
       per list, not a pattern on the list's children: a predicate on a second step makes libxslt test every sibling.) -->
  <xsl:template mode="repair" match="*[local-name() = 'ul' or local-name() = 'ol']">
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
  </xsl:template>

</xsl:stylesheet>
