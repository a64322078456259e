"""Install what the tests need on a Debian machine, when it is missing.

Browser tests drive Debian's Chromium (never a downloaded browser); Chinese
needs a CJK font to render, in the browser and in the PDFs (with Pango); the HTML checker needs Java; the video needs
ffmpeg; spelling checks need hunspell dictionaries; `msgfmt` checks PO files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

# Debian package -> a file that shows it is installed.
PACKAGES = {
    "chromium": "/usr/bin/chromium",
    "fonts-wqy-microhei": "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "fonts-noto-core": "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf",
    "default-jre-headless": "/usr/bin/java",
    "ffmpeg": "/usr/bin/ffmpeg",
    "gettext": "/usr/bin/msgfmt",
    "hunspell": "/usr/bin/hunspell",
    "hunspell-fr": "/usr/share/hunspell/fr_FR.dic",
    "hunspell-es": "/usr/share/hunspell/es_ES.dic",
    "hunspell-ru": "/usr/share/hunspell/ru_RU.dic",
    "hunspell-ar": "/usr/share/hunspell/ar.dic",
    # WeasyPrint (the PDFs) lays text out with Pango.
    "libpango-1.0-0": "/usr/share/doc/libpango-1.0-0",
    "libpangoft2-1.0-0": "/usr/share/doc/libpangoft2-1.0-0",
}


def missing() -> list[str]:
    return [pkg for pkg, marker in PACKAGES.items() if not Path(marker).exists()]


def ensure_system_packages(echo=print) -> None:
    needed = missing()
    if not needed:
        return
    apt = shutil.which("apt-get")
    if not apt:
        raise SystemExit(f"the tests need these Debian packages: {' '.join(needed)}")
    prefix = [] if os.geteuid() == 0 else ["sudo"]
    echo(f"installing Debian packages: {' '.join(needed)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*prefix, apt, "update", "-qq"], check=True, env=env)
    subprocess.run([*prefix, apt, "install", "-y", "-qq", "--no-install-recommends", *needed], check=True, env=env)
