"""The search index built from entry pages reduced to what Pagefind reads is the one Pagefind's
command line writes from the site itself (cpts/rendering/search_index.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from cpts.i18n import LANGUAGES
from cpts.rendering.search_index import build_search_index, entry_folders, indexed_part


def _hashed_files(bundle: Path) -> set[str]:
    """Result fragments (URL, title, meta, filters, excerpt, anchors of each page) and word
    index chunks (words, page numbers, positions, weights): their names are hashes of their
    content. (Filter files are left out: Pagefind writes their values in hash-map order.)"""
    return {p.relative_to(bundle).as_posix() for folder in ("fragment", "index")
            for p in (bundle / folder).iterdir()}


def test_index_is_the_one_pagefind_writes_from_the_whole_pages(demo_site: Path,
                                                               tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(demo_site, site, ignore=shutil.ignore_patterns("pagefind"))
    ours = build_search_index(site)
    theirs = tmp_path / "pagefind-cli"
    for language in LANGUAGES:
        folders = ",".join(language.prefix + folder for folder in entry_folders())
        subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-path",
                        str(theirs), "--silent", "--glob", f"{{{folders}}}/**/*.html"], check=True)
    assert len(list((ours / "fragment").iterdir())) > 200  # the demo's entry pages, both languages
    assert _hashed_files(ours) == _hashed_files(theirs)
    assert not list(site.glob(".pagefind-pages-*"))  # the reduced copies are gone


PAGE = (b'<!doctype html><html lang="fr" class="no-js"><head><title>Dr A</title>'
        b'<link rel="stylesheet" href="x.css"></head><body><header>Menu</header>'
        b'<article class="e" data-pagefind-body><h1>Dr A</h1><article>n</article></article>'
        b'<footer data-pagefind-ignore="all">Pied</footer></body></html>')


def test_pagefind_reads_the_html_tag_title_and_body_only() -> None:
    assert indexed_part(PAGE) == (b'<html lang="fr" class="no-js"><title>Dr A</title>'
                                  b'<article class="e" data-pagefind-body><h1>Dr A</h1>'
                                  b'<article>n</article></article></html>')


def test_a_page_read_outside_its_body_is_given_whole() -> None:
    for outside in (b"<h1>Site</h1>", b'<img src="logo.png" alt="">',
                    b'<span data-pagefind-meta="x">y</span>'):
        page = PAGE.replace(b"<header>Menu</header>", b"<header>" + outside + b"</header>")
        assert indexed_part(page) == page
    no_body = PAGE.replace(b" data-pagefind-body", b"")
    assert indexed_part(no_body) == no_body
