"""New interface strings of the usability branch, with their fr, es and ar translations.

For the lead to merge into locales/{fr,es,ar}/LC_MESSAGES/coherence.po (the catalogs
were not edited here). Plural entries: fr/es 2-tuples, ar 6-tuples.
"""

T = {
    # indicator screen: the folded guidance, shown in full by g
    "the guidance and evidence examples in full": {
        "fr": "les explications et les exemples de justificatifs en entier",
        "es": "la orientación y los ejemplos de evidencias completos",
        "ar": "الإرشادات وأمثلة الأدلة كاملة",
    },
    # help overlay and guidance box: the keys that close it ({keys} is "Esc / ?", "Esc / g":
    # key names are not translated, as in the key bar)
    "{keys}: close": {
        "fr": "{keys} : fermer",
        "es": "{keys}: cerrar",
        "ar": "{keys}: إغلاق",
    },
}
