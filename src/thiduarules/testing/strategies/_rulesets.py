"""Small valid rulesets, written as TOML text in the `thiduarules/1` language."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from hypothesis import strategies as st

from thiduarules.ruleset import Ruleset, loads_ruleset
from thiduarules.ruleset._model import CANDIDATE_KINDS
from thiduarules.testing.strategies._draw import Draw
from thiduarules.testing.strategies._options import ASSESSMENT_KINDS, check_strategy, checked_count


def _toml(value: object) -> str:
    """A TOML value (inline tables and arrays included) for the generated rulesets."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_key(k)} = {_toml(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML form for {value!r}")


def _key(key: str) -> str:
    return (
        key
        if key.replace("-", "").replace("_", "").isalnum() and key.isascii()
        else json.dumps(key)
    )


class _RulesetWriter:
    """Draws one small ruleset and writes it as TOML text in the `thiduarules/1` language."""

    CLAUSES = ("I.1", "II.1", "III.1", "III.2", "III.3")
    ROLES = ("cong-chuc", "vien-chuc", "nguoi-dan", "co-quan-chuyen-mon", "thon-to-dan-pho")
    KINDS = ("sang-kien", "giai-phap", "mo-hinh")
    BODIES = ("ubnd-xa", "chu-tich-ubnd-xa", "thu-truong-don-vi")
    DUTIES = ("giai-quyet-tthc", "tham-muu-cchc", "chuyen-doi-so")
    VALUES = ("dat", "chua-dat", "xuat-sac")

    def __init__(self, draw: Draw, kinds: int) -> None:
        self.draw = draw
        self.lines: list[str] = []
        self.start = draw(st.integers(2024, 2028))
        self.length = draw(st.integers(1, 5))
        self.roles = draw(
            st.lists(st.sampled_from(self.ROLES), min_size=1, max_size=4, unique=True)
        )
        self.ach_kinds = draw(
            st.lists(st.sampled_from(self.KINDS), min_size=1, max_size=3, unique=True)
        )
        self.bodies = draw(
            st.lists(st.sampled_from(self.BODIES), min_size=1, max_size=3, unique=True)
        )
        self.duties = draw(
            st.lists(st.sampled_from(self.DUTIES), min_size=1, max_size=3, unique=True)
        )
        self.higher_form = draw(st.booleans())
        self.assessments: dict[str, tuple[str, list[str]]] = {}
        for i in range(kinds):
            subject = draw(st.sampled_from(["any", "ca-nhan", "tap-the"]))
            values = draw(
                st.lists(st.sampled_from(self.VALUES), min_size=2, max_size=3, unique=True)
            )
            self.assessments[f"danh-gia-{i + 1}"] = (subject, values)
        self.params: dict[str, dict[str, Any]] = {}
        self.criteria: list[str] = []

    def text(self, vi: str, en: str) -> str:
        return f"vi = {_toml(vi)}\nen = {_toml(en)}"

    def clauses(self, n: int = 1) -> list[str]:
        return list(
            self.draw(st.lists(st.sampled_from(self.CLAUSES), min_size=1, max_size=n, unique=True))
        )

    def param(self, name: str, ptype: str, value: object, **extra: object) -> dict[str, str]:
        self.params[name] = {"type": ptype, "value": value, **extra}
        return {"param": name}

    def leaf(self) -> dict[str, Any]:
        draw = self.draw
        shape = draw(st.sampled_from(["assessment", "candidate", "years", "achievements"]))
        if shape == "candidate":
            field = draw(st.sampled_from(["kind", "in_commune", "role"]))
            if field == "kind":
                return {"candidate": "kind", "is": draw(st.sampled_from(CANDIDATE_KINDS))}
            if field == "in_commune":
                return {"candidate": "in_commune", "is": draw(st.booleans())}
            roles = draw(st.lists(st.sampled_from(self.roles), min_size=1, unique=True))
            op = draw(st.sampled_from(["in", "not_in"]))
            if op == "in" and draw(st.booleans()):
                return {
                    "candidate": "role",
                    "in": self.param("vai-tro-duoc-xet", "set", roles, of="roles"),
                }
            return {"candidate": "role", op: roles}
        if shape == "achievements":
            kinds = draw(st.lists(st.sampled_from(self.ach_kinds), min_size=1, unique=True))
            at_least: object = draw(st.integers(1, 2))
            if draw(st.booleans()):
                at_least = self.param("so-thanh-tich", "integer", at_least)
            rewarded: object = draw(st.sampled_from(["exclude", "include", "param"]))
            if rewarded == "param":
                rewarded = self.param("tinh-thanh-tich-da-khen", "boolean", draw(st.booleans()))
            return {"achievements": {"kinds": kinds}, "at_least": at_least, "rewarded": rewarded}
        kind = draw(st.sampled_from(sorted(self.assessments)))
        values = self.assessments[kind][1]
        chosen = draw(
            st.lists(st.sampled_from(values), min_size=1, max_size=len(values) - 1, unique=True)
        )
        spec: dict[str, Any] = {"assessment": kind}
        op = (
            draw(st.sampled_from(["is", "in", "not_in"]))
            if shape == "assessment"
            else draw(st.sampled_from(["in", "not_in"]))
        )
        spec[op] = chosen[0] if op == "is" else chosen
        by = draw(st.sampled_from(["none", "list", "param"]))
        if by == "list":
            spec["by"] = draw(st.lists(st.sampled_from(self.bodies), min_size=1, unique=True))
        elif by == "param":
            spec["by"] = self.param("co-quan-danh-gia", "set", list(self.bodies), of="bodies")
        if shape == "assessment":
            return {**spec, "year": "nomination"}
        out: dict[str, Any] = {"years": [spec]}
        if draw(st.booleans()):
            out["every"] = True
            out["consecutive"] = False
        else:
            n = draw(st.integers(1, self.length))
            out["at_least"] = self.param("so-nam", "integer", n) if draw(st.booleans()) else n
            out["consecutive"] = draw(st.booleans())
        return out

    def expression(self, depth: int) -> dict[str, Any]:
        draw = self.draw
        shape = draw(st.sampled_from(["leaf", "all", "any", "at_least", "not", "criterion"]))
        if depth <= 0 or shape == "leaf" or (shape == "criterion" and not self.criteria):
            return self.leaf()
        if shape == "criterion":
            return {"criterion": draw(st.sampled_from(self.criteria))}
        if shape == "not":
            return {"not": self.expression(depth - 1)}
        items = [self.expression(depth - 1) for _ in range(draw(st.integers(1, 3)))]
        if shape == "at_least":
            return {"at_least": draw(st.integers(1, len(items))), "of": items}
        return {shape: items}

    def write(self) -> str:
        draw = self.draw
        out = self.lines
        end = self.start + self.length - 1
        out.append("[ruleset]")
        out.append(f'id = "sinh-ngau-nhien-{self.start}-{self.length}"')
        out.append('version = "0.0.1"')
        out.append('language = "thiduarules/1"')
        out.append('title = { vi = "Bộ quy tắc sinh ngẫu nhiên", en = "A generated ruleset" }')
        out.append(
            'source = { vi = "Kế hoạch thử nghiệm", en = "A test plan", issuer = "UBND xã Thử Nghiệm" }'
        )
        out.append(f"period = {{ start = {self.start}-01-01, end = {end}-12-31 }}")
        for cid in self.CLAUSES:
            out += [
                "",
                f'[clauses."{cid}"]',
                self.text(f"Mục {cid} của Kế hoạch.", f"Clause {cid} of the plan."),
            ]
        vocab = {
            "roles": self.roles,
            "achievement-kinds": self.ach_kinds,
            "bodies": self.bodies,
            "duties": self.duties,
        }
        for name, slugs in vocab.items():
            for slug in slugs:
                out += [
                    "",
                    f"[vocabularies.{name}.{slug}]",
                    self.text(slug.replace("-", " ").capitalize(), slug.replace("-", " ")),
                ]
        out += [
            "",
            "[vocabularies.forms.giay-khen-chu-tich-xa]",
            self.text("Giấy khen của Chủ tịch UBND xã", "Giấy khen of the commune Chairman"),
            'grantor = "commune"',
        ]
        if self.higher_form:
            out += [
                "",
                "[vocabularies.forms.bang-khen-chu-tich-thanh-pho]",
                self.text("Bằng khen của Chủ tịch UBND thành phố", "City Certificate of Merit"),
                'grantor = "higher"',
            ]
        for slug, (subject, values) in self.assessments.items():
            out += [
                "",
                f"[assessments.{slug}]",
                self.text(f"Đánh giá {slug}", f"Assessment {slug}"),
                f'subject = "{subject}"',
            ]
            out.append(
                "values = " + _toml({v: {"vi": v.replace("-", " "), "en": v} for v in values})
            )
        # Criteria first: they decide which parameters exist.
        crit_lines: list[str] = []
        for i in range(draw(st.integers(1, 4))):
            cid = f"tieu-chuan-{i + 1}"
            expr = self.expression(2)
            crit_lines += [
                "",
                f"[criteria.{cid}]",
                self.text(f"Tiêu chuẩn {i + 1}", f"Criterion {i + 1}"),
                f"clauses = {_toml(self.clauses(2))}",
                f"when = {_toml(expr)}",
            ]
            self.criteria.append(cid)
        track_lines: list[str] = []
        rounds_used: set[str] = set()
        for i in range(draw(st.integers(1, 3))):
            tid = f"dien-{i + 1}"
            subject = draw(st.sampled_from(CANDIDATE_KINDS))
            rnd = draw(st.sampled_from(["annual", "ad-hoc", "period-end"]))
            rounds_used.add(rnd)
            forms = ["giay-khen-chu-tich-xa"]
            if self.higher_form and rnd == "period-end" and draw(st.booleans()):
                forms.append("bang-khen-chu-tich-thanh-pho")
            picks = draw(
                st.lists(st.sampled_from(self.criteria), min_size=1, max_size=2, unique=True)
            )
            requires: dict[str, Any] = (
                {"criterion": picks[0]}
                if len(picks) == 1
                else {"all": [{"criterion": c} for c in picks]}
            )
            track_lines += [
                "",
                f"[tracks.{tid}]",
                self.text(f"Diện {i + 1}", f"Track {i + 1}"),
                f"clauses = {_toml(self.clauses())}",
                f'subject = "{subject}"',
                f'round = "{rnd}"',
                f"forms = {_toml(forms)}",
                f"requires = {_toml(requires)}",
            ]
            if draw(st.booleans()) or rnd != "period-end":
                late: object = draw(st.sampled_from(["tu-choi", "canh-bao", "param"]))
                if late == "param":
                    late = self.param(
                        "xu-ly-ho-so-tre",
                        "choice",
                        draw(st.sampled_from(["tu-choi", "canh-bao"])),
                        choices=["tu-choi", "canh-bao"],
                    )
                timing: dict[str, Any] = {"clauses": self.clauses(), "late": late}
                if rnd == "annual":
                    timing["rule"] = "annual-deadline"
                    timing["deadline"] = self.param(
                        "han-nop", "month-day", draw(st.sampled_from(["03-31", "01-15", "12-31"]))
                    )
                    timing["inclusive"] = self.param(
                        "tinh-ca-ngay-han", "boolean", draw(st.booleans())
                    )
                elif rnd == "ad-hoc":
                    timing["rule"] = "after-achievement"
                    timing["within_days"] = self.param(
                        "so-ngay-dot-xuat", "integer", draw(st.integers(1, 60))
                    )
                else:
                    timing["rule"] = "window"
                    known = draw(st.booleans())
                    timing["opens"] = self.param(
                        "mo-nhan", "date", dt.date(end, 10, 1) if known else None
                    )
                    timing["closes"] = self.param(
                        "dong-nhan", "date", dt.date(end, 11, 30) if known else None
                    )
                track_lines += ["", f"[tracks.{tid}.timing]"] + [
                    f"{_key(k)} = {_toml(v)}" for k, v in timing.items()
                ]
        principle_lines: list[str] = []
        if draw(st.booleans()):
            conflict = self.param(
                "xu-ly-trung-thanh-tich",
                "choice",
                draw(st.sampled_from(["hoi-dong-quyet-dinh", "uu-tien-nop-truoc"])),
                choices=["hoi-dong-quyet-dinh", "uu-tien-nop-truoc"],
            )
            principle_lines += [
                "",
                "[principles.mot-thanh-tich]",
                self.text("Một thành tích một lần khen", "One achievement, one reward"),
                f"clauses = {_toml(self.clauses())}",
                'rule = "one-achievement-one-reward"',
                f"conflict = {_toml(conflict)}",
            ]
        if draw(st.booleans()):
            principle_lines += [
                "",
                "[principles.hinh-thuc-phu-hop]",
                self.text("Hình thức phù hợp", "The form fits"),
                f"clauses = {_toml(self.clauses())}",
                'rule = "form-fits"',
            ]
        if "annual" in rounds_used and draw(st.booleans()):
            limit: object = draw(st.integers(1, 2))
            if draw(st.booleans()):
                limit = self.param("so-giay-khen-toi-da", "integer", limit)
            principle_lines += [
                "",
                "[principles.gioi-han-hang-nam]",
                self.text("Giới hạn Giấy khen hằng năm", "Annual limit"),
                f"clauses = {_toml(self.clauses())}",
                'rule = "annual-limit"',
                f"limit = {_toml(limit)}",
            ]
        if draw(st.booleans()):
            deadline = self.param("han-bao-cao", "month-day", "11-25")
            principle_lines += [
                "",
                "[principles.bao-cao]",
                self.text("Báo cáo đúng hạn", "Reports on time"),
                f"clauses = {_toml(self.clauses())}",
                'rule = "report-deadline"',
                f"deadline = {_toml(deadline)}",
            ]
        allocation_lines: list[str] = []
        if draw(st.booleans()):
            amounts = {
                "amount_individual": self.param(
                    "he-so-ca-nhan", "decimal", draw(st.sampled_from(["0.15", "0.3"]))
                ),
                "amount_collective": self.param(
                    "he-so-tap-the", "decimal", draw(st.sampled_from(["2", None]))
                ),
                "base_salary": self.param("luong-co-so", "money", 2_340_000),
                "rounding": self.param(
                    "lam-tron",
                    "choice",
                    draw(st.sampled_from(["len-chuc-nghin", "gan-nhat-chuc-nghin"])),
                    choices=["len-chuc-nghin", "gan-nhat-chuc-nghin"],
                ),
            }
            allocation_lines += ["", "[allocation]", f"clauses = {_toml(self.clauses())}"] + [
                f"{k} = {_toml(v)}" for k, v in amounts.items()
            ]
            for j in range(draw(st.integers(1, 2))):
                when: dict[str, Any] = (
                    {
                        "candidate": "duties",
                        "in": draw(st.lists(st.sampled_from(self.duties), min_size=1, unique=True)),
                    }
                    if j == 0
                    else {
                        "achievements": {"kinds": list(self.ach_kinds)},
                        "at_least": 1,
                        "rewarded": "exclude",
                    }
                )
                allocation_lines += [
                    "",
                    "[[allocation.priority]]",
                    self.text(f"Ưu tiên {j + 1}", f"Priority {j + 1}"),
                    f"clauses = {_toml(self.clauses())}",
                    f"when = {_toml(when)}",
                ]
        out.append("")
        out.append("[parameters]")
        for name, spec in sorted(self.params.items()):
            out += [
                "",
                f"[parameters.{name}]",
                self.text(f"Tham số {name}", f"Parameter {name}"),
                f'type = "{spec["type"]}"',
                f"clauses = {_toml(self.clauses())}",
                'reason = "Sinh ngẫu nhiên để kiểm thử. / Generated for tests."',
            ]
            if "choices" in spec:
                out.append(f"choices = {_toml(spec['choices'])}")
            if "of" in spec:
                out.append(f"of = {_toml(spec['of'])}")
            if spec["value"] is None:
                out += ['unset = "Chưa có giá trị. / No value yet."', "values = []"]
            else:
                out += [
                    "",
                    f"[[parameters.{name}.values]]",
                    f"value = {_toml(spec['value'])}",
                    'source = "Sinh ngẫu nhiên"',
                    'status = "plan"',
                ]
        out += crit_lines + track_lines + principle_lines + allocation_lines
        return "\n".join(out) + "\n"


@st.composite
def _ruleset_texts(draw: st.DrawFn, kinds: st.SearchStrategy[int]) -> str:
    n = checked_count(draw(kinds), "assessment_kinds", 1, 3)
    return _RulesetWriter(draw, n).write()


def ruleset_texts(
    *, assessment_kinds: st.SearchStrategy[int] = ASSESSMENT_KINDS
) -> st.SearchStrategy[str]:
    """TOML text of small valid rulesets (see `rulesets`)."""
    check_strategy(assessment_kinds, "assessment_kinds", "integers(1, 3)")
    return _ruleset_texts(assessment_kinds)


def rulesets(
    *, assessment_kinds: st.SearchStrategy[int] = ASSESSMENT_KINDS
) -> st.SearchStrategy[Ruleset]:
    """Small valid rulesets, so the engine is exercised beyond the one bundled plan.

    Each has a period of one to five years, one to three assessment kinds with two or three
    values, a few criteria built from `all`, `any`, `at_least … of`, `not` and references to
    earlier criteria over candidate, assessment, "years" and "achievements" conditions (literal
    or through parameters), one to three tracks of any round with their timing, and now and then
    each principle and an allocation table. The same parameter name always means the same
    thing; one may have no value (`unset`), as a plan's undecided dates do.
    """
    return ruleset_texts(assessment_kinds=assessment_kinds).map(
        lambda text: loads_ruleset(text, "<generated>")
    )
