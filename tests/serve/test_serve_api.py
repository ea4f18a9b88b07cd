"""Every DTS endpoint and parameter on the edition, through the ASGI app; each JSON answer checked against the JSON
Schemas written from the spec (schemas/), and its content against the edition."""

from __future__ import annotations

import pytest
from lxml import etree

from teikit.serve.passages import DTS_NS, inner_text
from teikit.xmlio import TEI_NS, parse_bytes

from .helpers import EDITION, client, edition_index

NAV = "/api/dts/navigation"
DOC = "/api/dts/document"


def ids(units: list[dict]) -> list[str]:
    return [u["identifier"] for u in units]


def test_entry_point_gives_the_three_endpoint_templates() -> None:
    body = client().dts("/api/dts")
    assert body["@type"] == "EntryPoint" and body["dtsVersion"] == "1.0"
    assert body["navigation"] == "/api/dts/navigation{?resource,ref,start,end,down,tree,page}"
    assert client().dts("/api/dts/") == body


def test_root_collection_lists_the_edition_with_its_dublin_core_and_links() -> None:
    body = client().dts("/api/dts/collection")
    assert (body["@id"], body["@type"], body["totalChildren"], body["totalParents"]) == ("tei", "Collection", 1, 0)
    (member,) = body["member"]
    assert member["@id"] == EDITION and member["@type"] == "Resource"
    assert member["dublinCore"]["creator"] == [{"lang": "en", "value": "J. V. Stalin"}]
    assert member["dublinCore"]["license"] == ["https://creativecommons.org/licenses/by/4.0/"]
    assert f"/html/{EDITION}" in member["download"]
    assert member["mediaTypes"] == ["application/tei+xml", "text/html"]
    trees = member["citationTrees"]
    assert [t.get("identifier") for t in trees] == [None, "page"]
    chapter = trees[0]["citeStructure"][0]
    assert chapter["citeType"] == "chapter"
    assert [s["citeType"] for s in chapter["citeStructure"]] == ["section", "paragraph", "head", "note"]


def test_collection_of_a_resource_and_its_parents() -> None:
    resource = client().dts("/api/dts/collection", id=EDITION)
    assert resource["@type"] == "Resource" and resource["member"] == []
    parents = client().dts("/api/dts/collection", id=EDITION, nav="parents")
    assert [m["@id"] for m in parents["member"]] == ["tei"]
    assert client().dts("/api/dts/collection", id="tei", nav="parents")["member"] == []


def test_html_reading_edition_is_served_beside_the_api() -> None:
    response = client().get(f"/html/{EDITION}")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "The Dictatorship of the Proletariat" in response.text


def test_navigation_down_1_lists_the_top_level_and_down_minus_1_the_whole_tree() -> None:
    top = client().dts(NAV, resource=EDITION, down="1")
    assert ids(top["member"]) == ["4"] and "ref" not in top
    assert top["member"][0]["dublinCore"]["title"][0]["value"] == "IV. The Dictatorship of the Proletariat"
    whole = client().dts(NAV, resource=EDITION, down="-1")
    units = ids(whole["member"])
    assert units[:8] == ["4", "4.head", "4.note1", "4.p1", "4.p2", "4.1", "4.1.head", "4.1.1"]
    assert len(units) == len(set(units)) == 67
    assert [u["level"] for u in whole["member"] if u["identifier"] == "4.2.7"] == [3]
    assert whole["@id"].endswith("/api/dts/navigation?resource=foundations-of-leninism-ch4&down=-1")


def test_navigation_ref_without_down_is_the_unit_alone() -> None:
    body = client().dts(NAV, resource=EDITION, ref="4.2")
    assert body["ref"]["identifier"] == "4.2" and body["ref"]["parent"] == "4" and "member" not in body
    assert body["ref"]["dublinCore"]["title"][0]["value"].startswith("2) The dictatorship of the proletariat")


def test_navigation_down_0_gives_the_siblings_and_down_n_the_subtree() -> None:
    siblings = client().dts(NAV, resource=EDITION, ref="4.2", down="0")
    assert ids(siblings["member"]) == ["4.head", "4.note1", "4.p1", "4.p2", "4.1", "4.2", "4.3"]
    children = client().dts(NAV, resource=EDITION, ref="4.2", down="1")
    assert ids(children["member"])[:3] == ["4.2", "4.2.head", "4.2.1"]
    assert "4.2.fw1" in ids(children["member"]) and "4.3" not in ids(children["member"])
    assert client().dts(NAV, resource=EDITION, ref="4.2", down="7")["member"] == children["member"]


def test_navigation_range_with_down_lists_the_units_between_start_and_end() -> None:
    body = client().dts(NAV, resource=EDITION, start="4.1.15", end="4.2.2", down="1")
    assert body["start"]["identifier"] == "4.1.15" and body["end"]["identifier"] == "4.2.2"
    assert ids(body["member"]) == ["4.1.15", "4.1.16", "4.2", "4.2.head", "4.2.1", "4.2.2"]
    alone = client().dts(NAV, resource=EDITION, start="4.1", end="4.3")
    assert "member" not in alone and alone["end"]["identifier"] == "4.3"


def test_navigation_of_the_page_tree() -> None:
    body = client().dts(NAV, resource=EDITION, tree="page", down="1")
    assert ids(body["member"]) == [str(n) for n in range(39, 53)]
    assert client().dts(NAV, resource=EDITION, tree="page", ref="47", down="0")["member"][0]["citeType"] == "page"


def test_navigation_pages_a_long_member_list() -> None:
    from teikit.serve import dts

    from .helpers import DtsClient

    index = edition_index()
    query = {"resource": EDITION, "down": "-1"}
    pages = [dts.navigation(index, query, -1, page, dts.Urls(), "x", size=30) for page in (1, 2, 3)]
    import json

    bodies = [json.loads(p) for p in pages]
    assert [len(b["member"]) for b in bodies] == [30, 30, 7]
    assert bodies[1]["view"]["previous"].endswith("&page=1") and bodies[1]["view"]["next"].endswith("&page=3")
    assert "next" not in bodies[2]["view"] and bodies[0]["view"]["last"].endswith("&page=3")
    with pytest.raises(dts.DtsError) as err:
        dts.navigation(index, query, -1, 4, dts.Urls(), "x", size=30)
    assert err.value.status == 404
    assert isinstance(client(), DtsClient)


@pytest.mark.parametrize(("params", "status"), [
    ({}, 400),  # no resource
    ({"resource": EDITION}, 400),  # neither ref, start/end nor down
    ({"resource": EDITION, "down": "0"}, 400),  # down=0 without ref
    ({"resource": EDITION, "ref": "4.1", "start": "4.1"}, 400),
    ({"resource": EDITION, "start": "4.1", "down": "1"}, 400),  # start without end
    ({"resource": EDITION, "end": "4.1"}, 400),
    ({"resource": EDITION, "start": "4.3", "end": "4.1"}, 400),  # end before start
    ({"resource": EDITION, "start": "4.1", "end": "4.2", "down": "0"}, 400),
    ({"resource": EDITION, "down": "two"}, 400),
    ({"resource": EDITION, "down": "-2"}, 400),
    ({"resource": "no-such-document", "down": "1"}, 404),
    ({"resource": EDITION, "ref": "4.9"}, 404),
    ({"resource": EDITION, "start": "4.1", "end": "4.9"}, 404),
    ({"resource": EDITION, "tree": "chapters", "down": "1"}, 404),
    ({"resource": EDITION, "down": "1", "page": "2"}, 404),
    ({"resource": EDITION, "down": "1", "page": "0"}, 400),
])
def test_navigation_errors_are_the_specs(params: dict, status: int) -> None:
    client().dts(NAV, status, **params)


def test_document_without_ref_is_the_whole_tei_with_a_link_to_its_collection() -> None:
    response = client().get(DOC, params={"resource": EDITION})
    assert response.status_code == 200 and response.headers["content-type"] == "application/tei+xml"
    assert response.headers["link"] == f'</api/dts/collection?id={EDITION}>; rel="collection"'
    root = parse_bytes(response.content).getroot()
    assert root.tag == f"{{{TEI_NS}}}TEI" and root.find(f"{{{TEI_NS}}}teiHeader") is not None


def test_document_passage_is_the_unit_in_dts_wrapper_inside_its_ancestors() -> None:
    response = client().get(DOC, params={"resource": EDITION, "ref": "4.2.7"})
    assert response.status_code == 200
    root = parse_bytes(response.content).getroot()
    (wrapper,) = root.iter(f"{{{DTS_NS}}}wrapper")
    assert etree.QName(wrapper.getparent()).localname == "body"
    chapter = wrapper[0]
    assert (chapter.get("n"), chapter[0].get("n")) == ("4", "2")
    (paragraph,) = chapter[0]
    assert paragraph.xpath("string()").startswith("Second conclusion :")


def test_document_range_and_page_passages() -> None:
    ranged = client().get(DOC, params={"resource": EDITION, "start": "4.1.16", "end": "4.2.1"})
    text = inner_text(ranged.content)
    assert text.lstrip().startswith("It will be necessary under the dictatorship")
    assert "2) The dictatorship of the proletariat as the rule" in text  # 4.2's head, between the two
    assert "From the foregoing it is evident that the dictatorship" in text  # 4.2.1, the end
    assert "Continuing and developing" not in text and "The dictatorship of the proletariat arises" not in text
    page = client().get(DOC, params={"resource": EDITION, "tree": "page", "ref": "52"})
    assert inner_text(page.content).lstrip().startswith("tates the practical application")


def test_document_as_html() -> None:
    whole = client().get(DOC, params={"resource": EDITION, "mediaType": "text/html"})
    assert whole.headers["content-type"].startswith("text/html") and "<html" in whole.text
    part = client().get(DOC, params={"resource": EDITION, "ref": "4.2.7", "mediaType": "text/html"})
    assert part.status_code == 200 and "Second conclusion" in part.text and "Soviet power" not in part.text


@pytest.mark.parametrize(("params", "status"), [
    ({}, 400),
    ({"resource": EDITION, "ref": "4.1", "end": "4.2"}, 400),
    ({"resource": EDITION, "start": "4.1"}, 400),
    ({"resource": "nothing"}, 404),
    ({"resource": EDITION, "ref": "4.1.99"}, 404),
    ({"resource": EDITION, "tree": "pages", "ref": "47"}, 404),
    ({"resource": EDITION, "mediaType": "application/pdf"}, 404),
])
def test_document_errors_are_the_specs(params: dict, status: int) -> None:
    client().dts(DOC, status, **params)
