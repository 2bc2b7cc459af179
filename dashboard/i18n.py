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
    # Briefing exports and presentation mode
    "export_pack": {"zh": "导出简报包", "en": "Export briefing pack"},
    "export_progress": {"zh": "正在生成图片 {done}/{total}", "en": "Rendering images {done}/{total}"},
    "export_ready": {"zh": "简报包已生成：", "en": "Briefing pack ready:"},
    "export_failed": {"zh": "导出失败，请稍后重试", "en": "The export failed; please try again"},
    "download_zip": {"zh": "下载图表（ZIP）", "en": "Download charts (ZIP)"},
    "download_pptx": {"zh": "下载简报（PPTX）", "en": "Download briefing (PPTX)"},
    "present": {"zh": "演示模式", "en": "Present"},
    "apply_filter": {"zh": "筛选", "en": "Apply"},
    "meta_description": {
        "zh": "成都市2023年就业、劳动关系、人才、社会保障和科普工作成效：每个数字附原文出处（成都市人社局、成都市科协）。",
        "en": "Chengdu's 2023 results in jobs, labour relations, talent, social security and science popularisation, "
              "every figure with its source (Chengdu HRSS Bureau and Chengdu Association for Science and Technology).",
    },
    "present_prev": {"zh": "上一张", "en": "Previous"},
    "present_next": {"zh": "下一张", "en": "Next"},
    "present_exit": {"zh": "退出演示（Esc）", "en": "Leave (Esc)"},
    "present_help": {"zh": "←/→ 或 PageUp/PageDown 翻页，Esc 退出", "en": "←/→ or PageUp/PageDown to move, Esc to leave"},
    "briefing_title": {"zh": "成都市2023年人社与科普成果简报", "en": "Chengdu 2023 briefing: jobs, social security and science popularisation"},
    "briefing_view": {"zh": "视图：{view} · 共{charts}张图表、{figures}项数据", "en": "View: {view} · {charts} charts, {figures} figures"},
    "briefing_sources": {"zh": "数据来源：{sources}", "en": "Sources: {sources}"},
    "briefing_generated": {"zh": "生成日期：{date}", "en": "Generated {date}"},
    "key_figures": {"zh": "主要数据", "en": "Key figures"},
    "briefing_view_link": {"zh": "在看板中查看：", "en": "Open this view: "},
    "appendix": {"zh": "附录：本视图全部数据", "en": "Appendix: every figure in this view"},
    "appendix_part": {"zh": "（{part}/{parts}）", "en": " ({part}/{parts})"},
    "col_figure": {"zh": "指标", "en": "Figure"},
    "bad_export_query": {"zh": "导出链接参数无效", "en": "The export query is not a view of this dashboard"},
    # Filters, drill-down, detail panel, links and the view table (issue 3).
    "sector_filter": {"zh": "领域", "en": "Areas"},
    "sector_hint": {"zh": "不选即全部", "en": "none ticked = all"},
    "topic_filter": {"zh": "主题", "en": "Topic"},
    "all_topics": {"zh": "全部主题", "en": "All topics"},
    "breadcrumb": {"zh": "当前位置", "en": "You are here"},
    "copy_link": {"zh": "复制链接", "en": "Copy link"},
    "copied": {"zh": "已复制", "en": "Copied"},
    "view_link": {"zh": "本视图链接", "en": "Link to this view"},
    "detail": {"zh": "数据详情", "en": "Figure details"},
    "close": {"zh": "关闭", "en": "Close"},
    "published_as": {"zh": "发布值", "en": "As published"},
    "in_base_units": {"zh": "折合", "en": "In base units"},
    "qualifier": {"zh": "限定词", "en": "Qualifier"},
    "topic": {"zh": "主题", "en": "Topic"},
    "area": {"zh": "领域", "en": "Area"},
    "source_org": {"zh": "来源机构", "en": "Source"},
    "period": {"zh": "年份", "en": "Period"},
    "note": {"zh": "说明", "en": "Note"},
    "same_topic": {"zh": "同一主题的其他数据", "en": "Other figures on this topic"},
    "no_other": {"zh": "（无）", "en": "(none)"},
    "table": {"zh": "数据表：本视图的{count}项数据", "en": "Table: the {count} figures in this view"},
    "table_caption": {"zh": "本视图的{count}项数据，每项附单位、限定词与出处。", "en": "The {count} figures in this view, each with its unit, qualifier and source."},
    "table_sorted_asc": {"zh": "按“{column}”升序排列。", "en": "Sorted by {column}, ascending."},
    "table_sorted_desc": {"zh": "按“{column}”降序排列。", "en": "Sorted by {column}, descending."},
    "sort_by": {"zh": "按“{column}”排序", "en": "Sort by {column}"},
    "download_csv": {"zh": "下载 CSV", "en": "Download CSV"},
    "download_xlsx": {"zh": "下载 Excel", "en": "Download Excel"},
    "ignored": {"zh": "链接中的部分参数无效，已忽略：{names}", "en": "Some link parameters were not valid and were ignored: {names}"},
    "param_query": {"zh": "整个链接（过长或格式错误）", "en": "the whole query (too long or malformed)"},
    "param_tab": {"zh": "标签页", "en": "tab"},
    "param_sector": {"zh": "领域", "en": "sector"},
    "param_topic": {"zh": "主题", "en": "topic"},
    "param_indicator": {"zh": "指标", "en": "indicator"},
    "param_period": {"zh": "年份", "en": "period"},
    "history": {"zh": "历年数据", "en": "Every period"},
    "history_note": {"zh": "变化为据各年公布数字计算，并非公布数字", "en": "Changes are computed from the published figures; they are not published figures"},
    "col_change": {"zh": "较上一年份变化（计算值）", "en": "Change from the period before (computed)"},
    "param_other": {"zh": "无法识别的参数", "en": "unknown parameters"},
    "col_label": {"zh": "指标", "en": "Figure"},
    "col_published": {"zh": "发布值", "en": "As published"},
    "col_value": {"zh": "数值", "en": "Value"},
    "col_unit": {"zh": "单位", "en": "Unit"},
    "col_qualifier": {"zh": "限定词", "en": "Qualifier"},
    "col_base_value": {"zh": "折合基本单位", "en": "Value in base units"},
    "col_base_unit": {"zh": "基本单位", "en": "Base unit"},
    "col_period": {"zh": "年份", "en": "Period"},
    "col_source": {"zh": "来源机构", "en": "Source organisation"},
    "col_quote": {"zh": "原文", "en": "Source text"},
    "col_id": {"zh": "编号", "en": "ID"},
    # Language switch and accessibility (issue 5).
    "param_lang": {"zh": "语言", "en": "language"},
    "lang_switch": {"zh": "语言", "en": "Language"},
    "tabs_label": {"zh": "看板标签页", "en": "Dashboard tabs"},
    "chart_summary": {"zh": "图表：{title}。{items}。详见下方数据表。", "en": "Chart: {title}. {items}. The table below lists every figure."},
    "charts_label": {"zh": "图表", "en": "Charts"},
    "skip_to_content": {"zh": "跳到主要内容", "en": "Skip to main content"},
    "figure_links": {"zh": "查看单项数据详情", "en": "Open a figure's details"},
}

HTML_LANG = {"zh": "zh-CN", "en": "en"}  # the <html lang> of each language
LANGUAGE_NAMES = {"zh": "中文", "en": "EN"}  # each language's own name, shown in the switch in both views


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The UI string for key in lang, with values filled in."""
    return TEXT[key][lang if lang in LANGUAGES else DEFAULT_LANGUAGE].format(**values)


def text_width(text: str) -> int:
    """Display width: a CJK character is as wide as two Latin letters."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


NO_LINE_START = set("、，。；：）》”’%")
BREAK_AFTER = set("、，；：")  # Chinese breaks best after these: 专业技术、/技能人才总量, not 专业技术、技/能人才总量


def wrap(text: str, width: int) -> str:
    """Break text into balanced lines of at most width (CJK-aware), escaped and joined with <br> for Plotly.

    Escaping makes data text render as text: Plotly reads <b>, <a href> and friends in its strings.
    """
    # English (and English with a bracketed Chinese name) breaks at spaces; Chinese anywhere,
    # but never before closing punctuation.
    sep = " " if " " in text else ""
    tokens = text.split(" ") if sep else list(text)
    lines_needed = -(-text_width(text) // width)
    target = min(width, -(-text_width(text) // max(lines_needed, 1)) + 2)
    lines, line = [], ""
    for token in tokens:
        candidate = f"{line}{sep}{token}" if line else token
        if line and text_width(candidate) > target and token not in NO_LINE_START:
            cut = max((i for i, ch in enumerate(line) if ch in BREAK_AFTER), default=-1) + 1 if not sep else 0
            if cut and text_width(line[:cut]) * 2 >= target:  # a pause in the second half of the line
                lines.append(line[:cut])
                line = line[cut:] + token
            else:
                lines.append(line)
                line = token
        else:
            line = candidate
    lines.append(line)
    return "<br>".join(escape(line, quote=False) for line in lines)
