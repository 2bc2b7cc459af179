"""`dashboard ingest` and `dashboard merge`: an article's text to a reviewed draft, and the draft into data/.

Stages in order: normalise, scan, classify, labels, match (with vocabulary: what data/ knows), draft (the
pipeline), write (the draft folder), review (its review.html); merge adds a reviewed draft, all rows or none.
"""
