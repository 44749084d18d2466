"""The demo archive's files in formats that are not plain text: scanned pages (PNG, an image-only
PDF, a two-page TIFF), an .odt, an .rtf, a small web archive, and the libraries' source files.

Every text below was written for Muragat (CC0, like the rest of ``corpus/``). Run
``python tests/corpus_extras.py`` to write the files again; ``tests/test_corpus.py`` checks
that the committed files hold these texts.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

SOURCES = {
    "ertis-regional-library": {
        "kk": "Ертіс облыстық әмбебап ғылыми кітапханасы",
        "ru": "Прииртышская областная универсальная научная библиотека",
        "en": "Ertis Regional Universal Scientific Library",
        "homepage": "https://ertis-library.example.kz/", "lang": None,
    },
    "dala-national-library": {
        "kk": "Дала ұлттық академиялық кітапханасы",
        "ru": "Национальная академическая библиотека «Дала»",
        "en": "Dala National Academic Library",
        "homepage": "https://dala-library.example.kz/", "lang": None,
    },
    "shugyla-childrens-library": {
        "kk": "«Шұғыла» қалалық балалар кітапханасы",
        "ru": "Городская детская библиотека «Шугыла»",
        "en": "Shugyla City Children's Library",
        "homepage": "https://shugyla-library.example.kz/", "lang": None,
    },
}

SCAN_KK = (
    "Ертіс облыстық кітапханасы 1998 жылғы 14 қазанда өлкетану бөлімін ашты.\n"
    "Бөлімге аудандық газеттердің тігінділері, ескі фотосуреттер және ауыл мектептерінің "
    "тарихы туралы қолжазбалар тапсырылды. Оқырмандар сенбі күндері де келе алады."
)
SCAN_RU = (
    "Отчёт о реставрации фонда, 17 ноября 2003 г.\n"
    "В течение года мастерская национальной библиотеки восстановила сорок две книги XIX века "
    "и переплела подшивки районных газет. Реставраторы заменили ветхие корешки и очистили "
    "страницы от плесени."
)
SCAN_EN = (
    "Restoration report, page two.\n"
    "The workshop also photographed the restored volumes so that readers can browse the "
    "digital copies in the reading room. The originals rest in the climate-controlled store."
)
SCAN_TIF = (
    "«Шұғыла» балалар кітапханасы 2019 жылғы 1 маусымда жазғы оқу марафонын бастады.",
    "Summer reading marathon, June 1, 2019: forty young readers signed up on the first day "
    "and borrowed more than two hundred books.",
)

ODT_PARAGRAPHS = [
    ("h", "Оқу залының ережелері / Правила читального зала"),
    ("p", "Оқу залы дүйсенбіден жұманы қоса алғанда сағат 9-дан 19-ға дейін жұмыс істейді. "
          "Сирек кітаптарды тек қолғаппен парақтауға болады."),
    ("p", "Читальный зал открыт с понедельника по пятницу с 9 до 19 часов. Редкие книги "
          "выдаются только в зале, фотографировать их можно без вспышки."),
]
RTF_TITLE = "Жазғы оқу — 2024"
RTF_KK = ("«Шұғыла» кітапханасы 2024 жылғы 3 маусымда балаларға арналған жазғы оқу "
          "бағдарламасын бастайды.")
RTF_RU = "Летнее чтение начнётся 3 июня 2024 г.: каждую среду в библиотеке проходят громкие чтения."

WARC_PAGES = {
    "https://ertis-library.example.kz/old/news/1.html": (
        "2016-05-20T09:00:00Z", "text/html; charset=utf-8",
        "<html lang=\"kk\"><head><title>Жаңалықтар</title></head><body><nav>Басты бет | "
        "Жаңалықтар</nav><article><h1>Кітапхана күні</h1><p>Ертіс облыстық кітапханасы "
        "2016 жылғы 18 мамырда ашық есік күнін өткізді. Келушілер қор сақтау орнын аралады."
        "</p></article><footer>© Ертіс кітапханасы</footer></body></html>"),
    "https://ertis-library.example.kz/old/ru/news/2.html": (
        "2016-05-20T09:01:00Z", "text/html; charset=windows-1251",
        "<html lang=\"ru\"><head><title>Новости</title></head><body><article><h1>Краеведческие "
        "чтения</h1><p>Краеведческие чтения прошли 25 апреля 2016 г. в большом зале "
        "областной библиотеки.</p></article></body></html>"),
    "https://ertis-library.example.kz/old/en/about.html": (
        "2016-05-20T09:02:00Z", "text/html; charset=utf-8",
        "<html lang=\"en\"><head><title>About</title></head><body><main><h1>About the old site"
        "</h1><p>This page described the reading rooms of the regional library before the "
        "website moved in 2017.</p></main></body></html>"),
}
WARC_RECAPTURE = (  # a later capture of the first page, with a corrected text
    "https://ertis-library.example.kz/old/news/1.html", "2016-06-02T09:00:00Z",
    WARC_PAGES["https://ertis-library.example.kz/old/news/1.html"][2].replace(
        "Келушілер қор сақтау орнын аралады.", "Келушілер қор сақтау орны мен реставрация шеберханасын аралады."),
)


def _page(text: str, seed: int, height_in: float = 4.5):
    from muragat.evaluation.page_images import PageStyle, render_pages

    style = PageStyle(height_in=height_in, width_in=8.27, noise=0.004, gray=8, blur=0.6)
    pages = render_pages(text, seed=seed, style=style)
    assert len(pages) == 1
    # Bilevel, as most archive scanners save text pages (and small: a few tens of KB a page).
    return pages[0][0].point(lambda v: 255 if v > 150 else 0).convert("1")


def write_scans() -> None:
    ertis = CORPUS / "ertis-regional-library/archive/scans"
    dala = CORPUS / "dala-national-library/digitization/scans"
    shugyla = CORPUS / "shugyla-childrens-library/archive/scans"
    for folder in (ertis, dala, shugyla):
        folder.mkdir(parents=True, exist_ok=True)
    _page(SCAN_KK, 11).save(ertis / "olketanu-1998.png", optimize=True)
    p1, p2 = _page(SCAN_RU, 12), _page(SCAN_EN, 13)
    p1.save(dala / "restoration-2003.pdf", format="PDF", save_all=True, append_images=[p2],
            resolution=300)
    t1, t2 = _page(SCAN_TIF[0], 14, 3.0), _page(SCAN_TIF[1], 15, 3.0)
    t1.copy().save(shugyla / "marathon-2019.tif", save_all=True, append_images=[t2.copy()],
                   compression="group4")


def odt_bytes() -> bytes:
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/"')
    body = "".join(f'<text:h text:outline-level="1">{t}</text:h>' if k == "h" else f"<text:p>{t}</text:p>"
                   for k, t in ODT_PARAGRAPHS)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype", (2024, 1, 1, 0, 0, 0)), "application/vnd.oasis.opendocument.text")
        zf.writestr(zipfile.ZipInfo("content.xml", (2024, 1, 1, 0, 0, 0)),
                    f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
                    f'office:version="1.2"><office:body><office:text>{body}</office:text>'
                    '</office:body></office:document-content>')
    return buf.getvalue()


def _u(text: str) -> str:
    return "".join(ch if ord(ch) < 128 else f"\\u{ord(ch)}?" for ch in text)


def rtf_bytes() -> bytes:
    ru = "".join(f"\\'{b:02x}" for b in RTF_RU.encode("cp1251"))
    return ("{\\rtf1\\ansi\\ansicpg1251\\deff0{\\fonttbl{\\f0\\fcharset204 Times New Roman;}}"
            "{\\info{\\title " + _u(RTF_TITLE) + "}}\\f0\\fs24\\uc1 " + _u(RTF_KK) + "\\par " + ru
            + "\\par}").encode("ascii")


def warc_bytes() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)

    def response(uri: str, date: str, ctype: str, page: str):
        body = page.encode("cp1251" if "1251" in ctype else "utf-8")
        http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http,
                                        warc_headers_dict={"WARC-Date": date,
                                                           "WARC-Record-ID": f"<urn:muragat:{date}:{uri}>"})
        writer.write_record(rec)
        return rec

    records = {uri: response(uri, *spec) for uri, spec in WARC_PAGES.items()}
    uri, date, page = WARC_RECAPTURE
    response(uri, date, "text/html; charset=utf-8", page)
    ru = "https://ertis-library.example.kz/old/ru/news/2.html"
    rev = writer.create_revisit_record(
        ru, digest=records[ru].rec_headers.get_header("WARC-Payload-Digest"), refers_to_uri=ru,
        refers_to_date=WARC_PAGES[ru][0],
        http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"),
        warc_headers_dict={"WARC-Date": "2016-06-02T09:01:00Z",
                           "WARC-Record-ID": "<urn:muragat:revisit:2>"})
    writer.write_record(rev)
    return out.getvalue()


def source_yaml(slug: str) -> str:
    s = SOURCES[slug]
    return (f"# The library's name on the search site, its homepage.\nname:\n  kk: {s['kk']}\n"
            f"  ru: {s['ru']}\n  en: \"{s['en']}\"\nhomepage: {s['homepage']}\n")


def write_all() -> None:
    write_scans()
    (CORPUS / "dala-national-library/pages/reading-room-rules.odt").write_bytes(odt_bytes())
    (CORPUS / "shugyla-childrens-library/announcements/summer-reading-2024.rtf").write_bytes(rtf_bytes())
    web = CORPUS / "ertis-regional-library/archive/web"
    web.mkdir(parents=True, exist_ok=True)
    (web / "old-site-2016.warc.gz").write_bytes(warc_bytes())
    for slug in SOURCES:
        (CORPUS / slug / "muragat-source.yaml").write_text(source_yaml(slug), encoding="utf-8")


if __name__ == "__main__":
    write_all()
    sys.exit(0)
