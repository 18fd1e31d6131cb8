"""The PDF printer's last resort: a browser call that still waits after the browser was
killed (its driver never heard) ends by killing the driver, so playbook never hangs."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from generator.site import pdf


def _sleeper() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])


def _ended(process: subprocess.Popen[bytes], within: float) -> bool:
    try:
        process.wait(within)
    except subprocess.TimeoutExpired:
        return False
    return True


@pytest.fixture
def short_grace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf._Watchdog, "GRACE", 0.5)


@pytest.mark.usefixtures("short_grace")
def test_a_call_still_waiting_after_the_browser_is_killed_ends_with_the_driver() -> None:
    browser, driver = _sleeper(), _sleeper()
    try:
        with pdf._Watchdog(browser.pid, 0.3, frozenset({driver.pid})) as watchdog:
            # The stuck call: it returns only once the driver is gone.
            assert _ended(driver, 10)
        assert watchdog.fired and _ended(browser, 1)
    finally:
        for process in (browser, driver):
            process.kill()
            process.wait()


@pytest.mark.usefixtures("short_grace")
def test_a_call_that_ends_when_the_browser_is_killed_leaves_the_driver_alone() -> None:
    browser, driver = _sleeper(), _sleeper()
    try:
        with pdf._Watchdog(browser.pid, 0.3, frozenset({driver.pid})):
            assert _ended(browser, 10)  # the call fails as the browser ends
        time.sleep(1)
        assert driver.poll() is None
    finally:
        for process in (browser, driver):
            process.kill()
            process.wait()


@pytest.mark.usefixtures("short_grace")
def test_with_no_browser_known_a_call_past_its_time_ends_with_the_driver() -> None:
    driver = _sleeper()
    try:
        with pdf._Watchdog(None, 0.3, frozenset({driver.pid})):
            assert _ended(driver, 10)
    finally:
        driver.kill()
        driver.wait()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc lists children on Linux")
def test_the_driver_is_found_among_this_process_s_children() -> None:
    before = pdf._children()
    child = _sleeper()
    try:
        assert pdf._children() - before == {child.pid}
    finally:
        child.kill()
        child.wait()
