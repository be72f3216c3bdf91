"""Every ``coherence`` command, one small module each, listed once in :data:`COMMANDS`.

A command module has ``register(subparsers, lang_option)``, which adds its parser,
and ``run(args) -> int``, which does the work through the library. To add a command,
write ``commands/<name>.py`` with those two functions and list it here.
"""

from __future__ import annotations

COMMANDS = ("packs", "template", "score", "report", "compare", "round", "translate")
