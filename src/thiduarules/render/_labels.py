"""Words for slugs and values: the ruleset's own labels, and Vietnamese conventions for dates
and amounts (`31/03/2028`, `760.000 đồng`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from thiduarules.ruleset._model import Ruleset

KIND = {"ca-nhan": ("cá nhân", "an individual"), "tap-the": ("tập thể", "a collective")}
FIELD = {
    "kind": ("loại đối tượng", "kind of candidate"),
    "role": ("vị trí", "role"),
    "in_commune": ("thuộc xã", "belongs to the commune"),
    "duties": ("nhiệm vụ", "duties"),
}
YES_NO = {"true": ("có", "yes"), "false": ("không", "no")}
NOT_RECORDED = ("(chưa có)", "(not recorded)")


def date(value: object, lang: str) -> str:
    """`31/03/2028` in Vietnamese, `2028-03-31` in English; a missing date says so."""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y") if lang == "vi" else value.isoformat()
    if value is None:
        return NOT_RECORDED[lang == "en"]
    return str(value)


def money(value: int, lang: str) -> str:
    """`760.000 đồng` in Vietnamese, `760,000 VND` in English."""
    if lang == "vi":
        return f"{value:,}".replace(",", ".") + " đồng"
    return f"{value:,} VND"


def decimal(text: str, lang: str) -> str:
    """A decimal written as the language writes it: `0,3` in Vietnamese, `0.3` in English."""
    return text.replace(".", ",") if lang == "vi" else text


class Labels:
    """The labels of one ruleset, in one language, and the names of a result's candidates."""

    def __init__(self, ruleset: Ruleset | None, lang: str, names: Mapping[str, str]) -> None:
        self.rs = ruleset
        self.lang = lang
        self.en = lang == "en"
        self.names = names
        self._vocab: dict[str, dict[str, tuple[str, str]]] = {}
        self._kinds: dict[str, tuple[tuple[str, str], dict[str, tuple[str, str]]]] = {}
        self._texts: dict[tuple[str, str], tuple[str, str]] = {}
        if ruleset is not None:
            for c in ruleset.criteria:
                self._texts[("criterion", c.id)] = (c.text.vi, c.text.en)
            for t in ruleset.tracks:
                self._texts[("track", t.id)] = (t.text.vi, t.text.en)
            for pr in ruleset.principles:
                self._texts[("principle", pr.id)] = (pr.text.vi, pr.text.en)
            for pa in ruleset.parameters:
                self._texts[("parameter", pa.name)] = (pa.text.vi, pa.text.en)
            for name, terms in ruleset.vocabularies:
                self._vocab[name] = {t.slug: (t.vi, t.en) for t in terms}
            for k in ruleset.assessments:
                self._kinds[k.slug] = ((k.vi, k.en), {v.slug: (v.vi, v.en) for v in k.values})

    def pick(self, pair: tuple[str, str]) -> str:
        return pair[1] if self.en else pair[0]

    def term(self, vocab: str, slug: object) -> str:
        if slug is None or slug == "":
            return self.pick(NOT_RECORDED)
        pair = self._vocab.get(vocab, {}).get(str(slug))
        return self.pick(pair) if pair else str(slug)

    def form(self, slug: object) -> str:
        return self.term("forms", slug)

    def kind(self, slug: object) -> str:
        return self.pick(KIND.get(str(slug), (str(slug), str(slug))))

    def assessment(self, kind: str) -> str:
        hit = self._kinds.get(kind)
        return self.pick(hit[0]) if hit else kind

    def assessment_value(self, kind: str, value: object) -> str:
        if value is None:
            return self.pick(NOT_RECORDED)
        hit = self._kinds.get(kind)
        pair = hit[1].get(str(value)) if hit else None
        return self.pick(pair) if pair else str(value)

    def assessment_year(self, kind: str, year: object) -> str:
        """The kind of assessment for a year, without saying "year" twice."""
        label = self.assessment(kind)
        if self.en:
            return f"{label} ({year})" if label.endswith(" in the year") else f"{label} for {year}"
        if label.endswith(" trong năm"):
            return f"{label} {year}"
        return f"{label} năm {year}"

    def name(self, candidate: object) -> str:
        return self.names.get(str(candidate), str(candidate))

    def _text(self, what: str, ref: object) -> str:
        pair = self._texts.get((what, str(ref)))
        return self.pick(pair) if pair else str(ref)

    def criterion(self, ref: object) -> str:
        return self._text("criterion", ref)

    def track(self, ref: object) -> str:
        return self._text("track", ref)

    def principle(self, rule_id: object) -> str:
        return self._text("principle", rule_id)

    def parameter(self, name: object) -> str:
        return self._text("parameter", name)

    def priority(self, level: int) -> str:
        al = self.rs.allocation if self.rs is not None else None
        if al is None or not 0 < level <= len(al.priority):
            return str(level)
        text = al.priority[level - 1].text
        return self.pick((text.vi, text.en))

    def date(self, value: object) -> str:
        return date(value, self.lang)

    def money(self, value: int) -> str:
        return money(value, self.lang)

    def decimal(self, text: object) -> str:
        return decimal(str(text), self.lang)

    def ids(self, values: object) -> str:
        if isinstance(values, tuple):
            return ", ".join(str(v) for v in values)
        return str(values)
