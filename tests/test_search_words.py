"""The search's vocabulary (data/recherche.yml) as the search page receives it: needs widen,
attribute words filter, stop words never match, lacking specialties get what exists."""

from __future__ import annotations

import pytest

from cpts.i18n import ENGLISH, FRENCH
from cpts.nomenclature import nomenclature
from cpts.pages.search import query_terms, structure_fields
from cpts.pages.search_fallbacks import fallbacks, relays
from cpts.pages.search_words import NEED, phrase_key, search_vocabulary

from .test_search import demo

VOCABULARY = search_vocabulary()


@pytest.mark.parametrize("need", VOCABULARY.needs, ids=[n.code for n in VOCABULARY.needs])
def test_every_need_word_widens_to_its_need(need) -> None:
    terms = query_terms(demo())
    for word in need.words:
        term = terms[phrase_key(word)]
        assert term["guides"] == {NEED: {"any": [need.code + ":guide"]}}, word
        assert {NEED: {"any": [need.code]}} in term["any"][0]["any"], word


def test_needs_andrelays_name_codes_of_the_nomenclature() -> None:
    names = nomenclature()
    specialties = {code for p in names.professions.values() for code in p.specialties}
    rules = [rule for need in VOCABULARY.needs for rule in (need.first, need.also)]
    rules += list(relays().values())
    for rule in rules:
        assert set(rule.get("structures", [])) <= set(names.structure_types), rule
        assert set(rule.get("professions", [])) <= set(names.professions), rule
        assert set(rule.get("specialites", [])) <= specialties, rule
    assert set(relays()) <= specialties | set(names.professions)


def test_attribute_and_language_words_apply_their_filter() -> None:
    terms = query_terms(demo())
    for key, words in VOCABULARY.attributes.items():
        for word in words:
            assert key in terms[phrase_key(word)]["match"], word
    for code, words in VOCABULARY.languages.items():
        label = nomenclature().languages[code]
        for word in words:
            assert terms[phrase_key(word)]["match"] == {"langue": [label]}, word


def test_stop_words_are_no_part_of_a_query() -> None:
    assert phrase_key("Kiné à Briançon") == phrase_key("kine briancon") == "kine briancon"
    assert phrase_key("en") == ""


def test_a_structure_serves_a_need_by_its_services() -> None:
    """« Radiographie sur place » among a cabinet's services: it serves « radio »; the other
    rules of a need (structure types, professions) are matched through the facets' filters."""
    directory = demo()
    cabinet = next(s for s in directory.structures.values()
                   if any("Radiographie" in service for service in s.services))
    assert [v for k, v in structure_fields(cabinet).filters if k == NEED] == ["imagerie"]
    hospital = next(s for s in directory.structures.values() if s.type == "centre-hospitalier")
    needs = [v for k, v in structure_fields(hospital).filters if k == NEED]
    assert "urgences" not in needs and "urgences:1" not in needs  # its type says so


def test_a_lacking_specialty_offers_what_exists_in_each_language() -> None:
    directory = demo()
    assert not any("pediatrie" in p.specialties for p in directory.professionals)
    french = fallbacks(directory, FRENCH, "recherche.md")["Pédiatrie"]
    assert "PMI" in french[0]["label"] and french[0]["url"].startswith("../structures/")
    gps = sum("medecine-generale" in p.specialties for p in directory.professionals)
    assert french[-1] == {"label": f"Médecins généralistes ({gps})",
                          "url": "../annuaire/medecins-generalistes/"}
    english = fallbacks(directory, ENGLISH, "en/recherche.md")
    assert any("/en/structures/" in o["url"] or o["url"].startswith("../structures/")
               for offers in english.values() for o in offers)
    # A specialty the territory has is not offered a replacement
    assert "Médecine générale" not in fallbacks(directory, FRENCH, "recherche.md")


def test_unlisted_practitioners_and_sought_specialties() -> None:
    from cpts.pages.search_fallbacks import sought

    directory = demo()
    assert query_terms(directory)["osteopathe"] == {"match": {"categorie": ["Ostéopathe"]}}
    offers = fallbacks(directory, FRENCH, "recherche.md")["Ostéopathe"]
    assert offers[0]["url"] == "../annuaire/masseur-kinesitherapeute/"
    assert "Pédiatrie" in sought(directory, FRENCH)
    assert "Médecine générale" not in sought(directory, FRENCH)


def test_a_word_of_several_professions_lists_those_whose_own_word_it_is_first() -> None:
    term = query_terms(demo())["ortho"]
    assert set(term["match"]["categorie"]) >= {"Orthophoniste", "Orthoptiste",
                                               "Chirurgien-dentiste"}
    assert term["first"] == [{"categorie": {"any": ["Orthophoniste", "Orthoptiste"]}}]
