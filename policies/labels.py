"""Coded values with a Chinese name: the code is what the CLI, the API and the database store, the label what
people read. One base for every such enum, and one parser that takes either.
"""

from enum import StrEnum
from typing import Any, Self

from policies.characters import one_line
from policies.errors import BadInput


class Labelled(StrEnum):
    """An enum whose members are declared with their code and Chinese label: `PROACTIVE = "proactive", "主动公开"`.

    A subclass names what its members are (`noun="公开属性"`) for the refusal of an unknown code, and says whether
    that refusal lists the labels beside the codes (`choices_with_labels=True`). Members may carry more values
    after the label; the subclass's __init__ receives the whole declaration (`def __init__(self, *declared)`).
    """

    _value_: str
    _label: str
    _noun: str
    _choices_with_labels: bool

    def __new__(cls, code: str, label: str = "", *_details: Any) -> Self:
        """A member whose value is the code, with its label beside it.

        The label has a default only so that type checkers accept the lookup by code, `Attribute("proactive")`,
        which finds the member declared and does not come here.
        """
        member = str.__new__(cls, code)
        member._value_ = code
        member._label = label
        return member

    def __init_subclass__(cls, *, noun: str, choices_with_labels: bool = False, **kwargs: Any) -> None:
        """Remember what the members are called, for the refusal of an unknown code."""
        super().__init_subclass__(**kwargs)
        cls._noun = noun
        cls._choices_with_labels = choices_with_labels

    @property
    def label(self) -> str:
        """The member's name as shown to people."""
        return self._label

    @classmethod
    def parse(cls, text: str) -> Self:
        """The member named by its code (any case, spaces around it ignored) or by its Chinese label."""
        wanted = text.strip()
        for member in cls:
            if wanted.casefold() == member.value or wanted == member.label:
                return member
        raise BadInput(f"未知{cls._noun} '{one_line(text)[:40]}'：可选 {cls.choices()}")

    @classmethod
    def choices(cls) -> str:
        """The valid codes as a refusal lists them: proactive、on_request、withheld, or natural（自然人）、…."""
        if cls._choices_with_labels:
            return "、".join(f"{member.value}（{member.label}）" for member in cls)
        return "、".join(member.value for member in cls)
