"""What the data already knows, for an ingest: units, qualifier words, areas, topics, sources and indicators."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import Problem
from ..data.dataset import read_csv

# Qualifier words of the genre: (qualifier, where the word sits in the printed figure). data/qualifiers.csv
# adds to and overrides these, so a word the data knows is always written the way the data writes it.
QUALIFIER_WORDS: dict[str, tuple[str, str]] = {
    "余": ("over", "after_value"), "多": ("over", "after_value"),
    "超过": ("over", "before_value"), "超": ("over", "before_value"), "逾": ("over", "before_value"),
    "突破": ("over", "before_value"), "上": ("over", "before_value"),
    "以上": ("at_least", "after_unit"),
    "将近": ("nearly", "before_value"), "接近": ("nearly", "before_value"), "近": ("nearly", "before_value"),
    "约": ("about", "before_value"), "左右": ("about", "after_unit"),
    "不到": ("under", "before_value"), "不足": ("under", "before_value"),
    "以内": ("at_most", "after_unit"), "以下": ("at_most", "after_unit"),
}
# Measure words that count things in the genre, beyond those data/units.csv already knows.
CLASSIFIERS = (
    "人次 家次 个次 户次 架次 个百分点 平方米 平方公里 公里 千米 亩 吨 倍 人 家 个 名 位 户 所 座 台 辆 场 次 项 件 册 本 篇 "
    "条 套 处 批 类 级 期 支 只 元 种 部 张 份 间 栋 艘 架 枚 块 株 棵 门 届 岁 周岁 年 月 日 天 号 成 %"
).split()


@dataclass(frozen=True)
class Vocabulary:
    """What the data already knows: units, qualifier words, areas, topics, sources and indicators."""

    units: tuple[str, ...]
    qualifiers: dict[str, tuple[str, str]]
    areas: pd.DataFrame
    topics: pd.DataFrame
    sources: pd.DataFrame
    figures: pd.DataFrame
    # Lookups built once per vocabulary: per-row pandas filtering made a long article's ingest crawl.
    _index: dict = field(default_factory=dict, compare=False, repr=False)

    def records(self, name: str) -> list[dict]:
        """A frame's rows as dicts, made once."""
        if name not in self._index:
            self._index[name] = getattr(self, name).to_dict("records")
        return self._index[name]

    @classmethod
    def from_data(cls, data_dir: Path | None) -> Vocabulary:
        frames: dict[str, pd.DataFrame] = {}
        problems: list[Problem] = []
        for name in ("units", "qualifiers", "areas", "topics", "sources", "figures"):
            path = Path(data_dir) / f"{name}.csv" if data_dir else None
            frame = read_csv(path, problems) if path and path.exists() else None
            if frame is not None:
                frame.attrs = {}  # pandas copies attrs (the line list) into every frame derived from it
            frames[name] = frame if frame is not None else pd.DataFrame()
        units = set(CLASSIFIERS) | set(frames["units"].get("unit", []))
        words = dict(QUALIFIER_WORDS)
        for row in frames["qualifiers"].to_dict("records"):
            if row.get("word"):
                words[row["word"]] = (row["qualifier"], row["position"])
        figures = frames["figures"]
        if len(figures) and "indicator" not in figures:
            figures = figures.assign(indicator=figures["id"])
        return cls(tuple(sorted(units, key=len, reverse=True)), words, frames["areas"], frames["topics"],
                   frames["sources"], figures)
