import os

from django.core.wsgi import get_wsgi_application

from safecontact.memory import freeze_loaded_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safecontact.settings.dev")
application = get_wsgi_application()
freeze_loaded_objects()
