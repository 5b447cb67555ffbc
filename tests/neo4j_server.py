"""Start and stop a throw-away Neo4j server from the jars scripts/with-neo4j resolves (tests only)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIB = ROOT / ".ci" / "neo4j" / "lib"
JVM = [
    "-Xms256m",
    "-Xmx768m",
    "-XX:+UseG1GC",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
]


def available() -> bool:
    return LIB.is_dir() and any(LIB.glob("org.neo4j.neo4j-5*.jar")) and shutil.which("java") is not None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, home: Path, port: int) -> None:
        self.home, self.port = home, port
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120) -> None:
        conf = self.home / "conf"
        conf.mkdir(parents=True, exist_ok=True)
        (conf / "neo4j.conf").write_text(
            "\n".join(
                [
                    "dbms.security.auth_enabled=false",
                    "server.bolt.enabled=true",
                    f"server.bolt.listen_address=127.0.0.1:{self.port}",
                    "server.http.enabled=false",
                    "server.https.enabled=false",
                    "server.memory.pagecache.size=128m",
                    "dbms.usage_report.enabled=false",
                ]
            )
            + "\n"
        )
        log = open(self.home / "console.out", "ab")  # noqa: SIM115  # the server writes it until it stops
        self.proc = subprocess.Popen(
            [
                "java",
                *JVM,
                "-cp",
                f"{LIB}/*",
                "org.neo4j.server.CommunityEntryPoint",
                f"--home-dir={self.home}",
                f"--config-dir={conf}",
                "--console-mode",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("neo4j exited: " + (self.home / "console.out").read_text()[-2000:])
            if (self.home / "console.out").read_text(errors="replace").count("Started.") > self._starts:
                self._starts += 1
                return
            time.sleep(0.5)
        raise RuntimeError("neo4j did not start in time")

    _starts = 0

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()
