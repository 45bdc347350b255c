"""Places in the Wagtail admin: coordinators keep communes, clusters and schools up to date
(with Wagtail's history of every edit), under the "Địa bàn, trường học" menu."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.models import Area, Cluster, School


class AreaForm(WagtailAdminModelForm):
    """A new area is placed under a parent (a district under its city, a commune under its
    district); an existing one keeps its place in the tree."""

    parent = forms.ModelChoiceField(
        label=_("thuộc"),
        queryset=Area.objects.exclude(kind__in=Area.GRASSROOTS),
        required=False,
        help_text=_("Để trống để thêm một tỉnh, thành phố mới."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["parent"]

    def save(self, commit=True):
        area = super().save(commit=False)
        if area.pk is None:
            parent = self.cleaned_data.get("parent")
            return parent.add_child(instance=area) if parent else Area.add_root(instance=area)
        if commit:
            area.save()
        return area


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    menu_label = _("Địa bàn")
    list_display = ["__str__", "cluster"]
    list_filter = ["kind", "cluster"]
    search_fields = ["name"]
    ordering = ["path"]
    edit_handler = ObjectList(
        [FieldPanel("parent"), FieldPanel("name"), FieldPanel("kind"), FieldPanel("cluster")],
        base_form_class=AreaForm,
    )


class ClusterViewSet(SnippetViewSet):
    model = Cluster
    icon = "group"
    menu_label = _("Cụm đoàn")
    list_display = ["name", "district"]
    search_fields = ["name"]


class SchoolViewSet(SnippetViewSet):
    model = School
    icon = "home"
    menu_label = _("Trường học")
    list_display = ["name", "level", "commune", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["name"]


class PlacesViewSetGroup(SnippetViewSetGroup):
    items = (AreaViewSet, ClusterViewSet, SchoolViewSet)
    menu_icon = "site"
    menu_label = _("Địa bàn, trường học")
    menu_name = "places"


register_snippet(PlacesViewSetGroup)
