<?xml version="1.0" encoding="UTF-8"?>
<!--
  breaks.xsl (included by common.xsl): line, page and column breaks, which edition they belong to, and whether they
  fall inside a word.

  - A break (lb, pb, cb, milestone, gb) belongs to the base edition when it names no edition (@ed, @edRef) or names
    the base one; a break of another edition is not rendered at all and adds no space: the text around it reads on.
    The base edition is the parameter $edition, else the edition that most breaks of the text name.
  - A break of the base edition is inside a word when @break="no", or (without @break) when it is of
    type="hyphenInWord" or rend="hidden" (EEBO-TCP's form). Breaks that follow each other with only white space, fw,
    comments or other breaks between them are one break: inside a word if any of them is.
  - Inside a word, the white space around the breaks is layout of the XML, not text; in the reading view a hyphen
    printed before the break (- ‐ ¬ ⸗ or a soft hyphen) is dropped too (the "hyphen" hook; kept in the diplomatic view).

  Every test here looks at one neighbour at a time with `axis::node()[1]/self::…`: libxml2 stops at the first node
  then, where `axis::node()[1][…]` walks the whole axis (quadratic: 40,000 siblings took 110 s).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:exsl="http://exslt.org/common"
    xmlns:set="http://exslt.org/sets"
    extension-element-prefixes="exsl set"
    exclude-result-prefixes="tei exsl set">

  <!-- The edition whose breaks are rendered (its @ed or @edRef value, with or without '#'); '' = the edition that
       most breaks of the text name. -->
  <xsl:param name="edition" select="''"/>

  <!-- The first edition each break names, without '#', one element per break; the editions counted by value. (Not
       Muenchian grouping with a key: libxslt copies a key's whole node-set at each look-up, so one edition's 20,000
       breaks took 8 s to group, and a text export of 16,000 paragraphs 21.6 s instead of 2.1.) -->
  <xsl:variable name="break-editions-rtf">
    <xsl:for-each select="//tei:*[self::tei:lb or self::tei:pb or self::tei:cb or self::tei:milestone][@ed or @edRef]">
      <e><xsl:value-of select="substring-before(concat(normalize-space(translate(concat(@ed, ' ', @edRef), '#', ' ')), ' '), ' ')"/></e>
    </xsl:for-each>
  </xsl:variable>

  <xsl:variable name="base-edition">
    <xsl:choose>
      <xsl:when test="normalize-space($edition) != ''"><xsl:value-of select="normalize-space(translate($edition, '#', ' '))"/></xsl:when>
      <xsl:otherwise>
        <xsl:variable name="named" select="exsl:node-set($break-editions-rtf)/e"/>
        <!-- Each edition once, at its first break; the most named first, the first named among equals. -->
        <xsl:for-each select="set:distinct($named)">
          <xsl:sort select="count($named[. = current()])" data-type="number" order="descending"/>
          <xsl:if test="position() = 1"><xsl:value-of select="."/></xsl:if>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- Whether the text has breaks of another edition than the base one (then exports say which edition they follow). -->
  <xsl:variable name="several-editions"
      select="$base-edition != '' and boolean(//tei:*[self::tei:lb or self::tei:pb or self::tei:cb or self::tei:milestone]
              [@ed or @edRef][not(contains(concat(' ', normalize-space(translate(concat(@ed, ' ', @edRef), '#', ' ')), ' '),
                                               concat(' ', $base-edition, ' ')))][1])"/>

  <!-- 'yes' when the break in context belongs to the base edition. -->
  <xsl:template name="of-base-edition">
    <xsl:if test="not(@ed or @edRef) or $base-edition = ''
                  or contains(concat(' ', normalize-space(translate(concat(@ed, ' ', @edRef), '#', ' ')), ' '),
                              concat(' ', $base-edition, ' '))">yes</xsl:if>
  </xsl:template>

  <!-- What the break in context is: 'other' (of another edition: nothing rendered), 'internal' (inside a word) or
       'boundary'. -->
  <xsl:template name="break-kind">
    <xsl:variable name="mine"><xsl:call-template name="of-base-edition"/></xsl:variable>
    <xsl:choose>
      <xsl:when test="$mine != 'yes'">other</xsl:when>
      <xsl:when test="@break = 'no'">internal</xsl:when>
      <xsl:when test="not(@break) and (@type = 'hyphenInWord' or contains(concat(' ', normalize-space(@rend), ' '), ' hidden '))">internal</xsl:when>
      <xsl:otherwise>boundary</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- 'yes' when $node, or the nodes after it in direction $dir that are still part of the same break (white space,
       fw, comments, other breaks), hold a break inside a word. Looks at 8 nodes at most. -->
  <xsl:template name="glued">
    <xsl:param name="node"/>
    <xsl:param name="dir"/>
    <xsl:param name="steps" select="8"/>
    <xsl:if test="$node and $steps > 0">
      <xsl:variable name="kind">
        <xsl:for-each select="$node">
          <xsl:choose>
            <xsl:when test="self::tei:lb or self::tei:pb or self::tei:cb or self::tei:milestone or self::tei:gb">
              <xsl:call-template name="break-kind"/>
            </xsl:when>
            <xsl:when test="self::tei:fw or self::comment() or self::processing-instruction()
                            or self::text()[not(normalize-space())]">skip</xsl:when>
          </xsl:choose>
        </xsl:for-each>
      </xsl:variable>
      <xsl:choose>
        <xsl:when test="$kind = 'internal'">yes</xsl:when>
        <xsl:when test="$kind != ''">
          <xsl:choose>
            <xsl:when test="$dir = 'before'">
              <xsl:call-template name="glued">
                <xsl:with-param name="node" select="$node/preceding-sibling::node()[1]"/>
                <xsl:with-param name="dir" select="$dir"/>
                <xsl:with-param name="steps" select="$steps - 1"/>
              </xsl:call-template>
            </xsl:when>
            <xsl:otherwise>
              <xsl:call-template name="glued">
                <xsl:with-param name="node" select="$node/following-sibling::node()[1]"/>
                <xsl:with-param name="dir" select="$dir"/>
                <xsl:with-param name="steps" select="$steps - 1"/>
              </xsl:call-template>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:when>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <!-- 'yes' when the break in context is part of a break inside a word (itself or one beside it). -->
  <xsl:template name="in-word">
    <xsl:variable name="before">
      <xsl:call-template name="glued">
        <xsl:with-param name="node" select="."/>
        <xsl:with-param name="dir" select="'before'"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$before = 'yes'">yes</xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="glued">
          <xsl:with-param name="node" select="following-sibling::node()[1]"/>
          <xsl:with-param name="dir" select="'after'"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Text beside a break (the pattern looks at the next and previous node only, so it costs nothing elsewhere). -->
  <xsl:template match="text()[preceding-sibling::node()[1]/self::tei:lb or preceding-sibling::node()[1]/self::tei:pb
                              or preceding-sibling::node()[1]/self::tei:cb or preceding-sibling::node()[1]/self::tei:fw
                              or preceding-sibling::node()[1]/self::tei:milestone or preceding-sibling::node()[1]/self::tei:gb
                              or following-sibling::node()[1]/self::tei:lb or following-sibling::node()[1]/self::tei:pb
                              or following-sibling::node()[1]/self::tei:cb or following-sibling::node()[1]/self::tei:fw
                              or following-sibling::node()[1]/self::tei:milestone or following-sibling::node()[1]/self::tei:gb]">
    <xsl:call-template name="text-beside-break"/>
  </xsl:template>

  <xsl:template name="text-beside-break">
    <xsl:variable name="after-break">
      <xsl:call-template name="glued">
        <xsl:with-param name="node" select="preceding-sibling::node()[1]"/>
        <xsl:with-param name="dir" select="'before'"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="before-break">
      <xsl:call-template name="glued">
        <xsl:with-param name="node" select="following-sibling::node()[1]"/>
        <xsl:with-param name="dir" select="'after'"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="core" select="normalize-space(.)"/>
    <xsl:choose>
      <xsl:when test="$after-break != 'yes' and $before-break != 'yes'"><xsl:value-of select="."/></xsl:when>
      <xsl:when test="$core = ''"/>
      <xsl:otherwise>
        <!-- Keep the inner spacing: cut only the outer white space on the side of the break. -->
        <xsl:variable name="lead" select="substring-before(., substring($core, 1, 1))"/>
        <xsl:variable name="rest" select="substring(., string-length($lead) + 1)"/>
        <xsl:variable name="trail-length">
          <xsl:call-template name="trailing-space-length"><xsl:with-param name="text" select="$rest"/></xsl:call-template>
        </xsl:variable>
        <xsl:variable name="body" select="substring($rest, 1, string-length($rest) - $trail-length)"/>
        <xsl:variable name="last" select="substring($body, string-length($body), 1)"/>
        <xsl:variable name="hyphen"
            select="$before-break = 'yes' and string-length($body) > 1 and contains('-&#x2010;&#xAC;&#x2E17;&#xAD;', $last)"/>
        <xsl:if test="$after-break != 'yes'"><xsl:value-of select="$lead"/></xsl:if>
        <xsl:choose>
          <xsl:when test="$hyphen">
            <xsl:value-of select="substring($body, 1, string-length($body) - 1)"/>
            <xsl:call-template name="hyphen"><xsl:with-param name="text" select="$last"/></xsl:call-template>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="$body"/></xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$before-break != 'yes'"><xsl:value-of select="substring($rest, string-length($rest) - $trail-length + 1)"/></xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Hook: a hyphen printed before a break inside a word; the diplomatic view keeps it. -->
  <xsl:template name="hyphen">
    <xsl:param name="text"/>
    <xsl:if test="$view = 'diplomatic'"><xsl:value-of select="$text"/></xsl:if>
  </xsl:template>

  <!-- How many white-space characters end $text (space, tab, line end). -->
  <xsl:template name="trailing-space-length">
    <xsl:param name="text"/>
    <xsl:param name="count" select="0"/>
    <xsl:variable name="c" select="substring($text, string-length($text), 1)"/>
    <xsl:choose>
      <xsl:when test="$text != '' and ($c = ' ' or $c = '&#9;' or $c = '&#10;' or $c = '&#13;')">
        <xsl:call-template name="trailing-space-length">
          <xsl:with-param name="text" select="substring($text, 1, string-length($text) - 1)"/>
          <xsl:with-param name="count" select="$count + 1"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$count"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
