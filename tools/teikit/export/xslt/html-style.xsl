<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-style.xsl: the page's CSS, and the renditions of the document (included by html.xsl; XSLT 1.0).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <!-- ===================================================================== style -->

  <!-- Renditions declared in the header (tagsDecl, scheme css) as classes; anything that could load a resource is
       left out so that the page stays self-contained. -->
  <xsl:template name="rendition-css">
    <xsl:for-each select="$doc-header/tei:encodingDesc/tei:tagsDecl/tei:rendition[@xml:id][@scheme = 'css' or not(@scheme)]">
      <xsl:variable name="css"><xsl:call-template name="safe-css"><xsl:with-param name="css" select="string(.)"/></xsl:call-template></xsl:variable>
      <xsl:if test="$css != ''">
        <xsl:value-of select="concat('.rend-', translate(@xml:id, '.', '-'), '{', $css, '}&#10;')"/>
      </xsl:if>
    </xsl:for-each>
    <xsl:call-template name="rend-css"/>
  </xsl:template>

  <!-- What the common @rend names look like. -->
  <xsl:template name="rend-css">
.r-italic{font-style:italic}.r-bold{font-weight:bold}.r-smallcaps{font-variant:small-caps}
.r-allcaps{text-transform:uppercase}.r-sup{vertical-align:super;font-size:.75em}.r-sub{vertical-align:sub;font-size:.75em}
.r-underline{text-decoration:underline}.r-double-underline{text-decoration:underline double}
.r-strike{text-decoration:line-through}.r-overline{text-decoration:overline}
.r-center{text-align:center}.r-right{text-align:right}.r-left{text-align:left}.r-indent{text-indent:1.5em}
.r-hanging{padding-left:1.5em;text-indent:-1.5em}
span.r-center,i.r-center,b.r-center{display:block;text-align:center}span.r-right{display:block;text-align:right}
.r-spaced{letter-spacing:.25em}.r-blackletter{font-family:"UnifrakturMaguntia","Old English Text MT",fantasy}
.r-roman{font-style:normal}.r-normalweight{font-weight:normal}.r-large{font-size:1.2em}.r-small{font-size:.85em}
.r-block{display:block}.r-red{color:#a40000}.r-boxed{border:1px solid currentColor;padding:0 .2em}
.r-initial{font-size:1.4em;font-weight:bold}
</xsl:template>

  <xsl:template name="css">
:root{--ink:#1d1d1f;--muted:#5b5b66;--accent:#8a1c1c;--paper:#fffdf8;--rule:#d9d3c7}
*{box-sizing:border-box}
body{margin:0;background:var(--paper);color:var(--ink);font:1.0625rem/1.6 Georgia,"Times New Roman",serif}
body>header,body>section,body>nav,body>details,main,body>footer{max-width:40rem;margin:0 auto;padding:0 1rem 0 4.5rem;position:relative}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.25rem .5rem}
h1{font-size:1.6rem;line-height:1.25;margin:2rem 0 .25rem}
h2{font-size:1.3rem;margin:2rem 0 .5rem}h3{font-size:1.1rem}h4,h5,h6{font-size:1rem}
.author{margin:0 0 1rem;color:var(--muted)}
details.about,details.toc{margin-top:.5rem;margin-bottom:.5rem;font-size:.95rem}details.about summary,details.toc summary{cursor:pointer;color:var(--muted);font-family:sans-serif;font-size:.9rem}
.about dl{font-size:.9rem;color:var(--ink)}.about dt{font-weight:bold;margin-top:.4rem}.about dd{margin-left:1rem}
.view-switch{border:1px solid var(--rule);border-radius:4px;padding:.25rem .75rem;font-size:.9rem;display:inline-block}
.view-switch legend{padding:0 .25rem}
.toc ol{padding-left:1.2rem;list-style:none}.toc a{color:var(--ink)}
a{color:var(--accent)}
.folio{text-decoration:none}
p,div.p{margin:0 0 .9rem}
blockquote{margin:.6rem 0 .9rem 1.5rem;font-size:.95em}
blockquote q{quotes:"‘" "’" "“" "”"}
.head.run-in{font-style:italic}
.folio::before,.folio-probe{content:attr(data-page);float:left;clear:left;width:4rem;margin-left:-4.5rem;text-align:right;font:normal .75rem/1.9 sans-serif;color:var(--muted);font-style:normal;font-weight:normal}
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
.backlink,.occurrences a,.note-page{text-decoration:underline;text-underline-offset:2px}
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
.l.numbered::after{content:attr(data-n);float:right;font:.75rem/1.9 sans-serif;color:var(--muted)}
.speaker{font-variant:small-caps;margin-top:.6rem}.stage{font-style:italic}
.list{padding-left:1.5rem}.list .item-n{margin-left:-1.5rem;display:inline-block;width:1.5rem}
.list.ordered{list-style:none}
.entries{padding-left:1rem}.entry{margin:.2rem 0}.occurrences{font-size:.85rem;color:var(--muted)}
cite{font-style:normal}cite.title{font-style:italic}.cite-link{text-decoration:none;color:inherit;border-bottom:1px solid var(--rule)}
a.name{color:inherit;text-decoration:none;border-bottom:1px solid #e6dfd0}
table{border-collapse:collapse}td,th{border:1px solid var(--rule);padding:.2rem .4rem}
.colophon{font-size:.8rem;color:var(--muted);margin-top:3rem;border-top:1px solid var(--rule)}
@media (max-width:40rem){body>header,body>section,body>nav,body>details,main,body>footer{padding:0 .75rem 0 3rem}.folio::before{width:2.6rem;margin-left:-3rem}}
@media print{
 body{background:#fff;font-size:11pt}
 .view-switch,.skip,.backlink,.tip{display:none!important}
 a{color:inherit;text-decoration:none}
 details.about,details.toc{display:none}
 .footnotes,.index,.bibliography{page-break-before:always}
 h1,h2,h3{page-break-after:avoid}
 .folio::before{color:#555}
}
</xsl:template>

</xsl:stylesheet>
