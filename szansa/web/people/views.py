"""Registry pages. Thin views: parse the request, call selectors/services/assessment, render.

Scoping: every person or household is loaded through selectors (out of scope => 404); actions
then check the `rules` permission on the object (visible but not allowed => 403).
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from szansa.domain.people import assessment, history, selectors, services
from szansa.domain.people.access import can_view_health_data, scope_households, scope_persons
from szansa.domain.people.filters import HouseholdFilter, PersonFilter
from szansa.domain.people.models import Consent, Household, IncomeRecord, Person, Situation
from szansa.domain.projects.models import TargetGroup
from szansa.domain.projects.privacy import names_health, target_group_label
from szansa.domain.timeline.selectors import person_timeline
from szansa.lib.access_log import not_shown, pending_entries, route_of
from szansa.lib.forms import add_service_error
from szansa.lib.money import to_money
from szansa.lib.views import form_page, posted, require_perm
from szansa.web.people.forms import (
    AddMemberForm,
    AssessmentDateForm,
    ConsentForm,
    EndSituationForm,
    HouseholdForm,
    IncomeMonthForm,
    IncomeRecordForm,
    MessageForm,
    PersonFilterForm,
    PersonForm,
    SituationForm,
    WithdrawConsentForm,
)

PAGE_SIZE = 25


def _person_for(request, pk, perm: str) -> Person:
    """A visible person (else 404) on whom the user holds `perm` (else 403)."""
    person = selectors.person_get(user=request.user, pk=pk)
    require_perm(request.user, perm, person)
    return person


def _wants_partial(request) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


# People ------------------------------------------------------------------------------------------


# Identifying search terms (a name, a PESEL) never travel in a URL, which servers and proxies log: the
# search box is sent as a POST (with its CSRF token), by HTMX as one types or by the button without JS.
# A GET keeps the filters that identify nobody (team, situation, caseload, sort order, page) for links and
# bookmarks; after a search the column headers post the form too, so a new order keeps the search.
SEARCH_TERMS = ("q",)


@login_required
@require_http_methods(["GET", "POST"])
def person_list(request):
    if request.method == "POST":
        data = request.POST
    else:
        data = request.GET.copy()
        for name in SEARCH_TERMS:
            data.pop(name, None)
    form = PersonFilterForm(data or None, show_health=can_view_health_data(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    people = selectors.person_list(
        user=request.user,
        search=filters.get("q", ""),
        team=filters.get("team"),
        situation=filters.get("situation", ""),
    )
    if filters.get("worker") == "me":
        people = people.filter(responsible_worker=request.user)
    sorting = PersonFilter(data, queryset=people)
    page = Paginator(sorting.qs if sorting.is_valid() else people, PAGE_SIZE).get_page(data.get("page"))
    context = {
        "form": form,
        "sorting": sorting,
        "ordering": data.get("ordering", "") if sorting.is_valid() else "",
        "page": page,
        "can_add": request.user.has_perm("people.add_person"),
    }
    template = "people/_person_table.html" if _wants_partial(request) else "people/person_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def person_detail(request, pk):
    person = selectors.person_file_open(user=request.user, pk=pk, route=route_of(request))
    user = request.user
    show_health = user.has_perm("people.view_health", person)
    today = timezone.localdate()
    date_form = AssessmentDateForm(request.GET or None)
    on = (date_form.cleaned_data["on"] if date_form.is_valid() else None) or today
    with not_shown():  # the income test reads every member; the file shows only the visible ones
        result = assessment.assess(person, on)
    can_change = user.has_perm("people.change_person", person)
    members, hidden_members = [], 0
    if person.household_id:
        visible = selectors.visible_household_members(user=user, household=person.household)
        # The income test counted every member, visible or not.
        members, hidden_members = [(member, True) for member in visible], result.household_size - len(visible)
    # The consents are listed in their section and on the timeline: read once.
    prefetch_related_objects([person], "consents")
    context = {
        "person": person,
        "show_health": show_health,
        "members": members,
        "hidden_members": hidden_members,
        "incomes": person.income_records.all(),
        "situations": selectors.person_situations(person, show_health=show_health),
        "consents": person.consents.all(),
        "date_form": date_form,
        "on": on,
        # A birth date in the future (saved before it was refused) shows no age rather than a negative one.
        "age": person.age_on(today) if person.birth_date <= today else None,
        "assessment": result,
        "reasons": result.visible_reasons(show_health),
        "history": _neutral_groups(
            user,
            history.describe(
                selectors.person_file_history(person, show_health=show_health)[:50],
                name_of=selectors.record_name_for(user),
            ),
        ),
        # This read is written when the answer leaves (szansa.lib.access_log) and is listed first.
        "reads": [*pending_entries(Person, person.pk), *selectors.person_reads(person)[:20]][:20],
        "timeline": person_timeline(user, person),
        "can_change": can_change,
        "can_start_interview": user.has_perm("interviews.start_interview", person),
        "can_record_situations": user.has_perm("people.record_situations", person),
        "can_add_household": can_change and not person.household_id and user.has_perm("people.add_household"),
        "income_form": IncomeRecordForm(initial={"month": on.replace(day=1)}),
        "situation_form": SituationForm(show_health=show_health, initial={"valid_from": on}),
        "consent_form": ConsentForm(initial={"given_on": on}),
        "sent_messages": person.messages.select_related("sent_by"),
        "message_form": MessageForm(),
    }
    return render(request, "people/person_detail.html", context)


def _duplicate_context(user, candidates) -> dict:
    """Candidates of a possible duplicate: link those in scope, only count the others."""
    visible = set(
        scope_persons(Person.objects.all(), user)
        .filter(pk__in=[c.pk for c in candidates])
        .values_list("pk", flat=True)
    )
    return {
        "candidates": [c for c in candidates if c.pk in visible],
        "hidden_candidates": sum(1 for c in candidates if c.pk not in visible),
    }


def _existing_with_pesel(user, form) -> Person | None:
    """When the form was refused for a PESEL already in the registry: that person, if the user may see
    them (the page links the file; the message itself never repeats the number)."""
    pesel = form.data.get("pesel", "").strip() if form.is_bound else ""
    if not pesel or not any(
        e.code in ("unique", "duplicate_pesel") for e in form.errors.as_data().get("pesel", [])
    ):
        return None
    person = scope_persons(Person.objects.filter(pesel=pesel), user).first()
    return None if person is None or person.pk == form.instance.pk else person


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request):
    require_perm(request.user, "people.add_person")
    form = PersonForm(posted(request), user=request.user)
    context = {"form": form, "title": _("Register a person")}
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                actor=request.user,
                data=form.person_data(),
                confirm_not_duplicate=form.cleaned_data["confirm_not_duplicate"],
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "possible_duplicate":
                context.update(_duplicate_context(request.user, error.params["candidates"]))
                context["duplicate_message"] = error.message
            else:
                add_service_error(form, error)
        else:
            messages.success(request, _("%(name)s has been registered.") % {"name": person.full_name})
            return redirect(person)
    context["existing"] = _existing_with_pesel(request.user, form)
    return render(request, "people/person_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_update(request, pk):
    person = _person_for(request, pk, "people.change_person")
    form = PersonForm(posted(request), instance=person, user=request.user)
    return form_page(
        request,
        form,
        template="people/person_form.html",
        context={"person": person, "title": _("Edit %(name)s") % {"name": person.full_name}},
        save=lambda: services.person_update(actor=request.user, person=person, data=form.person_data()),
        saved=_("The changes have been saved."),
        back=person.get_absolute_url(),
    )


# Records of the file -----------------------------------------------------------------------------


def _record_page(request, person, form, *, title, anchor, saved, save=None, field=None):
    """Validate a record form, save through services, or show it again with its errors."""
    return form_page(
        request,
        form,
        template="people/record_form.html",
        context={"person": person, "title": title, "anchor": anchor},
        save=save or (lambda: services.record_save(actor=request.user, record=form.instance)),
        saved=saved,
        back=f"{person.get_absolute_url()}#{anchor}",
        field=field,
    )


@login_required
@require_http_methods(["GET", "POST"])
def income_create(request, pk):
    person = _person_for(request, pk, "people.change_person")
    form = IncomeRecordForm(posted(request), instance=IncomeRecord(person=person))
    return _record_page(
        request, person, form, title=_("Add income"), anchor="income", saved=_("The income has been added.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def situation_create(request, pk):
    person = _person_for(request, pk, "people.record_situations")
    show_health = request.user.has_perm("people.view_health", person)
    form = SituationForm(posted(request), instance=Situation(person=person), show_health=show_health)
    return _record_page(
        request,
        person,
        form,
        title=_("Add a situation"),
        anchor="situations",
        saved=_("The situation has been added."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def situation_end(request, pk, situation_pk):
    person = _person_for(request, pk, "people.record_situations")
    show_health = request.user.has_perm("people.view_health", person)
    situation = get_object_or_404(
        selectors.person_situations(person, show_health=show_health), pk=situation_pk
    )
    form = EndSituationForm(posted(request))

    def save():
        situation.valid_to = form.cleaned_data["valid_to"]
        services.record_save(actor=request.user, record=situation)

    return _record_page(
        request,
        person,
        form,
        title=_("End the situation: %(situation)s") % {"situation": situation.describe()},
        anchor="situations",
        saved=_("The situation has been ended."),
        save=save,
        field="valid_to",
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_create(request, pk):
    person = _person_for(request, pk, "people.change_person")
    form = ConsentForm(posted(request), instance=Consent(person=person))
    return _record_page(
        request,
        person,
        form,
        title=_("Record a consent"),
        anchor="consents",
        saved=_("The consent has been recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, pk, consent_pk):
    person = _person_for(request, pk, "people.change_person")
    consent = get_object_or_404(person.consents.filter(withdrawn_on__isnull=True), pk=consent_pk)
    form = WithdrawConsentForm(posted(request))

    def save():
        services.consent_withdraw(actor=request.user, consent=consent, on=form.cleaned_data["withdrawn_on"])

    return _record_page(
        request,
        person,
        form,
        title=_("Withdraw the consent: %(consent)s") % {"consent": consent},
        anchor="consents",
        saved=_("The consent has been withdrawn."),
        save=save,
        field="withdrawn_on",
    )


# Households --------------------------------------------------------------------------------------


def _neutral_groups(user, entries):
    """History entries with the target groups named after a health fact given their neutral label, for a
    reader without health access (projects.privacy.target_group_label)."""
    if can_view_health_data(user):
        return entries
    renames = {
        str(group): f"{group.year}: {target_group_label(group, user)}"
        for group in TargetGroup.objects.all()
        if names_health(group)
    }
    if not renames:
        return entries
    pattern = re.compile("|".join(re.escape(name) for name in sorted(renames, key=len, reverse=True)))
    for entry in entries:
        entry.summary = pattern.sub(lambda m: renames[m.group(0)], str(entry.summary))
        entry.sentences = [pattern.sub(lambda m: renames[m.group(0)], str(text)) for text in entry.sentences]
    return entries


@login_required
@require_GET
def household_list(request):
    # only the members the reader may see are loaded (the head among them names the household);
    # all are counted
    visible = scope_persons(Person.objects.all(), request.user)
    households = (
        scope_households(Household.objects.all(), request.user)
        .annotate(size=Count("members"))
        .prefetch_related(Prefetch("members", queryset=visible))
        # the count groups the rows, so the model's default order no longer applies: a page in the
        # database needs an explicit one
        .order_by("pk")
    )
    filters = HouseholdFilter(request.GET or None, queryset=households, request=request)
    queryset = filters.qs if filters.is_bound and filters.is_valid() else filters.queryset
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "people/household_list.html",
        {"page": page, "filters": filters, "query": query.urlencode(), "filtered": bool(query)},
    )


@login_required
@require_GET
def household_detail(request, pk):
    household = selectors.household_get(user=request.user, pk=pk)
    require_perm(request.user, "people.view_household", household)
    month_form = IncomeMonthForm(request.GET or None)
    month = (month_form.cleaned_data["month"] if month_form.is_valid() else None) or (
        timezone.localdate().replace(day=1)
    )
    visible, every = selectors.household_members_for(user=request.user, household=household)
    # every member's income counts in the household's total and per-person figure; only the visible
    # members are listed by name, birth date and income
    incomes = assessment.monthly_incomes(every, month)
    rows = [(member, True, incomes[member.pk]) for member in visible]
    total = to_money(sum(incomes.values()))
    context = {
        "household": household,
        "rows": rows,
        "month_form": month_form,
        "month": month,
        "total": total,
        "per_person": to_money(total / len(every)) if every else None,
        "hidden_members": len(every) - len(visible),
        "can_change": request.user.has_perm("people.change_household", household),
    }
    return render(request, "people/household_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def household_create(request, pk):
    """A new household with this person as its head."""
    person = _person_for(request, pk, "people.change_person")
    require_perm(request.user, "people.add_household")
    if person.household_id:
        # A stale link or a second tab: say why there is no form, on the file that shows the household.
        messages.error(request, _("%(name)s already belongs to a household.") % {"name": person.full_name})
        return redirect(f"{person.get_absolute_url()}#household")
    form = HouseholdForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_create(
                actor=request.user,
                head=person,
                multi_problem_family=form.cleaned_data["multi_problem_family"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The household has been created."))
            return redirect(household)
    title = _("New household of %(name)s") % {"name": person.full_name}
    return render(request, "people/household_form.html", {"form": form, "title": title, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def household_update(request, pk):
    household = selectors.household_get(user=request.user, pk=pk)
    require_perm(request.user, "people.change_household", household)
    form = HouseholdForm(posted(request), instance=household)
    return form_page(
        request,
        form,
        template="people/household_form.html",
        context={
            "title": _("Edit %(household)s")
            % {"household": selectors.household_label(household, request.user)},
            "household": household,
        },
        save=lambda: services.household_update(
            actor=request.user, household=household, data=form.cleaned_data
        ),
        saved=_("The changes have been saved."),
        back=household.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def household_add_member(request, pk):
    household = selectors.household_get(user=request.user, pk=pk)
    require_perm(request.user, "people.change_household", household)
    # The search is a POST too (a name or PESEL stays out of the URL); its button is named "search".
    searching = request.method == "POST" and "search" in request.POST
    search = request.POST.get("q", "") if request.method == "POST" else ""
    candidates = selectors.household_candidates(user=request.user, search=search)
    form = AddMemberForm(None if searching else posted(request), candidates=candidates, initial={"q": search})
    if request.method == "POST" and not searching and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            require_perm(request.user, "people.change_person", person)
            services.household_add_member(
                actor=request.user, household=household, person=person, relation=form.cleaned_data["relation"]
            )
        except PermissionDenied:
            form.add_error("person", _("You may not change this person's data."))
        except ValidationError as error:
            add_service_error(form, error, default_field="person")
        else:
            messages.success(request, _("%(name)s has joined the household.") % {"name": person.full_name})
            return redirect(household)
    context = {"household": household, "form": form, "search": search, "candidates": form.candidates}
    return render(request, "people/household_member_form.html", context)


@login_required
@require_POST
def household_remove_member(request, pk, person_pk):
    household = selectors.household_get(user=request.user, pk=pk)
    require_perm(request.user, "people.change_household", household)
    # a member the user may not see answers 404; one they see but may not change, 403
    person = get_object_or_404(scope_persons(household.members.all(), request.user), pk=person_pk)
    try:
        services.household_remove_member(actor=request.user, person=person)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s has left the household.") % {"name": person.full_name})
        if not scope_households(Household.objects.all(), request.user).filter(pk=household.pk).exists():
            return redirect(person)
    return redirect(household)


@login_required
@require_http_methods(["GET", "POST"])
def person_message(request, pk):
    """E-mail a person from their file (refused without the electronic-contact consent)."""
    person = _person_for(request, pk, "people.change_person")
    form = MessageForm(posted(request))

    def send():
        services.person_send_email(
            actor=request.user,
            person=person,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )

    return _record_page(
        request,
        person,
        form,
        title=_("Send an e-mail"),
        anchor="messages",
        saved=_("The e-mail has been sent."),
        save=send,
    )
