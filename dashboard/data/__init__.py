"""The data layer: data/*.csv read, validated and held as one Dataset (pandas and pandera, no Dash).

schema: each file's declared shape; rules: checks across columns and rows; dataset: reading, validation and the
Dataset; units: magnitudes and base units; periods: an indicator across periods; citation: references.
"""
