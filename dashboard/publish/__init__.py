"""Publishing: the same page written as a static site (site.py), as one chart's embed page (embed.py) and as a
printed handout (handout.py). Each writes the tree of page.py with markup.to_html; none has a template of its own."""
