"""Synthetic bundles of N articles made from the five seed texts in content/sources/.

Every article is one seed, rewritten so that cleaning, extraction, event merging and id
assignment do real work rather than seeing the same five texts again:

- people: the secondary people (Yang Moo Jin, Dmitry Zhuravlev) and the bylines always get a
  name from a pool of ~2,400 (first x last names, drawn with a heavy head, so the number of
  distinct actors grows slower than N, as in a real bundle); one of the three main people
  (Putin, Kim, Trump) is replaced in 15% of the articles; the short form follows the long one;
- places (Alaska, Anchorage, Kursk, the dateline city) and outlets (in bylines, datelines,
  "Baca artikel X lainnya") are swapped;
- dates: 55% of the articles keep the story's dates (they report the same event: large groups
  of same-day mentions for the event merger), 25% move by 1-3 days (conflicting reports), 20%
  move back by whole weeks up to five years (background stories); weekdays are recomputed,
  so "Selasa (12/8)" stays consistent; bare years move with the shift;
- numbers: thousands ("10.000"), small counts ("15 ribu", "80 tahun"), number words ("tiga
  hari") and clock times change;
- wording: a few synonyms; 1-3 swaps of body paragraphs in half of the articles;
- boilerplate: 0-4 lines inserted ("Baca juga: ...", ads, photo captions, author codes),
  existing boilerplate lines dropped with p=0.3, a related/popular list appended with p=0.2;
- duplicates: 3% exact copies of an earlier article, 3% near copies (same text, other
  boilerplate).

Article i depends only on (seed, i): the bundle for N=100 is the first 100 articles of the
bundle for N=1000, so runs at different N measure the same kind of text.

    python -m benchmarks.generate -n 1000 -o /tmp/bundle-1000 [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GENERATOR_VERSION = 1
REPO = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO / "content" / "sources"

# Publication year of each seed: what a date without a year ("Selasa (12/8)") is read against.
SEED_YEARS = {0: 2025, 1: 2025, 2: 2025, 3: 2019, 4: 2025}
# Outlet names as the seed text writes them (in bylines, datelines, app promos).
SEED_OUTLETS = {0: "CNN Indonesia", 1: "CNBC Indonesia", 2: "IDN Times"}
OUTLETS = (
    "CNN Indonesia", "CNBC Indonesia", "IDN Times", "Kompas.com", "Tempo.co", "Antara", "Liputan6.com",
    "Republika", "Tribunnews.com", "Okezone", "Suara.com", "Katadata", "Bisnis.com", "Media Indonesia",
    "The Jakarta Post", "BBC News Indonesia", "VOA Indonesia",
)  # fmt: skip
FIRST_NAMES = (
    "Andi", "Budi", "Citra", "Dewi", "Eko", "Fajar", "Gita", "Hendra", "Indah", "Joko", "Kartika",
    "Lestari", "Mulyadi", "Nina", "Oki", "Putri", "Rizky", "Sari", "Teguh", "Wahyu", "Yusuf", "Zainal",
    "Sergei", "Dmitri", "Ivan", "Olga", "Nikolai", "Anatoly", "Min", "Hyun", "Seo", "Jae", "John",
    "Mary", "Robert", "Linda", "James", "Patricia", "Michael", "Elena",
)  # fmt: skip
LAST_NAMES = (
    "Santoso", "Wijaya", "Pratama", "Hidayat", "Saputra", "Nugroho", "Kusuma", "Siregar", "Harahap",
    "Lubis", "Simanjuntak", "Wibowo", "Gunawan", "Setiawan", "Halim", "Ivanov", "Petrov", "Sokolov",
    "Volkov", "Morozov", "Lebedev", "Kozlov", "Novikov", "Park", "Lee", "Choi", "Jung", "Kang", "Cho",
    "Yoon", "Smith", "Johnson", "Brown", "Miller", "Davis", "Wilson", "Moore", "Taylor", "Anderson",
    "Clark", "Baskoro", "Tanjung", "Nasution", "Hutapea", "Ginting", "Sembiring", "Purba", "Manurung",
    "Rahardjo", "Susanto", "Kurniawan", "Firmansyah", "Ramadhan", "Syahputra", "Utomo", "Prasetyo",
    "Hartono", "Sutanto", "Wirawan", "Darmawan",
)  # fmt: skip
MAIN_PEOPLE = (("Vladimir Putin", "Putin"), ("Kim Jong Un", "Kim"), ("Donald Trump", "Trump"))
SECONDARY_PEOPLE = (("Yang Moo Jin", "Yang"), ("Dmitry Zhuravlev", "Zhuravlev"))
AUTHORS = ("Tommy Patrio Sorongan",)
AUTHORS_UPPER = ("AMELIA FITRIANI",)
SUMMIT_PLACES = ("Helsinki", "Jenewa", "Wina", "Istanbul", "Riyadh", "Budapest", "Singapura", "Doha", "Bali")
CITIES = ("Anchorage", "Juneau", "Fairbanks", "Reykjavik", "Oslo", "Ankara")
REGIONS = ("Kursk", "Belgorod", "Bryansk", "Donetsk", "Kherson", "Zaporizhzhia", "Luhansk")
DATELINE_CITIES = ("Jakarta", "Surabaya", "Bandung", "Medan", "Makassar", "Semarang", "Denpasar")
SYNONYMS = (
    ("menelepon", "menghubungi"),
    ("panggilan telepon", "percakapan telepon"),
    ("mengatakan", "menyatakan"),
    ("perang", "konflik"),
    ("hubungan", "relasi"),
    ("kesepakatan", "persetujuan"),
)
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember")  # fmt: skip
MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")  # Monday = 0
NUMBER_WORDS = ("dua", "tiga", "empat", "lima", "enam")
HEADLINE_VERBS = ("Bertemu", "Kritik", "Dukung", "Tolak", "Kunjungi", "Telepon", "Puji", "Desak")
TOPICS = ("Gencatan Senjata", "Sanksi Baru", "Harga Minyak", "Latihan Militer", "Pasokan Gandum",
          "Kerja Sama Nuklir", "Pertukaran Tahanan", "Bantuan Kemanusiaan")  # fmt: skip


# --- Dates -----------------------------------------------------------------------------------

_WD = r"(?:Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu)"
_MON = "|".join([*MONTHS, *(m for m in MONTHS_SHORT if m not in MONTHS)])


def _date_pattern() -> re.Pattern[str]:
    alternatives = {
        # "Selasa (12/8)", "Rabu (13/8/2025)"
        "paren": rf"(?:(?P<pw>{_WD})(?:,\s*|\s+))?\((?P<pd>\d{{1,2}})/(?P<pm>\d{{1,2}})(?:/(?P<py>\d{{4}}))?\)",
        # "Rabu, 13/08/2025"
        "numeric": rf"(?:(?P<nw>{_WD}),\s+)?\b(?P<nd>\d{{1,2}})/(?P<nm>\d{{1,2}})/(?P<ny>\d{{4}})\b",
        # "Rabu, 13 Agu 2025", "15 Agustus", "KAMIS, 25 APRIL 2019"
        "dmy": rf"(?:(?P<dw>{_WD}),\s+)?\b(?P<dd>\d{{1,2}}) (?P<dm>{_MON})\b(?: (?P<dy>\d{{4}})\b)?",
        # "Agustus 2024"
        "monthyear": rf"\b(?P<mm>{_MON}) (?P<my>\d{{4}})\b",
        # "10.000"
        "thousands": r"\b(?P<th>\d{1,3}(?:\.\d{3})+)\b",
        # "11:08", "23:44"
        "time": r"(?<![\d.,])\b(?P<hh>\d{1,2})[:.](?P<mi>\d{2})\b(?![\d.,])",
        # "pada 2022", "sejak 2021"
        "year": r"\b(?P<yr>19\d{2}|20\d{2})\b",
        # "15 ribu tentara", "80 tahun"
        "count": r"\b(?P<ct>\d{1,2})(?= (?:ribu|tahun|tentara|jam|kali|hari|pekerja|orang)\b)",
        # "tiga hari sebelum KTT"
        "words": r"\b(?P<nw_>dua|tiga|empat|lima)(?= (?:hari|kali|tahun|jam)\b)",
    }
    return re.compile("|".join(f"(?P<{name}>{body})" for name, body in alternatives.items()), re.IGNORECASE)


DATE_PATTERN = _date_pattern()


def _month_number(name: str) -> int:
    key = name.lower()
    for index, (full, short) in enumerate(zip(MONTHS, MONTHS_SHORT, strict=True)):
        if key in (full.lower(), short.lower()):
            return index + 1
    raise ValueError(name)


def _like(word: str, template: str) -> str:
    """`word` in the letter case of `template` (KAMIS -> SENIN, Kamis -> Senin)."""
    return word.upper() if template.isupper() and len(template) > 1 else word


def _weekday(original: str | None, day: dt.date, separator: str) -> str:
    return f"{_like(WEEKDAYS[day.weekday()], original)}{separator}" if original else ""


@dataclass(frozen=True)
class _Shift:
    days: int
    seed_year: int
    scale: float  # for quantities
    rng: random.Random

    def date(self, day: int, month: int, year: int | None) -> dt.date | None:
        try:
            return dt.date(year or self.seed_year, month, day) + dt.timedelta(days=self.days)
        except ValueError:
            return None

    @property
    def years(self) -> int:
        return (dt.date(self.seed_year, 6, 30) + dt.timedelta(days=self.days)).year - self.seed_year


def _rewrite(match: re.Match[str], shift: _Shift) -> str:
    g = match.groupdict()
    text = match.group()
    if g["paren"]:
        new = shift.date(int(g["pd"]), int(g["pm"]), int(g["py"]) if g["py"] else None)
        if new is None:
            return text
        separator = text[len(g["pw"]) : text.index("(")] if g["pw"] else ""
        year = f"/{new.year}" if g["py"] else ""
        return f"{_weekday(g['pw'], new, separator)}({new.day}/{new.month}{year})"
    if g["numeric"]:
        new = shift.date(int(g["nd"]), int(g["nm"]), int(g["ny"]))
        if new is None:
            return text
        return f"{_weekday(g['nw'], new, ', ')}{new.day:02d}/{new.month:02d}/{new.year}"
    if g["dmy"]:
        new = shift.date(int(g["dd"]), _month_number(g["dm"]), int(g["dy"]) if g["dy"] else None)
        if new is None:
            return text
        names = MONTHS_SHORT if len(g["dm"]) <= 3 and g["dm"].lower() != "mei" else MONTHS
        month = _like(names[new.month - 1], g["dm"])
        year = f" {new.year}" if g["dy"] else ""
        return f"{_weekday(g['dw'], new, ', ')}{new.day} {month}{year}"
    if g["monthyear"]:
        new = shift.date(1, _month_number(g["mm"]), int(g["my"]))
        if new is None:
            return text
        return f"{_like(MONTHS[new.month - 1], g['mm'])} {new.year}"
    if g["thousands"]:
        value = int(g["th"].replace(".", ""))
        scaled = max(1000, int(round(value * shift.scale, -3)))
        return f"{scaled:,}".replace(",", ".")
    if g["time"]:
        return f"{shift.rng.randrange(6, 23):02d}:{shift.rng.randrange(60):02d}"
    if g["year"]:
        return str(int(g["yr"]) + shift.years)
    if g["count"]:
        value = int(g["ct"])
        return str(max(2, min(99, round(value * shift.scale))))
    if g["nw_"]:
        return _like(shift.rng.choice(NUMBER_WORDS), g["nw_"]) if shift.rng.random() < 0.5 else text
    return text


# --- Articles --------------------------------------------------------------------------------


@cache
def seed_texts() -> tuple[str, ...]:
    files = sorted(SEEDS_DIR.glob("*.txt"))
    if len(files) != len(SEED_YEARS):
        raise SystemExit(f"expected {len(SEED_YEARS)} seed articles in {SEEDS_DIR}, found {len(files)}")
    return tuple(f.read_text(encoding="utf-8").replace("\r\n", "\n") for f in files)


def _person(rng: random.Random) -> tuple[str, str]:
    """A name from the pool, heavy head: a few names recur a lot, most are rare."""
    pool = len(FIRST_NAMES) * len(LAST_NAMES)
    index = int(pool * rng.random() ** 2.5)
    first, last = FIRST_NAMES[index % len(FIRST_NAMES)], LAST_NAMES[index // len(FIRST_NAMES)]
    return f"{first} {last}", last


def _replace_words(text: str, old: str, new: str) -> str:
    return re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w])", new.replace("\\", r"\\"), text)


def _headline(rng: random.Random) -> str:
    name, _ = _person(rng)
    return f"{name} {rng.choice(HEADLINE_VERBS)} {rng.choice(SUMMIT_PLACES)} soal {rng.choice(TOPICS)}"


def _boilerplate_line(rng: random.Random) -> str:
    kind = rng.randrange(8)
    if kind == 0:
        return f"Baca juga: {_headline(rng)}"
    if kind == 1:
        return f"BACA JUGA: {_headline(rng)}"
    if kind == 2:
        return "ADVERTISEMENT"
    if kind == 3:
        return "SCROLL TO CONTINUE WITH CONTENT"
    if kind == 4:
        return "Iklan - Scroll untuk Melanjutkan"
    if kind == 5:
        name, _ = _person(rng)
        agency = rng.choice(("AFP", "REUTERS", "ANTARA FOTO"))
        return f"{name} di {rng.choice(SUMMIT_PLACES)}. Foto: {agency}/{name.upper()}"
    if kind == 6:
        return f"({''.join(rng.choices('abcdefghij', k=3))}/{''.join(rng.choices('klmnopqrst', k=3))})"
    return f"Simak juga: {_headline(rng)}"


_DROPPABLE = re.compile(
    r"^(?:Foto:|.*\bFoto: |Iklan\b|KOMENTAR$|ARTIKEL TERKAIT$|TOPIK TERKAIT$|TERPOPULER$|"
    r"\([a-z]{2,5}/[a-z]{2,5}\)$|Baca artikel |.*\((?:[^()]*\bvia\b[^()]*|[\w-]+\.[\w.]+/[^()]*)\)$)"
)


def _is_body(line: str) -> bool:
    words = len(line.split())
    return words >= 25 or (words >= 12 and line.rstrip().endswith((".", '"', "”")))


def _vary_boilerplate(lines: list[str], rng: random.Random) -> list[str]:
    kept = [line for line in lines if not (_DROPPABLE.match(line.strip()) and rng.random() < 0.3)]
    body = [i for i, line in enumerate(kept) if _is_body(line)]
    if body:
        for _ in range(rng.randrange(5)):  # 0-4 inserted lines, between the lede and the end
            at = rng.randrange(body[0] + 1, len(kept) + 1)
            kept[at:at] = ["", _boilerplate_line(rng)]
    if rng.random() < 0.2:
        if rng.random() < 0.5:
            kept += ["", "Berita Terkait", *(_headline(rng) for _ in range(rng.randrange(2, 6)))]
        else:
            kept += ["", "Populer", ""]
            for _ in range(rng.randrange(2, 6)):
                day = dt.date(2025, 12, 1) + dt.timedelta(days=rng.randrange(30))
                when = f"{WEEKDAYS[day.weekday()]}, {day.day} {MONTHS[day.month - 1]} {day.year}"
                kept += [_headline(rng), "", f"{when} | {rng.randrange(24):02d}:{rng.randrange(60):02d}", ""]
    return kept


def _shuffle_body(lines: list[str], rng: random.Random) -> None:
    body = [i for i, line in enumerate(lines) if _is_body(line)][1:]  # the lede stays first
    if len(body) < 2:
        return
    for _ in range(rng.randrange(1, 4)):
        a, b = rng.sample(body, 2)
        lines[a], lines[b] = lines[b], lines[a]


def _article_rng(seed: int, index: int) -> random.Random:
    digest = hashlib.sha256(f"annotated-explainer-bench:{seed}:{index}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _fresh_article(seed: int, index: int, rng: random.Random) -> str:
    seed_index = rng.randrange(len(seed_texts()))
    text = seed_texts()[seed_index]

    # People, longest names first; the short form follows its long form.
    people = list(SECONDARY_PEOPLE)
    if rng.random() < 0.15:
        people.append(rng.choice(MAIN_PEOPLE))
    for full, short in people:
        new_full, new_short = _person(rng)
        text = _replace_words(text, full, new_full)
        text = _replace_words(text, short, new_short)
    for author in AUTHORS:
        text = _replace_words(text, author, _person(rng)[0])
    for author in AUTHORS_UPPER:
        text = _replace_words(text, author, _person(rng)[0].upper())
    # Places and outlets.
    if rng.random() < 0.5:
        text = _replace_words(text, "Alaska", rng.choice(SUMMIT_PLACES))
        text = _replace_words(text, "Anchorage", rng.choice(CITIES))
    if rng.random() < 0.4:
        text = _replace_words(text, "Kursk", rng.choice(REGIONS))
    if seed_index in SEED_OUTLETS:
        text = text.replace(SEED_OUTLETS[seed_index], rng.choice(OUTLETS))
    text = re.sub(r"^Jakarta,", f"{rng.choice(DATELINE_CITIES)},", text, flags=re.M)
    for old, new in SYNONYMS:
        if rng.random() < 0.3:
            text = _replace_words(text, old, new)

    # Dates, numbers, times.
    roll = rng.random()
    if roll < 0.55:
        days = 0  # the same event, told again
    elif roll < 0.80:
        days = rng.choice((-3, -2, -1, 1, 2, 3))  # conflicting reports of it
    else:
        days = -7 * rng.randrange(1, 260)  # a background story, up to five years earlier
    shift = _Shift(days=days, seed_year=SEED_YEARS[seed_index], scale=rng.uniform(0.5, 2.0), rng=rng)
    text = DATE_PATTERN.sub(lambda m: _rewrite(m, shift), text)

    lines = text.split("\n")
    if rng.random() < 0.5:
        _shuffle_body(lines, rng)
    return "\n".join(_vary_boilerplate(lines, rng))


def article(seed: int, index: int) -> str:
    """The text of article `index` of every bundle made with `seed`."""
    return _article(seed, index)


@cache
def _article(seed: int, index: int) -> str:
    rng = _article_rng(seed, index)
    roll = rng.random()
    if index > 0 and roll < 0.03:
        return _article(seed, rng.randrange(index))  # an exact copy, as aggregators publish them
    if index > 0 and roll < 0.06:
        earlier = _article(seed, rng.randrange(index))  # a near copy: other ads and links
        return "\n".join(_vary_boilerplate(earlier.split("\n"), rng))
    return _fresh_article(seed, index, rng)


def manifest_path(out: Path) -> Path:
    return out.with_name(out.name + ".manifest.json")


def manifest(n: int, seed: int) -> dict[str, object]:
    seeds = hashlib.sha256("".join(seed_texts()).encode()).hexdigest()
    return {"generator_version": GENERATOR_VERSION, "n": n, "seed": seed, "seed_texts_sha256": seeds}


def is_current(out: Path, n: int, seed: int) -> bool:
    path = manifest_path(out)
    if not path.is_file() or not (out / "sources").is_dir():
        return False
    try:
        return bool(json.loads(path.read_text(encoding="utf-8")) == manifest(n, seed))
    except ValueError:
        return False


def generate(n: int, out: Path, seed: int = 1) -> Path:
    """Write a content folder with `sources/` holding `n` articles; returns `out`."""
    if out.exists():
        shutil.rmtree(out)
    manifest_path(out).unlink(missing_ok=True)
    sources = out / "sources"
    sources.mkdir(parents=True)
    for index in range(n):
        text = article(seed, index)
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        (sources / f"{index:05d}_{digest}.txt").write_text(text, encoding="utf-8")
    _article.cache_clear()
    manifest_path(out).write_text(json.dumps(manifest(n, seed), indent=2) + "\n", encoding="utf-8")
    return out


def ensure(n: int, out: Path, seed: int = 1) -> Path:
    """Generate the bundle unless an identical one is already there."""
    return out if is_current(out, n, seed) else generate(n, out, seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, required=True, help="number of articles")
    parser.add_argument("-o", "--out", type=Path, required=True, help="content folder to write (replaced)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    generate(args.n, args.out, args.seed)
    size = sum(f.stat().st_size for f in (args.out / "sources").iterdir())
    print(f"{args.out}: {args.n} articles, {size / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
