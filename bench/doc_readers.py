"""Word 97-2003 (.doc) readers compared: ``python -m bench.doc_readers [--json FILE]``.

Documents are made at run time from text written for Muragat (kk/ru/en, tables, a hyperlink
field, footnotes, a long report), saved as .docx by python-docx and converted to .doc
("MS Word 97") by LibreOffice; damaged and mislabelled files are added (a truncated copy,
random bytes, an RTF named .doc, an empty OLE container). Each reader gets every file:

* ``olefile``: Muragat's reader (``indexer/readers/doc.py``), in process;
* ``antiword``: Debian's antiword (``-m UTF-8.txt``);
* ``catdoc``: Debian's catdoc (``-d utf-8 -w``);
* ``libreoffice``: ``soffice --headless --convert-to txt`` (one process per file).

Per reader: files read, words recovered (share of each good document's words found in the
output, Kazakh letters included), correct refusals of bad files, time per file. Needs Debian's
``antiword``, ``catdoc`` and ``libreoffice-writer-nogui`` (a missing one is reported as such).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KK = ("Облыстық кітапхана 2021 жылғы 8 сәуірде оқырмандарға арналған жаңа көрме ашты. "
      "Көрмеде ұлттық әдебиеттің сирек кітаптары, қолжазбалар мен ескі газеттер қойылды.")
RU = ("Областная библиотека провела встречу с читателями и представила новые поступления "
      "фонда: редкие книги, рукописи и подшивки старых газет.")
EN = ("The regional library opened a reading room for researchers of the manuscript collection "
      "and published a catalogue of its newspaper archive.")
WORD_RE = re.compile(r"[^\W\d_]{3,}")


def _docx_files(folder: Path) -> dict[str, str]:
    """Good documents as .docx: name -> the text they hold."""
    import docx

    out: dict[str, str] = {}

    def save(name: str, build) -> None:
        d = docx.Document()
        text = build(d)
        d.save(str(folder / f"{name}.docx"))
        out[name] = text

    def short(d) -> str:
        d.add_heading("Жылдық есеп", 1)
        for p in (KK, RU, EN):
            d.add_paragraph(p)
        t = d.add_table(rows=2, cols=2)
        t.rows[0].cells[0].text, t.rows[0].cells[1].text = "Оқырмандар", "1200"
        t.rows[1].cells[0].text, t.rows[1].cells[1].text = "Читатели", "Readers"
        return "Жылдық есеп " + " ".join((KK, RU, EN)) + " Оқырмандар Читатели Readers"

    def long(d) -> str:
        parts = []
        for i in range(150):
            p = (KK, RU, EN)[i % 3] + f" ({i + 1})"
            d.add_paragraph(p)
            parts.append(p)
        return " ".join(parts)

    def english(d) -> str:
        d.add_paragraph(EN)
        d.add_paragraph("Plain Latin text only: the reading room is open on weekdays.")
        return EN + " Plain Latin text only: the reading room is open on weekdays."

    def hyperlink(d) -> str:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml.ns import qn
        from docx.oxml.shared import OxmlElement

        p = d.add_paragraph("Сайт: ")
        r_id = d.part.relate_to("https://library.example.kz/", RT.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), r_id)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "кітапхана сайты"
        run.append(text)
        link.append(run)
        p._p.append(link)
        d.add_paragraph(RU)
        return "Сайт кітапхана сайты " + RU

    save("short-kk-ru-en", short)
    save("long-report", long)
    save("english-8bit", english)
    save("hyperlink-field", hyperlink)
    return out


def make_corpus(folder: Path) -> tuple[dict[str, str], list[str]]:
    """(good .doc files -> expected text, bad files that must be refused or read as RTF)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("bench.doc_readers: LibreOffice is needed to make the .doc files "
                         "(apt-get install libreoffice-writer-nogui)")
    expected = _docx_files(folder)
    subprocess.run([soffice, "--headless", "--convert-to", "doc:MS Word 97", "--outdir", str(folder),
                    *[str(folder / f"{n}.docx") for n in expected]],
                   capture_output=True, timeout=600, check=False)
    good = {n: t for n, t in expected.items() if (folder / f"{n}.doc").exists()}
    data = (folder / "short-kk-ru-en.doc").read_bytes()
    (folder / "truncated.doc").write_bytes(data[: len(data) // 3])
    (folder / "random-bytes.doc").write_bytes(os.urandom(20_000))
    (folder / "rtf-named.doc").write_bytes(
        b"{\\rtf1\\ansi\\ansicpg1251{\\fonttbl{\\f0\\fcharset204 Times;}}\\f0 "
        + "".join(f"\\'{b:02x}" for b in "Библиотека".encode("cp1251")).encode() + b" open\\par}")
    good["rtf-named"] = "Библиотека open"
    # An OLE container whose WordDocument stream is renamed (the directory entry's name).
    data = (folder / "short-kk-ru-en.doc").read_bytes()
    (folder / "no-word-stream.doc").write_bytes(
        data.replace("WordDocument".encode("utf-16-le"), "XordDocument".encode("utf-16-le")))
    return good, ["truncated", "random-bytes", "no-word-stream"]


def read_olefile(path: Path) -> str:
    from muragat.indexer.readers import ReadContext, ReadError
    from muragat.indexer.readers.doc import read

    try:
        return "\n".join(d.title + "\n" + d.text for d in read(ReadContext(path, path.name, 20 << 20)))
    except ReadError as exc:
        raise RuntimeError(str(exc)) from exc


def _tool(args: list[str]) -> str:
    out = subprocess.run(args, capture_output=True, timeout=120, check=False)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.decode("utf-8", "replace").strip()[:200] or f"exit {out.returncode}")
    return out.stdout.decode("utf-8", "replace")


def read_antiword(path: Path) -> str:
    return _tool(["antiword", "-m", "UTF-8.txt", str(path)])


def read_catdoc(path: Path) -> str:
    return _tool(["catdoc", "-d", "utf-8", "-w", str(path)])


def read_libreoffice(path: Path) -> str:
    with tempfile.TemporaryDirectory() as out:
        _tool(["soffice", "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", out,
               str(path)])
        produced = Path(out) / (path.stem + ".txt")
        if not produced.exists():
            raise RuntimeError("no output")
        return produced.read_text(encoding="utf-8-sig", errors="replace")


READERS = {"olefile": (read_olefile, None), "antiword": (read_antiword, "antiword"),
           "catdoc": (read_catdoc, "catdoc"), "libreoffice": (read_libreoffice, "soffice")}


def recall(expected: str, got: str) -> float:
    """Share of the expected words (3+ letters, lowercased) found in the output."""
    want = [w.lower() for w in WORD_RE.findall(expected)]
    have = {w.lower() for w in WORD_RE.findall(got)}
    return sum(w in have for w in want) / len(want) if want else 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.doc_readers", description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per reader (default 3)")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="muragat-doc-bench-") as tmp:
        folder = Path(tmp)
        good, bad = make_corpus(folder)
        for name, (func, exe) in READERS.items():
            if exe and shutil.which(exe) is None:
                rows.append({"reader": name, "available": False})
                continue
            read_ok, recalls, refused, errors, times = 0, [], 0, [], []
            for rep in range(args.repeat):
                for doc in [*good, *bad]:
                    path = folder / f"{doc}.doc"
                    t0 = time.perf_counter()
                    try:
                        text = func(path)
                        ok = bool(text.strip())
                    except (RuntimeError, subprocess.TimeoutExpired) as exc:
                        text, ok = "", False
                        if rep == 0:
                            errors.append(f"{doc}: {str(exc)[:80]}")
                    times.append(time.perf_counter() - t0)
                    if rep:
                        continue
                    if doc in good:
                        read_ok += ok
                        recalls.append(recall(good[doc], text) if ok else 0.0)
                    else:
                        refused += not ok
            rows.append({
                "reader": name, "available": True, "good_files": len(good), "read": read_ok,
                "word_recall": round(sum(recalls) / len(recalls), 4) if recalls else 0.0,
                "min_recall": round(min(recalls), 4) if recalls else 0.0,
                "bad_files": len(bad), "refused": refused,
                "ms_per_file": round(1000 * sorted(times)[len(times) // 2], 1),
                "errors": errors,
            })
    print("reader       files read  word recall (min)   bad refused  ms/file (median)")
    for r in rows:
        if not r["available"]:
            print(f"{r['reader']:<12} not installed")
            continue
        print(f"{r['reader']:<12} {r['read']:>3}/{r['good_files']:<5} {r['word_recall']:.3f} ({r['min_recall']:.3f})"
              f"     {r['refused']}/{r['bad_files']}        {r['ms_per_file']:.1f}")
        for e in r["errors"]:
            print(f"             {e}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
