"""Briefing exports of a view, stage by stage (no Dash here): the chart pictures (images.py), the deck's plan
(deck_plan.py), the PowerPoint deck (deck.py) and its text (pptx_text.py), and a view's files or pack
(pack.py), named as files.py says."""
