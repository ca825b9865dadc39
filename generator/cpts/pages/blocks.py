"""Generated blocks inside hand-written pages: a marker `<!-- cpts:NAME -->` on its own line
in a content/ page is replaced by the block NAME, rendered from the directory."""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup

from ..directory.problems import Problem
from ..model import Directory
from .installation_blocks import cpts_contact_block, installation_summary_block
from .listings import annuaire_block, search_box_block
from .output import SiteContext

Block = Callable[[Directory, SiteContext, str], Markup]
MARKER = re.compile(r"^<!-- cpts:([a-z0-9-]+) -->[ \t]*$", re.MULTILINE)

# Each feature may add its block here.
BLOCKS: dict[str, Block] = {
    "annuaire": annuaire_block,
    "recherche": search_box_block,
    "installation": installation_summary_block,
    "contact-cpts": cpts_contact_block,
}


def fill_blocks(text: str, src: str, directory: Directory, context: SiteContext,
                ) -> tuple[str, list[Problem]]:
    """`text` with every marker replaced; unknown markers are reported with their line."""
    problems: list[Problem] = []

    def replace(match: re.Match[str]) -> str:
        block = BLOCKS.get(match[1])
        if block is None:
            line = text.count("\n", 0, match.start()) + 1
            problems.append(Problem(f"content/{src}", line, "",
                                    f"bloc inconnu « {match[1]} » — blocs possibles : "
                                    + ", ".join(sorted(BLOCKS))))
            return match[0]
        return str(block(directory, context, src))

    return MARKER.sub(replace, text), problems
