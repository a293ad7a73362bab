"""The shape of a content version's structure.yaml as validated models (pydantic): steps, tools,
cards, activities, worksheets and their fields, feedback questions. booster.content reads the
YAML into them and checks what a model alone cannot (unique ids, references, texts)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field as PydanticField


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Step(_Model):
    id: str
    number: int


class Tool(_Model):
    id: str
    step: str
    time_min: int
    time_max: int
    participants: str
    inputs: list[str] = []


class Card(_Model):
    id: str
    intended_step: str
    kind: Literal["tool", "guidance"]


class Activity(_Model):
    id: str
    kind: Literal["card_sort", "worksheet"]
    tool: str | None = None
    worksheet: str | None = None


class Field(_Model):
    id: str
    type: Literal["text", "textarea", "contrast", "group", "choice"]
    required: bool = False
    max_length: int | None = PydanticField(default=None, gt=0)
    poles: list[str] = []
    min_items: int = 0
    max_items: int = 1
    fields: list["Field"] = []
    # A `choice` picks one item (by its name) of the group field `choices_from` of the same worksheet.
    choices_from: str | None = None
    # Where the field comes from: the Booster's template, or what this app adds and why.
    source: str | None = None


class Worksheet(_Model):
    fields: list[Field]


class Question(_Model):
    id: str
    type: Literal["scale", "textarea"]
    required: bool = False
    min: int = 1
    max: int = 5
    max_length: int | None = None


class Feedback(_Model):
    questions: list[Question]


class Structure(_Model):
    version: str
    # `proposed`: written by the refinement loop (booster.analysis.refinement) and not yet adopted;
    # new sessions start with the newest `released` version unless the facilitator picks another.
    status: Literal["released", "proposed"] = "released"
    steps: list[Step]
    tools: list[Tool]
    cards: list[Card]
    activities: list[Activity]
    worksheets: dict[str, Worksheet]
    feedback: Feedback
