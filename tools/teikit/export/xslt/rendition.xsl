<?xml version="1.0" encoding="UTF-8"?>
<!--
  rendition.xsl (included by common.xsl): how the source says its text looked, read once for every target.

  - @rend: the common vocabularies (the TEI Guidelines' examples, TEI Simple's simplePrint, EEBO-TCP, ELTeC, DraCor,
    FRUS) mapped to one set of names, r-italic, r-smallcaps, r-center, ...: "rend-classes" gives them for an element;
    a @rend that is CSS ("font-variant: small-caps") is treated as @style;
  - @rendition: "#id" points to tagsDecl/rendition (CSS, given to the page as the class rend-ID), "simple:xxx" to the
    simplePrint scheme (mapped like @rend);
  - @style and rendition CSS are sanitized ("safe-css"): declarations that could load or run something (url(),
    expression(), image-set(), @import, behavior, -moz-binding, javascript:, escapes) and anything that is not
    "property: value" are dropped.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:exsl="http://exslt.org/common"
    xmlns:str="http://exslt.org/strings"
    extension-element-prefixes="exsl str"
    exclude-result-prefixes="tei exsl str">

  <!-- Each value seen in the wild (lower-cased), and the name it means. -->
  <xsl:variable name="rend-map-rtf">
    <r v="italic" c="italic"/><r v="italics" c="italic"/><r v="i" c="italic"/><r v="it" c="italic"/>
    <r v="ital" c="italic"/><r v="cursive" c="italic"/><r v="slant" c="italic"/><r v="oblique" c="italic"/>
    <r v="bold" c="bold"/><r v="b" c="bold"/><r v="strong" c="bold"/><r v="bolder" c="bold"/><r v="heavy" c="bold"/>
    <r v="smallcaps" c="smallcaps"/><r v="small-caps" c="smallcaps"/><r v="sc" c="smallcaps"/>
    <r v="smcap" c="smallcaps"/><r v="smcaps" c="smallcaps"/><r v="small_caps" c="smallcaps"/>
    <r v="caps" c="allcaps"/><r v="allcaps" c="allcaps"/><r v="all-caps" c="allcaps"/><r v="uppercase" c="allcaps"/>
    <r v="upper" c="allcaps"/><r v="capitals" c="allcaps"/>
    <r v="sup" c="sup"/><r v="superscript" c="sup"/><r v="super" c="sup"/><r v="sup." c="sup"/>
    <r v="sub" c="sub"/><r v="subscript" c="sub"/>
    <r v="underline" c="underline"/><r v="underlined" c="underline"/><r v="ul" c="underline"/><r v="u" c="underline"/>
    <r v="double-underline" c="double-underline"/><r v="doubleunderline" c="double-underline"/>
    <r v="strikethrough" c="strike"/><r v="strike" c="strike"/><r v="line-through" c="strike"/>
    <r v="overstrike" c="strike"/><r v="struck" c="strike"/><r v="overline" c="overline"/>
    <r v="center" c="center"/><r v="centre" c="center"/><r v="centered" c="center"/><r v="centred" c="center"/>
    <r v="align-center" c="center"/><r v="aligncenter" c="center"/>
    <r v="right" c="right"/><r v="align-right" c="right"/><r v="flushright" c="right"/><r v="alignright" c="right"/>
    <r v="left" c="left"/><r v="align-left" c="left"/>
    <r v="indent" c="indent"/><r v="indented" c="indent"/><r v="hanging" c="hanging"/>
    <r v="spaced" c="spaced"/><r v="letterspace" c="spaced"/><r v="letterspaced" c="spaced"/>
    <r v="letter-spaced" c="spaced"/><r v="expanded" c="spaced"/><r v="gesperrt" c="spaced"/>
    <r v="blackletter" c="blackletter"/><r v="gothic" c="blackletter"/><r v="fraktur" c="blackletter"/>
    <r v="roman" c="roman"/><r v="normal" c="roman"/><r v="upright" c="roman"/><r v="normalstyle" c="roman"/>
    <r v="normalweight" c="normalweight"/>
    <r v="large" c="large"/><r v="larger" c="large"/><r v="x-large" c="large"/><r v="big" c="large"/>
    <r v="small" c="small"/><r v="smaller" c="small"/><r v="x-small" c="small"/>
    <r v="block" c="block"/><r v="display" c="block"/><r v="red" c="red"/><r v="rubric" c="red"/>
    <r v="boxed" c="boxed"/><r v="border" c="boxed"/><r v="decorinit" c="initial"/><r v="initial" c="initial"/>
    <r v="dropcap" c="initial"/><r v="quoted" c="quoted"/>
  </xsl:variable>
  <xsl:variable name="rend-map" select="exsl:node-set($rend-map-rtf)/*"/>

  <!-- The names of what @rend and the simplePrint values of @rendition say, as " r-italic r-center" ('' for none). -->
  <xsl:template name="rend-classes">
    <xsl:param name="node" select="."/>
    <!-- Only where there is something to tokenize: libxslt keeps every str:tokenize result to the end of the run, an
         empty one too, and each later one costs more (a text export of 10,000 paragraphs: 1.75 s -> 0.43 s). -->
    <xsl:if test="$node/@rend[not(contains(., ':'))] or $node/@rendition">
    <xsl:for-each select="str:tokenize(translate($node/@rend[not(contains(., ':'))], '(),;ABCDEFGHIJKLMNOPQRSTUVWXYZ',
                                                 '    abcdefghijklmnopqrstuvwxyz'), ' ')
                          | str:tokenize(translate($node/@rendition, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
                                                   'abcdefghijklmnopqrstuvwxyz'), ' ')[starts-with(., 'simple:')]">
      <xsl:variable name="value">
        <xsl:choose>
          <xsl:when test="starts-with(., 'simple:')"><xsl:value-of select="substring-after(., 'simple:')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:variable name="known" select="$rend-map[@v = $value]/@c"/>
      <xsl:if test="$known"><xsl:text> r-</xsl:text><xsl:value-of select="$known"/></xsl:if>
    </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- 'yes' when the element in context is rendered as $what (a name of the map: 'allcaps', 'sup', 'center'...). -->
  <xsl:template name="rendered-as">
    <xsl:param name="what"/>
    <xsl:variable name="classes"><xsl:call-template name="rend-classes"/></xsl:variable>
    <xsl:if test="contains(concat($classes, ' '), concat(' r-', $what, ' '))">yes</xsl:if>
  </xsl:template>

  <!-- CSS of the source (@style, a @rend written as CSS, a rendition): only "property: value" declarations, none
       that could load or run anything. -->
  <xsl:template name="safe-css">
    <xsl:param name="css"/>
    <xsl:for-each select="str:tokenize($css, ';')">
      <xsl:variable name="declaration" select="normalize-space(.)"/>
      <xsl:variable name="lower" select="translate($declaration, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"/>
      <xsl:variable name="property" select="normalize-space(substring-before($declaration, ':'))"/>
      <xsl:if test="$property != '' and translate($property, 'abcdefghijklmnopqrstuvwxyz-', '') = ''
                    and normalize-space(substring-after($declaration, ':')) != ''
                    and not(contains($lower, 'url(') or contains($lower, 'expression') or contains($lower, 'image-set')
                            or contains($lower, 'image(') or contains($lower, 'import') or contains($lower, 'behavior')
                            or contains($lower, 'binding') or contains($lower, 'javascript') or contains($lower, 'script')
                            or contains($declaration, '\') or contains($declaration, '{') or contains($declaration, '}')
                            or contains($declaration, '&lt;') or contains($declaration, '&gt;') or contains($declaration, '@')
                            or contains($declaration, '&quot;') or contains($declaration, &quot;'&quot;))">
        <xsl:value-of select="concat($declaration, ';')"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- The CSS an element carries itself: its @style, or a @rend written as CSS; sanitized. -->
  <xsl:template name="own-css">
    <xsl:call-template name="safe-css">
      <xsl:with-param name="css" select="concat(@style, ';', @rend[contains(., ':')])"/>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
