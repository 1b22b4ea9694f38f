from django.conf import settings


def hearth(request):
    return {
        "DEMO": settings.DEMO,
        "LA_NAME": settings.HEARTH_LA_NAME,
        "SERVICE_NAME": "Hearth",
    }
