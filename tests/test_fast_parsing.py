"""The memoized MyST parsing of translated messages changes nothing in the output."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from linkcheck import files

pytestmark = pytest.mark.slow


def _build(project, out, plain: bool):
    env = {**os.environ, "GNLC_PLAIN_MYST": "1" if plain else "0"}
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "-D", "language=fr",
                    "-d", str(out / "doctrees"), str(project.docs), str(out / "html")],
                   cwd=project.root, env=env, check=True)
    return {p.relative_to(out / "html").as_posix(): p.read_bytes() for p in files(out / "html")}


def test_translated_build_is_identical_with_and_without_the_cache(project_copy, tmp_path):
    fast = _build(project_copy, tmp_path / "fast", plain=False)
    plain = _build(project_copy, tmp_path / "plain", plain=True)
    assert fast.keys() == plain.keys()
    different = [name for name in fast if fast[name] != plain[name]]
    assert not different, different[:10]
    assert any("Hambourg" in fast[name].decode("utf-8", "replace") for name in fast if name.endswith(".html"))


def test_only_the_tested_myst_parser_releases_are_patched():
    import importlib.metadata

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    try:
        import fast_translated_parsing as fast
    finally:
        sys.path.remove(str(ROOT / "docs" / "_ext"))
    assert fast.tested(importlib.metadata.version("myst-parser"))  # the pinned release is a tested one
    assert fast.tested("5.2.0") and fast.tested("5.2.7")
    assert not fast.tested("5.3.0") and not fast.tested("6.0.0") and not fast.tested("4.0.1")
    assert not fast.tested("main")
