"""UI strings in both languages; data labels live in the data files."""

from __future__ import annotations

from html import escape

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"

TEXT: dict[str, dict[str, str]] = {
    "app_title": {"zh": "成都市2023年人社与科普成果", "en": "Chengdu 2023: Jobs, Social Security and Science Popularisation"},
    "app_subtitle": {
        "zh": "数据来源：成都市人社局、成都市科协2023年度工作回顾",
        "en": "Source: 2023 annual reviews by the Chengdu HRSS Bureau and the Chengdu Association for Science and Technology",
    },
    "overview": {"zh": "总览", "en": "Overview"},
    "unit": {"zh": "单位：{unit}", "en": "Unit: {unit}"},
    "unit_mixed": {"zh": "各项单位见数值", "en": "Units as shown with each value"},
    "unit_percent": {"zh": "单位：%（各项为不同口径的比率）", "en": "Unit: % (each rate has its own base)"},
    "source": {"zh": "来源：{orgs} · {period}年", "en": "Source: {orgs}, {period}"},
    "qualifier_note": {"zh": "注：{items}", "en": "Note: {items}"},
    "forecast_note": {"zh": "{labels}为预计数", "en": "{labels}: forecast"},
    "forecast_tag": {"zh": "（预计）", "en": " (forecast)"},
    "base_units": {"zh": "折合", "en": "In base units"},
    "quote": {"zh": "原文", "en": "Source text"},
    "headline_figures": {"zh": "主要数据", "en": "Headline figures"},
    "all_figures_in": {"zh": "本页共{count}项数据", "en": "{count} figures on this tab"},
    "not_found": {"zh": "页面不存在", "en": "Page not found"},
    "server_error": {"zh": "服务器暂时无法处理请求", "en": "The server could not handle the request"},
    "data_error": {"zh": "数据文件有误，看板未启动", "en": "The data files have errors; the dashboard did not start"},
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The UI string for key in lang, with values filled in."""
    return TEXT[key][lang if lang in LANGUAGES else DEFAULT_LANGUAGE].format(**values)


def text_width(text: str) -> int:
    """Display width: a CJK character is as wide as two Latin letters."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def wrap(text: str, width: int) -> str:
    """Break text into lines of at most width (CJK-aware), escaped and joined with <br> for Plotly.

    Escaping makes data text render as text: Plotly reads <b>, <a href> and friends in its strings.
    """
    lines, line = [], ""
    # English (and English with a bracketed Chinese name) breaks at spaces; Chinese anywhere.
    sep = " " if " " in text else ""
    tokens = text.split(" ") if sep else list(text)
    for token in tokens:
        candidate = f"{line}{sep}{token}" if line else token
        if line and text_width(candidate) > width:
            lines.append(line)
            line = token
        else:
            line = candidate
    lines.append(line)
    return "<br>".join(escape(line, quote=False) for line in lines)
