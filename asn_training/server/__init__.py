"""Starting the apps: Voila over ``notebooks/peserta.ipynb`` for participants at ``/`` and ``notebooks/staf.ipynb``
for trainers and administrators at ``/staf`` (one server, one template), set up for a hall full of phones.

- IPC kernel transport: with TCP, a burst of simultaneous page loads loses kernels to port races.
- Kernels are forked from a warm parent process (the ``asn-fork`` provisioner, :mod:`asn_training.kernels`).
- Kernels whose page was closed or lost its connection are culled after 20 idle minutes, so a hall does not keep
  hundreds of kernels alive after the session; an open page keeps its kernel however long its reader takes.
- Tracebacks stay hidden (Voila's default); the widgets show their own translated notices.
- Participants' kernels are pre-heated for a hall (:mod:`asn_training.hall`): a pool sized to what the trainer
  expects, refilled between bursts, capped by the machine's memory. Each kernel starts light (no pandas, numpy,
  jsonschema or Alembic) and reads one cached, validated content bundle.
- This process owns the server: Voila runs in its own process group, a stop signal to us (Ctrl+C, ``kill``, a
  closed terminal) stops Voila and its kernels, and the address is printed only once the server answers on it.
"""

from __future__ import annotations

import errno
import functools
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .. import config
from ..errors import ConfigError
from ..i18n import t

SHARE = Path(__file__).resolve().parent.parent / "share"
NOTEBOOK = "peserta.ipynb"
STAFF_NOTEBOOK = "staf.ipynb"  # beside the participant's notebook, served at STAFF_PATH
STAFF_PATH = "staf"
CULL_INTERVAL_S = 60
CULL_IDLE_TIMEOUT_S = 20 * 60
DEFAULT_READY = 2  # participants' kernels kept warm when no session expects more (serve --siap)
READY_TIMEOUT_S = 120  # a cold start on a busy 2-core laptop takes a few seconds; this is the give-up point
STOP_GRACE_S = 20  # Voila asks each kernel to shut down (5 s each at most, in parallel) before it exits
# Stop signals we pass on to Voila's group. A hang-up becomes SIGTERM: Voila shuts its kernels down on SIGTERM and
# SIGINT, but would die at once on SIGHUP and leave them behind.
# Front-end extensions installed in the venv that the participant's page never uses.
UNUSED_EXTENSIONS = ["@voila-dashboards/jupyterlab-preview", "jupyterlab_pygments"]
FORWARDED = {signal.SIGTERM: signal.SIGTERM, signal.SIGINT: signal.SIGINT, signal.SIGHUP: signal.SIGTERM}


def voila_command(host: str, port: int, notebook: Path, ready: int = 0, cap: int = 0) -> list[str]:
    """Voila with the kit's settings; ``ready`` participants' kernels kept warm, at most ``cap`` kernels."""
    from .hall import BATCH

    return [
        sys.executable, "-c", "from asn_training.server import launch_voila; launch_voila()", str(notebook),
        f"--Voila.ip={host}", f"--Voila.port={port}", "--Voila.port_retries=0", "--no-browser",
        "--KernelManager.transport=ipc",
        # Kernels forked from a warm parent that has imported the app (asn_training/kernels): a fifth of the CPU and
        # half the memory of a cold kernel each (bench/fork.py); the usual start where forking is not possible.
        "--KernelProvisionerFactory.default_provisioner_name=asn-fork",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_S}",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_TIMEOUT_S}",
        "--MappingKernelManager.cull_connected=False",  # an open page keeps its kernel, however long one reads
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.template=asn",
        "--theme=light",
        f"--VoilaConfiguration.extension_denylist={UNUSED_EXTENSIONS!r}",
        "--VoilaExporter.filters=asn_page_texts=asn_training.server.page_texts",
        "--VoilaExporter.filters=asn_preload=asn_training.server.preload_links",
        # nbclient waits 4 s after a cell for its output: on a busy server the app's view came later and the page
        # stayed empty (bench/hall.py); the page asks the kernel for the widgets' state, so none is kept here.
        "--VoilaExecutor.iopub_timeout=60", "--VoilaExecutor.store_widget_state=False",
        "--preheat_kernel=True", f"--pool_size={min(ready, BATCH)}",  # the PoolKeeper grows it to `ready`
        f"--HallVoila.ready={ready}", f"--HallVoila.cap={cap}",
    ]


# What the page's own scripts show before or beside the widgets (asn-hall.js), by name: catalogue entries.
PAGE_TEXTS = {"title": "app.title", "loading": "voila.loading", "executing": "voila.executing",
              "loadingWidget": "voila.loading_widget", "widgetError": "voila.widget_error",
              "reconnecting": "voila.reconnecting", "lost": "voila.lost", "lostDetail": "voila.lost_detail",
              "resume": "voila.resume"}


def page_texts(_value: object = None) -> str:
    """The page's texts in every language, as a JavaScript object literal: the Jinja filter ``asn_page_texts``
    that spinner.macro.html.j2 renders into the page (so the template never holds a copy of the catalogue)."""
    import json

    from ..i18n import LANGUAGES

    texts = {lang: {name: t(key, lang) for name, key in PAGE_TEXTS.items()} for lang in LANGUAGES}
    return json.dumps(texts, ensure_ascii=False).replace("</", "<\\/")


PRELOAD = SHARE / "voila" / "templates" / "asn" / "preload.txt"


@functools.cache
def _preloaded() -> tuple[str, ...]:
    return tuple(line.strip() for line in PRELOAD.read_text("utf-8").splitlines() if line.strip())


def preload_links(base_url: object) -> str:
    """``<link rel=preload>`` for every script a first visit fetches (preload.txt): the Jinja filter
    ``asn_preload``. The phone fetches them while the server still runs the page's notebook, instead of after."""
    from html import escape

    return "".join(f'<link rel="preload" as="script" href="{escape(str(base_url) + path)}">' for path in _preloaded())


VERSIONED = re.compile(r"[.-][0-9a-f]{16,}\.(js|css|woff2?|svg|png)$")  # webpack's content-hashed file names
CACHE_FOR_A_YEAR = "public, max-age=31536000, immutable"


def launch_voila() -> None:
    """Voila, light on a hall's Wi-Fi (bench/phone.py): every response gzip-compressed (Voila builds its Tornado
    application before applying ``tornado_settings``, too late for ``compress_response``), and static files whose
    address names their version (``?v=<hash>`` or a content hash in the name) cached by the phone for a year."""
    from jupyter_server.utils import url_path_join
    from tornado.web import GZipContentEncoding, OutputTransform, authenticated
    from traitlets import Int
    from voila.app import Voila
    from voila.tornado.handler import TornadoVoilaHandler

    from .hall import CompressOnce, PoolKeeper, expected_in_sessions, full_page

    def versioned(request) -> bool:
        return "v" in request.query_arguments or bool(VERSIONED.search(request.path))

    class CacheVersioned(OutputTransform):
        def __init__(self, request) -> None:
            self.versioned = versioned(request)

        def transform_first_chunk(self, status_code, headers, chunk, finishing):
            if self.versioned and status_code == 200:
                headers["Cache-Control"] = CACHE_FOR_A_YEAR
            return status_code, headers, chunk

    class HallVoila(Voila):
        ready = Int(0, help="Participants' kernels kept warm (serve --siap).").tag(config=True)
        cap = Int(0, help="At most this many kernels; 0: no cap.").tag(config=True)

        def init_handlers(self) -> list:
            from tornado.ioloop import IOLoop

            allow_many_sockets(self.kernel_manager.context)

            self.app.add_transform(lambda request: CompressOnce(request, self.static_file))
            self.app.add_transform(GZipContentEncoding)
            self.app.add_transform(CacheVersioned)
            notebook = os.path.relpath(self.notebook_path, self.root_dir)
            keeper = PoolKeeper(self.kernel_manager, notebook, self.ready, self.cap or 10**6, expected_in_sessions,
                                log=self.log)
            IOLoop.current().add_callback(keeper.follow_sessions)
            verification = (url_path_join(self.server_url, r"/verifikasi/?"), verification_handler(), {})
            handlers = [verification, *self.staff_handlers(), *super().init_handlers()]
            return [(rule[0], capped(keeper), *rule[2:]) if self.participants_page(rule) else rule for rule in handlers]

        def static_file(self, request) -> bool:
            return request.path.startswith(tuple(url_path_join(self.server_url, f"voila/{folder}/")
                                                 for folder in ("static", "templates", "labextensions")))

        @staticmethod
        def participants_page(rule) -> bool:  # Voila's catch-all for the notebook at /, not the staff app
            return rule[1] is TornadoVoilaHandler and rule[0].endswith("/(.*)")

        def staff_handlers(self) -> list:
            """The staff app at ``/staf``: a second notebook handler like Voila's own for ``/``, with the same
            template and settings, placed before Voila's catch-all (which would send ``/staf`` to its files)."""
            staff = Path(self.notebook_path).with_name(STAFF_NOTEBOOK) if self.notebook_path else None
            if staff is None or not staff.is_file():
                return []
            return [(url_path_join(self.server_url, rf"/{STAFF_PATH}/?"), TornadoVoilaHandler,
                     {"notebook_path": os.path.relpath(staff, self.root_dir), "template_paths": self.template_paths,
                      "config": self.config, "voila_configuration": self.voila_configuration})]

    def capped(keeper: PoolKeeper) -> type:
        class CappedVoilaHandler(TornadoVoilaHandler):
            """The participant's page, or at once a page saying the server is full (it tries again by itself)."""

            @authenticated
            async def get(self, path=None):
                if not keeper.full():
                    return await super().get(path)
                lang = "en" if self.get_query_argument("lang", "") == "en" else "id"
                self.set_status(503)
                self.set_header("Retry-After", "10")
                self.set_header("Cache-Control", "no-store")
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(full_page(lang))

        return CappedVoilaHandler

    HallVoila.launch_instance()


def allow_many_sockets(context) -> None:
    """Room for hundreds of kernels: the server holds about ten ZeroMQ sockets per kernel (the executor's channels,
    each page's channels), and a ZeroMQ context allows 1,023 by default; past that every new kernel or page fails
    with "Too many open files" (bench/hall.py, 200 pages). Raised to the process's limit on open files, itself
    raised to its hard limit. Set before the first socket: the pool's kernels start once the event loop runs."""
    import resource

    import zmq

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):
            pass
    limit = 65536 if soft == resource.RLIM_INFINITY else max(1024, soft - 512)
    context.set(zmq.MAX_SOCKETS, min(limit, 65536))


VERIFY_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>{title}</title><style>
body {{ font-family: system-ui, sans-serif; font-size: 17px; line-height: 1.5; color: #1a1a1a; margin: 0 auto;
  max-width: 40rem; padding: 16px; }}
.asn-notice {{ color: #8a1c1c; font-weight: 600; }} .asn-good {{ color: #1b6e2a; font-weight: 600; }}
.asn-muted {{ color: #555; font-size: 15px; }} dt {{ font-weight: 600; margin-top: 8px; }} dd {{ margin: 0; }}
nav a {{ display: inline-block; min-height: 44px; min-width: 44px; line-height: 44px; padding: 0 12px;
  color: #0b4f8a; }}
form {{ margin-top: 16px; }} input, button {{ font-size: 17px; min-height: 44px; }}
</style></head><body><main>{body}
<form method="get" action=""><label for="kode">{label}</label><br>
<input id="kode" name="kode" value="{code}" autocomplete="off" autocapitalize="characters">
<input type="hidden" name="lang" value="{lang}"><button type="submit">{check}</button></form>
<nav><a href="?kode={code_q}&amp;lang={other}" lang="{other}">{other_name}</a> <a href="{app}">{open_app}</a></nav>
</main></body></html>"""


def verification_page(found: dict | None, code: str, lang: str, app: str) -> str:
    """The server's own verification page: plain HTML, no kernel and no scripts."""
    from html import escape
    from urllib.parse import quote

    from ..formats.verification import verification_html

    other = "en" if lang == "id" else "id"
    return VERIFY_PAGE.format(
        lang=lang, title=escape(t("verifypage.heading", lang)), body=verification_html(found, code, lang) if code
        else f"<h2>{escape(t('verifypage.heading', lang))}</h2>", label=escape(t("verifypage.code_label", lang)),
        code=escape(code), code_q=quote(code), check=escape(t("verifypage.check", lang)), other=other,
        other_name="English" if other == "en" else "Bahasa Indonesia", app=escape(app),
        open_app=escape(t("verifypage.open_app", lang)))


@functools.cache
def server_store():
    """The Voila process's own store (the verification page, the open sessions' expected participants), opened at
    its first use and shared; participants' kernels open their own."""
    from ..services.database import open_store

    return open_store()


def verification_handler():
    """The Tornado handler for ``/verifikasi?kode=<code>&lang=id|en``: the address in every document's QR code."""
    from tornado.ioloop import IOLoop
    from tornado.web import RequestHandler

    from ..core.codes import normalise_code
    from ..errors import NotFound

    def look_up(code: str) -> dict | None:
        from ..content.bundle import load_bundle
        from ..services.certificates import verify

        try:
            return verify(server_store(), code, load_bundle().pledges)
        except NotFound:
            return None

    class VerificationHandler(RequestHandler):
        async def get(self) -> None:
            lang = "en" if self.get_query_argument("lang", "") == "en" else "id"
            typed = self.get_query_argument("kode", "").strip()[:40]
            code = normalise_code(typed) if any(ch.isalnum() for ch in typed) else ""
            found = await IOLoop.current().run_in_executor(None, look_up, code) if code else None
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.set_header("X-Content-Type-Options", "nosniff")
            self.set_header("Content-Security-Policy",
                            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
            self.set_header("Referrer-Policy", "no-referrer")
            self.write(verification_page(found, code, lang, app=self.reverse_url_root()))

        def reverse_url_root(self) -> str:
            return self.settings.get("base_url", "/") or "/"

    return VerificationHandler


def voila_environment(database_url: str, host: str = "", port: int = 0) -> dict[str, str]:
    """The server's environment: the database for every kernel, our template on the Jupyter path, and the public
    address the QR codes on documents open (``ASN_TRAINING_PUBLIC_URL`` if set, else the network address ``serve``
    prints for phones, else the local one)."""
    jupyter_path = os.pathsep.join(filter(None, [str(SHARE), os.environ.get("JUPYTER_PATH")]))
    env = dict(os.environ, **{config.DB_ENV: database_url, "JUPYTER_PATH": jupyter_path})
    env["VOILA_APP_IP"] = local_host(host) if host else "127.0.0.1"  # where a pre-heated kernel asks for its visitor
    if config.public_url() is None and port:
        lan = lan_address() if host in ANY_HOST else None
        env[config.PUBLIC_URL_ENV] = url(lan or local_host(host), port)
    return env


ANY_HOST = {"0.0.0.0": "127.0.0.1", "::": "::1"}  # listening on every address: this machine's own, to open it


def local_host(host: str) -> str:
    return ANY_HOST.get(host, host)


@functools.cache  # one probe per server start: the environment and the printed addresses share it
def lan_address() -> str | None:
    """This machine's address on the local network, for participants' phones; ``None`` if there is none."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent for a UDP connect
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def check_content() -> Path:
    """Validate the banks, the pledge texts, the self-assessment and the agency setting, warm the cache every kernel
    reads, and find the participant's notebook (and the staff app's beside it); return the participant's path."""
    from ..content.agency import load_agency
    from ..content.bundle import load_bundle

    load_bundle()
    load_agency()  # a broken agency setting stops the server here, not on a participant's certificate page
    notebook = config.notebooks_dir() / NOTEBOOK
    if not notebook.is_file():
        raise ConfigError("serve.no_notebook", path=str(notebook), env=config.HOME_ENV)
    staff = notebook.with_name(STAFF_NOTEBOOK)
    if not staff.is_file():
        raise ConfigError("serve.no_staff_notebook", path=str(staff), env=config.HOME_ENV)
    return notebook


def check_port(host: str, port: int) -> None:
    """Raise a clear error if the address cannot be listened on, most often because a server already runs there."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Tornado binds: TIME_WAIT is no obstacle
        try:
            probe.bind((host, port))
        except OSError as exc:
            key = "serve.port_in_use" if exc.errno == errno.EADDRINUSE else "serve.cannot_listen"
            raise ConfigError(key, host=host, port=port, detail=exc.strerror or str(exc)) from exc


def answers_http(host: str, port: int, timeout: float = 2.0) -> bool:
    """Whether a web server answers on the address, whatever its status. It asks for a static file, which Voila
    serves without logging: a GET of ``/`` would start a kernel, and a HEAD of it is logged as an error."""
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request("HEAD", "/voila/static/favicon.ico")
        connection.getresponse()
        return True
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


class Supervisor:
    """A child process in its own process group, owned by this one: our stop signals are passed on to its whole
    group, and leaving the ``with`` block stops the group (SIGTERM, then SIGKILL if it lingers)."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.command, self.env = command, env
        self.stop_requested = False
        self.process: subprocess.Popen | None = None
        self._previous: dict = {}

    def __enter__(self) -> Supervisor:
        # Handlers first: a signal that comes before the child exists is passed on as soon as it does.
        self._previous = {sig: signal.signal(sig, self._on_signal) for sig in FORWARDED}
        try:
            self.process = subprocess.Popen(self.command, env=self.env, start_new_session=True)
        except BaseException:
            self._restore()
            raise
        if self.stop_requested:
            self._signal_group(signal.SIGTERM)
        return self

    def __exit__(self, *_exc) -> None:
        try:
            self.stop()
        finally:
            self._restore()

    def _on_signal(self, signum: int, _frame) -> None:
        self.stop_requested = True
        self._signal_group(FORWARDED[signal.Signals(signum)])

    def _signal_group(self, signum: int) -> None:
        if self.process is None or self.process.returncode is not None:
            return  # not started, or exited and reaped: its group id may belong to someone else by now
        try:
            os.killpg(self.process.pid, signum)
        except ProcessLookupError:
            pass

    def _restore(self) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._previous = {}

    def wait_until_serving(self, host: str, port: int, timeout: float) -> bool:
        """Poll until the child answers HTTP on the address; ``False`` if it exits, is stopped, or the time is up."""
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.stop_requested or self.process.poll() is not None:
                return False
            if answers_http(host, port):
                return True
            time.sleep(0.1)
        return False

    def wait(self) -> int:
        """Wait for the child; its exit code, or 0 if it stopped because we were asked to stop."""
        assert self.process is not None
        code = self.process.wait()
        return 0 if self.stop_requested else code

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self._signal_group(signal.SIGTERM)
            try:
                self.process.wait(STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                pass
        if self.process.poll() is None:  # still there (not reaped), so the group is still ours to kill
            self._signal_group(signal.SIGKILL)
            self.process.wait()


def run(host: str, port: int, echo: Callable[[str], None] = print, *, ready: int = DEFAULT_READY,
        cap: int | None = None) -> int:
    """Upgrade the schema, start Voila with ``ready`` participants' kernels warm and at most ``cap`` kernels (default:
    what the free memory holds), print the addresses once it answers, run until stopped; return the exit code (0
    when stopped by Ctrl+C or a signal)."""
    from .hall import KERNEL_MB, capacity

    notebook = check_content()  # a broken bank stops the server here, with every problem listed, not in each kernel
    from ..services.database import upgrade

    echo(t("serve.starting", url=config.safe_database_url()))
    upgrade()
    check_port(host, port)  # Voila would only log a traceback
    local = local_host(host)
    room = capacity()
    cap = cap or room.kernels
    echo(t("serve.capacity", kernels=room.kernels, free=f"{room.available_mb / 1024:.1f}", per=KERNEL_MB,
           ready=min(ready, cap), cap=cap))
    command = voila_command(host, port, notebook, min(ready, cap), cap)
    with Supervisor(command, voila_environment(config.database_url(), host, port)) as voila:
        if not voila.wait_until_serving(local, port, READY_TIMEOUT_S):
            if voila.stop_requested:
                return 0
            code = voila.process.poll()
            if code is None:
                raise ConfigError("serve.no_answer", url=url(local, port), seconds=READY_TIMEOUT_S)
            check_port(host, port)  # it lost a race for the port: say that, not only its exit code
            raise ConfigError("serve.exited", code=code)
        echo(t("serve.open", url=url(local, port)))
        lan = lan_address() if host in ANY_HOST else None
        if lan:
            echo(t("serve.lan", url=url(lan, port)))
        echo(t("serve.staff", url=url(local, port) + STAFF_PATH))
        echo(t("serve.stop"))
        return voila.wait()
