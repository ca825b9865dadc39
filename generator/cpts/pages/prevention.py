"""« Prévention »: the CPTS's campaigns, current ones first, then upcoming, then the archive.

One page per campaign (kept out of the nav) and a section page (in the nav); the build date
(`context.today`) decides what is current, so a campaign moves to the archive by itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..model import Campaign, Directory
from . import urls
from .output import OutputFile, SiteContext
from .render import render_page
from .search import guide_fields
from .search_words import CAMPAIGN

STATUS_LABELS = {"en-cours": "En cours", "a-venir": "À venir", "passee": "Terminée"}


def sorted_campaigns(campaigns: list[Campaign], today: dt.date) -> dict[str, list[Campaign]]:
    """Campaigns by status: current (ending soonest first), upcoming (starting soonest first),
    past (most recently ended first)."""
    groups: dict[str, list[Campaign]] = {"en-cours": [], "a-venir": [], "passee": []}
    for campaign in campaigns:
        groups[campaign.status(today)].append(campaign)
    groups["en-cours"].sort(key=lambda c: (c.end, c.start, c.slug))
    groups["a-venir"].sort(key=lambda c: (c.start, c.end, c.slug))
    groups["passee"].sort(key=lambda c: (c.end, c.start, c.slug), reverse=True)
    return groups


def prevention_pages(directory: Directory, context: SiteContext) -> Iterator[OutputFile]:
    groups = sorted_campaigns(directory.campaigns, context.today)
    src = urls.PREVENTION
    yield OutputFile(src, render_page(
        "prevention.html.j2",
        {"title": "Prévention",
         "description": f"Les campagnes de prévention de la {directory.territory.name} : vaccination, "
                         "dépistages, canicule, qualité de l'air — en cours, à venir et passées."},
        src=src, urls=urls, territory=directory.territory, groups=groups, labels=STATUS_LABELS,
    ))
    for campaign in directory.campaigns:
        page = urls.campaign_page(campaign.slug)
        status = campaign.status(context.today)
        # A current or coming campaign is a guidance page of the search (« vaccin »).
        search = (None if status == "passee"
                  else guide_fields(CAMPAIGN, campaign.title, "Prévention"))
        yield OutputFile(page, render_page(
            "campagne.html.j2",
            {"title": campaign.title,
             "description": campaign.summary or f"{campaign.title} — pour : {campaign.audience}."},
            src=page, urls=urls, territory=directory.territory, c=campaign,
            status=status, labels=STATUS_LABELS, search=search,
        ))
