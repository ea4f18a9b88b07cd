<?xml version="1.0" encoding="UTF-8"?>
<!--
  text.xsl: TEI to plain text (XSLT 1.0). Imports common.xsl for the view policy, notes, pages and names.

  This stylesheet decides everything about the text: what is a block, what is a hard line, what is indented, where
  note texts and page markers go, how headings are set off. It marks that layout with three Unicode noncharacters
  (reserved by Unicode for internal use, so they never occur in a text):
    U+FDD0  block boundary (blocks are separated by one blank line)
    U+FDD1  hard line break inside a block (verse lines, list items, table rows, heading underlines)
    U+FDD2  at the start of a block: indent the block by four spaces (block quotations, verse)
    U+FDD4  at the start of a block: centre its lines in the width (rend="center" and its kin)
  teikit.export.text_layout.layout_text() then only collapses white space and wraps each line at the width, keeping those marks.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:import href="common.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>

  <!-- 'yes' to print page markers such as [p. 40] where a printed page begins. -->
  <xsl:param name="pages" select="'no'"/>
  <!-- The line width; headings are underlined up to this width. -->
  <xsl:param name="width" select="72"/>
  <!-- Text notes follow their paragraph unless asked otherwise. -->
  <xsl:param name="notes" select="'paragraph'"/>

  <xsl:variable name="BLOCK" select="'&#xFDD0;'"/>
  <xsl:variable name="LINE" select="'&#xFDD1;'"/>
  <xsl:variable name="INDENT" select="'&#xFDD2;'"/>
  <xsl:variable name="CENTRE" select="'&#xFDD4;'"/>
  <xsl:variable name="RULE1" select="'========================================================================================================================================================================'"/>
  <xsl:variable name="RULE2" select="'------------------------------------------------------------------------------------------------------------------------------------------------------------------------'"/>

  <!-- ===================================================================== document -->

  <xsl:template match="/">
    <xsl:apply-templates select="*"/>
    <xsl:if test="$notes = 'end' and $collected-notes">
      <xsl:call-template name="heading-block"><xsl:with-param name="text" select="'Footnotes'"/><xsl:with-param name="level" select="1"/></xsl:call-template>
      <xsl:apply-templates select="$collected-notes" mode="note-text"/>
    </xsl:if>
    <xsl:variable name="standoff-bibls" select="/*/tei:standOff//tei:listBibl[not(ancestor::tei:listBibl)]"/>
    <xsl:if test="$standoff-bibls">
      <xsl:call-template name="heading-block"><xsl:with-param name="text" select="'Bibliography'"/><xsl:with-param name="level" select="1"/></xsl:call-template>
      <xsl:apply-templates select="$standoff-bibls"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:TEI | tei:teiCorpus">
    <xsl:variable name="title" select="normalize-space(tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[1])"/>
    <xsl:if test="$title">
      <xsl:call-template name="heading-block">
        <xsl:with-param name="text" select="$title"/>
        <xsl:with-param name="level" select="1"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:variable name="authors"><xsl:call-template name="authors"/></xsl:variable>
    <xsl:value-of select="$BLOCK"/>
    <xsl:if test="normalize-space($authors)">
      <xsl:text>By </xsl:text><xsl:value-of select="$authors"/>
      <xsl:value-of select="$LINE"/>
    </xsl:if>
    <xsl:if test="not(parent::tei:teiCorpus)">
      <xsl:if test="tei:teiHeader/tei:fileDesc/tei:sourceDesc/*[self::tei:biblStruct or self::tei:bibl or self::tei:biblFull]">
        <xsl:text>Source: </xsl:text>
        <xsl:call-template name="source-edition"/>
        <xsl:value-of select="$LINE"/>
      </xsl:if>
      <xsl:text>Text: </xsl:text>
      <xsl:value-of select="$view"/>
      <xsl:text> view</xsl:text>
      <xsl:if test="$several-editions">
        <xsl:text>; line and page breaks of the edition </xsl:text><xsl:value-of select="$base-edition"/>
      </xsl:if>
      <xsl:text>.</xsl:text>
    </xsl:if>
    <xsl:value-of select="$BLOCK"/>
    <xsl:apply-templates select="*"/>
  </xsl:template>

  <!-- ===================================================================== blocks -->

  <!-- The structure: containers, no text of their own. -->
  <xsl:template match="tei:text | tei:front | tei:body | tei:back | tei:group | tei:div | tei:div1 | tei:div2
                       | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7">
    <xsl:value-of select="$BLOCK"/>
    <xsl:apply-templates/>
    <xsl:value-of select="$BLOCK"/>
  </xsl:template>

  <xsl:template match="tei:p | tei:ab | tei:trailer | tei:closer | tei:opener | tei:salute | tei:signed | tei:byline
                       | tei:epigraph | tei:argument | tei:postscript | tei:docTitle | tei:docAuthor | tei:docImprint
                       | tei:docDate | tei:titlePage | tei:castList | tei:castGroup | tei:floatingText | tei:figure
                       | tei:listBibl | tei:listPerson | tei:listPlace | tei:listOrg | tei:sp">
    <xsl:call-template name="block"/>
  </xsl:template>

  <xsl:template match="tei:lg">
    <xsl:call-template name="block"><xsl:with-param name="indent" select="true()"/></xsl:call-template>
  </xsl:template>

  <!-- One line each: verse lines, speakers, stage directions between speeches, items, rows, entries. -->
  <xsl:template match="tei:l | tei:speaker | tei:castItem | tei:titlePart | tei:dateline | tei:list/tei:head
                       | tei:person | tei:place | tei:org
                       | tei:personGrp | tei:figure/tei:head | tei:figDesc | tei:lg/tei:head | tei:table/tei:head">
    <xsl:call-template name="line"/>
  </xsl:template>

  <xsl:template match="tei:listBibl/tei:bibl | tei:listBibl/tei:biblStruct">
    <xsl:value-of select="$LINE"/>
    <xsl:call-template name="entry-content"/>
    <xsl:value-of select="$LINE"/>
  </xsl:template>

  <!-- A related item (the host of a work): "in" and the host's title. -->
  <xsl:template match="tei:relatedItem[@target]">
    <xsl:variable name="host" select="key('ids', substring-after(@target, '#'))"/>
    <xsl:text>in </xsl:text>
    <xsl:value-of select="normalize-space(($host//tei:title)[1] | $host[not(.//tei:title)])"/>
  </xsl:template>

  <xsl:template match="tei:note/tei:label"><xsl:apply-templates/><xsl:text> </xsl:text></xsl:template>

  <xsl:template match="tei:stage">
    <xsl:choose>
      <xsl:when test="parent::tei:p or parent::tei:l or parent::tei:ab or parent::tei:seg"><xsl:apply-templates/></xsl:when>
      <xsl:otherwise><xsl:call-template name="line"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:list">
    <xsl:call-template name="block"/>
  </xsl:template>
  <xsl:template match="tei:item[parent::tei:list and preceding-sibling::*[1]/self::tei:label]" priority="2">
    <xsl:apply-templates/>
    <xsl:value-of select="$LINE"/>
    <xsl:call-template name="notes-after"/>
  </xsl:template>
  <xsl:template match="tei:item">
    <xsl:call-template name="line">
      <xsl:with-param name="prefix">
        <xsl:choose>
          <xsl:when test="@n and contains(../@rend, 'paren')"><xsl:value-of select="concat(@n, ') ')"/></xsl:when>
          <xsl:when test="@n"><xsl:value-of select="concat(@n, '. ')"/></xsl:when>
          <xsl:when test="../@type = 'ordered'"><xsl:value-of select="count(preceding-sibling::tei:item) + 1"/>. </xsl:when>
          <xsl:otherwise>- </xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
  <!-- A label before an item starts the item's line. -->
  <xsl:template match="tei:list/tei:label">
    <xsl:value-of select="$LINE"/>
    <xsl:apply-templates/>
    <xsl:text> </xsl:text>
  </xsl:template>
  <xsl:template match="tei:table">
    <xsl:call-template name="block"/>
  </xsl:template>
  <xsl:template match="tei:row">
    <xsl:value-of select="$LINE"/>
    <xsl:for-each select="tei:cell">
      <xsl:if test="position() > 1"> | </xsl:if>
      <xsl:apply-templates/>
    </xsl:for-each>
    <xsl:value-of select="$LINE"/>
  </xsl:template>

  <!-- Quotations: a block quotation is an indented block; an inline one gets quotation marks. -->
  <xsl:template match="tei:quote">
    <xsl:variable name="block"><xsl:call-template name="quote-is-block"/></xsl:variable>
    <xsl:choose>
      <xsl:when test="$block = 'yes'">
        <xsl:call-template name="block"><xsl:with-param name="indent" select="true()"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="quoted"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="tei:q | tei:soCalled | tei:said">
    <xsl:call-template name="quoted"/>
  </xsl:template>
  <xsl:template name="quoted">
    <xsl:variable name="depth"><xsl:call-template name="quote-depth"/></xsl:variable>
    <xsl:choose>
      <xsl:when test="$depth = 0">“<xsl:apply-templates/>”</xsl:when>
      <xsl:otherwise>‘<xsl:apply-templates/>’</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Headings of divisions: set off by a blank line and underlined (= for the top level, - below). -->
  <xsl:template match="tei:head">
    <xsl:choose>
      <xsl:when test="parent::tei:div or parent::tei:div1 or parent::tei:div2 or parent::tei:div3 or parent::tei:div4
                      or parent::tei:div5 or parent::tei:div6 or parent::tei:div7 or parent::tei:body
                      or parent::tei:front or parent::tei:back or parent::tei:group or parent::tei:listBibl
                      or parent::tei:listPerson or parent::tei:listPlace or parent::tei:listOrg">
        <xsl:variable name="text"><xsl:apply-templates/></xsl:variable>
        <xsl:call-template name="heading-block">
          <xsl:with-param name="text" select="$text"/>
          <xsl:with-param name="level" select="count(ancestor::tei:*[starts-with(local-name(), 'div')][tei:head])
                                               + count(parent::tei:*[starts-with(local-name(), 'list')])"/>
        </xsl:call-template>
        <xsl:call-template name="notes-after"/>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="line"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="heading-block">
    <xsl:param name="text"/>
    <xsl:param name="level" select="1"/>
    <xsl:variable name="length" select="string-length(normalize-space(translate($text, '&#xFDD0;&#xFDD1;&#xFDD2;', '   ')))"/>
    <xsl:value-of select="$BLOCK"/>
    <xsl:copy-of select="$text"/>
    <xsl:value-of select="$LINE"/>
    <xsl:choose>
      <xsl:when test="$level &lt;= 1"><xsl:value-of select="substring($RULE1, 1, $length * ($length &lt;= $width) + $width * ($length > $width))"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="substring($RULE2, 1, $length * ($length &lt;= $width) + $width * ($length > $width))"/></xsl:otherwise>
    </xsl:choose>
    <xsl:value-of select="$BLOCK"/>
  </xsl:template>

  <!-- A block: blank lines around it, optionally indented; then, for the outermost block, its notes. -->
  <xsl:template name="block">
    <xsl:param name="indent" select="false()"/>
    <xsl:variable name="centred"><xsl:call-template name="rendered-as"><xsl:with-param name="what" select="'center'"/></xsl:call-template></xsl:variable>
    <xsl:value-of select="$BLOCK"/>
    <xsl:if test="$indent"><xsl:value-of select="$INDENT"/></xsl:if>
    <xsl:if test="$centred = 'yes'"><xsl:value-of select="$CENTRE"/></xsl:if>
    <xsl:apply-templates/>
    <xsl:value-of select="$BLOCK"/>
    <xsl:call-template name="notes-after"/>
  </xsl:template>

  <xsl:template name="line">
    <xsl:param name="prefix"/>
    <xsl:value-of select="$LINE"/>
    <xsl:value-of select="$prefix"/>
    <xsl:apply-templates/>
    <xsl:value-of select="$LINE"/>
    <xsl:call-template name="notes-after"/>
  </xsl:template>

  <!-- With notes="paragraph", the outermost block lists the notes anchored inside it. -->
  <xsl:template name="notes-after">
    <xsl:if test="$notes = 'paragraph' and ancestor::tei:text and contains($block-names, concat(' ', local-name(), ' '))
                  and not(ancestor::tei:*[contains($block-names, concat(' ', local-name(), ' '))])">
      <xsl:variable name="here" select=".//tei:note[not(ancestor::tei:note)][not(@place = 'end' and ancestor::tei:back)]"/>
      <xsl:if test="$here">
        <xsl:apply-templates select="$here" mode="note-text"/>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- ===================================================================== rendition -->

  <!-- What plain text can show of a rendition: capitals where the source prints capitals (rend="allcaps", "caps",
       "uppercase"; small capitals stay as written), superscript and subscript digits and signs as Unicode's
       superscript and subscript characters (other text stays as written). -->
  <xsl:variable name="LOWER" select="'abcdefghijklmnopqrstuvwxyzàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿāēīōūœ'"/>
  <xsl:variable name="UPPER" select="'ABCDEFGHIJKLMNOPQRSTUVWXYZÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞŸĀĒĪŌŪŒ'"/>
  <xsl:template match="tei:hi">
    <xsl:variable name="classes"><xsl:call-template name="rend-classes"/><xsl:text> </xsl:text></xsl:variable>
    <xsl:variable name="text"><xsl:apply-templates/></xsl:variable>
    <xsl:choose>
      <xsl:when test="contains($classes, ' r-allcaps ')"><xsl:value-of select="translate($text, $LOWER, $UPPER)"/></xsl:when>
      <xsl:when test="contains($classes, ' r-sup ') and translate($text, '0123456789+-=()n', '') = ''">
        <xsl:value-of select="translate($text, '0123456789+-=()n', '⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ')"/>
      </xsl:when>
      <xsl:when test="contains($classes, ' r-sub ') and translate($text, '0123456789+-=()', '') = ''">
        <xsl:value-of select="translate($text, '0123456789+-=()', '₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎')"/>
      </xsl:when>
      <xsl:otherwise><xsl:copy-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===================================================================== notes -->

  <xsl:template match="tei:note">
    <xsl:variable name="placement"><xsl:call-template name="note-placement"/></xsl:variable>
    <xsl:choose>
      <xsl:when test="$placement = 'nested'"> [<xsl:apply-templates/>]</xsl:when>
      <xsl:when test="$placement = 'endnote'"><xsl:apply-templates select="." mode="note-text"/></xsl:when>
      <xsl:when test="$placement = 'standalone'">
        <xsl:if test="$notes = 'paragraph'"><xsl:apply-templates select="." mode="note-text"/></xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <!-- A note with @target is anchored where its anchors are. -->
        <xsl:if test="not(@target)">[<xsl:call-template name="note-label"/>]</xsl:if>
        <xsl:if test="$placement = 'loose' and $notes = 'paragraph'"><xsl:apply-templates select="." mode="note-text"/></xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A note's text: its label (the printed one when the note has a label of its own, in the current view), its page
       when listed at the end, then the text. -->
  <xsl:template match="tei:note" mode="note-text">
    <xsl:variable name="label" select="tei:label[1]"/>
    <xsl:value-of select="$BLOCK"/>
    <xsl:choose>
      <xsl:when test="$label"><xsl:apply-templates select="$label/node()"/><xsl:text> </xsl:text></xsl:when>
      <xsl:otherwise><xsl:text>[</xsl:text><xsl:call-template name="note-label"/><xsl:text>] </xsl:text></xsl:otherwise>
    </xsl:choose>
    <xsl:if test="$notes = 'end' and $has-pages and not(@place = 'end')">
      <xsl:variable name="page"><xsl:call-template name="page-of"/></xsl:variable>
      <xsl:if test="$page != ''">(p. <xsl:value-of select="$page"/>) </xsl:if>
    </xsl:if>
    <xsl:apply-templates select="node()[not($label) or count(. | $label) != 1]"/>
    <xsl:value-of select="$BLOCK"/>
  </xsl:template>

  <!-- An anchor that a note points to carries that note's marker. -->
  <xsl:template match="tei:anchor[@xml:id]">
    <xsl:for-each select="key('notes-by-target', concat('#', @xml:id))">
      <xsl:text>[</xsl:text><xsl:call-template name="note-label"/><xsl:text>]</xsl:text>
    </xsl:for-each>
  </xsl:template>

  <!-- A pointer: to a note here, its label as a marker; elsewhere, the address. -->
  <xsl:template match="tei:ptr">
    <xsl:variable name="id"><xsl:call-template name="target-id"><xsl:with-param name="pointer" select="@target"/></xsl:call-template></xsl:variable>
    <xsl:variable name="target" select="key('ids', $id)"/>
    <xsl:choose>
      <xsl:when test="$target/self::tei:note">[<xsl:call-template name="note-label"><xsl:with-param name="note" select="$target"/></xsl:call-template>]</xsl:when>
      <xsl:when test="@n">[<xsl:value-of select="@n"/>]</xsl:when>
      <xsl:when test="@target and not(starts-with(@target, '#'))">&lt;<xsl:value-of select="@target"/>&gt;</xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- ===================================================================== pages and lines -->

  <!-- A break of the base edition: a space between words (none inside a word, breaks.xsl); a page break prints its
       marker with pages=yes; a line break is a hard line in the diplomatic view. Breaks of other editions: nothing. -->
  <xsl:template match="tei:pb | tei:lb | tei:cb | tei:milestone | tei:gb">
    <xsl:variable name="kind"><xsl:call-template name="break-kind"/></xsl:variable>
    <xsl:if test="$kind != 'other'">
      <xsl:variable name="in-word"><xsl:call-template name="in-word"/></xsl:variable>
      <xsl:variable name="space"><xsl:if test="$in-word != 'yes'"><xsl:text> </xsl:text></xsl:if></xsl:variable>
      <xsl:choose>
        <xsl:when test="self::tei:lb and $view = 'diplomatic'"><xsl:value-of select="$LINE"/></xsl:when>
        <xsl:when test="self::tei:pb and $pages = 'yes' and @n">
          <xsl:value-of select="$space"/>
          <xsl:text>[p.&#xA0;</xsl:text><xsl:value-of select="@n"/><xsl:text>]</xsl:text>
          <xsl:value-of select="$space"/>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="$space"/></xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:caesura | tei:space">
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- Trees and graphs (eTree, forest, graph): a block, one line per node, "› " once per level. An arc names the
       nodes it joins. -->
  <xsl:template match="tei:forest | tei:graph | tei:listForest | tei:eTree[not(ancestor::tei:eTree)]
                       | tei:tree[not(ancestor::tei:forest)]">
    <xsl:call-template name="block"/>
  </xsl:template>
  <xsl:template match="tei:eTree/tei:label | tei:eLeaf/tei:label | tei:triangle/tei:label | tei:root/tei:label
                       | tei:iNode/tei:label | tei:leaf/tei:label | tei:node/tei:label">
    <xsl:value-of select="$LINE"/>
    <xsl:for-each select="ancestor::tei:*[self::tei:eTree or self::tei:eLeaf or self::tei:triangle][position() > 1]">› </xsl:for-each>
    <xsl:apply-templates/>
    <xsl:value-of select="$LINE"/>
  </xsl:template>
  <xsl:template match="tei:arc">
    <xsl:value-of select="$LINE"/>
    <xsl:value-of select="normalize-space(key('ids', substring-after(@from, '#'))/tei:label)"/>
    <xsl:text> → </xsl:text>
    <xsl:value-of select="normalize-space(key('ids', substring-after(@to, '#'))/tei:label)"/>
    <xsl:if test="tei:label"><xsl:text>: </xsl:text><xsl:apply-templates select="tei:label/node()"/></xsl:if>
    <xsl:value-of select="$LINE"/>
  </xsl:template>

  <!-- A graphic has no text; its place is shown. -->
  <xsl:template match="tei:graphic">[image]</xsl:template>

</xsl:stylesheet>
