"""Converters of published rosters into record files, one sub-package per source (``npc``: the
Chinese Wikipedia list of NPC deputies), with the helpers they share beside them: a rendered
page's tables (``wikitable``), cells (``cells``) and the posts a 职务 cell names (``posts``)."""
