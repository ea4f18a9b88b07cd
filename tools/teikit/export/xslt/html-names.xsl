<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-names.xsl (included by html.xsl): names in the text linked to the index of persons, places and organisations,
  and that index, with links back by page.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

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

</xsl:stylesheet>
