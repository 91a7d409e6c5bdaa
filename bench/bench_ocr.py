"""OCR bench (issue 21): both engines on the same page images, in one run.

Page images are typeset in a CJK font (Debian fonts-noto-cjk) from two sources, then degraded two ways:
- texts of `../shared/corpus/real` (real judgments, outside this repository) and the labelled filings of
  tests/corpus/filings.jsonl;
- `scan`: a flatbed scan (rotation ±2°, slight blur, noise, JPEG quality 60–85); `photo`: a phone photo of the page
  (rotation ±5°, perspective, a shadow, blur, noise, JPEG quality 40–70). The same seed gives the same images.

Printed per engine and condition: character error rate against the typeset text (targets: ≤ 3 % on scans, ≤ 8 % on
photos), the docket field F1 (micro, all fields) of the OCR'd filings beside the F1 of the same filings' text
layer (target: within 0.05), pages per CPU-second (per core: the engine's threads and child processes counted),
and, from a fresh process, the resident memory of a worker with the extraction pipeline and the OCR model loaded
after it read a page (target ≤ 600 MB).

    python -m bench.bench_ocr [--real 2] [--filings 6] [--engines rapidocr,tesseract] [--images DIR]
    python -m bench.bench_ocr --make-images TEXTS OUT    # a page-image set for --images from plain texts
    python -m bench.bench_ocr --images DIR --images-only
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from testkit.ocr_pages import cer, photo, scan, typeset
from testkit.shared_corpus import CORPUS as SHARED_CORPUS

FILINGS = Path(__file__).parents[1] / "tests" / "corpus" / "filings.jsonl"
CONDITIONS = {"scan": scan, "photo": photo}
PAGE_CHARS = 700  # a real text is cut to about one page


def _real_pages(per_file: int) -> list[tuple[str, str]]:
    pages = []
    for path in sorted((SHARED_CORPUS / "real").glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            records = [json.loads(line) for line in fh if line.strip()]
        # Spread over the file rather than its first records.
        step = max(1, len(records) // per_file)
        for record in records[::step][:per_file]:
            pages.append((f"real/{path.stem}/{record['id']}", record["text"][:PAGE_CHARS]))
    return pages


def _filings(count: int) -> list[dict[str, Any]]:
    with FILINGS.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()][:count]


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _f1(report: dict[str, dict[str, Any]]) -> float:
    tp = sum(v["tp"] for k, v in report.items() if "." not in k)
    predicted = sum(v["predicted"] for k, v in report.items() if "." not in k)
    gold = sum(v["gold"] for k, v in report.items() if "." not in k)
    precision, recall = (tp / predicted if predicted else 0.0), (tp / gold if gold else 0.0)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _status_mb() -> dict[str, float]:
    lines = [line.split(":", 1) for line in open("/proc/self/status") if line.startswith(("VmRSS", "VmHWM"))]
    return {key: int(value.split()[0]) / 1024 for key, value in lines}


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM back to the current VmRSS


def _memory_files(folder: Path, seed: int) -> dict[str, Path]:
    """The worker's two inputs: a 12-megapixel phone photo of a complaint (JPEG) and a scanned PDF of three pages
    with no text layer (each page an image, as a flatbed scanner's PDF is)."""
    filings = _filings(3)
    rng = random.Random(seed)
    text = "\n".join(filings[0]["pages"])
    # 3024 × 4032 is a 12 MP phone camera's frame; the page fills it at 55 px characters.
    shot = photo(typeset(text, width=3024, size=55, margin=200).image, rng)
    files = {"photo": folder / "complaint.jpg"}
    shot.save(files["photo"], "JPEG", quality=60)
    scans = [scan(typeset(f["pages"][0]).image, rng) for f in filings]
    files["scanned_pdf"] = folder / "scanned.pdf"
    scans[0].save(files["scanned_pdf"], "PDF", resolution=200, save_all=True, append_images=scans[1:])
    return files


def _memory_probe(engine_name: str, folder: Path) -> dict[str, Any]:
    """Run in a fresh process (`--memory-probe`): what a worker does. Models loaded as `court worker` loads them
    (court.jobs.warmup, then the OCR engine), then each file read as the extraction job reads it
    (court.filing.ocr.read_scanned: decode, OCR page by page, PDF pages rendered one at a time by pdftoppm in a
    child) and its docket extracted. Peak resident memory (VmHWM) per file, the peak reset in between."""
    os.environ["COURT_OCR_ENGINE"] = engine_name
    from court.filing.ocr import read_scanned
    from court.jobs.warmup import warm_models
    from court.settings import Settings
    from nlp.extract import extract_docket
    from nlp.ocr import engine

    settings = Settings()
    limits = {
        "max_pages": settings.pdf_max_pages,
        "cpu_seconds": settings.pdf_cpu_seconds,
        "memory_mb": settings.pdf_memory_mb,
    }
    out: dict[str, Any] = {"started": _status_mb()["VmRSS"]}
    warm_models()
    extract_docket("原告：王丽华，女。")
    engine(engine_name)
    out["loaded"] = _status_mb()["VmRSS"]
    for label in ("photo", "scanned_pdf", "photo_again"):
        path = folder / ("complaint.jpg" if label.startswith("photo") else "scanned.pdf")
        _reset_peak()
        read = read_scanned(path, **limits)
        extract_docket(read.pages, None, None, read.confidence)
        now = _status_mb()
        out[f"{label}_peak"], out[f"{label}_after"] = now["VmHWM"], now["VmRSS"]
        out[f"{label}_pages"] = len(read.pages)
        out[f"{label}_chars"] = sum(len(page) for page in read.pages)
    out["children_peak"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out["process_peak"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # set-up included
    return out


def _memory(engine: str, seed: int = 21) -> dict[str, Any]:
    """The worker memory figures of `engine`, from a fresh process reading the files of _memory_files."""
    with tempfile.TemporaryDirectory(prefix="bench-ocr-memory-") as tmp:
        _memory_files(Path(tmp), seed)
        done = subprocess.run(
            [sys.executable, "-m", "bench.bench_ocr", "--memory-probe", engine, tmp],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).parents[1],
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _print_memory(engine: str, m: dict[str, Any]) -> None:
    worst = max(m["photo_peak"], m["scanned_pdf_peak"], m["photo_again_peak"])
    verdict = "met" if worst <= 600 else "NOT met"
    print(
        f"{engine:>9} worker memory: {m['loaded']:.0f} MB with the pipeline and model loaded; peak "
        f"{m['photo_peak']:.0f} MB reading a 12 MP phone photo ({m['photo_chars']} characters), "
        f"{m['scanned_pdf_peak']:.0f} MB a {m['scanned_pdf_pages']}-page scanned PDF, {m['photo_again_peak']:.0f} MB "
        f"the photo again (target ≤ 600 MB: {verdict}); {m['photo_again_after']:.0f} MB resident after; "
        f"child processes' peak {m['children_peak']:.0f} MB"
    )


IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".heic", ".webp")


def _image_set(folder: Path) -> list[tuple[Path, str]]:
    """Image files of `folder` that have a ground-truth text beside them (same name, .txt)."""
    pairs = []
    for image in sorted(folder.iterdir()):
        truth = image.with_suffix(".txt")
        if image.suffix.lower() in IMAGE_SUFFIXES and truth.exists():
            pairs.append((image, truth.read_text(encoding="utf-8")))
    return pairs


def _measure_images(folder: Path, engines: list[str]) -> dict[str, Any]:
    """CER of each engine on the page images of `folder` (see _image_set), by the name's prefix up to the first
    "-" (the condition: "scan-…", "photo-…"), and overall."""
    from nlp.ocr import load_images, read_image

    pairs = _image_set(folder)
    if not pairs:
        print(f"--images {folder}: no image with a same-name .txt beside it")
        return {}
    results: dict[str, Any] = {}
    for engine in engines:
        errors: dict[str, list[float]] = defaultdict(list)
        started = _cpu()
        for image_path, truth in pairs:
            text = "\n".join(read_image(image, engine).text for image in load_images(image_path))
            error = cer(truth, text)
            errors[image_path.name.split("-", 1)[0]].append(error)
            errors["all"].append(error)
        cpu = _cpu() - started
        row = {
            group: {
                "pages": len(values),
                "cer": round(sum(values) / len(values), 4),
                "worst": round(max(values), 4),
            }
            for group, values in sorted(errors.items())
        }
        row["pages_per_cpu_second"] = round(len(pairs) / cpu, 3)
        results[engine] = row
        groups = " · ".join(
            f"{g} {v['cer']:.2%} (worst {v['worst']:.2%}, {v['pages']} pages)"
            for g, v in row.items()
            if isinstance(v, dict) and g != "all"
        )
        print(
            f"{engine:>9} images in {folder}: CER {row['all']['cer']:.2%} over {row['all']['pages']} pages "
            f"({groups}) · {row['pages_per_cpu_second']:.3f} pages/s/core"
        )
    return results


def make_image_set(texts: Path, out: Path, seed: int) -> None:
    """Page images from plain-text files (`texts`/*.txt, one page each) into `out`: each text typeset in a serif
    CJK face (the bench's own pages are sans) at A4 200 dpi and degraded as a scan and as a phone photo, the
    typeset text beside each image as its ground truth ("scan-NAME.jpg" + "scan-NAME.txt", "photo-…")."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for source in sorted(texts.glob("*.txt")):
        page = typeset(source.read_text(encoding="utf-8"), serif=True, size=28, margin=120)
        for condition, degrade in CONDITIONS.items():
            image = degrade(page.image, random.Random(rng.random()))
            image.save(out / f"{condition}-{source.stem}.jpg", "JPEG", quality=92)
            (out / f"{condition}-{source.stem}.txt").write_text(page.text, encoding="utf-8")
    print(f"{len(list(out.glob('*.jpg')))} page images in {out}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--real", type=int, default=2, help="pages from each file of the shared real corpus")
    parser.add_argument("--filings", type=int, default=6, help="labelled filings (every page of each)")
    parser.add_argument("--engines", default="rapidocr,tesseract")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    parser.add_argument("--memory-only", action="store_true", help="only the worker memory figures")
    parser.add_argument("--memory-probe", nargs=2, metavar=("ENGINE", "DIR"), help=argparse.SUPPRESS)
    parser.add_argument(
        "--images",
        type=Path,
        metavar="DIR",
        help="also measure CER on the page images of DIR (NAME.jpg/png/tif + NAME.txt ground truth)",
    )
    parser.add_argument("--images-only", action="store_true", help="only the --images figures")
    parser.add_argument(
        "--make-images",
        nargs=2,
        type=Path,
        metavar=("TEXTS", "OUT"),
        help="make a page-image set for --images from TEXTS/*.txt into OUT, then stop",
    )
    args = parser.parse_args()
    if args.make_images:
        make_image_set(*args.make_images, seed=args.seed)
        return
    if args.images_only:
        if args.images is None:
            parser.error("--images-only needs --images DIR")
        _measure_images(args.images, args.engines.split(","))
        return
    if args.memory_probe:
        print(json.dumps(_memory_probe(args.memory_probe[0], Path(args.memory_probe[1]))))
        return
    if args.memory_only:
        for engine in args.engines.split(","):
            _print_memory(engine, _memory(engine, args.seed))
        return
    # One thread each: the figures are per core, and a worker shares its cores with the others.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # tesseract
    engines = args.engines.split(",")

    from nlp.docket import to_builtins
    from nlp.eval import score
    from nlp.extract import extract_docket
    from nlp.ocr import _ENGINES, PageSource, RapidOcrEngine, joined_confidence, read_image

    if "rapidocr" in engines:
        _ENGINES["rapidocr"] = RapidOcrEngine(threads=1)

    rng = random.Random(args.seed)
    real = _real_pages(args.real)
    filings = _filings(args.filings)
    # (source kind, id, filing index or None, page index, typeset page)
    pages: list[tuple[str, str, int | None, int, Any]] = []
    for name, text in real:
        pages.append(("real", name, None, 0, typeset(text)))
    for index, filing in enumerate(filings):
        for number, text in enumerate(filing["pages"]):
            pages.append(("filing", filing["id"], index, number, typeset(text)))
    images = {
        (i, condition): degrade(page[4].image, random.Random(rng.random()))
        for i, page in enumerate(pages)
        for condition, degrade in CONDITIONS.items()
    }
    print(
        f"pages: {len(real)} from {SHARED_CORPUS / 'real'} (outside the repository), "
        f"{len(pages) - len(real)} from {len(filings)} labelled filings; conditions: {', '.join(CONDITIONS)}"
    )

    from nlp.pipeline import load_pipeline

    load_pipeline()
    gold = [f["docket"] for f in filings]
    typeset_pages: dict[int, list[str]] = defaultdict(list)
    for kind, _, index, _, page in pages:
        if kind == "filing" and index is not None:
            typeset_pages[index].append(page.text)
    text_layer = _f1(
        score([to_builtins(extract_docket(typeset_pages[i])) for i in range(len(filings))], gold)
    )
    original = _f1(score([to_builtins(extract_docket(f["pages"])) for f in filings], gold))
    print(
        f"docket F1 from the text layer: {text_layer:.3f} (typeset pages), {original:.3f} (the corpus' own pages)"
    )

    results: dict[str, Any] = {"pages": len(pages), "text_layer_f1": round(text_layer, 4)}
    for engine in engines:
        read_image(pages[0][4].image, engine)  # the model loads outside the timing
        for condition in CONDITIONS:
            errors: dict[str, list[float]] = defaultdict(list)
            ocr_pages: dict[int, list[PageSource]] = defaultdict(list)
            started, wall = _cpu(), time.perf_counter()
            confidences = []
            for i, (kind, _, index, number, page) in enumerate(pages):
                read = read_image(images[(i, condition)], engine)
                errors[kind].append(cer(page.text, read.text))
                confidences.append(read.confidence)
                if index is not None:
                    ocr_pages[index].append(PageSource(number + 1, read.text, read))
            cpu, wall = _cpu() - started, time.perf_counter() - wall
            dockets = []
            for i in range(len(filings)):
                sources = ocr_pages[i]
                dockets.append(
                    to_builtins(
                        extract_docket([p.text for p in sources], confidence=joined_confidence(sources))
                    )
                )
            f1 = _f1(score(dockets, gold))
            every = [e for values in errors.values() for e in values]
            row = {
                "cer": round(sum(every) / len(every), 4),
                "cer_real": round(sum(errors["real"]) / max(1, len(errors["real"])), 4),
                "cer_filings": round(sum(errors["filing"]) / max(1, len(errors["filing"])), 4),
                "cer_worst": round(max(every), 4),
                "docket_f1": round(f1, 4),
                "f1_gap": round(text_layer - f1, 4),
                "pages_per_cpu_second": round(len(pages) / cpu, 3),
                "wall_seconds": round(wall, 1),
                "mean_confidence": round(sum(confidences) / len(confidences), 4),
            }
            results[f"{engine}/{condition}"] = row
            target = 0.03 if condition == "scan" else 0.08
            print(
                f"{engine:>9} {condition:>5}: CER {row['cer']:.2%} (real {row['cer_real']:.2%}, filings "
                f"{row['cer_filings']:.2%}, worst page {row['cer_worst']:.2%}; target ≤ {target:.0%}) · docket F1 "
                f"{f1:.3f} (text layer {text_layer:.3f}, gap {row['f1_gap']:+.3f}; target ≤ 0.05) · "
                f"{row['pages_per_cpu_second']:.3f} pages/s/core · mean confidence {row['mean_confidence']:.2f}"
            )
    if args.images is not None:
        results["images"] = _measure_images(args.images, engines)
    for engine in engines:
        m = _memory(engine, args.seed)
        results[f"{engine}/memory_mb"] = m
        _print_memory(engine, m)
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
