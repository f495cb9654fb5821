"""Look at a DOCX as LibreOffice prints it on Linux: DOCX → PDF (LibreOffice headless, with the official
fonts' fallbacks of tools/fonts/official-fonts.conf) → one PNG per page (pdftoppm).

    python tools/rasterize_docx.py 报告.docx [更多.docx] -o out/pages [--dpi 60]

Needs `apt-get install -y libreoffice-writer-nogui poppler-utils fonts-noto-cjk` (a tool for looking,
not a dependency of the platform, which prints its PDFs with WeasyPrint: docs/pdf.md).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FONTS = Path(__file__).resolve().parent / "fonts" / "official-fonts.conf"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--dpi", type=int, default=60)
    arguments = parser.parse_args()
    missing = [tool for tool in ("soffice", "pdftoppm") if shutil.which(tool) is None]
    if missing:
        print(f"缺少 {'、'.join(missing)}：apt-get install -y libreoffice-writer-nogui poppler-utils", file=sys.stderr)
        return 2
    arguments.output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        config = Path(work) / "fonts.conf"
        config.write_text('<?xml version="1.0"?><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf'
                          f"</include><include>{FONTS}</include></fontconfig>", encoding="utf-8")
        environment = dict(os.environ, FONTCONFIG_FILE=str(config))
        for path in arguments.files:
            subprocess.run(["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless",
                            "--convert-to", "pdf", "--outdir", work, str(path)],
                           env=environment, check=True, capture_output=True)
            pdf = Path(work) / f"{path.stem}.pdf"
            subprocess.run(["pdftoppm", "-r", str(arguments.dpi), "-png", str(pdf),
                            str(arguments.output / path.stem)], check=True)
            print(f"已生成：{arguments.output / path.stem}-*.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
