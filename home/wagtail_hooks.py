from wagtail.snippets.models import register_snippet

from .viewsets import OmbudsmanViewSet

register_snippet(OmbudsmanViewSet)
