"""Admin pages, the do-not-contact list, the audit log and my follow-ups."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select

from outreach.core.models import AuditEvent, Blogger, PipelineEntry, User
from tests.factories import make_blogger, make_campaign_with_entries


def test_only_admins_reach_user_and_audit_pages(client, auth):
    auth.login("manager@example.com")
    assert client.get("/admin/users").status_code == 403
    assert client.get("/admin/audit").status_code == 403
    auth.logout()
    auth.login("admin@example.com")
    assert client.get("/admin/users").status_code == 200
    assert client.get("/admin/audit").status_code == 200


def test_admin_adds_user_and_duplicate_is_refused(client, auth, session):
    auth.login("admin@example.com")
    response = client.post("/admin/users", data={"email": "new@example.com", "name": "New",
                                                 "role": "staff", "password": "long password"})
    assert response.status_code == 302
    duplicate = client.post("/admin/users", data={"email": "new@example.com", "role": "staff",
                                                  "password": "long password"})
    assert duplicate.status_code == 400
    assert b"A user with email new@example.com already exists." in duplicate.data
    bad_role = client.post("/admin/users", data={"email": "x@example.com", "role": "boss",
                                                 "password": "long password"})
    assert bad_role.status_code == 400
    assert session.exec(select(User).where(User.email == "x@example.com")).first() is None


def test_admin_changes_role_but_not_own(client, auth, session, users):
    auth.login("admin@example.com")
    client.post(f"/admin/users/{users['staff'][0]}", data={"role": "manager", "is_active": "1"})
    session.expire_all()
    assert session.get(User, users["staff"][0]).role == "manager"
    refused = client.post(f"/admin/users/{users['admin'][0]}", data={"role": "staff", "is_active": "1"},
                          follow_redirects=True)
    assert b"You cannot remove your own admin rights" in refused.data
    assert client.post("/admin/users/999", data={"role": "staff"}).status_code == 404


def test_anyone_adds_to_do_not_contact_only_admin_removes(client, auth, session, users):
    blogger = make_blogger(session, "Noisy Ned", slug="ned")
    session.commit()
    auth.login("staff@example.com")
    client.post("/do-not-contact", data={"blogger_id": blogger.id, "reason": "asked us to stop"})
    session.expire_all()
    assert session.get(Blogger, blogger.id).do_not_contact is True
    assert client.post(f"/do-not-contact/{blogger.id}/remove").status_code == 403
    auth.logout()
    auth.login("admin@example.com")
    client.post(f"/do-not-contact/{blogger.id}/remove")
    session.expire_all()
    assert session.get(Blogger, blogger.id).do_not_contact is False
    actions = session.exec(select(AuditEvent.action).where(AuditEvent.object_type == "blogger")).all()
    assert actions == ["added_do_not_contact", "removed_do_not_contact"]


def test_do_not_contact_with_unknown_blogger_is_400(client, auth):
    auth.login("staff@example.com")
    response = client.post("/do-not-contact", data={"blogger_id": "12345"})
    assert response.status_code == 400


def test_audit_log_lists_and_filters(client, auth, session, users):
    make_campaign_with_entries(session, users["manager"][0])
    auth.login("admin@example.com")
    page = client.get("/admin/audit").data.decode()
    assert "shortlisted" in page and "manager@example.com" in page
    filtered = client.get("/admin/audit?q=created").data.decode()
    assert "shortlisted" not in filtered.split("<tbody>")[1]
    assert client.get("/admin/audit?page=abc").status_code == 200
    assert client.get("/admin/audit?page=99999999999999999999").status_code == 200  # it was a 500


def test_my_follow_ups_shows_due_and_overdue_only_mine(client, auth, session, users):
    campaign, (first, second) = make_campaign_with_entries(session, users["manager"][0])
    first.next_follow_up_on = date.today() - timedelta(days=2)
    second.next_follow_up_on = date.today() + timedelta(days=5)
    session.add_all([first, second])
    session.commit()
    auth.login("manager@example.com")
    page = client.get("/follow-ups/").data.decode()
    due, _, upcoming = page.partition('id="upcoming"')
    assert "Maya Pour" in due and "2 days overdue" in due
    assert "Leo Trail" not in due and "Leo Trail" in upcoming and "(in 5 days)" in upcoming
    entry = session.get(PipelineEntry, first.id)
    entry.owner_id = users["staff"][0]
    session.add(entry)
    session.commit()
    assert "Nothing due today" in client.get("/follow-ups/").data.decode()


def test_follow_up_done_and_snoozed_from_the_list(client, auth, session, users):
    campaign, (first, second) = make_campaign_with_entries(session, users["manager"][0])
    first.next_follow_up_on = date.today() - timedelta(days=2)
    second.next_follow_up_on = date.today()
    session.add_all([first, second])
    session.commit()
    auth.login("manager@example.com")
    client.post(f"/follow-ups/{first.id}/snooze", data={"days": "7"})
    client.post(f"/follow-ups/{second.id}/done")
    session.expire_all()
    assert session.get(PipelineEntry, first.id).next_follow_up_on == date.today() + timedelta(days=7)
    assert session.get(PipelineEntry, second.id).next_follow_up_on is None
    picked = date.today() + timedelta(days=40)
    client.post(f"/follow-ups/{first.id}/snooze", data={"until": picked.isoformat()})
    session.expire_all()
    assert session.get(PipelineEntry, first.id).next_follow_up_on == picked
    refused = client.post(f"/follow-ups/{first.id}/snooze", data={"until": "1999-01-01"}, follow_redirects=True)
    assert b"Snooze to a day after today." in refused.data
    garbled = client.post(f"/follow-ups/{first.id}/snooze", data={"days": "-3"}, follow_redirects=True)
    assert b"Pick the day to snooze to." in garbled.data
    page = client.get("/follow-ups/?days=30").data.decode()
    assert "Nothing due today" in page and "Nothing in the next 30 days." in page  # 40 days ahead
    auth.logout()
    auth.login("staff@example.com")
    assert client.post(f"/follow-ups/{first.id}/done").status_code == 403


def test_new_user_form_defaults_to_staff_and_puts_a_weak_password_under_password(client, auth, session):
    auth.login("admin@example.com")
    page = client.get("/admin/users").data.decode()
    assert '<option selected value="staff">' in page or '<option value="staff" selected>' in page
    response = client.post("/admin/users", data={"email": "nell@example.com", "name": "Nell", "role": "manager",
                                                 "password": "short"})
    page = response.data.decode()
    assert response.status_code == 400
    password_field = page[page.index('id="password"') - 400:page.index('id="password"') + 400]
    assert "The password must have 8 to" in password_field
    assert 'value="nell@example.com"' in page and 'value="Nell"' in page
