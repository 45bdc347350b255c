"""Places in the Wagtail admin: coordinators keep communes, clusters and schools up to date
(with Wagtail's history of every edit), under the "Địa bàn, trường học" menu.

Which places a person may list, open, change and choose is portal/access.py's decision
(`areas_editable_by` and its siblings), as everywhere in the portal: each viewset's list,
every URL that names a place, the permission policy and the forms' choices ask it. A
coordinator of another district gets a 404 for a Gia Lâm school, however the address is
typed."""

from collections.abc import Callable
from functools import wraps

import django_filters

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal import access
from portal.models import Area, Cluster, School
from portal.records_admin import RecordsViewSetGroup

Scope = Callable[[object], QuerySet]


class PlacePermissionPolicy(ModelPermissionPolicy):
    """The group's model permissions ("Điều phối viên" may add and change places), on the
    places access.py gives the person only."""

    def __init__(self, model, scope: Scope):
        super().__init__(model)
        self.scope = scope

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and self.scope(user).filter(pk=instance.pk).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scope(user)


# Registered before the viewsets, which would otherwise make Wagtail's unscoped default.
SCOPES: dict[type, Scope] = {
    Area: access.areas_editable_by,
    Cluster: access.clusters_editable_by,
    School: access.schools_editable_by,
}
for place_model, place_scope in SCOPES.items():
    register_permission_policy(place_model, PlacePermissionPolicy(place_model, place_scope))


def _grassroots_editable_by(user) -> QuerySet[Area]:
    return access.areas_editable_by(user).filter(kind__in=Area.GRASSROOTS)


def _districts_editable_by(user) -> QuerySet[Area]:
    return access.areas_editable_by(user).filter(kind=Area.Kind.DISTRICT)


class PlaceForm(WagtailAdminModelForm):
    """Offers as choices only the places the person may edit: nothing can be added to,
    or moved into, another coordinator's area."""

    scoped_choices: dict[str, Scope] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, scope in self.scoped_choices.items():
            if name in self.fields:
                self.fields[name].queryset = scope(self.for_user)


class AreaForm(PlaceForm):
    """A new area is placed under a parent (a district under its city, a commune under its
    district); an existing one keeps its place in the tree. Only a superuser adds a new
    province (an area without a parent)."""

    parent = forms.ModelChoiceField(
        label=_("thuộc"),
        queryset=Area.objects.exclude(kind__in=Area.GRASSROOTS),
        required=False,
        help_text=_("Để trống để thêm một tỉnh, thành phố mới."),
    )
    scoped_choices = {
        "parent": lambda user: access.areas_editable_by(user).exclude(kind__in=Area.GRASSROOTS),
        "cluster": access.clusters_editable_by,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["parent"]
        elif not (self.for_user and self.for_user.is_superuser):
            self.fields["parent"].required = True
            self.fields["parent"].help_text = ""

    def save(self, commit=True):
        area = super().save(commit=False)
        if area.pk is None:
            parent = self.cleaned_data.get("parent")
            return parent.add_child(instance=area) if parent else Area.add_root(instance=area)
        if commit:
            area.save()
        return area


class ClusterForm(PlaceForm):
    scoped_choices = {"district": _districts_editable_by}


class SchoolForm(PlaceForm):
    scoped_choices = {"commune": _grassroots_editable_by}


class AreaFilterSet(WagtailFilterSet):
    """The list's cluster filter names one's own clusters only."""

    cluster = django_filters.ModelChoiceFilter(
        label=_("cụm đoàn"), queryset=lambda request: access.clusters_editable_by(request.user)
    )

    class Meta:
        model = Area
        fields = ["kind", "cluster"]


def _in_scope(places: QuerySet, pk) -> bool:
    try:
        return places.filter(pk=unquote(str(pk))).exists()
    except (ValueError, ValidationError):  # not a primary key at all
        return False


class ScopedByAccess:
    """For a viewset of places: every view it builds sees only the places access.py gives
    the person. Wagtail's views each fetch the place their own way (some straight from the
    model), so the place a URL names is checked once, before any of them runs."""

    def scope(self, request) -> QuerySet:
        return SCOPES[self.model](request.user)

    def construct_view(self, view_class, **kwargs):
        view = super().construct_view(view_class, **kwargs)
        scope = self.scope

        @wraps(view)
        def within_scope(request, *args, **view_kwargs):
            if "pk" in view_kwargs and not _in_scope(scope(request), view_kwargs["pk"]):
                raise Http404
            return view(request, *args, **view_kwargs)

        return within_scope


class PlaceChooserViewSet(ScopedByAccess, SnippetChooserViewSet):
    """The picker behind a form's place field (a school's commune, a commune's cluster):
    it lists, and returns, only the places one may edit."""

    def construct_view(self, view_class, **kwargs):
        scope = self.scope

        class Scoped(view_class):
            def get_object_list(self):
                return scope(self.request)

            def get_objects(self, pks):
                return scope(self.request).filter(pk__in=pks)

        Scoped.__name__ = Scoped.__qualname__ = view_class.__name__
        return super().construct_view(Scoped, **kwargs)


class PlaceViewSet(ScopedByAccess, SnippetViewSet):
    chooser_viewset_class = PlaceChooserViewSet

    def get_queryset(self, request):
        return self.scope(request)


class AreaViewSet(PlaceViewSet):
    model = Area
    icon = "site"
    menu_label = _("Địa bàn")
    list_display = ["__str__", "code", "valid_to", "cluster"]
    filterset_class = AreaFilterSet
    search_fields = ["name"]
    ordering = ["path"]
    edit_handler = ObjectList(
        [
            FieldPanel("parent"),
            FieldPanel("name"),
            FieldPanel("kind"),
            FieldPanel("level_name"),
            FieldPanel("code"),
            FieldPanel("valid_from"),
            FieldPanel("valid_to"),
            FieldPanel("cluster"),
        ],
        base_form_class=AreaForm,
    )


class ClusterViewSet(PlaceViewSet):
    model = Cluster
    icon = "group"
    menu_label = _("Cụm đoàn")
    list_display = ["name", "district"]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [FieldPanel("name"), FieldPanel("district")], base_form_class=ClusterForm
    )


class SchoolViewSet(PlaceViewSet):
    model = School
    icon = "home"
    menu_label = _("Trường học")
    list_display = ["name", "level", "commune", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [FieldPanel("name"), FieldPanel("level"), FieldPanel("commune"), FieldPanel("is_active")],
        base_form_class=SchoolForm,
    )


class PlacesViewSetGroup(SnippetViewSetGroup):
    items = (AreaViewSet, ClusterViewSet, SchoolViewSet)
    menu_icon = "site"
    menu_label = _("Địa bàn, trường học")
    menu_name = "places"


register_snippet(PlacesViewSetGroup)


@hooks.register("register_admin_viewset")
def register_records_viewsets():
    return RecordsViewSetGroup()
