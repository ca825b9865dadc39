"""Static website generator for a CPTS: directory/ + content/ -> a mkdocs-material site."""

__version__ = "0.1.0"
