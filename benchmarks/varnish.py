"""Run Varnish with the project's VCL (deploy/varnish/newsroom.vcl) in front of a server,
for the churn benchmark and the tests. Needs Debian's varnish and varnish-modules."""

import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

VCL = Path(__file__).resolve().parent.parent / "deploy" / "varnish" / "newsroom.vcl"


def varnishd() -> str | None:
    """Return the path of varnishd, if it is installed."""
    found = shutil.which("varnishd") or "/usr/sbin/varnishd"
    return found if Path(found).exists() else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def in_front_of(backend_port: int | str, *, storage="malloc,64m"):
    """Run varnishd in front of 127.0.0.1:`backend_port`; yield its address."""
    with tempfile.TemporaryDirectory() as work:
        vcl = Path(work) / "newsroom.vcl"
        vcl.write_text(VCL.read_text().replace('.port = "8000"', f'.port = "{backend_port}"'))
        port = free_port()
        command = [varnishd(), "-j", "none", "-F", "-a", f"127.0.0.1:{port}", "-f", str(vcl)]
        # -j none: no separate user, so it reads this folder; one pool is enough here.
        command += ["-n", f"{work}/v", "-s", storage, "-p", "thread_pools=1"]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        address = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(address + "/robots.txt", timeout=2).read()
                    break
                except OSError:
                    if process.poll() is not None:
                        raise RuntimeError(process.stderr.read().decode()) from None
                    time.sleep(0.1)
            yield address
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
