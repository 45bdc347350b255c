"""Create the project's virtual environment with pip in it.

Debian's python3 ships without `ensurepip` unless the python3-venv package is installed, so a
plain `python3 -m venv` fails on a fresh machine. In that case the venv is created without pip
and pip's wheel is fetched from the package index (checked against its published SHA-256) and
installs itself into it.
"""

import hashlib
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
import venv
from pathlib import Path

PIP_VERSION = "26.3"
INDEX_URL = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple").rstrip("/")


def _pip_wheel(directory: Path) -> Path:
    name = f"pip-{PIP_VERSION}-py3-none-any.whl"
    with urllib.request.urlopen(f"{INDEX_URL}/pip/", timeout=60) as response:  # noqa: S310
        listing = response.read().decode()
    match = re.search(rf'href="([^"]*{re.escape(name)})#sha256=([0-9a-f]{{64}})"', listing)
    if not match:
        sys.exit(f"{name} is not on {INDEX_URL}/pip/")
    url, sha256 = match.groups()
    url = urllib.parse.urljoin(f"{INDEX_URL}/pip/", url)
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310
        data = response.read()
    if hashlib.sha256(data).hexdigest() != sha256:
        sys.exit(f"{name}: checksum mismatch, refusing to install it")
    wheel = directory / name
    wheel.write_bytes(data)
    return wheel


def main(target: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script runs before the venv exists
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    has_ensurepip = importlib.util.find_spec("ensurepip") is not None
    venv.EnvBuilder(with_pip=has_ensurepip, upgrade_deps=False).create(target)
    python = str(Path(target) / "bin" / "python")
    if not has_ensurepip:
        with tempfile.TemporaryDirectory() as tmp:
            wheel = _pip_wheel(Path(tmp))
            # A wheel is a zip that Python can run from: pip installs itself from its own file.
            subprocess.check_call([python, f"{wheel}/pip", "install", "--no-index", str(wheel)])
    subprocess.check_call([python, "-m", "pip", "install", "--quiet", f"pip=={PIP_VERSION}"])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".venv")
