from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hearth.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from hearth.core import (
            lookups,  # noqa: F401  (registers `__among`)
            record_version,
        )
        from hearth.core.authority import ensure_authority

        post_migrate.connect(ensure_authority, sender=self, dispatch_uid="hearth_authority")
        # After every migrate: the triggers that keep children's record versions.
        post_migrate.connect(record_version.install, sender=self, dispatch_uid="hearth_versions")

        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        from hearth.core import request_memo

        for label in (*record_version.ACCESS_MODELS, "access.User"):
            model = apps.get_model(label)
            for signal in (post_save, post_delete):
                signal.connect(request_memo.forget, sender=model, dispatch_uid=f"memo-{label}")
