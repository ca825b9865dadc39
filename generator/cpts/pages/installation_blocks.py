"""Blocks of the hand-written « S'installer » pages (`<!-- cpts:NAME -->`, see blocks.py)."""

from __future__ import annotations

from markupsafe import Markup

from ..model import Directory
from ..model import euros as amount_fr
from . import urls
from .diagnostic import latest_diagnostic, sought_labels
from .installation import page_paths
from .output import SiteContext
from .render import environment


def installation_summary_block(directory: Directory, context: SiteContext, src: str) -> Markup:
    """« S'installer » at a glance: sought specialties, aids, open offers (all from the data)."""
    diagnostic = latest_diagnostic(directory)
    active = [o for o in directory.opportunities if o.is_active(context.today)]
    template = environment().get_template("_installation_summary.html.j2")
    return Markup(template.render(  # rendered by the autoescaping environment
        directory=directory, diagnostic=diagnostic,
        sought=sought_labels(diagnostic) if diagnostic else [], active=active,
        src=src, urls=urls, pages=page_paths(), amount_fr=amount_fr,
    ))


def cpts_contact_block(directory: Directory, context: SiteContext, src: str) -> Markup:
    """The CPTS's own address, phone and e-mail (directory/territoire.yml)."""
    template = environment().get_template("_installation_contact.html.j2")
    return Markup(template.render(  # rendered by the autoescaping environment
        territory=directory.territory, src=src, urls=urls))
