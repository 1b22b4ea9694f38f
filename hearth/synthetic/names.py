"""Names and ethnicity for synthetic people: Faker pools seeded from the build's random source."""

from __future__ import annotations

import random

from faker import Faker

# National CLA mix by DfE group, split across the 4-letter codes.
ETHNICITY_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("WBRI", 63.0),
    ("WIRI", 0.5),
    ("WOTH", 6.0),
    ("WIRT", 0.5),
    ("WROM", 1.0),
    ("MWBC", 3.5),
    ("MWBA", 1.5),
    ("MWAS", 2.0),
    ("MOTH", 4.0),
    ("AIND", 0.8),
    ("APKN", 1.6),
    ("ABAN", 0.6),
    ("AOTH", 2.0),
    ("BCRB", 1.5),
    ("BAFR", 4.2),
    ("BOTH", 1.3),
    ("CHNE", 0.3),
    ("OOTH", 4.7),
    ("NOBT", 1.0),
)
UASC_ETHNICITY = (("OOTH", 40), ("BAFR", 30), ("AOTH", 20), ("BOTH", 10))

_LOCALE_FOR = {
    "W": "en_GB",
    "WIRI": "en_IE",
    "WIRT": "en_IE",
    "WOTH": "pl_PL",
    "WROM": "ro_RO",
    "AIND": "en_IN",
    "AOTH": "en_IN",
    "APKN": "en_PK",
    "ABAN": "en_PK",
    "BAFR": "en_NG",
    "BOTH": "en_KE",
    "BCRB": "en_GB",
    "CHNE": "zh_CN",
    "OOTH": "ar_AA",
}
_POOL = 300

# Faker's Arabic and Chinese locales write in their own scripts; use plain romanised pools.
_ROMAN = {
    "ar_AA": (
        [
            "Omar",
            "Yusuf",
            "Ali",
            "Hassan",
            "Karim",
            "Samir",
            "Tariq",
            "Ahmed",
            "Bilal",
            "Zaid",
            "Mustafa",
            "Idris",
            "Hamza",
            "Amir",
            "Rami",
            "Nabil",
            "Faris",
            "Jamal",
            "Khalid",
            "Sami",
        ],
        [
            "Layla",
            "Amira",
            "Nour",
            "Yasmin",
            "Huda",
            "Mariam",
            "Rania",
            "Salma",
            "Dana",
            "Lina",
            "Hiba",
            "Zainab",
            "Aisha",
            "Farah",
            "Samira",
            "Reem",
            "Maya",
            "Sara",
            "Leila",
            "Iman",
        ],
        [
            "Haddad",
            "Khalil",
            "Nasser",
            "Saleh",
            "Mansour",
            "Farouk",
            "Aziz",
            "Rahimi",
            "Karimi",
            "Hosseini",
            "Abdi",
            "Mohamed",
            "Hussein",
            "Ibrahim",
            "Osman",
            "Tesfaye",
            "Berhane",
            "Ahmadi",
            "Yousef",
            "Darwish",
        ],
    ),
    "zh_CN": (
        ["Wei", "Jun", "Hao", "Lei", "Ming", "Jian", "Tao", "Yang", "Bo", "Chen"],
        ["Mei", "Li", "Xin", "Yan", "Ling", "Hui", "Jing", "Fang", "Qing", "Lan"],
        ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou"],
    ),
}


class NameBank:
    """Pools of first names (by sex) and surnames per locale, drawn once from a seeded Faker."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self._pools: dict[str, tuple[list[str], list[str], list[str]]] = {}
        self._seed = rng.randrange(2**31)

    def _pool(self, locale: str):
        if locale not in self._pools:
            if locale in _ROMAN:
                self._pools[locale] = _ROMAN[locale]
            else:
                fake = Faker(locale)
                fake.seed_instance(self._seed + len(self._pools))
                self._pools[locale] = (
                    sorted({fake.first_name_male() for _ in range(_POOL)}),
                    sorted({fake.first_name_female() for _ in range(_POOL)}),
                    sorted({fake.last_name() for _ in range(_POOL)}),
                )
        return self._pools[locale]

    def locale_for(self, ethnicity: str) -> str:
        return _LOCALE_FOR.get(ethnicity) or _LOCALE_FOR["W"]

    def first(self, ethnicity: str, sex: str) -> str:
        pool = self._pool(self._mixed(ethnicity))
        names = pool[0] if sex == "M" else pool[1]
        return self.rng.choice(names)[:60]

    def last(self, ethnicity: str) -> str:
        return self.rng.choice(self._pool(self._mixed(ethnicity))[2])[:60]

    def _mixed(self, ethnicity: str) -> str:
        if ethnicity.startswith("M"):
            other = {"MWBC": "BCRB", "MWBA": "BAFR", "MWAS": "APKN"}.get(ethnicity, "OOTH")
            return self.locale_for(self.rng.choice(["WBRI", other]))
        return self.locale_for(ethnicity)

    def adult_first_with(self, sex: str, rng: random.Random) -> str:
        """An adult's first name drawn with another generator (the bank's own is untouched)."""
        pool = self._pool("en_GB")
        return rng.choice(pool[0] if sex == "M" else pool[1])

    def adult_last_with(self, locale: str, rng: random.Random) -> str:
        return rng.choice(self._pool(locale)[2])[:60]

    def adult_first(self, sex: str) -> str:
        pool = self._pool("en_GB")
        return self.rng.choice(pool[0] if sex == "M" else pool[1])
