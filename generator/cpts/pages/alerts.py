"""Site-wide alerts: a banner on every page, hand-written ones included, while an alert is active.

The build date (`context.today`) decides. The generation stage gives every Markdown page of the
docs tree a front-matter key `cpts_alertes` (the active alerts, with a link already relative
to that page), and theme/main.html prints it in Material's `announce` block — so the banner
sits above the header of every page, works without JavaScript, with MkDocs and Zensical alike,
and disappears at the first build after its last day.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..i18n import DEFAULT, language_of
from ..model import Alert, Directory
from . import urls
from .output import OutputFile, SiteContext
from .render import environment

META_KEY = "cpts_alertes"
LEVELS = {
    "canicule": "Canicule",
    "grand-froid": "Grand froid",
    "epidemie": "Épidémie",
    "pollution": "Pollution de l'air",
    "autre": "Alerte",
}


def active_alerts(directory: Directory, context: SiteContext) -> list[Alert]:
    return [alert for alert in directory.alerts if alert.is_active(context.today)]


def banner_data(alert: Alert, src: str) -> dict[str, str]:
    """What the theme prints for one alert on page `src` (plain text; the theme escapes it)."""
    language = language_of(src)
    t = language.gettext
    end = environment(language).filters["long_date"](alert.end)
    if alert.campaign is not None:
        link = urls.link(src, urls.campaign_page(alert.campaign.slug))
    else:
        link = alert.url or urls.link(src, urls.PREVENTION)
    return {
        "niveau": alert.level,
        "type": t(LEVELS[alert.level]),
        "titre": alert.title,
        "message": alert.message,
        "jusqu_au": t("jusqu'au %(date)s") % {"date": end},
        "lien": link,
        "lien_texte": t("Voir les conseils") + ("" if language is DEFAULT else " " + t("(en français)")),
        # The alert's own text is written in French; on other pages, the theme says so.
        "langue_texte": "" if language is DEFAULT else DEFAULT.code,
        "externe": "oui" if alert.campaign is None and alert.url else "non",
    }


def add_alert_banners(files: dict[str, OutputFile], directory: Directory,
                      context: SiteContext) -> None:
    """Give every Markdown page of the tree the active alerts (none: the pages are untouched)."""
    banners = alert_banners(directory, context)
    for path, output in list(files.items()):
        if path.endswith(".md"):
            text = output.content.decode("utf-8") if isinstance(output.content, bytes) else output.content
            files[path] = OutputFile(path, banners(path, text).encode("utf-8"))


def alert_banners(directory: Directory, context: SiteContext) -> Callable[[str, str], str]:
    """(path, text of a Markdown page) -> the text with the active alerts in its front matter
    (unchanged when none is active)."""
    alerts = active_alerts(directory, context)
    if not alerts:
        return lambda path, text: text
    return lambda path, text: with_front_matter(
        text, META_KEY, [banner_data(alert, path) for alert in alerts])


def with_front_matter(text: str, key: str, value: Any) -> str:
    """`text` with `key: value` added to its YAML front matter (created if it has none).

    The value is written as JSON, which YAML reads as is, on one line."""
    line = f"{key}: {json.dumps(value, ensure_ascii=True, sort_keys=True)}\n"
    for opening in ("---\n", "---\r\n"):
        if text.startswith(opening):
            return opening + line + text[len(opening):]
    return f"---\n{line}---\n\n{text}"
