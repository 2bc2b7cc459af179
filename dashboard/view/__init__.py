"""The view layer: a URL in; what that view shows, and its words, out (no Dash).

state: the checked, immutable View; url: the query string's grammar; selection: a view's cards, charts and
figures; wording: a view's words; reading: a figure's value as every rendering says it; strings: UI strings.
"""
