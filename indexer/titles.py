"""What is not a title: placeholders that editors fill in, and menu lines of scraped pages.

``is_placeholder_title``: the names programs give a document nobody named — "Word
Document" (LibreOffice's core title of a new .docx), "Документ Microsoft Word",
"Untitled", "New Page 1", "Microsoft Word - report.doc" (a PDF printed from Word), a bare
file name. Readers skip such titles in metadata, and ``metadata.complete`` then takes the
title from the text.

``is_menu_line``: a line of site navigation that a scraped page keeps above its headline —
an icon's label glued to a menu item ("icon E-catalog", "fa fa-home Home"), a line of
navigation words only ("Главная", "Басты бет", "Contacts"), or menu items joined by
separators ("Home | About | Contacts"). The first line of a page is not its title then.
"""

from __future__ import annotations

import re

_PLACEHOLDER_RE = re.compile(
    r"""^(?:
        (?:microsoft\s+)?(?:office\s+)?(?:word|excel|powerpoint|libreoffice|openoffice)
            (?:\s+(?:document|presentation|worksheet|spreadsheet|text))?
      | microsoft\s+word\s*[-–:]\s*.+                  # "Microsoft Word - report.doc"
      | untitled(?:\s*(?:document|page|file|presentation))?
      | (?:new|blank|empty)\s*(?:document|page|file|presentation|title)
      | (?:document|doc|page|title|presentation|slide)
      | (?:новый|пустой)\s+(?:документ|файл)(?:\s+microsoft\s+(?:office\s+)?word)?
      | документ(?:\s+microsoft\s+(?:office\s+)?word)?
      | (?:без\s+(?:названия|имени|заголовка)|безымянный|заголовок|название)
      | (?:жаңа\s+)?құжат(?:\s+microsoft\s+word)?
      | (?:атаусыз|тақырып(?:сыз)?)
    )[\s_-]*(?:\d+|\(\d+\))?$""",  # a number: "Untitled-1", "Документ (2)"
    re.IGNORECASE | re.VERBOSE,
)
# A file name given as the title: "report 2021.docx", "scan_0001.pdf".
_FILE_NAME_RE = re.compile(r"^\S.*\.(?:docx?|pdf|rtf|odt|txt|html?|xlsx?|pptx?)$", re.IGNORECASE)


def is_placeholder_title(title: str) -> bool:
    """True for a title a program filled in (see the module docstring), or an empty one."""
    text = " ".join(title.split())
    return not text or bool(_PLACEHOLDER_RE.match(text) or _FILE_NAME_RE.match(text))


# Labels of icons that scrapers keep as text in front of a menu item.
_ICON_LABELS = frozenset({
    "icon", "icons", "ico", "fa", "fas", "far", "fab", "glyphicon", "material-icons", "svg",
    "img", "image", "logo", "иконка", "значок", "логотип", "белгіше",
})
# Words of site navigation (lowercase), in the archives' three languages.
_NAV_WORDS = frozenset("""
    home main menu search login log sign in out up register registration contacts contact us
    about news events catalog catalogue e-catalog e-catalogue ecatalog electronic opac sitemap
    site map faq help services gallery photo photos video videos english русский қазақша eng
    rus kaz version for the visually impaired skip to content navigation back next previous
    more read print share subscribe rss language feedback mobile top
    главная меню поиск вход войти выход регистрация контакты о нас новости события анонсы
    каталог электронный электронная карта сайта версия для слабовидящих фотогалерея галерея
    услуги назад далее подробнее читать ещё обратная связь
    басты бет мәзір іздеу кіру шығу тіркелу байланыс біз туралы жаңалықтар оқиғалар
    электрондық сайт картасы нұсқа нұсқасы нашар көретіндерге арналған фотогалерея қызметтер
    толығырақ артқа келесі кері
""".split())
_MENU_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_MENU_SEPARATORS_RE = re.compile(r"\s*[|•·]\s*")
MENU_MAX_WORDS = 6


def is_menu_line(line: str) -> bool:
    """True for a line of site navigation (see the module docstring)."""
    words = [w.lower() for w in _MENU_WORD_RE.findall(line)]
    if not words or len(words) > 3 * MENU_MAX_WORDS:
        return False
    if words[0] in _ICON_LABELS and len(words) > 1 and len(words) <= MENU_MAX_WORDS + 1:
        return True
    if len(words) <= MENU_MAX_WORDS and all(w in _NAV_WORDS for w in words):
        return True
    items = [i for i in _MENU_SEPARATORS_RE.split(line.strip()) if i.strip()]
    return len(items) >= 3 and all(len(_MENU_WORD_RE.findall(i)) <= 3 for i in items)
