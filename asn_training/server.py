"""Starting the participant app: Voila over ``notebooks/peserta.ipynb``, set up for a hall full of phones.

- IPC kernel transport: with TCP, a burst of simultaneous page loads loses kernels to port races.
- Kernels whose page was closed or lost its connection are culled after 20 idle minutes, so a hall does not keep
  hundreds of kernels alive after the session; an open page keeps its kernel however long its reader takes.
- Tracebacks stay hidden (Voila's default); the widgets show their own translated notices.
- Kernels are not pre-heated: on a 2-core laptop a pool of 4 made a burst of 10 simultaneous pages stall (the
  refills compete with the visitors' kernels; bench/kernels.py). Instead each kernel starts light (no pandas,
  numpy, jsonschema or Alembic) and reads one cached, validated content bundle.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from . import config
from .i18n import t

SHARE = Path(__file__).resolve().parent / "share"
CULL_INTERVAL_S = 60
CULL_IDLE_TIMEOUT_S = 20 * 60


def voila_command(host: str, port: int, notebook: str = "peserta.ipynb") -> list[str]:
    return [
        sys.executable, "-m", "voila", str(config.notebooks_dir() / notebook),
        f"--Voila.ip={host}", f"--Voila.port={port}", "--Voila.port_retries=0", "--no-browser",
        "--KernelManager.transport=ipc",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_S}",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_TIMEOUT_S}",
        "--MappingKernelManager.cull_connected=False",  # an open page keeps its kernel, however long one reads
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.template=asn",
        "--theme=light",
    ]


def voila_environment(database_url: str) -> dict[str, str]:
    """The server's environment: the database for every kernel, and our template on the Jupyter path."""
    jupyter_path = os.pathsep.join(filter(None, [str(SHARE), os.environ.get("JUPYTER_PATH")]))
    return dict(os.environ, **{config.DB_ENV: database_url, "JUPYTER_PATH": jupyter_path})


def lan_address() -> str | None:
    """This machine's address on the local network, for participants' phones; ``None`` if there is none."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent for a UDP connect
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def check_content() -> None:
    """Validate the banks, the pledge texts and the self-assessment, and warm the cache every kernel reads."""
    from .content.bundle import load_bundle

    load_bundle()


def run(host: str, port: int, echo: Callable[[str], None] = print) -> int:
    """Upgrade the schema, print the addresses, run Voila until interrupted; return its exit code."""
    check_content()  # a broken bank stops the server here, with every problem listed, not in each kernel
    from .services.database import upgrade

    echo(t("serve.starting", url=config.safe_database_url()))
    upgrade()
    local = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    echo(t("serve.open", url=f"http://{local}:{port}/"))
    lan = lan_address() if host in ("0.0.0.0", "::") else None
    if lan:
        echo(t("serve.lan", url=f"http://{lan}:{port}/"))
    echo(t("serve.stop"))
    process = subprocess.Popen(voila_command(host, port), env=voila_environment(config.database_url()))
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        process.wait(timeout=30)
        return 0
