"""Nothing lost, nothing crashes: killed saves, and fuzzed session and pack files."""

from __future__ import annotations

import copy
import json
import os
import random
import re
import select
import signal
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from coherence.errors import UserError
from coherence.models import Answer
from coherence.packs import validate_pack_dir
from coherence.sessions import backup_path, load_session, save_session

from .conftest import MINI, assessment

KILLS = 50


def _saver(path: Path, write_fd: int, start: int) -> None:
    """Child process: answer one indicator after another, report each completed save."""
    a = load_session(path) if path.exists() else assessment()
    i = start
    while True:
        a.answers[f"IND-{i:05d}"] = Answer(choice=i % 4, notes="x" * (i % 300))
        save_session(path, a)
        os.write(write_fd, f"{i}\n".encode())
        i += 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork to kill a saving process")
def test_sigkill_while_saving_never_loses_a_returned_save(tmp_path):
    path = tmp_path / "session.json"
    rng = random.Random(20261124)
    confirmed = -1
    for kill in range(KILLS):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            os.close(read_fd)
            try:
                _saver(path, write_fd, confirmed + 1)
            finally:
                os._exit(0)
        os.close(write_fd)
        # let it save a few times, then kill it at a random instant
        deadline = time.monotonic() + rng.uniform(0.002, 0.03)
        buf = b""
        while time.monotonic() < deadline:
            ready, _, _ = select.select([read_fd], [], [], 0.001)
            if ready:
                buf += os.read(read_fd, 65536)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        while chunk := os.read(read_fd, 65536):
            buf += chunk
        os.close(read_fd)
        done = [int(x) for x in buf.split()]
        if done:
            confirmed = done[-1]
        loaded = load_session(path)  # never torn: always a valid session
        ids = {int(k[4:]) for k in loaded.answers if k.startswith("IND-")}
        assert set(range(confirmed + 1)) <= ids, f"kill {kill}: lost answers"
    assert confirmed > KILLS  # the kills really happened while saving
    assert not [p for p in tmp_path.iterdir() if p.name not in {path.name, backup_path(path).name} and not p.name.endswith(".tmp")]


# --------------------------------------------------------------------------- fuzzing

ONE_LINE = re.compile(r"^[^\n]+$")
VALID_SESSION = json.loads(assessment("regional", "Health", GOV_01=2, HEA_01="dk").model_dump_json())

json_leaf = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70), st.floats(allow_nan=True),
    st.text(max_size=30), st.integers(5_000, 60_000).map(lambda n: "é=" * n),
)
json_value = st.recursive(json_leaf, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)
SESSION_KEYS = list(VALID_SESSION) + ["answers.GOV-01.choice", "answers.GOV-01.notes", "answers.NEW-1", "respondent.level", "authority.name"]


@st.composite
def mutated_sessions(draw):
    data = copy.deepcopy(VALID_SESSION)
    for _ in range(draw(st.integers(1, 4))):
        key = draw(st.sampled_from(SESSION_KEYS + ["extra"]))
        parts = key.split(".")
        target = data
        for part in parts[:-1]:
            if not isinstance(target, dict):
                break
            target = target.setdefault(part, {})
        if not isinstance(target, dict):
            continue
        if draw(st.booleans()):
            target.pop(parts[-1], None)
        else:
            target[parts[-1]] = draw(json_value)
    text = json.dumps(data)
    cut = draw(st.one_of(st.none(), st.integers(0, len(text))))
    return text if cut is None else text[:cut]


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("sessions")


def _check_one_line(exc: UserError, path: Path) -> None:
    line = exc.line()
    assert ONE_LINE.match(line), line
    assert str(path) in line


@given(st.one_of(mutated_sessions(), json_value.map(json.dumps), st.binary(max_size=200).map(lambda b: b.decode("latin-1"))))
def test_fuzzed_session_files_load_or_fail_in_one_line(fuzz_dir, text):
    path = fuzz_dir / "fuzz.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        loaded = load_session(path)
    except UserError as exc:
        _check_one_line(exc, path)
    else:
        assert loaded.pack_id


SECTOR = yaml.safe_load((MINI / "sectors" / "health.yaml").read_text())
INDICATOR_KEYS = list(SECTOR["indicators"][0]) + ["unknown_field"]


@st.composite
def mutated_sector_yaml(draw):
    data = copy.deepcopy(SECTOR)
    for _ in range(draw(st.integers(1, 4))):
        choice = draw(st.integers(0, 5))
        indicators = data.get("indicators")
        if choice == 0 and isinstance(indicators, list) and indicators:
            indicators.append(copy.deepcopy(indicators[0]))  # duplicated row
        elif choice == 1:
            data[draw(st.sampled_from(["id", "title", "indicators", "extra"]))] = draw(json_value)
        elif isinstance(indicators, list) and indicators and isinstance(indicators[0], dict):
            key = draw(st.sampled_from(INDICATOR_KEYS))
            if choice == 2:
                indicators[0].pop(key, None)
            else:
                indicators[0][key] = draw(json_value)
    try:
        text = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True)
    except yaml.YAMLError:
        text = str(data)
    cut = draw(st.one_of(st.none(), st.integers(0, len(text))))
    return text if cut is None else text[:cut]


YAML_NOISE = st.sampled_from(["a: &x [1]\nb: *x\n", "- [", "id: {", "\t: x", "!!python/object:os.system ls", "---\n---\n", "\x00", "id: " + "9" * 5000])


@pytest.fixture(scope="module")
def fuzz_pack(tmp_path_factory):
    import shutil

    target = tmp_path_factory.mktemp("fuzz") / "mini"
    shutil.copytree(MINI, target)
    return target


@given(st.one_of(mutated_sector_yaml(), YAML_NOISE, st.text(max_size=300)))
def test_fuzzed_pack_yaml_validates_or_names_file_and_line(fuzz_pack, text):
    sector_file = fuzz_pack / "sectors" / "health.yaml"
    sector_file.write_text(text, encoding="utf-8", errors="surrogatepass")
    pack, problems = validate_pack_dir(fuzz_pack)
    if pack is None:
        assert problems
        for problem in problems:
            assert ONE_LINE.match(problem), problem
            assert re.match(rf"^{re.escape(str(fuzz_pack))}/(pack\.yaml|sectors/\w+\.yaml):\d+: ", problem), problem
    else:
        assert problems == []
