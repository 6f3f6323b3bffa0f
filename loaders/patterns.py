"""Line patterns of the genre, shared by ``normalise`` (line joins) and ``segment``.

The patterns describe how Chinese government work plans and summaries are
laid out, not any one file: 一、 sections, （一） groups, 1. / 1、 / 1． items,
一是 … 二是 reported items, labelled fields (责任单位：…), 文号 lines
(``忻教发〔2023〕1号``), date lines (``2023年3月15日``), issuer lines.
They run on *normalised* text: digits ASCII, brackets （）, colon ：.
"""

from __future__ import annotations

import re

__all__ = [
    "CJK",
    "CN_NUM",
    "FIELD_LABELS",
    "cn_int",
    "is_block_line",
    "is_heading_line",
    "starts_item",
]

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CN_NUM = "一二三四五六七八九十百零〇两"
CJK_PUNCT = "，。、；：！？（）《》〈〉“”‘’「」『』【】〔〕…"

SECTION = re.compile(rf"^(?:([{CN_NUM}]+)、|第([{CN_NUM}]+)部分)\s*")
GROUP = re.compile(rf"^（([{CN_NUM}]+)）\s*")
MEASURE = re.compile(r"^(\d{1,3})\s*[.、](?!\d)\s*")
SUBITEM = re.compile(r"^（(\d{1,2})）")
ITEM = re.compile(rf"([{CN_NUM}]+)是(?![的否])")

# Labels of the fields inside a measure, by the model's FieldName value.
FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "goal": ("目标任务", "任务目标", "工作目标", "主要目标"),
    "actions": ("工作措施", "工作举措", "主要措施", "具体措施", "推进措施"),
    "responsible": (
        "责任单位", "责任科室", "责任处室", "责任部门", "牵头单位", "牵头科室",
        "牵头部门", "配合单位", "协办单位", "参与单位",
    ),
}
_OTHER_LABELS = ("完成时限", "时间节点", "抄送", "主送", "附件", "印发")
ALL_LABELS = tuple(lab for labs in FIELD_LABELS.values() for lab in labs) + _OTHER_LABELS
FIELD_LINE = re.compile(rf"^({'|'.join(ALL_LABELS)})\s*：")

DOCNO = re.compile(rf"([{CJK}]{{1,12}})[〔\[【（(]\s*((?:19|20)\d\d)\s*[〕\]】）)]\s*(\d{{1,4}})\s*号")
DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
DATE_LINE = re.compile(rf"^(?:[{CJK}（）]*\s*)?{DATE.pattern}\s*(?:印发|发布|印)?$")
DOCNO_LINE = re.compile(rf"^{DOCNO.pattern}$")
ORG_SUFFIX = "局|委|工委|委员会|政府|厅|办公室|中心|研究院|部"
ORG_LINE = re.compile(rf"^(?:[{CJK}（）]{{2,30}}?(?:{ORG_SUFFIX})\s*)+(?:文件)?$")
KIND_WORDS = "工作要点|工作重点|工作计划|工作总结"
TITLE_END = re.compile(rf"(?:{KIND_WORDS}|通知|意见|方案|办法|决定|报告)$")
_NOTICE_END = re.compile(r"(?:通知|意见|决定|批复|函)$")  # 关于印发…的通知 ends here, not at 工作要点
_TERMINAL = re.compile(r"[。！？；：…][”’」』）》]*$")
_BRACKETED = re.compile(r"^（[^（）]*）$")
_HAS_CJK = re.compile(f"[{CJK}]")
_SENTENCE_END = re.compile(r"[。！？；]")


def cn_int(s: str) -> int:
    """A Chinese numeral (一 … 九十九, 〇/零, 两) or ASCII digits as an int.

    >>> cn_int("十二"), cn_int("二十"), cn_int("三十五"), cn_int("7")
    (12, 20, 35, 7)
    """
    if s.isdigit():
        return int(s)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
    total, cur = 0, 0
    for ch in s:
        if ch == "百":
            total += (cur or 1) * 100
            cur = 0
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch in digits:
            cur = digits[ch]
        else:
            raise ValueError(f"not a Chinese numeral: {s!r}")
    return total + cur


def starts_item(line: str) -> bool:
    """Does ``line`` open a structural item (a heading, an item, a field)?"""
    return bool(
        SECTION.match(line)
        or GROUP.match(line)
        or MEASURE.match(line)
        or SUBITEM.match(line)
        or FIELD_LINE.match(line)
        or (ITEM.match(line) and ITEM.match(line).start() == 0)
        or DOCNO_LINE.match(line)
        or DATE_LINE.match(line)
        or not _HAS_CJK.search(line)
    )


def is_heading_line(line: str) -> bool:
    """A heading that stands on its own line: 一、… or an item with no sentence in it.

    An item heading is a phrase (``1.深化教师管理改革``); an item line with a
    clause comma but no sentence end (``3.实施…行动计划，新增公办学位12000个``)
    is the first line of a hard-wrapped sentence, and the next line continues it.
    """
    if SECTION.match(line):
        return True
    return bool((GROUP.match(line) or MEASURE.match(line)) and not _SENTENCE_END.search(line)
                and "，" not in line)


def is_block_line(line: str) -> bool:
    """A line that ends its paragraph whatever follows.

    Sentence-final punctuation, headings, and the lines of a document's
    masthead: 文号, dates, issuers, titles, bracketed notes, bare numbers.
    """
    return bool(
        _TERMINAL.search(line)
        or is_heading_line(line)
        or not _HAS_CJK.search(line)
        or _BRACKETED.match(line)
        or DOCNO_LINE.match(line)
        or DATE_LINE.match(line)
        or (len(line) <= 40 and ORG_LINE.match(line))
        or (len(line) <= 60 and TITLE_END.search(line) and not re.search("[，。]", line)
            and not (line.startswith("关于") and not _NOTICE_END.search(line)))
    )
