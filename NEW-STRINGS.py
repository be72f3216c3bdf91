"""New interface strings of the usability branch, with their fr, es and ar translations.

Plural entries are keyed by (singular, plural). For the lead to merge into locales/{fr,es,ar}/LC_MESSAGES/coherence.po (the catalogs
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
    # setup screen: help line of Ctrl+R
    "go to the saved sessions (Enter continues the one chosen)": {
        "fr": "aller aux sessions enregistrées (Entrée reprend celle choisie)",
        "es": "ir a las sesiones guardadas (Intro continúa la elegida)",
        "ar": "الانتقال إلى الجلسات المحفوظة (يتابع Enter الجلسة المختارة)",
    },
    # setup screen: a saved session whose pack is not installed (its size is unknown)
    ("{n} indicator answered", "{n} indicators answered"): {
        "fr": ("{n} indicateur répondu", "{n} indicateurs répondus"),
        "es": ("{n} indicador respondido", "{n} indicadores respondidos"),
        "ar": (
            "أُجيب عن {n} مؤشر",
            "أُجيب عن {n} مؤشر",
            "أُجيب عن {n} مؤشرين",
            "أُجيب عن {n} مؤشرات",
            "أُجيب عن {n} مؤشرًا",
            "أُجيب عن {n} مؤشر",
        ),
    },
    # printed on leaving a session; {command} is "coherence --resume PATH" (not translated)
    "Session file: {path} — continue it with: {command}": {
        "fr": "Fichier de session : {path} — reprenez-la avec : {command}",
        "es": "Archivo de sesión: {path} — continúela con: {command}",
        "ar": "ملف الجلسة: {path} — تابعها باستخدام: {command}",
    },
    # setup screen: the authority's name, under the heading "Authority"
    "Name": {
        "fr": "Nom",
        "es": "Nombre",
        "ar": "الاسم",
    },
}
