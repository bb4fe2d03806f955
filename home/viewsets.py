"""The ombudsmen in the Wagtail admin, kept by policy approvers."""

from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Ombudsman


class OmbudsmanViewSet(SnippetViewSet):
    model = Ombudsman
    icon = "help"
    menu_label = "Ombudsmen"
    add_to_settings_menu = True
    list_display = ["name", "covers", "telephone"]
