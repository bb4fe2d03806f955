from django.urls import include, path

from . import views

urlpatterns = [
    path("login/", views.sign_in),
    path("manage/person/<str:username>/", views.person),
    path("manage/client/", views.client),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
