"""Issue 9, finding 5: one foreign-origin WebSocket attempt must not reach out, nor freeze.

Streamlit 1.67's origin check looked up the machine's external IP address
(``checkip.amazonaws.com``) for a foreign ``Origin``, on the server's event loop: any
web page could make the server contact an outside host, and offline every attempt froze
the whole app. The server runs here as ``make run`` starts it, in a network namespace
with only a loopback interface (``unshare -n``, as root), under ``strace``; the probe
(``tests/netns_probe.py``) reports every ``connect`` to an address that is not loopback.

Two kinds of "offline": no route at all (a connect fails at once, so only the trace shows
the attempt), and a network that never answers (a default route into the loopback
device, where the kernel drops the packets: a name lookup waits for its timeouts, as on
a laptop with a dead Wi-Fi; this is how the 19.6 s freeze was seen). Nothing can leave
the namespace in either.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.server_support import ROOT

PROBE = ROOT / "tests" / "netns_probe.py"
HEALTH_LIMIT_MS = 100
NETWORKS = {
    "ingen rute": "ip link set lo up",
    "nett som aldri svarer": "ip link set lo up && ip route add default dev lo",
}


def namespace_problem() -> str:
    """Why a loopback-only namespace cannot be made here ("" when it can)."""
    missing = [tool for tool in ("unshare", "ip", "strace") if shutil.which(tool) is None]
    if missing:
        return f"mangler {', '.join(missing)} (apt-get install util-linux iproute2 strace)"
    if os.geteuid() != 0:
        return "unshare -n krever root (CI kjører som root)"
    trial = subprocess.run(
        ["unshare", "-n", "--", "ip", "link", "set", "lo", "up"],
        capture_output=True,
        text=True,
        check=False,
    )
    if trial.returncode != 0:
        return f"unshare -n virker ikke her: {trial.stderr.strip()}"
    return ""


@pytest.fixture(scope="module", params=list(NETWORKS))
def probe(request, tmp_path_factory) -> dict:
    problem = namespace_problem()
    if problem:
        pytest.skip(f"Navnerom-testen kjøres ikke: {problem}")
    folder = tmp_path_factory.mktemp("netns")
    run = subprocess.run(
        [
            "unshare",
            "-n",
            "--",
            "sh",
            "-c",
            NETWORKS[request.param] + ' && exec "$0" "$@"',
            sys.executable,
            str(PROBE),
            str(folder / "connect.trace"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "TVERRKART_DB_DIR": str(folder), "TVERRKART_DATABASE_URL": ""},
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_a_foreign_origin_handshake_is_refused(probe):
    assert probe["handshake_status"] == 403, probe


def test_the_server_connects_to_nothing_outside_the_machine(probe):
    assert probe["outbound"] == [], "\n".join(probe["outbound"])


def test_the_server_keeps_answering_while_and_after_it_refuses(probe):
    during, after = probe["health_during_ms"], probe["health_after_ms"]
    assert during < HEALTH_LIMIT_MS and after < HEALTH_LIMIT_MS, probe
