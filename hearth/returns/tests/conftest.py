from hearth.returns.tests.job_fixtures import _returns_dir, fake_rules, world  # noqa: F401
