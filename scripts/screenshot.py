"""Take a screenshot of a page in Debian's headless chromium: `screenshot.py URL OUT.png [WIDTH]`.

For looking at what a person sees; the browser tests use the same launch settings.
"""

from __future__ import annotations

import sys

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def main() -> None:
    url, out = sys.argv[1], sys.argv[2]
    width = int(sys.argv[3]) if len(sys.argv) > 3 else 1280
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=out, full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
