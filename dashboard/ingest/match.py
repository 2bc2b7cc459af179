"""Stage 5: each figure matched to what data/ already holds: its indicator, area and topic, and its source."""

from __future__ import annotations

from collections import Counter

from .vocabulary import Vocabulary

MAGNITUDES = ("千万", "亿", "万")


def fuzzy():
    """RapidFuzz, imported when first needed (ingest only)."""
    from rapidfuzz import fuzz, process

    return fuzz, process


def indicator_match(label: str, unit: str, measure: str, vocab: Vocabulary) -> dict | None:
    """The indicator already in data/ that counts the same thing: close label, same base unit and measure."""
    if not label:
        return None
    fuzz, process = fuzzy()
    key = ("same", _base(unit), measure)
    if key not in vocab._index:
        vocab._index[key] = [r for r in vocab.records("figures") if _base(r["unit"]) == key[1] and r["measure"] == measure]
    same = vocab._index[key]
    if not same:
        return None
    hit = process.extractOne(label, [r["label_zh"] for r in same], scorer=fuzz.ratio, score_cutoff=85)
    return None if hit is None else same[hit[2]]


def _base(unit: str) -> str:
    for mag in MAGNITUDES:
        if unit.startswith(mag) and len(unit) > len(mag):
            return unit[len(mag):]
    return unit


def area_topic(context: str, label: str, org: str, vocab: Vocabulary) -> tuple[str, str]:
    """Area and topic: those of the closest label in data/ (figures, then topics), else the area whose name
    the nearby text uses most among the organisation's areas; empty when unsure."""
    if not len(vocab.topics) or not len(vocab.areas):
        return "", ""
    fuzz, process = fuzzy()
    key = ("org", org)
    if key not in vocab._index:
        areas_of_org = [r for r in vocab.records("areas") if r["source_org"] == org] if org else vocab.records("areas")
        if len(areas_of_org) == 1:
            area = areas_of_org[0]["id"]
            topics = [r for r in vocab.records("topics") if r["area"] == area]
            figures = [r for r in vocab.records("figures") if r["area"] == area]
        else:
            area, topics, figures = "", vocab.records("topics"), vocab.records("figures")
        vocab._index[key] = (areas_of_org, area, [(rows, [r["label_zh"] for r in rows]) for rows in (figures, topics)])
    areas_of_org, area, candidates = vocab._index[key]
    for rows, labels in candidates:
        if label and rows:
            hit = process.extractOne(label, labels, scorer=fuzz.partial_ratio, score_cutoff=75)
            if hit is not None:
                row = rows[hit[2]]
                return row["area"], (row["topic"] if "topic" in row else row["id"])
    if area:
        return area, ""
    areas = Counter({row["id"]: context.count(row["label_zh"]) for row in areas_of_org})
    ranked = areas.most_common(2)
    if ranked and ranked[0][1] > 0 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0], ""
    return "", ""


def source_names(vocab: Vocabulary) -> dict[str, str]:
    names: dict[str, str] = {}
    for row in vocab.sources.to_dict("records"):
        for name in (row.get("short_zh", ""), row.get("name_zh", "")):
            if name:
                names[name] = row["id"]
                names[name.replace("市", "", 1)] = row["id"]
    return names


def org_at(text: str, pos: int, names: dict[str, str], window: int = 1500) -> str:
    """The source organisation named nearest before a position (else just after it), if any."""
    best, best_at = "", -1
    for name, org in names.items():
        at = text.rfind(name, max(0, pos - window), pos)
        if at > best_at:
            best, best_at = org, at
    if best:
        return best
    for name, org in names.items():
        if name in text[pos:pos + window]:
            return org
    return ""
