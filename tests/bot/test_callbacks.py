"""callback_data: every action round-trips within Telegram's 64 bytes; junk decodes to None."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.chat.callbacks import MAX_BYTES, decode, encode
from surveys.inputs import ID_MAX
from surveys.ports import (
    Action,
    AnswerAction,
    CallMeAnswer,
    ComplaintButton,
    ForgetAction,
    LanguageAction,
    ResumeAction,
    SkipAction,
    SolvedAnswer,
    WaveControlAction,
    WizardAction,
)

IDS = st.integers(min_value=0, max_value=ID_MAX)  # row ids are INTEGER
ACTIONS = st.one_of(
    st.builds(AnswerAction, IDS, st.integers(0, 99), st.integers(0, 10)),
    st.builds(SkipAction, IDS, st.integers(0, 99)),
    st.builds(LanguageAction, st.sampled_from(["zh", "en"])),
    st.builds(ForgetAction, st.booleans()),
    st.just(ResumeAction()),
    st.builds(WizardAction, IDS, st.sampled_from("twbsc"), st.integers(0, 99)),
    st.builds(WaveControlAction, IDS, st.sampled_from("vprc")),
    st.builds(ComplaintButton, IDS, st.sampled_from("ctragqv"), st.integers(0, 10**10)),
    st.builds(SolvedAnswer, IDS, st.booleans()),
    st.builds(CallMeAnswer, IDS, st.booleans()),
)


@given(ACTIONS)
def test_round_trip_and_size(action: Action) -> None:
    data = encode(action)
    assert len(data.encode()) <= MAX_BYTES
    assert data.isascii()
    assert decode(data) == action


@given(st.text(max_size=80))
def test_anything_else_never_raises(data: str) -> None:
    decoded = decode(data)
    if decoded is not None:
        assert encode(decoded) == data


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "2:a:1:2:3",
        "1:a:1:2",
        "1:a:x:2:3",
        "1:a:\u00b2:2:3",  # "²" passes str.isdigit, int() refuses it
        "1:y:\u2460:1",  # "①" likewise
        "1:a:2147483648:0:0",  # beyond an INTEGER id: PostgreSQL would refuse the query
        "1:k:1:g:9223372036854775808",  # beyond a BIGINT user id
        "1:l:fr",
        "1:f:2",
        "1:r:1",
        "1:zz",
        "1:a:-1:2:3",
        # Unicode digits that str.isdigit() accepts and int() refuses: a forged tap
        "1:a:²:0:1",
        "1:k:1:c:³",
        "1:y:٣:1",
        "1:v:１:p",
    ],
)
def test_refused(data: str | None) -> None:
    assert decode(data) is None
