"""The figures layer: pure builders from a frame of figures to a go.Figure, wide, phone and slide (no Dash).

builders: one per chart kind; layout: what every chart shares and its frames; marks: a pick's highlight as
shapes; charts: a chart row to its built figure, cached; palette: colour contrast.
"""
