"""The provider's sign-in page and the tests' controls."""

import json

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model, login
from django.contrib.auth.models import Group
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.models import get_application_model


@csrf_exempt
def sign_in(request):
    if request.method == "POST":
        user = authenticate(
            request,
            username=request.POST.get("username"),
            password=request.POST.get("password"),
        )
        if user is None:
            return HttpResponse("Wrong username or password", status=401)
        login(request, user)
        next_url = request.POST.get("next") or "/"
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = "/"
        return redirect(next_url)
    return HttpResponse("Sign in with username and password", content_type="text/plain")


def _allowed(request):
    return request.headers.get("X-Manage-Token") == settings.MANAGE_TOKEN


@csrf_exempt
def person(request, username):
    """PUT: make or change the person (password, email, names, groups, active); DELETE:
    remove them, with their tokens."""
    if not _allowed(request):
        return HttpResponseForbidden()
    users = get_user_model().objects
    if request.method == "DELETE":
        users.filter(username=username).delete()
        return JsonResponse({"deleted": username})
    data = json.loads(request.body)
    user, _ = users.get_or_create(username=username)
    user.email = data.get("email", user.email)
    user.first_name = data.get("given_name", user.first_name)
    user.last_name = data.get("family_name", user.last_name)
    user.is_active = data.get("active", True)
    if "password" in data:
        user.set_password(data["password"])
    user.save()
    if "groups" in data:
        user.groups.set(Group.objects.get_or_create(name=name)[0] for name in data["groups"])
    return JsonResponse({"sub": str(user.pk)})


@csrf_exempt
def client(request):
    """POST: register a confidential client that skips the consent page."""
    if not _allowed(request):
        return HttpResponseForbidden()
    data = json.loads(request.body)
    application_model = get_application_model()
    application_model.objects.filter(client_id=data["client_id"]).delete()
    application_model.objects.create(
        name="SafeContact",
        client_id=data["client_id"],
        client_secret=data["client_secret"],
        client_type=application_model.CLIENT_CONFIDENTIAL,
        authorization_grant_type=application_model.GRANT_AUTHORIZATION_CODE,
        redirect_uris=data["redirect_uri"],
        algorithm=application_model.RS256_ALGORITHM,
        skip_authorization=True,
    )
    return JsonResponse({"client_id": data["client_id"]})
