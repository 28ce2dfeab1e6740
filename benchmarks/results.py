"""Writing a benchmark's results into its own section of docs/benchmarks.md (the other sections are kept)."""

import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"


def write_section(title: str, body: str, script: str) -> None:
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n\nRatios against baselines measured in the same run.\n"
    marker = f"## {title}\n"
    block = f"{marker}\n_Measured {time.strftime('%Y-%m-%d')} with `benchmarks/{Path(script).name}`._\n\n{body.rstrip()}\n"
    start = text.find(marker)
    if start == -1:
        text = text.rstrip() + "\n\n" + block
    else:
        end = text.find("\n## ", start + len(marker))
        text = text[:start] + block + ("\n" + text[end + 1:] if end != -1 else "")
    DOC.write_text(text)
