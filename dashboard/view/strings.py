"""UI strings in both languages (data labels live in the data files), and where Chinese and English text may break a line."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from html import escape, unescape

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
    "unit_mixed": {"zh": "各项单位见数值", "en": "Unit: as stated with each figure"},
    "unit_percent": {"zh": "单位：%（各项为不同口径的比率）", "en": "Unit: %, each rate on its own base"},
    "source": {"zh": "来源：{orgs} · {period}年", "en": "Source: {orgs}, {period}"},
    "qualifier_note": {"zh": "注：{items}", "en": "Note: {items}"},
    "forecast_note": {"zh": "{labels}为预计数", "en": "{labels}: forecast"},
    "forecast_tag": {"zh": "（预计）", "en": " (forecast)"},
    "part_prefix": {"zh": "其中：", "en": "of which: "},
    "part_rest": {"zh": "其中：其余（未单列）", "en": "of which: the rest (not itemised)"},
    "open_note": {"zh": "条末“›”：实际数高于所示数，条止于所示数", "en": "› at a bar's end: the true figure is higher; the bar stops at the figure shown"},
    # What each mark of a chart means, each said once: the chevron under the titles of charts that have one,
    # the pale colour of a pick in the panel the pick opens (no other mark is pale).
    "dim_note": {"zh": "图中浅色的数据：不属于所选数据的主题", "en": "Pale in the charts: not in the picked figure's topic"},
    "rank_1": {"zh": "{group}个中位列第一", "en": "1st of {group}"},
    "rank_n": {"zh": "{group}个中位列第{rank}", "en": "{ordinal} of {group}"},
    "rank_leading": {"zh": "{group}个中居前列", "en": "near the top of {group}"},
    "rank_word": {"zh": "名次（原文给出）", "en": "rank, as the source states it"},
    "rank_leading_word": {"zh": "名次：居前列（原文未给出确切名次）", "en": "rank: near the top (the source gives no exact place)"},
    "rank_unit": {"zh": "名次", "en": "place"},
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
    "briefing_generated": {"zh": "生成日期：{date}", "en": "Generated {date}"},
    "deck_title": {"zh": "成都市{period}年{scope}工作成果", "en": "Chengdu {period}: results in {scope}"},
    "deck_all_areas": {"zh": "人社与科普", "en": "Jobs, social security and science popularisation"},
    "deck_period": {"zh": "数据期：{period}年全年（年度工作回顾）", "en": "Period: the year {period} (annual review)"},
    "deck_note": {"zh": "{label}：{value}。原文：“{quote}”（{source}）", "en": "{label}: {value}. Source text: “{quote}” ({source})"},
    "deck_references": {"zh": "资料来源", "en": "Sources"},
    "deck_quote": {"zh": "原文：“{quote}”", "en": "Source text: “{quote}”"},
    "briefing_view_link": {"zh": "在看板中查看：", "en": "Open this view: "},
    "appendix": {"zh": "附录：本视图全部数据", "en": "Appendix: every figure in this view"},
    "appendix_part": {"zh": "（{part}/{parts}）", "en": " ({part}/{parts})"},
    "col_figure": {"zh": "指标", "en": "Figure"},
    "bad_export_query": {"zh": "导出链接参数无效", "en": "The export query is not a view of this dashboard"},
    "bad_picks_query": {"zh": "链接参数无效", "en": "The query does not name a tab's view in a layout of this dashboard"},
    # Filters, drill-down, detail panel, links and the view table (issue 3).
    "sector_filter": {"zh": "领域", "en": "Areas"},
    "sector_hint": {"zh": "不选即全部", "en": "none ticked = all"},
    "topic_filter": {"zh": "主题", "en": "Topic"},
    "all_topics": {"zh": "全部主题", "en": "All topics"},
    "breadcrumb": {"zh": "当前位置", "en": "You are here"},
    "copy_link": {"zh": "复制链接", "en": "Copy link"},
    "copied": {"zh": "已复制", "en": "Copied"},
    "share": {"zh": "分享", "en": "Share"},
    "share_hint": {"zh": "分享此数据的链接", "en": "Share a link to this figure"},
    "view_link": {"zh": "本视图链接", "en": "Link to this view"},
    "detail": {"zh": "数据详情", "en": "Figure details"},
    "close": {"zh": "关闭", "en": "Close"},
    "published_as": {"zh": "发布值", "en": "As published"},
    "in_base_units": {"zh": "折合", "en": "In base units"},
    "qualifier": {"zh": "数字的说法", "en": "Stated as"},
    "cite_as": {"zh": "引用格式（GB/T 7714）", "en": "Cite as"},
    "translation": {"zh": "英文译文", "en": "English translation (not the source text)"},
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
    "col_in_base": {"zh": "折合（含限定词）", "en": "In base units, as stated"},
    "col_group": {"zh": "比较范围（个数）", "en": "Peer group (number)"},
    "col_period": {"zh": "年份", "en": "Period"},
    "col_source": {"zh": "来源机构", "en": "Source organisation"},
    "col_quote": {"zh": "原文", "en": "Source text"},
    "col_quote_en": {"zh": "英文译文", "en": "In English"},
    "col_id": {"zh": "编号", "en": "ID"},
    # Language switch and accessibility (issue 5).
    "param_lang": {"zh": "语言", "en": "language"},
    "lang_switch": {"zh": "语言", "en": "Language"},
    "tabs_label": {"zh": "看板标签页", "en": "Dashboard tabs"},
    "chart_summary": {"zh": "图表：{title}。{items}。详见下方数据表。", "en": "Chart: {title}. {items}. The table below lists every figure."},
    "charts_label": {"zh": "图表", "en": "Charts"},
    "skip_to_content": {"zh": "跳到主要内容", "en": "Skip to main content"},
    "figure_links": {"zh": "查看单项数据详情", "en": "Open a figure's details"},
    # Publishing: embeds, the PDF handout, the static site (dashboard/publish/).
    "embed_code": {"zh": "嵌入代码", "en": "Embed"},
    "embed_hint": {"zh": "复制以下代码，把本图嵌入网页：", "en": "Copy this code to put the chart in a web page:"},
    "embed_open": {"zh": "在看板中查看", "en": "Open in the dashboard"},
    "embed_frame_title": {"zh": "图表：{title}", "en": "Chart: {title}"},
    "export_handout": {"zh": "导出 PDF 讲义", "en": "PDF handout"},
    "handout_view": {"zh": "内容：{tab}；筛选：{filters}", "en": "Contents: {tab}; filters: {filters}"},
    "handout_no_filter": {"zh": "无", "en": "none"},
    "handout_cite": {"zh": "引用格式（GB/T 7714）", "en": "Cite as"},
    "handout_table": {"zh": "本视图的数据及原文", "en": "The figures of this view, with their source text"},
    "handout_page": {"zh": "第 {n} 页 / 共 {m} 页", "en": "Page {n} of {m}"},
    "site_filters_note": {"zh": "静态版不含筛选；各领域见对应标签页。", "en": "This static copy has no filters; each area has its own tab."},
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
OPENERS = set("“‘《（(「")  # never end a line: they belong to what follows
QUOTED = {"“": "”", "《": "》", "（": "）", "(": ")", '"': '"'}  # a short quoted or bracketed name stays whole
NUMBER_CHAR = set("0123456789.,%")
CJK = re.compile(r"[\u3400-\u9fff]")
# Words of this domain that jieba's general dictionary splits (线上 into 线/上, 人社 into 人/社).
DOMAIN_WORDS = ("线上线下", "线上", "线下", "成都市人社局", "成都市科协", "川渝", "成渝", "人社", "科普日", "速裁庭", "占比", "联处中心", "降本减负", "公招",
                "在站", "云展播", "科幻迷", "科幻季", "打卡点", "结余", "一卡通", "副省级")


@lru_cache(maxsize=1)
def segmenter():
    """jieba's Chinese word segmenter with this domain's words; its dictionary loads on first use."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # jieba announces its dictionary on stderr otherwise
    tokenizer = jieba.Tokenizer()
    for word in DOMAIN_WORDS:
        tokenizer.add_word(word)
        tokenizer.suggest_freq(word, tune=True)  # outweigh the general dictionary's split
    return tokenizer


def words(text: str) -> list[str]:
    """Segmenter words (Chinese) or space-separated words (English), spaces kept as their own tokens."""
    if not CJK.search(re.sub(r"\([^)]*\)", "", text)):  # English, perhaps with a bracketed Chinese name
        return [tok for tok in re.split(r"( )", text) if tok]
    return segmenter().lcut(text, HMM=False)


@lru_cache(maxsize=4096)
def atoms(text: str, width: int) -> tuple[str, ...]:
    """Pieces of text that a line break never splits: words; numbers (1311, 26.44) with what is glued to
    them; opening marks with what follows, closing marks and pauses with what precedes; a quoted or
    bracketed name (“1311”, 《院士的故事》) whole when it fits a line, else split only after its pauses."""
    tokens = words(text)
    out: list[str] = []
    for tok in tokens:
        prev = out[-1] if out else ""
        glue = prev and (
            prev[-1] in OPENERS
            or tok[0] in NO_LINE_START or tok[0] in "”’》）)"
            or (prev[-1] in NUMBER_CHAR and tok[0] in NUMBER_CHAR)
            or (prev[-1].isdigit() and len(tok) == 1 and tok != " ")   # 81届, 15个
            or (tok[0].isdigit() and prev == "第")                      # 第81
        )
        if glue:
            out[-1] += tok
        else:
            out.append(tok)
    return tuple(_quoted(out, width))


def _quoted(pieces: list[str], width: int) -> list[str]:
    """Join the pieces of each quoted or bracketed name into one, if it fits a line."""
    out: list[str] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        close = QUOTED.get(piece[0]) if piece else None
        if close and close not in piece[1:]:
            for j in range(i + 1, len(pieces)):
                if close in pieces[j]:
                    whole = "".join(pieces[i:j + 1])
                    if text_width(whole) <= width:
                        out.append(whole)
                        i = j + 1
                        break
                    # Too long for a line: it may break, but only after a pause (or at a space) inside it.
                    run = ""
                    for part in pieces[i:j + 1]:
                        run += part
                        if part[-1] in BREAK_AFTER or part == " ":
                            out.append(run)
                            run = ""
                    if run:
                        out.append(run)
                    i = j + 1
                    break
            else:
                out.append(piece)
                i += 1
            continue
        out.append(piece)
        i += 1
    return out


def _fill(pieces: tuple[str, ...], target: int) -> list[str]:
    """Greedy lines of at most target (a piece wider than target gets a line of its own); a line that
    overflows breaks after its last pause (、，；：) when that pause is in the line's second half."""
    lines, line = [], ""
    for piece in pieces:
        candidate = line + piece
        if line.strip() and text_width(candidate.strip()) > target:
            cuts = [i for i in range(1, len(line)) if line[i - 1] in BREAK_AFTER and line[:i] in _prefixes(line)]
            cut = cuts[-1] if cuts else 0
            if cut and text_width(line[:cut]) * 2 >= target and text_width((line[cut:] + piece).strip()) <= target:
                lines.append(line[:cut])
                line = line[cut:] + piece
            else:
                lines.append(line)
                line = piece
        else:
            line = candidate
    lines.append(line)
    return [ln.strip(" ") for ln in lines if ln.strip(" ")]


def _prefixes(line: str) -> set[str]:
    return {line[:i] for i in range(len(line) + 1)}


def wrap(text: str, width: int) -> str:
    """Break text into balanced lines of at most width (a CJK character counts two), only between
    words, escaped and joined with <br> for Plotly.

    Escaping makes data text render as text: Plotly reads <b>, <a href> and friends in its strings.
    """
    pieces = atoms(text, width)
    fewest = len(_fill(pieces, width))
    lines = _fill(pieces, width)
    for target in range(-(-text_width(text) // fewest), width):  # the narrowest target with as few lines
        trial = _fill(pieces, target)
        if len(trial) == fewest:
            lines = trial
            break
    return "<br>".join(escape(line, quote=False) for line in lines)


def line_breaks(wrapped: str) -> list[int]:
    """Where a wrapped text breaks: offsets into the text without its <br>s (and the spaces they replace)."""
    offsets, at = [], 0
    for line in unescape(wrapped).split("<br>")[:-1]:
        at += len(line)
        offsets.append(at)
    return offsets
