from django.conf import settings


def kokken(request):
    return {"DEMO_MODE": settings.DEMO_MODE}
