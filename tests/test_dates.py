"""Date expressions: the seeds' own sentences, non-dates, English, unknown reference, properties.

Seed sentences are copied verbatim from content/sources/*.txt (a test checks they still are).
References are the articles' publication dates: 2025-08-13 for 000-002, 2019-04-25 for 003;
004 carries no date of its own, so it is read with reference None.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.extract.dates import DATA_PATH, RULE_PRECISION, FoundDate, find_dates
from tests.support.paths import SEED_CONTENT

AUG_13 = dt.date(2025, 8, 13)  # a Wednesday
APR_25 = dt.date(2019, 4, 25)  # a Thursday
SOURCES = SEED_CONTENT / "sources"
CNN, CNBC, IDN, RMOL, BLOG = (
    "000_b552c2c3d6dd6ff1.txt",
    "001_252420a67f3c89ef.txt",
    "002_8728f98c310d0c69.txt",
    "003_8cc1f86e64e8e9eb.txt",
    "004_5edefcecc02ee30f.txt",
)
REFERENCES: dict[str, dt.date | None] = {CNN: AUG_13, CNBC: AUG_13, IDN: AUG_13, RMOL: APR_25, BLOG: None}

Expected = list[tuple[str, str | None, str]]  # (span text, iso value or None, rule)

# (file, sentence copied verbatim, expected dates in order)
SEED_SENTENCES: list[tuple[str, str, Expected]] = [
    (CNN, "Rabu, 13 Agu 2025 11:08 WIB", [("Rabu, 13 Agu 2025", "2025-08-13", "day-month-year")]),
    (
        CNN,
        "Momen pertemuan Putin dan Kim Jong Un pada 2019 lalu. Foto: AFP/ALEXEY NIKOLSKY",
        [("2019", "2019", "year-cued")],
    ),
    (
        CNN,
        "Dalam pernyataan yang dirilis Kremlin pada Selasa (12/8), Putin menelepon Kim untuk mengucapkan selamat atas"
        " peringatan 80 tahun kemerdekaan Korea dari Jepang yang diperingati pada 15 Agustus mendatang.",
        [("Selasa (12/8)", "2025-08-12", "day-month-paren"), ("15 Agustus mendatang", "2025-08-15", "day-month")],
    ),
    (
        CNN,
        "Pada kesempatan itu, ia juga memberi tahu Kim mengenai rencana pertemuannya dengan Trump di Alaska pada"
        " 15 Agustus.",
        [("15 Agustus", "2025-08-15", "day-month")],
    ),
    (
        CNN,
        "Putin dan Trump akan bertemu di Alaska pada Jumat (15/8) untuk membahas perang Rusia vs Ukraina. Trump"
        " mengatakan pertemuan itu untuk mengakhiri perang yang telah berlangsung selama nyaris tiga setengah tahun"
        " tersebut.",
        [("Jumat (15/8)", "2025-08-15", "day-month-paren")],
    ),
    (
        CNN,
        "Selama beberapa tahun terakhir, hubungan Rusia dan Korea Utara begitu hangat. Pyongyang mengerahkan"
        " pasukannya ke Rusia untuk membantu prajurit Kremlin berperang melawan Ukraina.",
        [],
    ),
    (
        CNN,
        "Rusia mengeklaim pihaknya berhasil mengusir Kyiv dari wilayah perbatasan di Kursk setelah serangan pada"
        " Agustus 2024. Semua itu disebut berkat bantuan para tentara Korea Utara.",
        [("Agustus 2024", "2024-08", "month-year")],
    ),
    (CNBC, "Rabu, 13/08/2025 14:11 WIB", [("Rabu, 13/08/2025", "2025-08-13", "numeric-date")]),
    (
        CNBC,
        "Jakarta, CNBC Indonesia -\u00a0Presiden Rusia Vladimir Putin menelepon Pemimpin Tertinggi Korea Utara (Korut)"
        " Kim Jong Un, Selasa. Hal ini terjadi sebelum rencana pertemuan antara Putin\u00a0dan Presiden Amerika Serikat"
        " (AS), Donald Trump.",
        [("Selasa", "2025-08-12", "weekday")],
    ),
    (
        CNBC,
        '"Keduanya mengonfirmasi keinginan mereka untuk memperkuat kerja sama di masa depan," tulis media Korut,'
        " KCNA, dikutip Rabu (13/8/2025).",
        [("Rabu (13/8/2025)", "2025-08-13", "day-month-paren")],
    ),
    (
        CNBC,
        "Panggilan telepon ini dilakukan tiga hari sebelum KTT antara Putin dan Trump, yang merupakan pertemuan"
        " pertama antara presiden AS dan Rusia yang sedang menjabat sejak 2021. Trump berupaya menjadi perantara"
        " untuk mengakhiri perang Rusia yang sudah berlangsung lebih dari tiga tahun di Ukraina.\u00a0Trump"
        " diperkirakan akan mendesak Rusia menghentikan serangannya.",
        [("tiga hari sebelum KTT", None, "event-relative"), ("2021", "2021", "year-cued")],
    ),
    (
        CNBC,
        "Rusia dan Korut telah menjalin hubungan yang lebih erat dalam beberapa tahun terakhir. Pyongyang memasok"
        " pasukan dan senjata untuk operasi militer Rusia di Ukraina dan kedua negara menandatangani pakta"
        " pertahanan bersama tahun lalu ketika Putin mengunjungi negara terpencil tersebut.",
        [("tahun lalu", "2024", "relative-year")],
    ),
    (
        CNBC,
        "Pada bulan April, Pyongyang mengonfirmasi untuk pertama kalinya bahwa mereka telah mengerahkan kontingen"
        " tentaranya ke garis depan di Ukraina, bersama pasukan Rusia. Lembaga intelijen Korea Selatan dan Barat"
        " mengatakan Pyongyang mengirim lebih dari 10.000 tentara ke wilayah Kursk Rusia pada tahun 2024, bersama"
        " dengan peluru artileri, rudal, dan sistem roket jarak jauh.",
        [("bulan April", "2025-04", "month-cued"), ("tahun 2024", "2024", "year-cued")],
    ),
    (
        CNBC,
        "Selama masa jabatan pertama presiden AS, Trump bertemu Kim tiga kali dalam upaya mencapai kesepakatan"
        " tentang denuklirisasi Korea Utara. Namun, sejak KTT kedua mereka di Hanoi pada 2019 gagal karena"
        " ketidaksepakatan tentang apa yang akan didapat Korut sebagai imbalannya, Pyongyang telah mempercepat"
        " program nuklirnya.",
        [("2019", "2019", "year-cued")],
    ),
    (
        IDN,
        "Pemimpin Korut, Kim Jong Un (kiri), dan Presiden Rusia, Vladimir Putin (kanan). (Kremlin.ru, CC BY 4.0,"
        " via Wikimedia Commons)",
        [],
    ),
    (
        IDN,
        "Menurut penilaian Korsel, Korut telah mengirim sekitar 15 ribu tentara ke Rusia sejak Oktober tahun lalu.",
        [("Oktober tahun lalu", "2024-10", "month-relative")],
    ),
    (
        IDN,
        "Kepada Kim, Putin mengatakan dirinya sangat mengapresiasi dukungan Pyongyang dan semangat pengorbanan diri"
        " yang ditunjukkan oleh pasukannya selama pembebasan wilayah barat negaranya tersebut, dilaporkan kantor"
        " berita pemerintah Korut, KCNA, pada Rabu (13/8/2025).",
        [("Rabu (13/8/2025)", "2025-08-13", "day-month-paren")],
    ),
    (
        IDN,
        "Panggilan telepon antara Putin dan Kim dilakukan beberapa hari menjelang pertemuan Putin dengan Presiden AS,"
        " Donald Trump, di Alaska, untuk membahas perang Ukraina. Putin juga memberi tahu Kim terkait pembicaraan"
        " dengan Trump, yang dijadwalkan berlangsung pada Jumat mendatang.",
        [("Jumat mendatang", "2025-08-15", "weekday-relative")],
    ),
    (
        IDN,
        "Pada April, Pyongyang untuk pertama kalinya secara terbuka mengakui telah mengirim sekelompok tentaranya"
        " untuk bertempur bersama pasukan Rusia.",
        [("April", "2025-04", "month-cued")],
    ),
    (
        IDN,
        "Pemerintahnya telah menepis keinginan Washington dan Seoul untuk memulai kembali diplomasi yang bertujuan"
        " meredakan program nuklir Korut, yang telah terhenti sejak 2019.",
        [("2019", "2019", "year-cued")],
    ),
    (IDN, "ilustrasi tentara Ukraina (twitter.com/ZelenskyyUa)", []),
    (
        RMOL,
        "KAMIS, 25 APRIL 2019 | 23:44 WIB | LAPORAN: AMELIA FITRIANI",
        [("KAMIS, 25 APRIL 2019", "2019-04-25", "day-month-year")],
    ),
    (
        RMOL,
        "Pertemuan tingkat tinggi antara Pemimpin Korea Utara Kim Jong Un dan Presiden Rusia Vladimir Putin di Rusia"
        " hari Kamis (25/4) mencetak sejarah tersendiri.",
        [("hari Kamis (25/4)", "2019-04-25", "day-month-paren")],
    ),
    (
        RMOL,
        "Pertemuan tersebut membuktikan betapa pentingnya Rusia dalam proses denuklirisasi Semenanjung Korea,"
        " terutama setelah kegagalan pembicaraan Amerika Serikat dan Korea Utara di Hanoi Februari lalu.",
        [("Februari lalu", "2019-02", "month-relative")],
    ),
    (
        RMOL,
        '"Kami sangat bersedia untuk membawa hubungan Korea-Rusia ke tingkat yang baru dan lebih tinggi," kata Kim'
        " dalam sambutan setelah pembicaraan dengan Presiden Rusia Vladimir Putin yang berlangsung selama lebih dari"
        " tiga jam.",
        [],
    ),
    (
        BLOG,
        "Saat ini dunia politik Internasional sedang diramaikan dengan kabar tentang adanya panggilan telepon antara"
        " pemimpin Rusia Vladimir Putin dan Presiden Korea Selatan pada tanggal 12 Agustus 2025, hanya beberapa hari"
        " sebelum melakukan pertemuannya dengan Presiden Amerika Serikat Donald Trump di Alaska.",
        [("tanggal 12 Agustus 2025", "2025-08-12", "day-month-year")],
    ),
    (
        BLOG,
        "Hubungan antara Vladimir Putin dan Kim Jong Un semakin erat dalam beberapa tahun terakhir, terutama sejak"
        " Rusia melancarkan operasi militer di Ukraina pada 2022.",
        [("2022", "2022", "year-cued")],
    ),
    (
        BLOG,
        "Pada Juni 2024, Putin mengunjungi Pyongyang untuk pertama kalinya dalam 24 tahun, menandatangani Perjanjian"
        " Kemitraan Strategis Komprehensif yang mencakup klausul pertahanan bersama.",
        [("Juni 2024", "2024-06", "month-year")],
    ),
    (
        BLOG,
        "Putin memanfaatkan kesempatan ini untuk memberi informasi kepada Kim tentang persiapan pertemuannya dengan"
        " Donald Trump di Anchorage, Alaska, pada 15 Agustus 2025.",
        [("15 Agustus 2025", "2025-08-15", "day-month-year")],
    ),
]


def summary(found: tuple[FoundDate, ...]) -> Expected:
    return [(f.text, f.value.iso() if f.value else None, f.rule) for f in found]


def check_spans(text: str, found: tuple[FoundDate, ...]) -> None:
    previous_end = 0
    for f in found:
        assert 0 <= previous_end <= f.start < f.end <= len(text), found
        assert text[f.start : f.end] == f.text
        previous_end = f.end


@pytest.fixture(scope="module")
def seed_texts() -> dict[str, str]:
    return {name: (SOURCES / name).read_text(encoding="utf-8") for name in REFERENCES}


@pytest.mark.parametrize(("name", "sentence", "expected"), SEED_SENTENCES, ids=lambda v: str(v)[:40])
def test_seed_sentences(seed_texts: dict[str, str], name: str, sentence: str, expected: Expected) -> None:
    assert sentence in seed_texts[name], "sentence no longer verbatim in the seed"
    found = find_dates(sentence, REFERENCES[name], "id")
    assert summary(found) == expected
    check_spans(sentence, found)
    # each expected span sits where the text says it does
    position = 0
    for f, (text, _, _) in zip(found, expected, strict=True):
        assert f.start == sentence.index(text, position)
        position = f.end
    # the language guess does not change anything for Indonesian text
    assert summary(find_dates(sentence, REFERENCES[name])) == expected


def test_seed_sentence_details() -> None:
    tuesday = find_dates("Dalam pernyataan yang dirilis Kremlin pada Selasa (12/8), Putin menelepon Kim", AUG_13, "id")[
        0
    ]
    assert (tuesday.weekday, tuesday.weekday_ok, tuesday.value) == (1, True, tuesday.value)
    assert tuesday.value is not None and tuesday.value.precision == "day"
    event = find_dates("Panggilan telepon ini dilakukan tiga hari sebelum KTT antara Putin dan Trump", AUG_13, "id")[0]
    assert (event.value, event.relative_days, event.anchor, event.rule) == (None, -3, "KTT", "event-relative")
    month = find_dates("setelah serangan pada Agustus 2024.", AUG_13, "id")[0]
    assert month.value is not None and (month.value.precision, month.value.day) == ("month", None)


# Whole files: every date found in the article, in order (the sidebar of 003 is cut off: it is
# a list of other articles, which cleaning removes before extraction).
WHOLE_FILES: dict[str, list[tuple[str, str | None]]] = {
    CNN: [
        ("Rabu, 13 Agu 2025", "2025-08-13"),
        ("2019", "2019"),
        ("Selasa (12/8)", "2025-08-12"),
        ("15 Agustus mendatang", "2025-08-15"),
        ("15 Agustus", "2025-08-15"),
        ("Jumat (15/8)", "2025-08-15"),
        ("Agustus 2024", "2024-08"),
    ],
    CNBC: [
        ("Rabu, 13/08/2025", "2025-08-13"),
        ("Selasa", "2025-08-12"),
        ("Rabu (13/8/2025)", "2025-08-13"),
        ("tiga hari sebelum KTT", None),
        ("2021", "2021"),
        ("tahun lalu", "2024"),
        ("bulan April", "2025-04"),
        ("tahun 2024", "2024"),
        ("2019", "2019"),
    ],
    IDN: [
        ("Oktober tahun lalu", "2024-10"),
        ("Rabu (13/8/2025)", "2025-08-13"),
        ("Jumat mendatang", "2025-08-15"),
        ("April", "2025-04"),
        ("Oktober tahun lalu", "2024-10"),
        ("2019", "2019"),
    ],
    RMOL: [("KAMIS, 25 APRIL 2019", "2019-04-25"), ("hari Kamis (25/4)", "2019-04-25"), ("Februari lalu", "2019-02")],
    BLOG: [
        ("tanggal 12 Agustus 2025", "2025-08-12"),
        ("2022", "2022"),
        ("Juni 2024", "2024-06"),
        ("12 Agustus 2025", "2025-08-12"),
        ("15 Agustus 2025", "2025-08-15"),
    ],
}


@pytest.mark.parametrize("name", sorted(WHOLE_FILES))
def test_whole_seed_files(seed_texts: dict[str, str], name: str) -> None:
    text = seed_texts[name].split("\nPopuler\n")[0]
    found = find_dates(text, REFERENCES[name], "id")
    check_spans(text, found)
    assert [(f.text, f.value.iso() if f.value else None) for f in found] == WHOLE_FILES[name]


def test_seed_absolute_dates_agree_with_dateparser(seed_texts: dict[str, str]) -> None:
    """Where a date carries its own year, dateparser (given the same text) reads the same value."""
    from dateparser.date import DateDataParser

    checked = 0
    for name, text in seed_texts.items():
        reference = REFERENCES[name] or AUG_13
        base = dt.datetime(reference.year, reference.month, reference.day)
        parser = DateDataParser(languages=["id"], settings={"DATE_ORDER": "DMY", "RELATIVE_BASE": base})
        for f in find_dates(text.split("\nPopuler\n")[0], REFERENCES[name], "id"):
            if f.rule not in ("day-month-year", "numeric-date", "month-year") or f.value is None:
                continue
            data = parser.get_date_data(f.text)
            assert data.date_obj is not None, f.text
            assert data.period == f.value.precision
            assert (data.date_obj.year, data.date_obj.month) == (f.value.year, f.value.month)
            if f.value.day is not None:
                assert data.date_obj.day == f.value.day
            checked += 1
    assert checked >= 8


# --- The brief's examples, out of context -------------------------------------------------------

# (text, reference, language, expected)
EXAMPLES: list[tuple[str, dt.date | None, str | None, Expected]] = [
    ("Selasa (12/8)", AUG_13, "id", [("Selasa (12/8)", "2025-08-12", "day-month-paren")]),
    ("Jumat (15/8)", AUG_13, "id", [("Jumat (15/8)", "2025-08-15", "day-month-paren")]),
    ("Rabu (13/8/2025)", AUG_13, "id", [("Rabu (13/8/2025)", "2025-08-13", "day-month-paren")]),
    ("hari Kamis (25/4)", APR_25, "id", [("hari Kamis (25/4)", "2019-04-25", "day-month-paren")]),
    ("15 Agustus mendatang", AUG_13, "id", [("15 Agustus mendatang", "2025-08-15", "day-month")]),
    ("pada 15 Agustus", AUG_13, "id", [("15 Agustus", "2025-08-15", "day-month")]),
    ("12 Agustus 2025", AUG_13, "id", [("12 Agustus 2025", "2025-08-12", "day-month-year")]),
    ("Agustus 2024", AUG_13, "id", [("Agustus 2024", "2024-08", "month-year")]),
    ("pada Juni 2024", AUG_13, "id", [("Juni 2024", "2024-06", "month-year")]),
    ("Pada bulan April", AUG_13, "id", [("bulan April", "2025-04", "month-cued")]),
    ("pada April", AUG_13, "id", [("April", "2025-04", "month-cued")]),
    ("pada Oktober", AUG_13, "id", [("Oktober", "2024-10", "month-cued")]),  # not after the reference month
    ("Februari lalu", APR_25, "id", [("Februari lalu", "2019-02", "month-relative")]),
    ("Oktober tahun lalu", AUG_13, "id", [("Oktober tahun lalu", "2024-10", "month-relative")]),
    ("Oktober mendatang", AUG_13, "id", [("Oktober mendatang", "2025-10", "month-relative")]),
    ("tahun lalu", AUG_13, "id", [("tahun lalu", "2024", "relative-year")]),
    ("tahun depan", AUG_13, "id", [("tahun depan", "2026", "relative-year")]),
    ("bulan lalu", AUG_13, "id", [("bulan lalu", "2025-07", "relative-month")]),
    ("sejak 2021", AUG_13, "id", [("2021", "2021", "year-cued")]),
    ("pada 2022", AUG_13, "id", [("2022", "2022", "year-cued")]),
    ("pada tahun 2024", AUG_13, "id", [("tahun 2024", "2024", "year-cued")]),
    ("pada 2019", AUG_13, "id", [("2019", "2019", "year-cued")]),
    ("pada 2014 dan 2015", AUG_13, "id", [("2014", "2014", "year-cued"), ("2015", "2015", "year-list")]),
    ("Jumat mendatang", AUG_13, "id", [("Jumat mendatang", "2025-08-15", "weekday-relative")]),
    ("Jumat lalu", AUG_13, "id", [("Jumat lalu", "2025-08-08", "weekday-relative")]),
    ("Rabu mendatang", AUG_13, "id", [("Rabu mendatang", "2025-08-20", "weekday-relative")]),
    ("Kim Jong Un, Selasa.", AUG_13, "id", [("Selasa", "2025-08-12", "weekday")]),
    ("Putin menelepon Kim, Rabu.", AUG_13, "id", [("Rabu", "2025-08-13", "weekday")]),  # the day itself
    ("Trump akan bertemu Putin pada Jumat.", AUG_13, "id", [("Jumat", "2025-08-15", "weekday")]),  # future tense
    ("Pada Minggu, Kim tiba.", AUG_13, "id", [("Minggu", "2025-08-10", "weekday")]),
    ("kemarin", AUG_13, "id", [("kemarin", "2025-08-12", "relative-day")]),
    ("hari ini", AUG_13, "id", [("hari ini", "2025-08-13", "relative-day")]),
    ("besok", AUG_13, "id", [("besok", "2025-08-14", "relative-day")]),
    ("tiga hari lalu", AUG_13, "id", [("tiga hari lalu", "2025-08-10", "ago")]),
    ("dua tahun lalu", AUG_13, "id", [("dua tahun lalu", "2023", "ago")]),
    ("tiga hari sebelum KTT", AUG_13, "id", [("tiga hari sebelum KTT", None, "event-relative")]),
    ("dua hari setelah pertemuan itu", AUG_13, "id", [("dua hari setelah pertemuan", None, "event-relative")]),
    ("sehari sebelum KTT", AUG_13, "id", [("sehari sebelum KTT", None, "event-relative")]),
    (
        "5 hari sesudah Hari Raya Idul Fitri tiba",
        AUG_13,
        "id",
        [("5 hari sesudah Hari Raya Idul Fitri", None, "event-relative")],
    ),
    ("Rabu, 13 Agu 2025 11:08 WIB", None, "id", [("Rabu, 13 Agu 2025", "2025-08-13", "day-month-year")]),
    ("29 Februari", AUG_13, "id", [("29 Februari", "2024-02-29", "day-month")]),  # nearest valid one
    ("(28/12)", dt.date(2026, 1, 5), "id", [("(28/12)", "2025-12-28", "day-month-paren")]),  # last December
]

ENGLISH: list[tuple[str, dt.date | None, str | None, Expected]] = [
    ("March 3, 2024", AUG_13, "en", [("March 3, 2024", "2024-03-03", "month-day-year")]),
    ("3 March 2024", AUG_13, "en", [("3 March 2024", "2024-03-03", "day-month-year")]),
    ("the 15th of August", AUG_13, "en", [("15th of August", "2025-08-15", "day-month")]),
    ("He called Kim on Tuesday.", AUG_13, "en", [("Tuesday", "2025-08-12", "weekday")]),
    ("They will meet on Friday.", AUG_13, "en", [("Friday", "2025-08-15", "weekday")]),
    ("last October", AUG_13, "en", [("last October", "2024-10", "month-relative")]),
    ("October last year", AUG_13, "en", [("October last year", "2024-10", "month-relative")]),
    ("in 2022", AUG_13, "en", [("2022", "2022", "year-cued")]),
    ("mid-2024", AUG_13, "en", [("2024", "2024", "year-cued")]),
    ("Aug. 12", AUG_13, "en", [("Aug. 12", "2025-08-12", "month-day")]),
    ("August 12th", AUG_13, "en", [("August 12th", "2025-08-12", "month-day")]),
    ("in April", AUG_13, "en", [("April", "2025-04", "month-cued")]),
    ("last year", AUG_13, "en", [("last year", "2024", "relative-year")]),
    ("yesterday", AUG_13, "en", [("yesterday", "2025-08-12", "relative-day")]),
    ("next Friday", AUG_13, "en", [("next Friday", "2025-08-15", "weekday-relative")]),
    ("3 years ago", AUG_13, "en", [("3 years ago", "2022", "ago")]),
    ("three days before the summit", AUG_13, "en", [("three days before the summit", None, "event-relative")]),
    ("a day after the vote", AUG_13, "en", [("a day after the vote", None, "event-relative")]),
    ("from 2019 to 2022", AUG_13, "en", [("2019", "2019", "year-cued"), ("2022", "2022", "year-list")]),
    ("they may march in May", AUG_13, "en", [("May", "2025-05", "month-cued")]),
    ("Tuesday, March 3, 2024", AUG_13, "en", [("Tuesday, March 3, 2024", "2024-03-03", "month-day-year")]),
    # with language None both default languages are read
    (
        "On Aug. 12 and pada 15 Agustus",
        AUG_13,
        None,
        [("Aug. 12", "2025-08-12", "month-day"), ("15 Agustus", "2025-08-15", "day-month")],
    ),
]


@pytest.mark.parametrize(("text", "reference", "language", "expected"), EXAMPLES + ENGLISH, ids=lambda v: str(v)[:30])
def test_examples(text: str, reference: dt.date | None, language: str | None, expected: Expected) -> None:
    found = find_dates(text, reference, language)
    assert summary(found) == expected
    check_spans(text, found)


def test_event_relative_fields() -> None:
    (en,) = find_dates("three days before the summit", AUG_13, "en")
    assert (en.relative_days, en.anchor, en.value) == (-3, "summit", None)
    (after,) = find_dates("dua hari setelah pertemuan itu", AUG_13, "id")
    assert (after.relative_days, after.anchor) == (2, "pertemuan")
    (week,) = find_dates("seminggu setelah pertemuan", None, "id")  # needs no reference
    assert (week.relative_days, week.anchor) == (7, "pertemuan")


def test_event_anchor_that_is_a_date_leaves_the_date() -> None:
    assert summary(find_dates("dua hari sebelum Jumat (15/8)", AUG_13, "id")) == [
        ("Jumat (15/8)", "2025-08-15", "day-month-paren")
    ]


# --- Weekdays ---------------------------------------------------------------------------------


def test_weekday_disagreement() -> None:
    (monday,) = find_dates("Senin (12/8)", AUG_13, "id")
    assert monday.value is not None and monday.value.iso() == "2025-08-12"
    assert (monday.weekday, monday.weekday_ok) == (0, False)


@pytest.mark.parametrize(
    ("text", "weekday", "ok"),
    [
        ("Selasa (12/8)", 1, True),
        ("Rabu, 13/08/2025", 2, True),
        ("Tuesday, March 3, 2024", 1, False),  # 3 March 2024 was a Sunday
        ("15 Agustus", None, None),
        ("Agustus 2024", None, None),
        ("Jumat mendatang", 4, True),
    ],
)
def test_weekday_fields(text: str, weekday: int | None, ok: bool | None) -> None:
    (found,) = find_dates(text, AUG_13)
    assert (found.weekday, found.weekday_ok) == (weekday, ok)


def test_minggu_is_a_week_unless_it_is_a_name() -> None:
    assert find_dates("beberapa minggu", AUG_13, "id") == ()
    assert find_dates("pada minggu lalu", AUG_13, "id") == ()
    assert find_dates("Minggu lalu, Putin bertemu Kim.", AUG_13, "id") == ()  # sentence start: "last week"
    assert summary(find_dates("Putin tiba pada Minggu lalu.", AUG_13, "id")) == [
        ("Minggu lalu", "2025-08-10", "weekday-relative")
    ]
    assert summary(find_dates("hari minggu lalu", AUG_13, "id")) == [
        ("hari minggu lalu", "2025-08-10", "weekday-relative")
    ]


# --- Not dates --------------------------------------------------------------------------------

NON_DATES = [
    "peringatan 80 tahun kemerdekaan Korea",
    "untuk pertama kalinya dalam 24 tahun",
    "perang yang telah berlangsung selama nyaris tiga setengah tahun tersebut",
    "yang berlangsung selama lebih dari tiga jam",
    "dilakukan beberapa hari menjelang pertemuan",
    "Trump bertemu Kim tiga kali",
    "mengirim lebih dari 10.000 tentara",
    "sekitar 15 ribu tentara",
    "(Kremlin.ru, CC BY 4.0, via Wikimedia Commons)",
    "lihat kompas.com/read/2025/08/13/putin dan https://example.id/berita/13/08/2025",
    "angka 2024 itu naik",
    "sebanyak 2024 orang",
    "beberapa tahun lalu",
    "dalam beberapa tahun terakhir",
    "lebih dari tiga tahun lalu",
    "pada 1990-an",
    "bertahun-tahun ini",
    "(31/2)",
    "Selasa (31/2)",
    "sudah dua minggu lalu",
    "in the last year",
    "more than 3 years ago",
    "the 1990s",
    "a few days before the summit",
    "they may march",
]


@pytest.mark.parametrize("text", NON_DATES)
@pytest.mark.parametrize("language", ["id", "en", None])
def test_non_dates(text: str, language: str | None) -> None:
    assert find_dates(text, AUG_13, language) == ()


# --- Unknown reference ------------------------------------------------------------------------


def test_unknown_reference_keeps_only_dates_with_their_own_year() -> None:
    text = (
        "Kremlin pada Selasa (12/8) dan dikutip Rabu (13/8/2025); pada 15 Agustus, tahun lalu, kemarin, Jumat"
        " mendatang, pada April; Agustus 2024, pada 2022; tiga hari sebelum KTT."
    )
    assert summary(find_dates(text, None, "id")) == [
        ("Rabu (13/8/2025)", "2025-08-13", "day-month-paren"),
        ("Agustus 2024", "2024-08", "month-year"),
        ("2022", "2022", "year-cued"),
        ("tiga hari sebelum KTT", None, "event-relative"),
    ]


def test_reference_may_be_a_datetime() -> None:
    noon = dt.datetime(2025, 8, 13, 11, 8, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert summary(find_dates("Selasa (12/8)", noon, "id")) == [("Selasa (12/8)", "2025-08-12", "day-month-paren")]


# --- Languages --------------------------------------------------------------------------------


def test_language_codes() -> None:
    assert summary(find_dates("Rabu (13/8)", AUG_13, "id-ID")) == [("Rabu (13/8)", "2025-08-13", "day-month-paren")]
    # English words are not read as Indonesian and vice versa
    assert find_dates("last October", AUG_13, "id") == ()
    assert find_dates("Februari lalu", AUG_13, "en") == ()


def test_language_without_a_table_uses_dateparser_names() -> None:
    found = find_dates("le 3 mars 2024 et le lundi 4 mars 2024", AUG_13, "fr")
    assert summary(found) == [
        ("3 mars 2024", "2024-03-03", "day-month-year"),
        ("lundi 4 mars 2024", "2024-03-04", "day-month-year"),
    ]
    assert found[1].weekday_ok is True
    assert find_dates("en mars", AUG_13, "fr") == ()  # names alone need a dates.yml entry


def test_data_file_shape() -> None:
    data: dict[str, Any] = yaml.safe_load(DATA_PATH.read_text(encoding="utf-8"))
    assert set(data["default_languages"]) <= set(data["languages"])
    for code, lang in data["languages"].items():
        assert sorted(int(m) for m in lang["months"]) == list(range(1, 13)), code
        assert sorted(int(d) for d in lang["weekdays"]) == list(range(7)), code
        assert lang.get("numeric_order", "dmy") in ("dmy", "mdy"), code


def test_never_reads_todays_date() -> None:
    source = Path(__file__).resolve().parents[1].joinpath("builder/extract/dates.py").read_text(encoding="utf-8")
    assert not re.search(r"\b(today|now|utcnow)\(", source)


# --- Properties -------------------------------------------------------------------------------

DATA: dict[str, Any] = yaml.safe_load(DATA_PATH.read_text(encoding="utf-8"))
VOCABULARY = sorted(
    {
        str(word)
        for lang in DATA["languages"].values()
        for key, value in lang.items()
        if isinstance(value, (list, dict))
        for word in (
            value
            if isinstance(value, list)
            else [w for names in value.values() for w in (names if isinstance(names, list) else [])]
            + [str(k) for k in value]
        )
    }
    - {str(n) for n in range(13)}
)
DAY_WORDS = {
    str(w).casefold()
    for lang in DATA["languages"].values()
    for w in [
        *(n for names in lang["weekdays"].values() for n in names),
        *lang.get("day_relative", {}),
        *(lang.get("units", {}).get("day", [])),
        *(k for k, v in lang.get("single_units", {}).items() if v == "day"),
    ]
}
PRECISION_RANK = {"none": -1, "year": 0, "month": 1, "day": 2}

NAMES = sorted(
    {
        str(name)
        for lang in DATA["languages"].values()
        for key in ("months", "month_abbreviations", "weekdays")
        for names in lang.get(key, {}).values()
        for name in names
    }
)


def odd_case(word: str) -> str:
    """Characters an IGNORECASE regex equates with ASCII letters although their casefold differs."""
    return word.replace("i", "İ").replace("s", "ſ").replace("k", "\u212a")


cased = st.sampled_from([str, str.upper, str.title, odd_case])
words = st.one_of(
    st.builds(lambda w, f: f(w), st.sampled_from(NAMES), cased),
    st.builds(lambda w, f: f(w), st.sampled_from(VOCABULARY), cased),
    st.integers(0, 40).map(str),
    st.integers(1750, 2150).map(str),
    st.builds(
        lambda d, m, y: f"({d}/{m}{y})", st.integers(0, 35), st.integers(0, 14), st.sampled_from(["", "/2025", "/25"])
    ),
    st.builds(lambda d, m, y: f"{d}/{m}/{y}", st.integers(0, 35), st.integers(0, 14), st.integers(1990, 2030)),
    st.sampled_from(
        ["10.000", "4.0", "1990-an", "http://x.id/2025/08/13", "KTT", "Putin", "yang", "Selasa.", ",", "."]
    ),
    st.text(max_size=4),
)


def group(*keys: str) -> list[str]:
    out: set[str] = set()
    for lang in DATA["languages"].values():
        for key in keys:
            value = lang.get(key) or []
            if isinstance(value, dict):
                value = [w for v in value.values() for w in (v if isinstance(v, list) else [])] + [
                    str(k) for k in value
                ]
            out.update(str(w) for w in value)
    return sorted(out - {str(n) for n in range(13)})


def piece(*keys: str) -> st.SearchStrategy[str]:
    return st.builds(lambda w, f: f(w), st.sampled_from(group(*keys)), cased)


day_number = st.integers(0, 32).map(str)
year_number = st.integers(1790, 2110).map(str)
# Phrases shaped like the rules' patterns, so that every rule is exercised, with wrong values too.
phrases = st.one_of(
    st.tuples(day_number, piece("months", "month_abbreviations")),
    st.tuples(day_number, piece("months", "month_abbreviations"), year_number),
    st.tuples(piece("months", "month_abbreviations"), day_number, year_number),
    st.tuples(piece("months", "month_abbreviations"), year_number),
    st.tuples(piece("cues", "month_words", "year_words"), piece("months")),
    st.tuples(piece("cues", "year_words"), year_number),
    st.tuples(piece("months", "weekdays"), piece("past_after", "future_after", "year_relative")),
    st.tuples(piece("past_before", "future_before"), piece("months", "weekdays")),
    st.tuples(piece("day_words", "cues"), piece("weekdays")),
    st.tuples(st.one_of(day_number, piece("numbers")), piece("units"), piece("ago", "before", "after"), words),
    st.tuples(piece("single_units", "approximators", "quantifiers"), piece("ago", "before", "after", "units")),
    st.tuples(piece("year_relative", "month_relative", "day_relative")),
).map(" ".join)
separators = st.sampled_from([" ", " ", " ", ", ", ". ", "\n", "  ", "-"])
sentences = st.lists(st.tuples(st.one_of(words, phrases, phrases), separators), max_size=12).map(
    lambda ps: "".join(w + s for w, s in ps)
)
references = st.one_of(st.none(), st.dates(min_value=dt.date(2, 1, 1), max_value=dt.date(9998, 12, 31)))
languages = st.sampled_from([None, "id", "en", "fr", "xx", ""])


def check_invariants(text: str, reference: dt.date | None, found: tuple[FoundDate, ...]) -> None:
    check_spans(text, found)
    for f in found:
        assert f.rule in RULE_PRECISION
        if f.value is None:
            assert f.rule == "event-relative" and f.relative_days is not None and f.anchor
            continue
        v = f.value
        assert 1 <= v.year <= 9999
        if v.month is not None:
            assert 1 <= v.month <= 12
        if v.day is not None:
            assert v.month is not None
            dt.date(v.year, v.month, v.day)  # a real calendar date
            # no day unless the text states one: a day number, a weekday, or a day word
            lowered = f.text.casefold()
            assert re.search(r"[0-9]", f.text) or any(w in lowered for w in DAY_WORDS), f
        assert PRECISION_RANK[v.precision] <= PRECISION_RANK[RULE_PRECISION[f.rule]], f
        if v.precision == "month":
            assert v.day is None
        if reference is None:
            assert re.search(r"[0-9]{2,4}", f.text), f  # only dates that carry their own year
        if f.weekday is None or v.day is None:
            assert f.weekday_ok is None
        else:
            assert 0 <= f.weekday <= 6
            assert f.weekday_ok == (dt.date(v.year, v.month or 1, v.day).weekday() == f.weekday)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=300), reference=references, language=languages)
def test_arbitrary_text_never_raises(text: str, reference: dt.date | None, language: str | None) -> None:
    found = find_dates(text, reference, language)
    check_invariants(text, reference, found)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=sentences, reference=references, language=languages)
def test_date_like_text_keeps_the_invariants(text: str, reference: dt.date | None, language: str | None) -> None:
    found = find_dates(text, reference, language)
    check_invariants(text, reference, found)
    assert find_dates(text, reference, language) == found  # deterministic


@settings(max_examples=200, deadline=None)
@given(
    reference=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    weekday=st.integers(0, 6),
)
def test_weekday_resolution_is_within_a_week(reference: dt.date, weekday: int) -> None:
    name = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"][weekday]
    (bare,) = find_dates(f"Putin menelepon Kim, {name}.", reference, "id")
    (nxt,) = find_dates(f"pada {name} mendatang", reference, "id")
    (last,) = find_dates(f"pada {name} lalu", reference, "id")
    for found, low, high in ((bare, -6, 0), (nxt, 1, 7), (last, -7, -1)):
        assert found.value is not None and found.value.day is not None and found.value.month is not None
        day = dt.date(found.value.year, found.value.month, found.value.day)
        assert day.weekday() == weekday
        assert low <= (day - reference).days <= high


@settings(max_examples=200, deadline=None)
@given(reference=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)), month=st.integers(1, 12))
def test_month_alone_is_never_after_the_reference_month(reference: dt.date, month: int) -> None:
    name = DATA["languages"]["id"]["months"][month][0].title()
    (cued,) = find_dates(f"Pada bulan {name}, Pyongyang mengonfirmasi", reference, "id")
    assert cued.value is not None and cued.value.month == month and cued.value.day is None
    months_back = (reference.year - cued.value.year) * 12 + reference.month - month
    assert 0 <= months_back <= 11
