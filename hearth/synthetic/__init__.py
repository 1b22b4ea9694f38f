"""A synthetic local authority with years of history, for demos, tests and benchmarks.

``hearth synth --seed 1 --size demo [--as-of 2026-03-31] [--reset] [--demo-users]``

Layout
    config.py      sizes (small / demo / large) and every tuned rate, with the national targets
    journey.py     per-child simulation, event by event: contacts, front-door decisions, early
                   help, referrals, assessments (45 working days), strategy discussions, s47,
                   ICPCs (on working days, mostly within 15), CP plans with review conferences,
                   CIN plans, care (legal statuses, placements, proceedings, adoption, SGO,
                   return home, leaving care at 18), UASC; then clipped at the as-of date
    build.py       staffing (teams, posts cycling permanent -> vacant/agency, workers),
                   allocations, and the writer: practice records (visits with the child's
                   views, notes, oversight, supervision, reviews, health, missing episodes,
                   care-leaver contacts) streamed to the database in batches, one transaction
    names.py, places.py, texts.py   Faker name pools by ethnicity, real postcodes, text banks
    calibration.py national comparison computed only through the selectors
    demo.py        demo logins

Determinism: one ``random.Random(seed)`` drives everything (Faker is seeded from it), children
are simulated and written in a fixed order and primary keys are assigned by the builder, so a
seed, size and as-of date give the same rows on SQLite and PostgreSQL (``recorded_at`` and
``updated_at`` are the build time and are left out of comparisons). ``--as-of`` defaults to
today, so pass it explicitly wherever identical data matter (the tests do).
"""
