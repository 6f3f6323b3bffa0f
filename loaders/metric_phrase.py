"""The metric a figure measures: the noun phrase the number counts or rates.

Helpers of :mod:`loaders.targets`; every word list comes from
:mod:`loaders.target_rules`, word boundaries from :mod:`loaders.words`.

How the genre writes a metric, and where the phrase is read from:

* a rate or share names its subject before the figure
  (普惠性幼儿园覆盖率达到85% → 普惠性幼儿园覆盖率);
* a count names the thing counted before the figure (新建、改扩建幼儿园37所 →
  新建改扩建幼儿园) or after it (建设改造47所寄宿制学校 → 建设改造寄宿制学校);
  a verb that defines the count stays, a verb that only reports it goes
  (完成, 落实, 实现 …);
* a generic noun (内容, 面积, 占比 …) takes the subject of the clause before
  (…学习12次，内容28项 → …学习内容); a generic counted noun (学校, 教师 …)
  takes what is said of it (15所学校被命名为X学校 → X学校;
  11个县市区全部成立教育工委 → 县市区成立教育工委);
* a figure listed right after another (提速到500兆、200兆; 培树100名市级名师、
  30名市级名校（园）长) shares the first one's metric or verb;
* what is left empty falls back to the unit's usual object (所 → 学校).

>>> metric_of("新建、改扩建幼儿园37所", 9, 12, 0, "count", None).metric
'新建改扩建幼儿园'
>>> metric_of("投资1300万元对二中食堂进行升级改造", 2, 8, 0, "money", None).metric
'投资'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders import target_rules as R
from loaders.quantities import TOKEN
from loaders.words import boundaries

__all__ = ["MetricParts", "metric_of"]

_DEADLINE = re.compile("|".join(f"(?:{p})" for p in R.DEADLINE_PATTERNS))
_YEARISH = re.compile(r"(?:19|20)[0-9]{2}(?:[-—–~至](?:19|20)[0-9]{2})?年度?")
_COUNT_OF = re.compile(r"[两二三四五六七八九十]个$")  # 达到“三个100%”
_DIGIT = re.compile(r"[0-9]")
# A measure's own number (6. / 二是 / （三）) is never part of a metric.
_ITEM_MARK = re.compile(r"^\s*(?:[0-9]{1,3}\s*[.、．](?![0-9])|（[一二三四五六七八九十]+）|[一二三四五六七八九十]+是)")
_PASSIVE = re.compile(rf"^被[^，。；]{{0,10}}?(?:{'|'.join(R.PASSIVE_VERBS)})(.+)")
_QUOTES = str.maketrans("", "", "“”‘’\"《》")
_CLAUSE = frozenset(R.CLAUSE_BOUNDARY)
_INNER = {"（": ("）", 5), "“": ("”", 11)}  # how far the closing mark may be
_WINDOW = 30
_LEFT_MAX, _RIGHT_MAX = 20, 12


@dataclass(frozen=True, slots=True)
class MetricParts:
    """A figure's metric, the comparator words cut off its end, and its two halves."""

    metric: str
    trail: tuple[str, ...]
    left: str  # the words before the figure, cleaned
    right: str  # the thing counted, after the unit


def clause_start(text: str, pos: int, floor: int) -> int:
    """Start of the clause that ends at ``pos`` (not before ``floor``, at most 30 characters back)."""
    lo = max(floor, pos - _WINDOW)
    i = pos
    while i > lo and text[i - 1] not in _CLAUSE:
        i -= 1
    if i == pos - _WINDOW and i > 0 and text[i - 1] not in _CLAUSE:
        i = _next_word(text, i)  # the window cut a word: start at the next whole one
    return i


def _next_word(text: str, i: int) -> int:
    pad = text[max(0, i - 4): i + 8]
    cut = i - max(0, i - 4)
    return i + min((b - cut for b in boundaries(pad) if b >= cut), default=0)


def _at_word(s: str, k: int) -> bool:
    return k in boundaries(s)


def _strip(words: str, leading, trailing) -> tuple[str, list[str]]:
    trail: list[str] = []
    changed = True
    while changed and words:
        changed = False
        for w in trailing:
            if words.endswith(w):
                words, changed = words[: -len(w)], True
                trail.append(w)
                break
        for w in leading:
            if words.startswith(w) and len(words) > len(w) and _at_word(words, len(w)):
                words, changed = words[len(w):], True
                break
    return words, trail


def clean(left: str) -> tuple[str, list[str]]:
    """The metric words of a clause's left part, and the comparator words cut off its end."""
    left = _YEARISH.sub("", _DEADLINE.sub("", _ITEM_MARK.sub("", left)))
    left = _COUNT_OF.sub("", left.translate(_QUOTES))
    for w in R.METRIC_DROP:
        left = left.replace(w, "")
    if left.endswith(R.CONJUNCTIONS):
        return "", []  # 建设2-3个实训基地和2-3个骨干专业: the noun follows the figure
    left, trail = _strip(left, R.METRIC_LEADING + R.REPORTING_VERBS, R.METRIC_TRAILING)
    return _after_disposal(left), trail


def _after_disposal(left: str) -> str:
    """将/把 X 提速到…: the metric is X."""
    for w in ("将", "把"):
        k = left.rfind(w)
        if 0 <= k < len(left) - 1 and _at_word(left, k) and _at_word(left, k + 1):
            return left[k + 1:]
    return left


def _left_part(text: str, start: int, floor: int) -> tuple[str, list[str], int]:
    c0 = clause_start(text, start, floor)
    # A quoted name before the figure is part of the metric (“学习身边榜样”活动达到…);
    # so is what precedes a quoted count (配备率达到“三个100%”), not a quoted requirement.
    while c0 > floor and start - c0 < _WINDOW and (
            text[c0 - 1] == "”" or (text[c0 - 1] == "“" and not clean(text[c0:start])[0])):
        c0 = clause_start(text, c0 - 1, floor)
    verbs, v0 = _listed_verbs(text, c0, floor)
    left, trail = clean(verbs + text[c0:start])
    return _after_examples(left), trail, v0


def _listed_verbs(text: str, c0: int, floor: int) -> tuple[str, int]:
    """新建、改扩建幼儿园; 新增公办、普惠性学位: defining verbs listed before the clause."""
    if c0 - 1 > floor and text[c0 - 1] == "、":
        p0 = clause_start(text, c0 - 1, floor)
        verb = clean(text[p0: c0 - 1])[0]
        if len(verb) <= 6 and (verb.endswith(R.DEFINING_VERBS) or verb.startswith(R.DEFINING_VERBS)):
            return verb, p0
    return "", c0


def _after_examples(left: str) -> str:
    """福环等3所民办高中, 三免一助等资助资金: names listed as examples are not the metric."""
    k = left.rfind("等")
    if k >= 0 and _at_word(left, k) and _at_word(left, k + 1):
        return left[k + 1:]
    return left


def _verb_only(left: str) -> str:
    """承德护理职业学院打造(1-2个专业群): before a counted noun, keep the verb, not who acts."""
    cuts = sorted(boundaries(left))
    pairs = list(zip(cuts, cuts[1:]))
    last = max((k for k, (a, b) in enumerate(pairs) if left[a:b] in R.DEFINING_VERBS), default=None)
    if last is None:
        return left
    first = last
    while first > 0 and left[slice(*pairs[first - 1])] in R.DEFINING_VERBS:
        first -= 1  # 新建改建, 建设认定: a run of verbs defines the count together
    return left[pairs[first][0]:]


def _subject_before(text: str, c0: int) -> str:
    """The subject of an earlier clause of the sentence, for a generic noun (…，占比60%)."""
    pos = c0 - 1
    for _ in range(3):
        if pos <= 0 or text[pos] not in "，,、":
            return ""
        c = clause_start(text, pos, 0)
        verbs, p0 = _listed_verbs(text, c, 0)
        clause = verbs + text[c:pos]
        subject = clean(_DIGIT.split(clause, maxsplit=1)[0])[0]
        if subject and not clause.startswith("其中") and not subject.endswith(R.MEASURE_NOUNS):
            return subject[-_LEFT_MAX:]
        pos = p0 - 1
    return ""


def _right_noun(text: str, end: int) -> str:
    """The thing counted when the figure comes first (新建5所中小学校, 30名市级名校（园）长)."""
    i, stop = end, min(len(text), end + _RIGHT_MAX + 4)
    while i < stop and not text[i].isdigit():
        close, reach = _INNER.get(text[i], ("", 0))
        if close and close in text[i + 1: i + reach]:
            i = text.index(close, i + 1) + 1  # a short bracket or quote inside: 名校（园）长, “民心工程”项目
            continue
        if text[i] in _CLAUSE:
            break
        i += 1
    noun = text[end:i].translate(_QUOTES)
    cuts = sorted(boundaries(noun))
    for a, b in zip(cuts, cuts[1:]):
        if noun[a:b] in R.RIGHT_STOP or noun[a:b] in R.ADVERBS or (a and noun[a:b] in R.RIGHT_PREDICATE):
            return noun[:a] + _defining_run(noun, a)
        if b > _RIGHT_MAX:
            return noun[:a]
    return noun


def _defining_run(noun: str, a: int) -> str:
    """寄宿制学校建设改造(任务): construction verbs after the noun belong to it."""
    if a == 0:
        return ""
    out, k = "", a
    cuts = sorted(b for b in boundaries(noun) if b > a)
    for b in cuts:
        if noun[k:b] not in R.DEFINING_VERBS:
            break
        out, k = out + noun[k:b], b
    return out


def _said_of(text: str, pos: int, noun: str, bare: bool) -> str:
    """What a clause says of a generic counted noun (学校被命名为X → X; 县市区全部成立Y → 县市区成立Y)."""
    j = pos
    while j < len(text) and text[j] not in "，。；：！？\n":
        j += 1
    rest = text[pos:j]
    passive = _PASSIVE.match(rest)
    if passive:
        named = passive.group(1).translate(_QUOTES).removesuffix("称号")
        return _trim(named, _LEFT_MAX + 4)
    if not bare:
        return noun  # 优秀教师 says enough; only a bare 学校 needs its predicate
    figure = TOKEN.match(rest)
    if figure and figure.group("unit"):  # 1.5万名学生3000万元资助目标: the noun after the next figure
        rest = _right_noun(rest, figure.end())
        return noun + rest if rest else noun
    for w in R.ADVERBS:
        if rest.startswith(w) and _at_word(rest, len(w)):
            rest = rest[len(w):]
            break
    return noun + _trim(rest, _RIGHT_MAX) if rest else noun


def _trim(s: str, n: int) -> str:
    """``s`` cut to at most ``n`` characters, at a word boundary."""
    if len(s) <= n:
        return s
    return s[: max((b for b in boundaries(s) if b <= n), default=n)]


def _trim_left(s: str, n: int) -> str:
    if len(s) <= n:
        return s
    k = len(s) - n
    return s[min((b for b in boundaries(s) if b >= k), default=k):]


def metric_of(text: str, start: int, end: int, floor: int, kind: str,
              prev: MetricParts | None, unit: str = "") -> MetricParts:
    """The metric of the figure ``text[start:end]``; ``prev`` is the figure before it, if any."""
    left, trail, c0 = _left_part(text, start, floor)
    generic = left in R.METRIC_GENERIC or left in R.GENERIC_NOUNS or left.startswith("占")
    subject = _subject_before(text, c0) if generic and c0 > 0 else ""
    if subject:
        left, generic = subject + ("占比" if left.startswith("占") else left), False
    right = _right_noun(text, end) if kind in ("count", "multiplier") or not left or generic else ""
    if generic and right and kind in ("money", "area"):
        right += R.UNIT_OBJECT.get(unit.lstrip("万亿千百"), "")  # 学生3000万元资助 → 学生资助资金
    if left in R.REPORTING_VERBS or (right and left in R.METRIC_LEADING):
        left = ""  # 完成25所寄宿制学校…: the verb only reports the count
    elif right:
        left = _verb_only(left)
    if right.endswith(R.GENERIC_NOUNS) and not left:
        right = _said_of(text, end + len(right), right, right in R.GENERIC_NOUNS)
    listed = prev is not None and not left and _follows(text, floor, start, prev)
    if listed and not right:
        return MetricParts(prev.metric, tuple(trail), prev.left, prev.right)
    if listed:
        left = prev.left
    metric = _trim_left(left, _LEFT_MAX) + right
    if not metric:
        metric = R.UNIT_OBJECT.get(unit.lstrip("万亿千百"), "数量")
    elif metric in R.GENERIC_NOUNS:  # 23个专业 and nothing else: 专业数量
        suffix = R.COUNT_SUFFIX.get(unit.lstrip("万亿千百"), "数量")
        metric += "" if metric.endswith(suffix) else suffix
    return MetricParts(metric, tuple(trail), left, right)


def _follows(text: str, floor: int, start: int, prev: MetricParts) -> bool:
    """The figure is the next item of a list that began with ``prev`` (A 100名X、30名Y)."""
    gap = text[floor:start]
    return gap.removeprefix(prev.right) in R.CONJUNCTIONS
