"""Debian's nginx on loopback in front of a Django server, with the page cache as shipped
(deploy/nginx/page-cache.conf and page-cache-location.conf, only the cache folder and the
ports changed), for the purge test (tests/ops/test_edge_nginx.py) and `make bench`."""

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

DEPLOY = Path(__file__).resolve().parents[1] / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PURGE_MODULE = Path("/usr/lib/nginx/modules/ngx_http_cache_purge_module.so")
SHIPPED_PURGE_ADDRESS = "127.0.0.1:8081"
SHIPPED_CACHE_FOLDER = "/var/cache/nginx/maytinhcu"


def available() -> str | None:
    """None when nginx and its purge module are here, else what to install."""
    if not Path(NGINX).exists() or not PURGE_MODULE.exists():
        return "needs Debian's nginx with its purge module (apt-get install nginx libnginx-mod-http-cache-purge)"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class EdgeProxy:
    """nginx serving http://127.0.0.1:<port>/ from `upstream` (host:port), its cache in
    `folder`, taking PURGE on http://127.0.0.1:<purge_port>/."""

    def __init__(self, folder: Path, upstream: str, connections: int = 4096):
        self.folder, self.upstream, self.connections = folder, upstream, connections
        self.port, self.purge_port = free_port(), free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def purge_url(self) -> str:
        return f"http://127.0.0.1:{self.purge_port}"

    def config(self) -> str:
        cache = self.folder / "cache"
        shipped = (DEPLOY / "page-cache.conf").read_text()
        # What is replaced must be there, or the test would run another configuration.
        assert SHIPPED_PURGE_ADDRESS in shipped
        assert SHIPPED_CACHE_FOLDER in shipped
        http_part = shipped.replace(SHIPPED_CACHE_FOLDER, str(cache)).replace(
            SHIPPED_PURGE_ADDRESS, f"127.0.0.1:{self.purge_port}"
        )
        (self.folder / "page-cache.conf").write_text(http_part)
        # Started as root (a CI container), the workers would run as nobody and could not
        # write the cache folder this process made.
        user = "user root;" if os.geteuid() == 0 else ""
        return f"""
{user}
load_module {PURGE_MODULE};
worker_processes auto;
worker_rlimit_nofile {self.connections * 3};
pid {self.folder}/nginx.pid;
error_log {self.folder}/error.log warn;
events {{ worker_connections {self.connections * 2}; }}
http {{
    access_log off;
    # As Debian's /etc/nginx/nginx.conf has them.
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {self.folder}/body;
    proxy_temp_path {self.folder}/proxy;
    fastcgi_temp_path {self.folder}/fastcgi;
    uwsgi_temp_path {self.folder}/uwsgi;
    scgi_temp_path {self.folder}/scgi;
    keepalive_requests 100000;
    include {self.folder}/page-cache.conf;
    upstream maytinhcu_web {{
        server {self.upstream};
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{self.port} backlog=4096;
        location / {{
            proxy_pass http://maytinhcu_web;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            include {DEPLOY / "page-cache-location.conf"};
        }}
    }}
}}
"""

    def start(self) -> "EdgeProxy":
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "nginx.conf").write_text(self.config())
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf"),
             "-g", "daemon off;"],
            stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(self.process.stderr.read().decode()) from None
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def __enter__(self) -> "EdgeProxy":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def get(self, path: str, **headers) -> tuple[int, dict[str, str], str]:
        """Status, headers and body of a GET through nginx."""
        request = urllib.request.Request(self.url + path, headers=headers)  # noqa: S310
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 — loopback
            return response.status, dict(response.headers), response.read().decode()
