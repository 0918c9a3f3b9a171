"""The template context's quick calls behave like Jinja's own."""

from __future__ import annotations

from datetime import date

from jinja2 import pass_context

from outreach.web.templating import QuickCallContext


class Card:
    def __init__(self, due: date):
        self.due = due

    def is_overdue(self, today: date) -> bool:
        return self.due < today

    @pass_context
    def needs_context(self, context, suffix: str) -> str:
        return f"{context['who']}{suffix}"

    def stops(self):
        raise StopIteration


def render(app, source: str, **values) -> str:
    return app.jinja_env.from_string(source).render(**values)


def test_the_app_renders_with_the_quick_context(app):
    assert app.jinja_env.context_class is QuickCallContext
    with app.test_request_context():
        template = app.jinja_env.from_string("{{ 1 }}")
        assert isinstance(template.new_context({}), QuickCallContext)


def test_plain_and_builtin_methods_are_called_with_their_arguments(app):
    card = Card(date(2026, 11, 1))
    source = ("{% for c in cards %}{{ c.is_overdue(today) }} {{ '/e/{}/'.format(loop.index) }} "
              "{{ labels.get('a', 'none') }} {{ labels.get('b', 'none') }}|{% endfor %}")
    out = render(app, source, cards=[card], today=date(2026, 11, 30), labels={"a": "A"})
    assert out == "True /e/1/ A none|"


def test_methods_that_ask_for_the_context_still_get_it(app):
    out = render(app, "{% set who = 'Ann' %}{{ card.needs_context('!') }}", card=Card(date.today()), who="Bo")
    assert out == "Ann!"


def test_a_stop_iteration_reads_as_undefined_as_in_jinja(app):
    assert render(app, "[{{ card.stops() }}]", card=Card(date.today())) == "[]"


def test_url_for_and_csrf_token_still_work(app):
    with app.test_request_context():
        out = render(app, "{{ url_for('bloggers.profile', blogger_id=7) }} {{ csrf_token()|length > 20 }}")
    assert out == "/bloggers/7/ True"
