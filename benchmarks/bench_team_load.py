"""Benchmark: many logged-in team-mode sessions on one server, opening and saving cases.

Run from the project root (needs Debian's Chromium and PostgreSQL's server programs)::

    .venv/bin/python benchmarks/bench_team_load.py [--sessions 30] [--seconds 60]

What runs: a throw-away PostgreSQL (``scripts/pg_test_server.sh``, or the one in
``TVERRKART_TEST_POSTGRES_URL``), the test OpenID provider and one app server in team
mode (``scripts/serve.py``), all on 127.0.0.1; Chromium drives ``--sessions`` users,
each in its own browser context (own login cookie), all at the same time (async
Playwright).

1. **Login**: every user logs in through the provider's real authorisation page.
2. **First page load**: every user opens a new tab on Nettverkskart (a new Streamlit
   session with the login cookie). The server's own CPU time (``/proc/PID/stat``,
   user + system, so Chromium's load on the same cores does not count) over all these
   loads, divided by their number; also how many script runs one first load makes.
3. **Open and save**: each user has a case of their own (made through the repository
   beforehand); each opens it from «Lagrede saker» in Nettverkskart, then presses «Lagre
   ny versjon» again and again for ``--seconds`` (bounded). Each save's round trip (click
   to the run that shows «Lagret som versjon n» ended) is a rerun time; the server's CPU
   time over the phase divided by the saves.
4. **Checks**: no error on any page, and every case has exactly 1 + (saves its user saw
   confirmed) versions: no save lost.

Memory per session: the server's resident memory (``VmRSS``) with all sessions open,
minus before the first login, divided by the number of sessions.

Results are printed as a table and written to ``benchmarks/results/team_load.json``;
``docs/benchmarks.md`` quotes them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from playwright.async_api import async_playwright  # noqa: E402
from run_team import create_database, start_provider, team_environment  # noqa: E402

from graph.storage import ready_engine  # noqa: E402
from graph.storage.access import Actor  # noqa: E402
from graph.storage.repository import Repository  # noqa: E402
from tests.browser.app_page import APP_RUN_DONE_JS, RUN_RECORDER_JS  # noqa: E402
from tests.server_support import Served, free_port, stop_process  # noqa: E402
from tests.storage_support import small_case  # noqa: E402

CHROMIUM = os.environ.get("TVERRKART_CHROMIUM", "/usr/bin/chromium")
TICKS = os.sysconf("SC_CLK_TCK")
RESULTS = ROOT / "benchmarks" / "results" / "team_load.json"
RUN_TIMEOUT_MS = 120_000


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (its own, not its children's)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def wait_run(page, after=None) -> None:
    await page.wait_for_function(APP_RUN_DONE_JS, arg=after, polling=100, timeout=RUN_TIMEOUT_MS)


async def runs(page) -> list[int]:
    return await page.evaluate(
        "() => window.__tkRuns ? [window.__tkRuns.started, window.__tkRuns.drawn] : [0, 0]"
    )


async def new_page(context):
    page = await context.new_page()
    page.set_default_timeout(RUN_TIMEOUT_MS)
    page.set_default_navigation_timeout(RUN_TIMEOUT_MS)
    await page.add_init_script(RUN_RECORDER_JS)

    async def keep_local(route):
        if route.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:")):
            await route.continue_()
        else:
            await route.abort()

    await page.route("**/*", keep_local)
    return page


async def log_in(context, base: str, oidc: int, sub: str) -> None:
    page = await new_page(context)
    await page.goto(base)
    await wait_run(page)
    await page.get_by_role("button", name="Logg inn").click()
    await page.wait_for_url(f"http://127.0.0.1:{oidc}/**", timeout=RUN_TIMEOUT_MS)
    await page.locator("input[name=sub]").fill(sub)
    await page.get_by_role("button", name="Authorize").click()
    await page.wait_for_url(f"{base}/**", timeout=RUN_TIMEOUT_MS)
    await page.get_by_text("Innlogget som").first.wait_for(timeout=RUN_TIMEOUT_MS)
    await page.close()


async def first_load(context, base: str) -> tuple[object, float, list[int]]:
    page = await new_page(context)
    started = time.monotonic()
    await page.goto(base)
    await wait_run(page)
    await page.get_by_text("Innlogget som").first.wait_for(timeout=RUN_TIMEOUT_MS)
    return page, time.monotonic() - started, await runs(page)


async def open_case(page, base: str, name: str) -> None:
    before = await runs(page)
    await page.get_by_test_id("stSidebarNavLink").filter(has_text="Lagrede saker").click()
    await wait_run(page, before)
    await page.get_by_role("button", name="Åpne i Nettverkskart").wait_for(timeout=RUN_TIMEOUT_MS)
    before = await runs(page)
    await page.get_by_role("button", name="Åpne i Nettverkskart").click()
    await wait_run(page, before)
    await page.get_by_text(f"Lagret som {name}, versjon 1").first.wait_for(timeout=RUN_TIMEOUT_MS)


async def save_loop(page, deadline: float) -> tuple[list[float], int, list[str]]:
    times: list[float] = []
    saved = 0
    errors: list[str] = []
    version = 1
    while time.monotonic() < deadline:
        button = page.get_by_role("button", name="Lagre ny versjon", exact=True)
        await wait_run(page)
        started = time.monotonic()
        await button.click()
        notice = page.get_by_text(f"Lagret som versjon {version + 1} av")
        try:
            await notice.first.wait_for(timeout=RUN_TIMEOUT_MS)
            await wait_run(page)
        except Exception as error:
            errors.append(f"lagring {version + 1}: {type(error).__name__}")
            break
        times.append(time.monotonic() - started)
        version += 1
        saved += 1
        problems = await page.get_by_test_id("stAlertContentError").all_inner_texts()
        problems += await page.get_by_test_id("stException").all_inner_texts()
        if problems:
            errors += problems
            break
    return times, saved, errors


async def drive(args, base: str, oidc: int, pid: int, cases: dict[str, int]) -> dict:
    result: dict = {"sessions": args.sessions, "seconds": args.seconds, "cores": os.cpu_count()}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        contexts = [
            await browser.new_context(viewport={"width": 1200, "height": 900}) for _ in cases
        ]
        rss_before = rss_mb(pid)
        # Logins and first loads a few at a time (the CPU time per load does not depend
        # on how many run at once; 30 at once made page loads time out on 2 busy cores).
        gate = asyncio.Semaphore(args.parallel)

        async def limited(coroutine):
            async with gate:
                return await coroutine

        await asyncio.gather(
            *(limited(log_in(c, base, oidc, sub)) for c, sub in zip(contexts, cases, strict=True))
        )
        cpu = cpu_seconds(pid)
        loads = await asyncio.gather(*(limited(first_load(c, base)) for c in contexts))
        result["cpu_per_first_load_s"] = (cpu_seconds(pid) - cpu) / len(loads)
        result["first_load_wall_s_median"] = statistics.median(t for _, t, _ in loads)
        result["runs_per_first_load"] = sorted({r[0] for _, _, r in loads})
        result["rss_per_session_mb"] = (rss_mb(pid) - rss_before) / len(loads)
        pages = [page for page, _, _ in loads]
        await asyncio.gather(
            *(open_case(page, base, f"Lastsak {i}") for i, page in enumerate(pages))
        )
        cpu = cpu_seconds(pid)
        deadline = time.monotonic() + args.seconds
        outcomes = await asyncio.gather(*(save_loop(page, deadline) for page in pages))
        cpu_used = cpu_seconds(pid) - cpu
        times = [t for ts, _, _ in outcomes for t in ts]
        saves = sum(s for _, s, _ in outcomes)
        result.update(
            saves=saves,
            cpu_per_save_s=cpu_used / max(saves, 1),
            save_rerun_p50_s=percentile(times, 0.5) if times else None,
            save_rerun_p95_s=percentile(times, 0.95) if times else None,
            errors=[e for _, _, errs in outcomes for e in errs],
            saves_per_session=[s for _, s, _ in outcomes],
            server_rss_mb=rss_mb(pid),
        )
        await browser.close()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--parallel", type=int, default=6, help="logins and first loads at once")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tverrkart-load-"))
    pg_dir = None
    server_url = os.environ.get("TVERRKART_TEST_POSTGRES_URL")
    if not server_url:
        pg_dir = tempfile.mkdtemp(prefix="tverrkart-load-pg-")
        server_url = subprocess.run(
            ["bash", str(ROOT / "scripts" / "pg_test_server.sh"), "start", pg_dir],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    provider = app = None
    try:
        url = create_database(server_url, f"tk_load_{secrets.token_hex(4)}")
        oidc = free_port()
        with (folder / "oidc.log").open("wb") as oidc_log:
            provider = start_provider(oidc, users=(), log=oidc_log)
        engine = ready_engine(url)
        cases = {}
        for i in range(args.sessions):
            sub = f"bruker{i}@kommune.test"
            repo = Repository(engine, actor=Actor(sub, sub))
            cases[sub] = repo.create("case", small_case(f"Lastsak {i}"), name=f"Lastsak {i}").id
        app = Served(folder / "server.log")
        app.env = {**team_environment(url, app.port, oidc), "TVERRKART_DB_DIR": str(folder)}
        app.start()
        base = f"http://127.0.0.1:{app.port}"
        result = asyncio.run(drive(args, base, oidc, app.process.pid, cases))
        # No lost save: each case has one version more than its user's confirmed saves.
        versions = []
        for sub, saved in zip(cases, result["saves_per_session"], strict=True):
            info = Repository(engine, actor=Actor(sub, sub)).info(cases[sub])
            versions.append(info.version == 1 + saved)
        result["no_lost_save"] = all(versions)
        result["server_log_tracebacks"] = app.log().count("Traceback")
        engine.dispose()
    finally:
        if app is not None:
            app.stop()
        stop_process(provider)
        if pg_dir:
            subprocess.run(
                ["bash", str(ROOT / "scripts" / "pg_test_server.sh"), "stop", pg_dir],
                check=False,
            )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    for key, value in result.items():
        if key != "saves_per_session":
            print(f"{key:28} {value}")
    return 0 if result["no_lost_save"] and not result["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
