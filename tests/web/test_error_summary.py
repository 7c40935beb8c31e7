"""Forms show an error summary at the top of the page (the GOV.UK pattern): every error of every form the
view validated, each a link to its field's id; fields tie their help text and errors with aria-describedby
and are aria-invalid; a group of radios is a fieldset that carries them (issue 16)."""

import re

import pytest
from django import forms
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import reverse

from szansa.demo.people import ensure_demo_accounts
from szansa.web.templatetags.form_tags import summary_entries


class SampleForm(forms.Form):
    name = forms.CharField(label="Name", help_text="As on the ID card.")
    kind = forms.ChoiceField(
        label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, help_text="Pick one."
    )
    agree = forms.BooleanField(label="Agree")
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("The whole form is wrong.")


def ids(html):
    return set(re.findall(r'\bid="([^"]+)"', html))


@pytest.mark.django_db
def test_an_invalid_form_page_has_a_summary_linking_to_each_field(client):
    client.force_login(ensure_demo_accounts()["admin"])
    response = client.post(reverse("projects:project_create"), {"title": "Only a title"})
    html = response.content.decode()
    assert response.status_code == 200
    summary = re.search(r'<div class="error-summary".*?</div>\s*</div>', html, re.S).group(0)
    assert 'tabindex="-1"' in summary and "data-error-summary" in summary
    assert "Popraw błędy" in summary
    anchors = re.findall(r'<a href="#([^"]+)">', summary)
    assert "id_number" in anchors and "id_title" not in anchors  # only the fields with errors
    assert set(anchors) <= ids(html)
    # The summary comes before the page's heading.
    assert html.index("error-summary") < html.index("<h1")
    # Each invalid field: aria-invalid, described by its error (and help) texts, which exist.
    number = re.search(r"<input[^>]*id=\"id_number\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in number
    described = re.search(r'aria-describedby="([^"]+)"', number).group(1).split()
    assert "id_number_error" in described and set(described) <= ids(html)
    beneficiary = re.search(r"<input[^>]*id=\"id_beneficiary\"[^>]*>", html).group(0)
    assert set(re.search(r'aria-describedby="([^"]+)"', beneficiary).group(1).split()) == {
        "id_beneficiary_helptext",
        "id_beneficiary_error",
    }
    assert {"id_beneficiary_helptext", "id_beneficiary_error"} <= ids(html)


@pytest.mark.django_db
def test_a_valid_page_has_no_summary(client):
    client.force_login(ensure_demo_accounts()["admin"])
    html = client.get(reverse("projects:project_create")).content.decode()
    assert "error-summary" not in html and "aria-invalid" not in html


def test_the_summary_lists_every_error_once_and_skips_forms_the_view_did_not_validate():
    form = SampleForm(data={"name": ""})
    form.is_valid()
    untouched = SampleForm(data={})  # bound, never validated: the page shows no errors for it
    context = Context({"form": form, "same_form": form, "other": untouched})
    entries = summary_entries(context)
    assert entries == [
        ("The whole form is wrong.", "id_name"),  # leads to the form's first field
        ("Name: To pole jest wymagane.", "id_name"),
        ("Kind: To pole jest wymagane.", "id_kind"),
        ("Agree: To pole jest wymagane.", "id_agree"),
        ("Token: To pole jest wymagane.", ""),  # a hidden field has nothing to jump to
    ]
    assert untouched._errors is None


def test_a_formset_lists_its_forms_errors():
    formset_class = forms.formset_factory(SampleForm, extra=1)
    formset = formset_class(
        data={"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-name": "x", "form-0-agree": "on"}
    )
    formset.is_valid()
    anchors = [anchor for _, anchor in summary_entries(Context({"formset": formset}))]
    assert "id_form-0-kind" in anchors


def test_the_field_include_ties_help_and_errors_to_the_field():
    form = SampleForm(data={"name": ""})
    form.is_valid()
    html = "".join(
        render_to_string("core/field.html", {"field": form[name]}) for name in ("name", "kind", "agree")
    )
    page_ids = ids(html)
    assert len(re.findall(r'\bid="([^"]+)"', html)) == len(page_ids)  # no id twice
    for described in re.findall(r'aria-describedby="([^"]+)"', html):
        assert set(described.split()) <= page_ids
    name = re.search(r'<input[^>]*name="name"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in name and 'aria-describedby="id_name_helptext id_name_error"' in name
    # The radios: a fieldset named by its legend and described by the help text and the error.
    fieldset = re.search(r"<fieldset[^>]*>", html).group(0)
    assert 'aria-describedby="id_kind_helptext id_kind_error"' in fieldset
    assert re.search(r"<legend>Kind", html)
    assert 'for="id_kind"' not in html  # no label pointing at the radios' wrapper


def test_the_summary_template_renders_from_base_for_any_context_name():
    form = SampleForm(data={})
    form.is_valid()
    html = Template("{% load form_tags %}{% error_summary %}").render(Context({"anything": form}))
    assert 'href="#id_name"' in html and 'role="alert"' in html
