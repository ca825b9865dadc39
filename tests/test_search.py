"""The specialty search as a person uses it, in Debian's chromium over the built demo."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest

from cpts.directory.validate import validate_directory
from cpts.model import DAYS, build_model
from cpts.phones import display

from .browser import browser_page
from .conftest import ROOT, TODAY

pytestmark = pytest.mark.browser


def demo():
    raw, _ = validate_directory(ROOT / "directory", TODAY)
    return build_model(raw)


def all_result_urls(page, query: str | None, filters: dict | None = None) -> list[str]:
    """Every result of a query, through the page's own Pagefind bundle."""
    return page.evaluate(
        """async ([query, filters]) => {
            const pf = await import(new URL("../pagefind/pagefind.js", location.href).href);
            const search = await pf.search(query, {filters});
            const data = await Promise.all(search.results.map((r) => r.data()));
            return data.map((d) => d.url);
        }""", [query, filters or {}])


def wait_ready(page) -> None:
    page.wait_for_selector("[data-cpts-search][data-ready=true]", state="attached")


EVERYDAY_WORDS = [
    ("kiné", "masseur-kinesitherapeute", None),
    ("dentiste", "chirurgien-dentiste", None),
    ("généraliste", "medecin", "medecine-generale"),
    ("GENERALISTE", "medecin", "medecine-generale"),
    ("infirmière", "infirmier", None),
    ("sage femme", "sage-femme", None),
    ("gyneco", "medecin", "gynecologie-obstetrique"),
    ("psy", "psychologue", None),
    ("orthophonie", "orthophoniste", None),
]


def test_everyday_words_find_the_right_professionals(demo_url: str) -> None:
    professionals = demo().professionals
    with browser_page() as (page, watch):
        page.goto(f"{demo_url}recherche/")
        wait_ready(page)
        for query, profession, specialty in EVERYDAY_WORDS:
            expected = {f"/professionnels/{p.slug}/" for p in professionals
                        if p.profession == profession
                        and (specialty is None or specialty in p.specialties)}
            assert expected
            ranked = [u for u in all_result_urls(page, query) if u.startswith("/professionnels/")]
            assert expected <= set(ranked), f"{query}: missing {expected - set(ranked)}"
            # Those whose profession it is come first (an address « avenue du Général… » may
            # match « généraliste » too, further down).
            if query != "psy":
                assert set(ranked[:len(expected)]) == expected, f"{query}: ranked {ranked}"
    assert watch.page_errors == []


def test_words_typed_without_accents_find_what_has_them(demo_url: str) -> None:
    # The index holds each word once, with its accents: Pagefind finds it without them.
    with browser_page() as (page, watch):
        page.goto(f"{demo_url}recherche/")
        wait_ready(page)
        assert all_result_urls(page, "celine dumas")[0] == "/professionnels/dumas-celine/"
        assert "/structures/centre-hospitalier-briancon/" in all_result_urls(page, "maternite")
    assert watch.page_errors == []


def test_typing_shows_results_with_profession_commune_and_phone(demo_url: str) -> None:
    kines = [p for p in demo().professionals if p.profession == "masseur-kinesitherapeute"]
    with browser_page(width=390) as (page, watch):
        page.goto(f"{demo_url}recherche/")
        wait_ready(page)
        page.get_by_label("Profession, spécialité, nom ou commune").fill("kiné")
        page.wait_for_function("document.querySelector('#cpts-results li.cpts-result') !== null")
        first = page.locator("#cpts-results li.cpts-result").first
        assert first.locator("h2 a").inner_text()
        assert "kinésithérapeute" in first.inner_text().lower()
        assert first.locator("a[href^='tel:']").count() == 1
        # The card's number and today's hours, as the entry's page shows them.
        slug = first.locator("h2 a").get_attribute("href").rstrip("/").rsplit("/", 1)[-1]
        entry = next(p for p in kines if p.slug == slug)
        place = next(pl for pl in entry.places if pl.phone)
        assert first.locator("a[href^='tel:']").inner_text() == f"Appeler le {display(place.phone)}"
        assert first.locator("a[href^='tel:']").get_attribute("href") == \
            "tel:" + display(place.phone).replace(" ", "")
        hours = next(pl.hours for pl in entry.places if pl.hours)  # the demo's kinés have some
        spans = hours.days.get(DAYS[dt.date.today().weekday()])
        assert first.locator(".cpts-result__today").inner_text() == (
            "Aujourd’hui : " + ", ".join(s.replace("-", "–") for s in spans) if spans
            else "Fermé aujourd’hui")
        assert "q=kin%C3%A9" in page.url
        status = page.locator("#cpts-status").inner_text()
        assert int(status.split()[0]) >= len(kines)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert watch.page_errors == [] and watch.blocked == []


def test_filters_show_counts_and_narrow_the_results(demo_url: str) -> None:
    directory = demo()
    nurses = [p for p in directory.professionals if p.profession == "infirmier"]
    in_briancon = [p for p in nurses if any(pl.commune.insee == "05023" for pl in p.places)]
    with browser_page() as (page, watch):
        page.goto(f"{demo_url}recherche/?categorie={quote('Infirmier')}")
        wait_ready(page)
        assert page.locator("#cpts-status").inner_text() == f"{len(nurses)} résultats"
        page.locator("#cpts-filters summary", has_text="Commune").click()
        page.get_by_label(f"Briançon ({len(in_briancon)})").check()
        page.wait_for_function(
            f"document.querySelector('#cpts-status').textContent === '{len(in_briancon)} résultats'")
        assert "commune=Brian%C3%A7on" in page.url
    assert watch.page_errors == []


def test_a_query_loads_only_its_filters_and_the_opened_control_shows_every_count(
        demo_url: str, demo_site) -> None:
    """« kiné » is a filter: Pagefind fetches neither its word index nor the other filters'
    index; the filter control is folded, and opened, it shows every filter with its counts."""
    kines = [p for p in demo().professionals if p.profession == "masseur-kinesitherapeute"]
    in_briancon = [p for p in kines if any(pl.commune.insee == "05023" for pl in p.places)]
    filter_files = len(list((demo_site / "pagefind" / "filter").glob("fr_*")))
    with browser_page() as (page, watch):
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(f"{demo_url}recherche/?q={quote('kiné')}")
        wait_ready(page)
        page.wait_for_function("document.querySelector('#cpts-results li.cpts-result') !== null")
        assert page.locator("#cpts-status").inner_text() == f"{len(kines)} résultats"
        assert not [u for u in fetched if "/pagefind/index/" in u]
        assert 0 < len([u for u in fetched if "/pagefind/filter/" in u]) < filter_files
        assert page.locator("#cpts-allfilters").get_attribute("open") is None
        page.locator("#cpts-allfilters > summary").click()
        page.locator("#cpts-filters summary", has_text="Commune").click()
        page.get_by_label(f"Briançon ({len(in_briancon)})").check()
        page.wait_for_function(
            f"document.querySelector('#cpts-status').textContent === '{len(in_briancon)} résultats'")
        assert len({u for u in fetched if "/pagefind/filter/" in u}) == filter_files
        assert page.get_by_label(f"Briançon ({len(in_briancon)})").is_checked()
        assert "commune=Brian%C3%A7on" in page.url
    assert watch.page_errors == [] and watch.console_errors == []


def test_a_query_typed_again_shows_the_same_results(demo_url: str) -> None:
    box = "Profession, spécialité, nom ou commune"
    with browser_page() as (page, watch):
        page.goto(f"{demo_url}recherche/")
        wait_ready(page)
        shown = []
        for query in ("urgences", "dentiste", "urgences"):
            page.get_by_label(box).fill("")
            page.wait_for_function(
                "document.querySelector('#cpts-status').textContent.startsWith('Tapez')")
            page.get_by_label(box).fill(query)
            # The status counts the whole search; then the first page's cards arrive
            page.wait_for_function(
                "document.querySelector('#cpts-status').textContent.includes('résultat')"
                " && !document.querySelector('#cpts-results .cpts-result-slot')")
            shown.append((page.locator("#cpts-status").inner_text(),
                          page.locator("#cpts-results h2").all_inner_texts()))
        assert shown[0] == shown[2] and shown[0] != shown[1] and shown[0][1]
    assert watch.page_errors == []


def test_new_patients_filter_only_counts_published_statuses(demo_url: str) -> None:
    directory = demo()
    accepting = [p for p in directory.professionals if p.published_new_patients == "oui"]
    with browser_page() as (page, _):
        page.goto(f"{demo_url}recherche/")
        wait_ready(page)
        urls = all_result_urls(page, None, {"nouveaux_patients": "Accepte de nouveaux patients"})
    assert sorted(urls) == sorted(f"/professionnels/{p.slug}/" for p in accepting)


def test_a_shared_link_shows_the_same_results(demo_url: str) -> None:
    with browser_page() as (page, _):
        page.goto(f"{demo_url}recherche/?q=dentiste&commune={quote('Briançon')}")
        wait_ready(page)
        first = page.locator("#cpts-results h2").all_inner_texts()
        page.goto(page.url)
        wait_ready(page)
        assert page.locator("#cpts-results h2").all_inner_texts() == first
        assert page.get_by_label("Profession, spécialité, nom ou commune").input_value() == "dentiste"
        assert first


def test_keyboard_only_from_home_to_an_entry_page(demo_url: str) -> None:
    with browser_page() as (page, watch):
        page.goto(demo_url)
        for _ in range(40):  # Tab until the home page's search box has the focus
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "cpts-home-q":
                break
        else:
            pytest.fail("the search box cannot be reached with the keyboard")
        page.keyboard.type("dentiste")
        page.keyboard.press("Enter")
        page.wait_for_url("**/recherche/?q=dentiste")
        wait_ready(page)
        page.wait_for_function("document.querySelector('#cpts-results li.cpts-result') !== null")
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.closest('#cpts-results h2') !== null"):
                break
        else:
            pytest.fail("no result link reachable with the keyboard")
        page.keyboard.press("Enter")
        page.wait_for_url("**/professionnels/**")
        assert "Chirurgien" in page.locator(".cpts-entry h1 + p").inner_text()
    assert watch.page_errors == []


def test_search_page_without_javascript_points_to_the_listings(demo_site) -> None:
    html = (demo_site / "recherche" / "index.html").read_text()
    assert "<noscript>" in html and 'href="../annuaire/"' in html


def test_profession_and_commune_words_narrow_like_filters(demo_url: str) -> None:
    directory = demo()
    expected = sorted(p.full_name for p in directory.professionals
                      if p.profession == "masseur-kinesitherapeute"
                      and any(pl.commune.insee == "05023" for pl in p.places))
    with browser_page() as (page, watch):
        page.goto(f"{demo_url}recherche/?q={quote('Kiné BRIANCON')}")
        wait_ready(page)
        assert page.locator("#cpts-status").inner_text() == f"{len(expected)} résultats"
        assert sorted(page.locator("#cpts-results h2").all_inner_texts()) == expected
    assert watch.page_errors == []


def test_query_terms_map_everyday_words_to_filters() -> None:
    from cpts.pages.search import query_terms

    terms = query_terms(demo())
    assert terms["kine"] == {"match": {"categorie": ["Masseur-kinésithérapeute"]}}
    assert terms["medecin traitant"] == {"match": {"categorie": ["Médecine générale"]}}
    # Stop words (« l », « la ») are not part of a term
    assert terms["argentiere bessee"] == {"match": {"commune": ["L'Argentière-la-Bessée"]}}
    assert set(terms["pharmacie"]["match"]["categorie"]) == {"Pharmacie", "Pharmacien"}
    # « médecin » lists GPs first; a need word widens to the need, guidance pages above all
    assert terms["medecin"]["first"] == [{"categorie": {"any": ["Médecine générale"]}}]
    first = [{"categorie": {"any": ["CMP"]}}, {"besoin": {"any": ["psychiatrie:1"]}}]
    assert terms["psy"] == {
        "match": {}, "first": [{"any": first}],
        "any": [{"any": [*first, {"categorie": {"any": ["Psychiatrie", "Psychologue"]}},
                         {"besoin": {"any": ["psychiatrie"]}}]}],
        "guides": {"besoin": {"any": ["psychiatrie:guide"]}}}
    # Attribute words apply their filter; a named place (territoire.yml `lieux`) its communes
    assert terms["anglais"] == terms["english"] == {"match": {"langue": ["anglais"]}}
    assert terms["visite domicile"] == {"match": {"visites_domicile": ["Oui"]}}
    assert terms["serre chevalier"]["match"]["commune"] == [
        "La Salle-les-Alpes", "Le Monêtier-les-Bains", "Saint-Chaffrey"]


def test_show_more_appears_only_when_there_is_more(demo_url: str) -> None:
    """« Afficher plus de résultats » is hidden until a search has more results than shown."""
    with browser_page(width=390) as (page, watch):
        page.goto(f"{demo_url}recherche/")
        wait_ready(page)
        assert not page.locator("#cpts-more").is_visible()
        page.get_by_label("Profession, spécialité, nom ou commune").fill("zzqxw")
        page.wait_for_function("document.querySelector('#cpts-status').textContent.trim() !== ''")
        assert not page.locator("#cpts-more").is_visible()
    assert watch.page_errors == [] and watch.blocked == []


PLACEHOLDER_FITS = """() => {
    const input = document.querySelector("#cpts-q");
    const style = getComputedStyle(input);
    const context = document.createElement("canvas").getContext("2d");
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return context.measureText(input.placeholder).width <= room;
}"""


def test_on_a_phone_the_first_result_shows_without_scrolling(demo_url: str) -> None:
    """390 × 844: the filters fold into one control, the alert banner keeps to a fifth of the
    screen, the first result of « médecin traitant » is in view with its new-patient status."""
    with browser_page(width=390, height=844) as (page, watch):
        page.goto(f"{demo_url}recherche/?q={quote('médecin traitant')}")
        wait_ready(page)
        first = page.locator("#cpts-results li.cpts-result").first
        box = first.bounding_box()
        assert box and box["y"] + 80 < 844, f"first result at y = {box}"
        assert "Accepte de nouveaux patients" in first.inner_text()
        banner = page.locator(".md-banner")  # the demo's winter-virus alert is active
        assert banner.count() == 1 and banner.bounding_box()["height"] <= 844 / 5
        assert page.evaluate(PLACEHOLDER_FITS), "the placeholder is cut off"
        # One control for all filters, folded; opened, it shows the groups, and says how many
        # filters are chosen.
        fold = page.locator("#cpts-allfilters > summary")
        assert fold.is_visible()
        group = page.locator("#cpts-filters summary", has_text="Commune")
        assert not group.is_visible()
        fold.click()
        group.click()
        page.locator("#cpts-filters input[name=commune]").first.check()
        page.wait_for_function(
            "document.querySelector('#cpts-active').textContent.includes('1')")
        assert page.locator("#cpts-allfilters").get_attribute("open") is not None
    assert watch.page_errors == [] and watch.blocked == []


def test_a_specialty_the_territory_lacks_shows_what_exists(demo_url: str) -> None:
    with browser_page(width=390, height=844) as (page, watch):
        page.goto(f"{demo_url}recherche/?q={quote('pédiatre')}")
        wait_ready(page)
        guidance = page.locator("#cpts-guidance")
        assert guidance.is_visible()
        text = guidance.inner_text()
        assert "« Pédiatrie » : aucun professionnel n’est inscrit" in text
        assert page.locator("#cpts-status").inner_text() == "Aucun résultat."
        assert "PMI" in text and "Médecins généralistes" in text
        # The CPTS's diagnostic seeks pediatricians: the page says the CPTS is looking
        assert "La CPTS cherche à accueillir" in text
        assert guidance.locator("a[href$='contact/']").count() == 1
        assert guidance.locator("a[href^='tel:']").count() == 1
        # A query that finds something hides it again
        page.get_by_label("Profession, spécialité, nom ou commune").fill("kiné")
        page.wait_for_function("document.querySelector('#cpts-guidance').hidden")
    assert watch.page_errors == []


def nearest_outside(specialties: set[str]) -> list:
    """The demo's structures outside the territory that receive one of these specialties,
    nearest first."""
    found = [s for s in demo().structures.values() if s.outside and specialties & set(s.specialties)]
    return sorted(found, key=lambda s: s.outside.distance_km)


def outside_links(page) -> list[tuple[str, str]]:
    """(text, href) of the guidance's links to structures outside the territory, in order."""
    return page.locator("#cpts-guidance-outside li a").evaluate_all(
        "(links) => links.map((a) => [a.textContent, a.getAttribute('href')])")


def test_a_lacking_specialty_offers_the_nearest_structures_outside(demo_url: str) -> None:
    """« pédiatre »: besides what exists in the territory, the hospitals outside it that
    receive children, nearest first, each with its commune, distance and page."""
    expected = nearest_outside({"pediatrie"})
    distances = [s.outside.distance_km for s in expected]
    assert len(expected) >= 2 and len(set(distances)) == len(distances), distances
    with browser_page(width=390, height=844) as (page, watch):
        page.goto(f"{demo_url}recherche/?q={quote('pédiatre')}")
        wait_ready(page)
        outside = page.locator("#cpts-guidance-outside")
        assert outside.is_visible()
        assert "Hors du territoire, les plus proches d’abord" in outside.inner_text()
        links = outside_links(page)
        assert [href for _, href in links] == [
            f"../structures/{s.slug}/" for s in expected]
        for (text, _), s in zip(links, expected, strict=True):
            assert text.startswith(s.name), text
            assert f"{s.commune.name} (hors territoire, à {s.outside.distance_km} km)" in text
        # What exists in the territory comes first, the CPTS's contact stays
        listed = page.locator("#cpts-guidance-list").inner_text()
        assert "PMI" in listed and "Médecins généralistes" in listed
        assert page.locator("#cpts-guidance a[href$='contact/']").count() == 1
        # Two lacking specialties: each structure once, nearest first
        page.goto(f"{demo_url}recherche/?q={quote('dermatologue pédiatre')}")
        wait_ready(page)
        both = nearest_outside({"dermatologie", "pediatrie"})
        assert [href for _, href in outside_links(page)] == [
            f"../structures/{s.slug}/" for s in both]
        # The link leads to the structure's page, which says where it is and what it receives
        page.locator("#cpts-guidance-outside li a").first.click()
        page.wait_for_url(f"**/structures/{both[0].slug}/")
        entry = page.locator("article.cpts-entry").inner_text()
        assert "Hors territoire" in entry and "Pédiatrie" in entry
        # A query that finds something hides it
        page.goto(f"{demo_url}recherche/?q={quote('pédiatre')}")
        wait_ready(page)
        page.get_by_label("Profession, spécialité, nom ou commune").fill("kiné")
        page.wait_for_function("document.querySelector('#cpts-guidance').hidden")
    assert watch.page_errors == []


def test_a_lacking_specialty_with_nothing_outside_keeps_the_guidance(demo_url: str) -> None:
    """« rhumatologue »: no structure outside the territory receives it; the guidance offers
    what exists in the territory and the CPTS's contact, as before."""
    assert not nearest_outside({"rhumatologie"})
    with browser_page() as (page, watch):
        page.goto(f"{demo_url}recherche/?q={quote('rhumatologue')}")
        wait_ready(page)
        guidance = page.locator("#cpts-guidance")
        assert guidance.is_visible()
        assert "« Rhumatologie » : aucun professionnel n’est inscrit" in guidance.inner_text()
        assert page.locator("#cpts-guidance-list").inner_text().startswith("Médecins généralistes")
        assert not page.locator("#cpts-guidance-outside").is_visible()
        assert outside_links(page) == []
        assert guidance.locator("a[href$='contact/']").count() == 1
        # After a query that offered structures outside, none is left over
        page.get_by_label("Profession, spécialité, nom ou commune").fill("cardiologue")
        page.wait_for_function("!document.querySelector('#cpts-guidance-outside').hidden")
        page.get_by_label("Profession, spécialité, nom ou commune").fill("rhumatologue")
        page.wait_for_function("document.querySelector('#cpts-guidance-outside').hidden")
    assert watch.page_errors == []


def test_the_english_page_offers_the_nearest_structures_outside(demo_url: str) -> None:
    expected = nearest_outside({"pediatrie"})
    with browser_page() as (page, watch):
        page.goto(f"{demo_url}en/recherche/?q=paediatrician")
        wait_ready(page)
        outside = page.locator("#cpts-guidance-outside")
        assert "Outside the area, nearest first" in outside.inner_text()
        links = outside_links(page)
        assert [href for _, href in links] == [f"../structures/{s.slug}/" for s in expected]
        first = expected[0]
        assert (f"{first.name} — Hospital, {first.commune.name} (outside the territory, "
                f"{first.outside.distance_km} km away)") == links[0][0]
    assert watch.page_errors == []


def test_guidance_pages_answer_need_words(demo_url: str) -> None:
    with browser_page() as (page, watch):
        for query in ("sos médecin", "garde", "urgent care", "bobologie"):
            page.goto(f"{demo_url}recherche/?q={quote(query)}")
            wait_ready(page)
            first = page.locator("#cpts-results li.cpts-result h2 a").first
            assert first.inner_text() == "Soins non programmés et urgences", query
    assert watch.page_errors == []


def test_results_shown_first_then_the_rest_without_duplicates(demo_url: str) -> None:
    """A need's first places show before the whole search is done; the list then goes on in
    order, ten at a time, each result once."""
    with browser_page() as (page, watch):
        page.goto(f"{demo_url}recherche/?q=urgences")
        wait_ready(page)
        status = page.locator("#cpts-status").inner_text()
        total = int(status.split()[0])
        links = page.locator("#cpts-results li.cpts-result h2 a")
        assert links.count() == min(10, total) and total > 10
        page.locator("#cpts-more").click()
        page.wait_for_function(
            f"document.querySelectorAll('#cpts-results li.cpts-result').length === {min(20, total)}")
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert len(hrefs) == len(set(hrefs))
        assert hrefs[0].endswith("soins-non-programmes/")
    assert watch.page_errors == []
