"""Checks of a built site that every CPTS's repository runs on a pull request (`cpts check`):
links that lead somewhere, and the accessibility rules a page can be checked for without a
browser. They know no territory: they read the built pages only."""
