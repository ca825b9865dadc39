"""The accessibility rules (WCAG 2.1 A/AA) that the HTML alone shows, checked on every page:
the page's language and title, text alternatives of images, the name of every link, one main
heading, headings in order. The browser-based audit (axe-core) of the product's own tests
covers the rest (contrast, keyboard, ARIA)."""

from __future__ import annotations

from ..directory.problems import Problem
from .pages import Page


def accessibility_problems(pages: list[Page]) -> list[Problem]:
    problems = []
    for page in pages:
        where = f"site/{page.path}"
        if page.path.startswith(("assets/", "pagefind/")):
            continue
        if not page.lang:
            problems.append(Problem(where, 1, "html", "la page ne dit pas sa langue (attribut "
                                    "lang) — vérifiez le réglage theme.language de mkdocs.yml"))
        if not page.title.strip():
            problems.append(Problem(where, 1, "title", "la page n'a pas de titre — donnez-lui "
                                    "un titre « # … » en tête du fichier Markdown"))
        for line in page.images_without_alt:
            problems.append(Problem(where, line, "img", "une image n'a pas de texte de "
                                    "remplacement — écrivez ![description de l'image](…), ou "
                                    "![](…) si elle est purement décorative"))
        for line in page.empty_links:
            problems.append(Problem(where, line, "a", "un lien n'a pas de texte — écrivez "
                                    "[texte du lien](adresse)"))
        if page.h1 != 1 and page.path != "404.html":
            problems.append(Problem(where, 1, "h1", f"la page a {page.h1} titres principaux au "
                                    "lieu d'un seul — gardez un seul titre « # … » par page"))
        for line, before, after in page.skipped_headings:
            problems.append(Problem(where, line, after, f"le titre {after} suit un titre "
                                    f"{before} : un niveau est sauté — utilisez « "
                                    f"{'#' * (int(before[1]) + 1)} » pour ce titre"))
    return problems
