"""What the attack tests need: the installed `faq`, a private /dev, a guard on the real one.

The tests write to device nodes (/dev/null, /dev/full), /dev/stdout and FIFOs.
Written wrongly, such a write replaces the node with a regular file — and this
suite runs as root in CI. So:

- tests that name a device use twins made with mknod in tmp_path, or run `faq`
  in a private mount namespace (`unshare --mount`) whose /dev is a fresh tmpfs
  with its own nodes, so a wrong write can only replace those;
- `real_dev_is_untouched` (autouse) checks the real /dev/null, /dev/full and
  /dev/stdout before and after every test here, and puts back any that a test
  replaced (then fails it).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
FAQ = BIN / ("faq.exe" if os.name == "nt" else "faq")

# The real nodes: (path, major, minor).
REAL_DEVICES = (("/dev/null", 1, 3), ("/dev/full", 1, 7))
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

# A private /dev: a tmpfs with the nodes and links a process needs.
PRIVATE_DEV = """
set -e
mount -t tmpfs -o mode=0755,size=1m faq-test-dev /dev
mknod -m 666 /dev/null c 1 3
mknod -m 666 /dev/full c 1 7
mknod -m 666 /dev/zero c 1 5
mknod -m 444 /dev/random c 1 8
mknod -m 444 /dev/urandom c 1 9
ln -s /proc/self/fd /dev/fd
ln -s /proc/self/fd/0 /dev/stdin
ln -s /proc/self/fd/1 /dev/stdout
ln -s /proc/self/fd/2 /dev/stderr
set +e
"""


def _device_state() -> list[tuple[str, str]]:
    state = []
    for path, major, minor in REAL_DEVICES:
        try:
            info = os.lstat(path)
        except OSError:
            state.append((path, "missing"))
            continue
        ok = stat.S_ISCHR(info.st_mode) and info.st_rdev == os.makedev(major, minor)
        state.append((path, "device" if ok else "replaced"))
    stdout = "/dev/stdout"
    state.append((stdout, "link" if os.path.islink(stdout) else "replaced"))
    return state


def _restore() -> None:
    for path, major, minor in REAL_DEVICES:
        info = os.lstat(path) if os.path.lexists(path) else None
        if info is None or not stat.S_ISCHR(info.st_mode):
            if info is not None:
                os.unlink(path)
            os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(major, minor))
            os.chmod(path, 0o666)
    if not os.path.islink("/dev/stdout"):
        if os.path.lexists("/dev/stdout"):
            os.unlink("/dev/stdout")
        os.symlink("/proc/self/fd/1", "/dev/stdout")


@pytest.fixture(autouse=True)
def real_dev_is_untouched() -> Iterator[None]:
    if os.name == "nt":
        yield
        return
    before = _device_state()
    yield
    after = _device_state()
    if after != before:
        if ROOT:
            _restore()
        pytest.fail(f"a test replaced a real device node: {before} -> {after} (put back)")


@pytest.fixture
def faq() -> Path:
    if not FAQ.exists():
        pytest.skip(f"no faq console script beside {sys.executable}")
    return FAQ


def _can_unshare() -> str | None:
    """None when `unshare --mount` can make a private /dev here, else why not."""
    if shutil.which("unshare") is None:
        return "no unshare(1)"
    probe = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", PRIVATE_DEV + "true"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if probe.returncode != 0:
        return f"unshare --mount failed: {probe.stderr.strip() or probe.returncode}"
    return None


@pytest.fixture(scope="session")
def private_namespace() -> Callable[..., subprocess.CompletedProcess[bytes]]:
    """Run a shell script as root in a private mount namespace whose /dev is a
    fresh tmpfs (see PRIVATE_DEV): mounts made there, and nodes replaced there,
    never reach the real system. `$FAQ` is the installed faq."""
    why = _can_unshare()
    if why is not None:
        pytest.skip(f"needs root and mount namespaces to keep the real /dev safe: {why}")

    def run(script: str, **env: str) -> subprocess.CompletedProcess[bytes]:
        environ = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/"),
            "LANG": "C.UTF-8",
            "COLUMNS": "80",
            "FAQ": str(FAQ),
            **env,
        }
        return subprocess.run(
            ["unshare", "--mount", "--propagation", "private", "sh", "-c", PRIVATE_DEV + script],
            env=environ,
            capture_output=True,
            timeout=120,
            check=False,
        )

    return run


@pytest.fixture(scope="session")
def big_collection(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A collection whose Markdown is about 7 MB: the bundled entries, 3,000 times over."""
    from innovasjon_faq.loader import bundled_bytes

    data = json.loads(bundled_bytes().decode("utf-8"))
    entries = data["entries"]
    data["entries"] = [
        {**entries[n % 5], "id": n + 1, "slug": f"entry-{n + 1}"} for n in range(15_000)
    ]
    path = tmp_path_factory.mktemp("big") / "big.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path
