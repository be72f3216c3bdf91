"""Translations of the strings the editable plan screen adds (coherence/tui/screens/plan.py).

To be merged into locales/{fr,es,ar}/LC_MESSAGES/coherence.po. A plural entry's key is
(singular, plural); fr/es give 2 forms, ar 6 (zero, one, two, few, many, other).
Obsolete after the merge: "No action yet: add one from the discussion of an indicator (a)."
"""

T = {
    "Edit": {"fr": "Modifier", "es": "Editar", "ar": "تعديل"},
    "New action": {"fr": "Nouvelle action", "es": "Nueva acción", "ar": "إجراء جديد"},
    "Plan from gaps": {"fr": "Plan depuis les écarts", "es": "Plan a partir de las brechas", "ar": "خطة من الفجوات"},
    "edit the action: text, owner, partners, due date, status, progress notes": {
        "fr": "modifier l'action : texte, responsable, partenaires, échéance, statut, notes d'avancement",
        "es": "editar la acción: texto, responsable, socios, fecha límite, estado, notas de avance",
        "ar": "تعديل الإجراء: النص، والجهة المسؤولة، والشركاء، والموعد النهائي، والحالة، وملاحظات التقدم",
    },
    "add an action for an indicator": {
        "fr": "ajouter une action pour un indicateur",
        "es": "añadir una acción para un indicador",
        "ar": "إضافة إجراء لمؤشر",
    },
    "no plan yet: create it from the ranked gaps": {
        "fr": "pas encore de plan d'action : le créer à partir des écarts classés par priorité",
        "es": "aún no hay plan de acción: crearlo a partir de las brechas ordenadas por prioridad",
        "ar": "لا توجد خطة عمل بعد: إنشاؤها من الفجوات مرتبةً حسب الأولوية",
    },
    "No action yet: g creates the plan from the ranked gaps (one action per gap), n adds one action.": {
        "fr": "Aucune action pour l'instant : g crée le plan d'action à partir des écarts classés par priorité (une action par écart), n ajoute une action.",
        "es": "Aún no hay ninguna acción: g crea el plan de acción a partir de las brechas ordenadas por prioridad (una acción por brecha), n añade una acción.",
        "ar": "لا توجد إجراءات بعد: ينشئ g خطة العمل من الفجوات مرتبةً حسب الأولوية (إجراء لكل فجوة)، ويضيف n إجراءً واحدًا.",
    },
    "Action {id} saved.": {"fr": "Action {id} enregistrée.", "es": "Acción {id} guardada.", "ar": "حُفظ الإجراء {id}."},
    ("Plan created from the ranked gaps: {n} action.", "Plan created from the ranked gaps: {n} actions."): {
        "fr": (
            "Plan d'action créé à partir des écarts classés par priorité : {n} action.",
            "Plan d'action créé à partir des écarts classés par priorité : {n} actions.",
        ),
        "es": (
            "Plan de acción creado a partir de las brechas ordenadas por prioridad: {n} acción.",
            "Plan de acción creado a partir de las brechas ordenadas por prioridad: {n} acciones.",
        ),
        "ar": (
            "أُنشئت خطة العمل من الفجوات مرتبةً حسب الأولوية: {n} إجراء.",
            "أُنشئت خطة العمل من الفجوات مرتبةً حسب الأولوية: {n} إجراء.",
            "أُنشئت خطة العمل من الفجوات مرتبةً حسب الأولوية: {n} إجراءان.",
            "أُنشئت خطة العمل من الفجوات مرتبةً حسب الأولوية: {n} إجراءات.",
            "أُنشئت خطة العمل من الفجوات مرتبةً حسب الأولوية: {n} إجراءً.",
            "أُنشئت خطة العمل من الفجوات مرتبةً حسب الأولوية: {n} إجراء.",
        ),
    },
    "Save": {"fr": "Enregistrer", "es": "Guardar", "ar": "حفظ"},
    "Action {id} · {indicator}": {"fr": "Action {id} · {indicator}", "es": "Acción {id} · {indicator}", "ar": "الإجراء {id} · {indicator}"},
    "Enter: next field (in the last: save) · Ctrl+S saves · Esc cancels": {
        "fr": "Entrée : champ suivant (dans le dernier : enregistrer) · Ctrl+S enregistre · Échap annule",
        "es": "Intro: campo siguiente (en el último: guardar) · Ctrl+S guarda · Esc cancela",
        "ar": "Enter: الحقل التالي (في الحقل الأخير: الحفظ) · Ctrl+S يحفظ · Esc يلغي",
    },
    "New action: for which indicator?": {
        "fr": "Nouvelle action : pour quel indicateur ?",
        "es": "Nueva acción: ¿para qué indicador?",
        "ar": "إجراء جديد: لأي مؤشر؟",
    },
    "indicator id (e.g. {id}) or words of its question": {
        "fr": "identifiant de l'indicateur (p. ex. {id}) ou mots de sa question",
        "es": "identificador del indicador (p. ej., {id}) o palabras de su pregunta",
        "ar": "معرّف المؤشر (مثلًا {id}) أو كلمات من سؤاله",
    },
    "Type to narrow the list; ↓ goes to it; Enter chooses; Esc cancels.": {
        "fr": "Tapez pour restreindre la liste ; ↓ y va ; Entrée choisit ; Échap annule.",
        "es": "Escriba para acotar la lista; ↓ va a ella; Intro elige; Esc cancela.",
        "ar": "اكتب لتضييق القائمة؛ ↓ ينقلك إليها؛ Enter يختار؛ Esc يلغي.",
    },
    "No indicator of this pack has the id or the words '{text}'.": {
        "fr": "Aucun indicateur de ce jeu n'a l'identifiant ou les mots « {text} ».",
        "es": "Ningún indicador de este conjunto tiene el identificador o las palabras «{text}».",
        "ar": "لا يوجد في مجموعة المؤشرات هذه مؤشر بالمعرّف أو الكلمات «{text}».",
    },
    "Several indicators match: choose one from the list (↓).": {
        "fr": "Plusieurs indicateurs correspondent : choisissez-en un dans la liste (↓).",
        "es": "Varios indicadores coinciden: elija uno de la lista (↓).",
        "ar": "تطابق عدة مؤشرات: اختر واحدًا من القائمة (↓).",
    },
}
