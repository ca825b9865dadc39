"""The generation stage: directory/ + content/ -> a docs tree any mkdocs-compatible engine renders.

Nothing here imports MkDocs: the same tree is rendered by mkdocs-material or Zensical.
"""
