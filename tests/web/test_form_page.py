"""One form-page helper (issue 16): the projects, housing and activity pages call
szansa.lib.views.form_page directly; its `cancel=` names the page's back link when where to go after
saving depends on what is saved."""

import inspect

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from szansa.lib import views as lib_views
from szansa.web.housing import views as housing_views
from szansa.web.projects import views as project_views
from szansa.web.support.views import activities as activity_views


class _Form(forms.Form):
    name = forms.CharField()


def _context(monkeypatch, **kwargs):
    seen = {}

    def fake_render(request, template, context):
        seen.update(context)
        return "page"

    monkeypatch.setattr(lib_views, "render", fake_render)
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    lib_views.form_page(
        request, _Form(), template="x.html", context={"title": "T"}, save=None, saved="", **kwargs
    )
    return seen


def test_the_back_link_is_the_address_to_return_to(monkeypatch):
    assert _context(monkeypatch, back="/projects/1/")["back"] == "/projects/1/"


def test_cancel_names_the_back_link_when_the_return_depends_on_the_result(monkeypatch):
    assert _context(monkeypatch, back=lambda result: "/x/", cancel="/list/")["back"] == "/list/"
    assert _context(monkeypatch, back=lambda result: "/x/")["back"] is None


def test_the_three_thin_wrappers_are_gone():
    for module in (project_views, housing_views, activity_views):
        assert not hasattr(module, "_form_page"), module.__name__
        assert "form_page(" in inspect.getsource(module)
