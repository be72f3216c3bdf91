"""Setup: choose the pack and language, describe the authority and respondent, or resume.

This is the first screen, so it is drawn with as little as possible: the pack is
named from its header, and the saved sessions are listed by file name. Reading them
(pydantic validates each one) waits until the first frame is on the terminal; then
each is described by authority, level of government, department, how much is
answered and when it last changed. The pack is loaded, and the session code
imported, when a session starts. Ctrl+R goes to the saved sessions.
"""

from __future__ import annotations

import re

from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, Static

from ...enums import GovLevel
from ...errors import UserError
from ...i18n import N_, _, current_language, format_day, interface_languages, language_name, ngettext, set_language


def offered_languages() -> list[str]:
    """Every language the interface or an installed pack has a catalog for (discovered,
    not listed in code): a language that has only a pack catalog shows the interface in
    English and the pack in that language."""
    from ...resources import LANG_RE, locales_dir

    found = set(interface_languages())
    root = locales_dir()
    if root.is_dir():
        found |= {p.name for p in root.iterdir() if LANG_RE.match(p.name) and any((p / "packs").glob("*.po"))}
    return ["en", *sorted(found - {"en"})]


def completion(pack_id: str, lang: str) -> int | None:
    """How much of a pack's catalog in ``lang`` is translated, in percent (None: no
    catalog, or the source language). Counted on the file's bytes, without Babel or a
    regular expression (about 1 ms for a 1 MB catalog), since the setup screen does it
    for every language before its first frame."""
    from ...resources import locales_dir

    path = locales_dir() / lang / "packs" / f"{pack_id}.po"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    total = data.count(b"\nmsgid ") + data.startswith(b"msgid ") - 1  # the header entry
    if total <= 0:
        return None
    empty = data.count(b'msgstr ""\n\n') + data.count(b'] ""\n\n') + data.endswith((b'msgstr ""\n', b'] ""\n'))
    return int(100 * (total - min(total, empty)) / total)  # the header's msgstr "" goes on: not counted


def language_label(lang: str, pack_id: str) -> str:
    """The language's own name, with the pack's completion when it is not complete."""
    done = completion(pack_id, lang) if lang != "en" else None
    name = language_name(lang)
    return f"{name} ({done}%)" if done is not None and done < 100 else name


from ...packs import available_packs
from ...sessions import list_sessions, load_session
from ...terminal import safe
from ..choice import Choice
from ..bars import KeyBar, TitleBar
from ..widgets import FileNameDialog, gov_level_word, lead, translate_bindings

if TYPE_CHECKING:
    from textual.widgets import OptionList
    from textual.widgets.option_list import Option

    from ...models import Assessment

MAX_LISTED = 50
# The form's fields in the order they are filled (and a pasted row is spread over them).
FIELD_ORDER = ("authority", "country", "authority-level", "department", "respondent-level", "name")


class FormField(Input):
    """A text field of the form: Enter goes on to the next field (in the last: starts).

    At once, as the app reads the key (a priority binding): Input would say Enter with a
    message the screen handles later, and keys that arrived with it (a paste of
    "name⏎country", a fast typist) would still land in this field.
    """

    BINDINGS = [Binding("enter", "done", show=False, priority=True)]

    def _on_paste(self, event: events.Paste) -> None:
        """Text copied from a spreadsheet row or column (cells split by tabs or lines)
        fills this field and the ones after it, in order, as the facilitator reads it:
        "Quito⇥Ecuador" is the authority and its country, not one name with a tab in it."""
        screen = self.screen
        if isinstance(screen, SetupScreen) and any(sep in event.text for sep in "\t\r\n"):
            event.stop()
            event.prevent_default()  # not Input's own paste (Textual calls it after this one)
            screen.paste_across(self, event.text)

    def action_done(self) -> None:
        screen = self.screen
        if self.id == "name" and isinstance(screen, SetupScreen):
            screen.action_start()
        else:
            screen.focus_next()


class SetupScreen(Screen):
    """The first screen: a new session's profile, or a saved session to continue."""

    # Read with the app's stylesheet: this is the first screen (see CoherenceApp).
    CSS_PATH = "setup.tcss"

    # Focused as the screen is first shown; focusing it from on_mount instead would
    # focus the scrolling body first, then move: two restyles of the whole screen and a
    # rebuilt footer before the first frame settles (about 40 ms).
    AUTO_FOCUS = "#authority"
    BINDINGS = [
        Binding("ctrl+s", "start", N_("Start")),
        Binding("ctrl+r", "saved_sessions", N_("Saved sessions")),
        Binding("ctrl+o", "open_round", N_("Open a round")),
        # ? types into the text fields, so F1 opens the list of keys here.
        Binding("f1", "app.help", N_("Keys")),
    ]
    HELP_TITLE = N_("Setup")
    HELP_KEYS = (
        ("Tab / Shift+Tab", N_("next / previous field")),
        ("← / →", N_("in a choice (pack, language, level): previous / next option; a click picks one")),
        ("Enter", N_("in a text field: next field (in the last one: start); in the list: continue that session")),
        ("Ctrl+S", N_("start the new session")),
        ("Ctrl+R", N_("go to the saved sessions (Enter continues the one chosen)")),
        ("Ctrl+O", N_("open a workshop round file (NAME.round.json)")),
        ("F1", N_("this list of keys")),
    )

    def __init__(self, values: dict[str, object] | None = None):
        super().__init__()
        translate_bindings(self)
        self.values = values or {}
        # Saved sessions by option id: the file, and once read, its assessment (None if
        # it cannot be read) with a line that describes it.
        self._saved: dict[str, Path] = {}
        self._read: dict[str, tuple[Assessment | None, Text]] = {}
        self._sizes: dict[str, int | None] = {}  # indicators of each pack, by pack id
        self._pack_titles: dict[str, str] = {}  # the title of each pack offered, by option value

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        v = self.values
        levels = [(gov_level_word(level), level.value) for level in GovLevel]
        yield TitleBar()
        with VerticalScroll(id="setup-body"):
            yield Static(_("New session"), classes="section-title")
            with Grid(id="setup-form"):
                yield Label(_("Indicator pack"))
                yield Choice(self._pack_options(), str(v.get("pack", self._pack_value())), id="pack")
                yield Label(_("Language"))
                yield Choice([(language_label(lang, self.app.pack.id), lang) for lang in offered_languages()], current_language(), id="language")
                yield Static(_("Authority"), classes="form-heading", id="authority-heading")
                yield Label(_("Name"))
                yield FormField(str(v.get("authority", "")), placeholder=_("e.g. City of Springfield"), compact=True, id="authority")
                yield Label(_("Country"))
                yield FormField(str(v.get("country", "")), compact=True, id="country")
                yield Label(_("Level of government"))
                yield Choice(levels, str(v.get("authority_level", "local")), id="authority-level")
                yield Static(_("Respondent"), classes="form-heading", id="respondent-heading")
                yield Label(_("Department or sector"))
                yield FormField(str(v.get("department", "")), placeholder=_("e.g. Planning"), compact=True, id="department")
                yield Label(_("Your level of government"))
                yield Choice(levels, str(v.get("respondent_level", "local")), id="respondent-level")
                yield Label(_("Your name (optional)"))
                yield FormField(str(v.get("name", "")), compact=True, id="name")
            with Horizontal(id="setup-actions"):
                yield Button(_("Start"), variant="primary", compact=True, id="start")
                yield Static("", id="setup-error")
            yield Static(_("Saved sessions"), classes="section-title")
            sessions = self._session_options()
            if sessions:
                from textual.widgets import OptionList  # only when there are saved sessions

                yield OptionList(*sessions, id="sessions")
            else:
                yield Static(_("No saved sessions yet."), id="no-sessions")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show_pack_title()
        self._describe_sessions_after_refresh()

    def _pack_value(self) -> str:
        app = self.app
        return str(app.pack.path) if app.pack.path else app.pack.id

    def _pack_options(self) -> list[tuple[str, str]]:
        """Every installed pack by its title in the interface language (and its id).

        Also remembers each pack's title, for the title bar when it is chosen.
        """
        from ...translate import pack_summary

        app = self.app
        current = self._pack_value()
        options = [(f"{app.pack.title} ({app.pack.id})", current)]
        self._pack_titles = {current: app.pack.title}
        seen = {Path(current).resolve() if app.pack.path else current}
        for path in available_packs():
            if path.resolve() in seen:
                continue
            seen.add(path.resolve())
            try:
                summary = pack_summary(path, current_language())
            except UserError:  # said when it is chosen and loaded
                options.append((path.name, str(path)))
                self._pack_titles[str(path)] = path.name
                continue
            options.append((f"{summary.title} ({summary.id})", str(path)))
            self._pack_titles[str(path)] = summary.title
        return options

    def _show_pack_title(self) -> None:
        """The title bar names the pack chosen here."""
        chosen = self.query_one("#pack", Choice).value
        self.app.sub_title = self._pack_titles.get(chosen, self.app.pack.title)

    def _session_options(self) -> list[Option]:
        """The saved session files, newest first, by name only (see _describe_sessions).

        Lists them afresh at each compose: descriptions are in the interface language.
        """
        self._saved.clear()
        self._read.clear()
        paths = list_sessions(self.app.sessions_dir)[:MAX_LISTED]
        if not paths:
            return []
        from textual.widgets.option_list import Option

        options = []
        for path in paths:
            key = f"s{len(options)}"
            self._saved[key] = path
            options.append(Option(path.name, id=key))
        return options

    def _describe_sessions_after_refresh(self) -> None:
        """Describe the listed sessions once the screen is drawn (see _describe_sessions)."""
        if self._saved:
            self.call_after_refresh(self._describe_sessions)

    def _describe_sessions(self) -> None:
        """Add who answered, the pack and the number of answers to each listed session.

        Called after the first frame: reading the files imports pydantic and validates
        each one, which would otherwise hold the whole screen back. A file that cannot
        be read says why and cannot be chosen.
        """
        from textual.widgets import OptionList

        sessions = self.query_one("#sessions", OptionList)
        for key, path in self._saved.items():
            assessment, detail = self._read_session(key)
            sessions.replace_option_prompt(key, detail)
            if assessment is None:
                sessions.disable_option(key)

    def _read_session(self, key: str) -> tuple[Assessment | None, Text]:
        """The saved session of option ``key`` and its description, read once."""
        if key not in self._read:
            self._read[key] = describe_session(self._saved[key], self._pack_size, proposed=self.app.pack.id)
        return self._read[key]

    def _pack_size(self, pack_id: str) -> int | None:
        """How many indicators the installed pack ``pack_id`` has (None if it cannot be loaded)."""
        if pack_id not in self._sizes:
            from ...models import Pack

            pack = self.app.pack
            try:
                if not (isinstance(pack, Pack) and pack.id == pack_id):
                    from ...translate import load_installed_pack

                    pack = load_installed_pack(pack_id)
                self._sizes[pack_id] = sum(1 for _ind in pack.indicators())
            except (UserError, OSError):
                self._sizes[pack_id] = None
        return self._sizes[pack_id]

    # ------------------------------------------------------------------ values

    def form_values(self) -> dict[str, object]:
        def text(widget_id: str) -> str:
            return self.query_one(f"#{widget_id}", Input).value.strip()

        def choice(widget_id: str) -> object:
            return self.query_one(f"#{widget_id}", Choice).value

        return {
            "pack": choice("pack"),
            "authority": text("authority"),
            "country": text("country"),
            "authority_level": choice("authority-level"),
            "department": text("department"),
            "respondent_level": choice("respondent-level"),
            "name": text("name"),
        }

    def paste_across(self, start: Input, text: str) -> None:
        """Spread pasted cells over ``start`` and the fields after it (see FormField).

        The first cell is pasted where the cursor is; each next one fills the next text
        field. A level of government is chosen when the cell names one of its options,
        otherwise that level is left as it is and the cell goes to the next text field.
        An empty cell leaves its field (level included) as it is; cells beyond the last
        field are dropped.
        The focus ends on the last field filled.
        """
        import re

        first, *rest = re.split(r"\t|\r\n|\r|\n", text.rstrip("\r\n"))
        first = first.strip()
        if not first:
            pass  # an empty first cell: the field as it is
        elif start.selection.is_empty:
            start.insert_text_at_cursor(first)
        else:
            start.replace(first, *start.selection)
        last: Input | Choice = start
        following = iter(FIELD_ORDER[FIELD_ORDER.index(start.id) + 1 :] if start.id in FIELD_ORDER else ())
        for cell in rest:
            cell = cell.strip()
            for field_id in following:
                widget = self.query_one(f"#{field_id}")
                if isinstance(widget, Choice):
                    if not cell:  # an empty cell: this level as it is
                        break
                    if widget.pick(cell):
                        last = widget
                        break
                    continue
                if cell:
                    widget.value = cell
                last = widget
                break
            else:
                break
        last.focus()

    def show_error(self, message: str) -> None:
        self.query_one("#setup-error", Static).update(message)
        self.notify(message, severity="error")

    # ------------------------------------------------------------------ events

    async def on_choice_changed(self, event: Choice.Changed) -> None:
        if event.choice.id == "pack":
            self._show_pack_title()
            return
        if event.choice.id != "language" or event.value == current_language():
            return
        self.values = self.form_values()
        set_language(str(event.value))
        self.app.lang_chosen = True
        self.app.retranslate()
        await self.redraw()

    async def redraw(self) -> None:
        """Compose the screen again in the interface language, keeping what was typed.

        In place: this is the app's first screen, which Textual cannot replace. The
        language field keeps the focus, so that → → goes on to the next language.
        """
        translate_bindings(self)
        await self.recompose()
        self._show_pack_title()
        self.query_one("#language").focus()
        self._describe_sessions_after_refresh()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()

    def action_start(self) -> None:
        from ..state import SessionController

        values = self.form_values()
        if not values["authority"]:
            self.show_error(_("Enter the name of the authority."))
            self.query_one("#authority", Input).focus()
            return
        try:
            from ...translate import load_pack

            pack = load_pack(str(values["pack"]), current_language(), fallback=True)
            controller = SessionController.create(
                pack,
                directory=self.app.sessions_dir,
                language=current_language(),
                authority={"name": values["authority"], "country": values["country"], "level": values["authority_level"]},
                respondent={"name": values["name"], "department": values["department"], "level": values["respondent_level"]},
            )
        except UserError as exc:
            self.show_error(exc.line())
            return
        except OSError as exc:
            self.show_error(_("cannot write: {reason}").format(reason=exc.strerror or exc))
            return
        self.app.start_session(controller)

    def action_saved_sessions(self) -> None:
        """Go to the list of saved sessions (Enter there continues the one highlighted)."""
        from textual.widgets import OptionList

        found = self.query("#sessions")
        if not found:
            self.query_one("#no-sessions").scroll_visible()
            self.app.bell()
            return
        sessions = found.first(OptionList)
        sessions.focus()
        if sessions.highlighted is None and sessions.option_count:
            sessions.action_first()
        sessions.scroll_visible()

    def action_open_round(self) -> None:
        self.app.push_screen(RoundPathDialog(), self.open_round)

    def open_round(self, name: str | None) -> None:
        """Open the round file ``name`` in round mode; read-only if another coherence has it open."""
        if not name:
            return
        from ...locks import LockedError
        from ..round_state import RoundController

        path = Path(name).expanduser()
        if not path.exists():
            if not self._create_round(path):
                return
        try:
            try:
                controller = RoundController.open(path, current_language())
            except LockedError as exc:
                controller = RoundController.open(path, current_language(), read_only=True)
                self.notify(exc.line(), severity="warning", timeout=10)
        except UserError as exc:  # named by the file's name: the line beside Start is short
            self.show_error(f"{safe(path.name)}: {' '.join(exc.message.split())}")
            return
        self.app.start_round(controller)

    def _create_round(self, path: Path) -> bool:
        """A new round file for the authority, pack and language of the form above (a
        name that does not exist yet creates the round, as ``round create`` does)."""
        from ...models import GovLevel
        from ...packs import load_pack
        from ...rounds import ROUND_SUFFIX, new_round, save_round

        values = self.form_values()
        if not path.name.endswith(ROUND_SUFFIX):
            self.show_error(_("{name}: a round file's name ends in .round.json").format(name=safe(path.name)))
            return False
        if not values["authority"]:
            self.show_error(_("To create a round, first enter the name of the authority above."))
            self.query_one("#authority", Input).focus()
            return False
        try:
            pack = load_pack(str(values["pack"]))
            round_ = new_round(
                pack, authority=values["authority"], country=values["country"],
                level=GovLevel(values["authority_level"]), language=current_language(),
            )
            save_round(path, round_)
        except UserError as exc:
            self.show_error(f"{safe(path.name)}: {' '.join(exc.message.split())}")
            return False
        self.notify(_("Round created: {path}. Add the departments' files with: coherence round add {path} FILES").format(path=path), timeout=10)
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from ..state import open_session

        assessment, _detail = self._read_session(event.option.id)
        if assessment is None:
            return
        app = self.app
        spec = app.pack_spec if assessment.pack_id == app.pack.id and app.pack_spec else None
        lang = current_language() if getattr(app, "lang_chosen", False) else None
        try:
            controller = open_session(self._saved[event.option.id], spec, lang)
        except UserError as exc:
            self.show_error(exc.line())
            return
        app.start_session(controller)


def RoundPathDialog() -> FileNameDialog:  # noqa: N802 - reads as the dialog it is
    """Ask for the round file to open (or to create)."""
    return FileNameDialog(
        _("Open the round file (a new name creates it for the authority above):"), _("Enter opens it, Esc cancels."),
        placeholder="NAME.round.json", field_id="round-path",
    )


def describe_session(
    path: Path, pack_size: Callable[[str], int | None] = lambda _pack_id: None, proposed: str | None = None
) -> tuple[Assessment | None, Text]:
    """A saved session and the lines that describe it in the list, or None and why it cannot be read.

    First line: the authority, its level of government and the department; then how
    much is answered (of the pack's ``pack_size``) and when it last changed; then the
    file, and the pack when it is not the ``proposed`` one.
    """
    try:
        assessment = load_session(path)
    except UserError as exc:
        return None, Text.assemble(safe(path.name), "  ", _("cannot be read: {reason}").format(reason=exc.message))
    authority, respondent = assessment.authority, assessment.respondent
    who = " · ".join(part for part in (authority.name, gov_level_word(authority.level), respondent.department) if part)
    answered = sum(1 for a in assessment.answers.values() if a.choice is not None)
    total = pack_size(assessment.pack_id)
    if total:
        done = _("{answered} of {total} indicators answered").format(answered=answered, total=total)
    else:
        done = ngettext("{n} indicator answered", "{n} indicators answered", answered).format(n=answered)
    changed = assessment.updated.astimezone()
    when = lead(N_("Last updated")) + f"{format_day(changed)} {changed:%H:%M}"
    where = [when, safe(path.name)] + ([assessment.pack_id] if assessment.pack_id != proposed else [])
    return assessment, Text.assemble((safe(who) or "–", "bold"), "  ", done, "\n", (" · ".join(where), "dim"))
