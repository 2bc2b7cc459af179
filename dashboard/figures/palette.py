"""WCAG 2.2 colour contrast: relative luminance and contrast ratio of sRGB colours."""

from __future__ import annotations

MIN_TEXT_CONTRAST = 4.5  # WCAG 1.4.3, normal-size text
MIN_MARK_CONTRAST = 3.0  # WCAG 1.4.11, bars and other graphical objects
NAMED = {"white": "#FFFFFF", "black": "#000000"}


def rgb(colour: str) -> tuple[float, float, float]:
    """'#RRGGBB', '#RGB', 'white' or 'black' as sRGB channels in 0..1."""
    hex_ = NAMED.get(colour.strip().lower(), colour.strip()).lstrip("#")
    if len(hex_) == 3:
        hex_ = "".join(ch * 2 for ch in hex_)
    return tuple(int(hex_[i:i + 2], 16) / 255 for i in (0, 2, 4))


def linear(channel: float) -> float:
    """An sRGB channel without its gamma (the sRGB transfer function, as WCAG defines it)."""
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    red, green, blue = (linear(c) for c in rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """(lighter + 0.05) / (darker + 0.05): 1 for the same colour, 21 for black on white."""
    darker, lighter = sorted((relative_luminance(first), relative_luminance(second)))
    return (lighter + 0.05) / (darker + 0.05)
