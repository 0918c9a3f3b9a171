"""In Chromium: the Content-Security-Policy holds (another site cannot frame a page, injected
script does not run), the password page works, and throttled sign-in says why."""

from __future__ import annotations

import pytest
from werkzeug.wrappers import Response

from tests.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.browser


def test_another_site_cannot_frame_the_app(live_server, browser, site, users):
    site.route("/frame", lambda request: Response(f'<iframe src="{live_server.url}/login"></iframe>',
                                                  content_type="text/html"))
    context = browser.new_context()
    page = context.new_page()
    refusals = []
    page.on("console", lambda message: refusals.append(message.text))
    page.goto(site.url + "/frame")
    page.wait_for_timeout(500)
    assert page.frames[1].url != live_server.url + "/login" or page.frames[1].content().count("Sign in") == 0
    assert any("frame-ancestors 'none'" in text for text in refusals)
    context.close()


def test_script_injected_into_a_page_does_not_run(live_server, browser, users):
    context = browser.new_context()
    page = context.new_page()
    refusals = []
    page.on("console", lambda message: refusals.append(message.text))
    page.goto(live_server.url + "/login")
    page.evaluate("""() => { const script = document.createElement("script");
                           script.textContent = "window.injected = true"; document.body.append(script); }""")
    assert page.evaluate("window.injected") is None
    assert any("Content Security Policy" in text for text in refusals)
    context.close()


def test_change_password_in_the_browser(live_server, page, users):
    sign_in(page, live_server.url, "staff@example.com")
    page.click("a.whoami")
    page.click("nav.account-nav >> text=Password")
    page.fill("#current", PASSWORD)
    page.fill("#new", "correct horse battery")
    page.fill("#again", "correct horse battery")
    page.click("button:has-text('Change password')")
    page.wait_for_selector("text=Your password is changed, and every other session of yours has ended.")
    page.click("text=Sign out")
    sign_in(page, live_server.url, "staff@example.com", "correct horse battery")
    page.wait_for_selector("h1:has-text('Welcome, Staff')")


def test_throttled_sign_in_says_how_long_to_wait(live_server, page, users):
    for _ in range(6):
        sign_in(page, live_server.url, "manager@example.com", "wrong password")
        page.wait_for_selector(".flash-error")
    assert "Too many failed sign-ins" in page.locator(".flash-error").inner_text()
