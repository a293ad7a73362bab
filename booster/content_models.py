"""The shape of a content version's structure.yaml as validated models (pydantic): steps, tools,
decks, cards, activities, worksheets and their fields, feedback questions. booster.content reads
the YAML into them and checks what a model alone cannot (unique ids, references, texts).

Everything the content defines says where it comes from (`Source`): `guidebook: <section>` for the
Booster's own guidebook, or `app: <why>` for what this app adds."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field as PydanticField, StringConstraints

Source = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^(guidebook|app)(:\s*\S.*)?$")]
CardKind = Literal["tool", "sub_step", "app"]
CARD_KINDS: tuple[str, ...] = ("tool", "sub_step", "app")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def origin(source: str | None) -> str:
    """`guidebook` or `app`: the first word of a source."""
    return str(source or "app").partition(":")[0].strip()


class Step(_Model):
    id: str
    number: int
    source: Source


class ToolSources(_Model):
    """Where each attribute of a tool comes from (the guidebook's tool page, or an app estimate)."""
    time: Source
    participants: Source
    inputs: Source


class Tool(_Model):
    id: str
    step: str
    time_min: int
    time_max: int
    participants: str
    inputs: list[str] = []
    source: Source
    sources: ToolSources


class Deck(_Model):
    """A set of cards a session sorts; new sessions get every `default` deck."""
    id: str
    default: bool = False
    source: Source


class Card(_Model):
    id: str
    intended_step: str
    kind: CardKind          # tool: a Booster tool; sub_step: a step inside a tool; app: the app's own
    decks: list[str] = []   # the decks that deal it; none: kept only so older sessions still load
    source: Source


class Activity(_Model):
    id: str
    kind: Literal["card_sort", "worksheet"]
    tool: str | None = None
    worksheet: str | None = None
    source: Source


class Field(_Model):
    id: str
    type: Literal["text", "textarea", "contrast", "group", "choice"]
    required: bool = False
    max_length: int | None = PydanticField(default=None, gt=0)
    poles: list[str] = []
    min_items: int = 0
    max_items: int = 1
    fields: list["Field"] = []
    # A `choice` picks one item of the group field `choices_from` of the same worksheet (stored as the
    # item's key, shown by its current name: booster.live.answers.picked_name).
    choices_from: str | None = None
    # Where the field comes from (required on a worksheet's own fields; a group's fields share the group's).
    source: Source | None = None


class Worksheet(_Model):
    fields: list[Field]


class Question(_Model):
    id: str
    type: Literal["scale", "textarea"]
    required: bool = False
    min: int = 1
    max: int = 5
    max_length: int | None = None
    source: Source


class Feedback(_Model):
    questions: list[Question]


class Structure(_Model):
    version: str
    # `proposed`: written by the refinement loop (booster.analysis.refinement) and not yet adopted;
    # new sessions start with the newest `released` version unless the facilitator picks another.
    status: Literal["released", "proposed"] = "released"
    steps: list[Step]
    tools: list[Tool]
    decks: list[Deck]
    cards: list[Card]
    activities: list[Activity]
    worksheets: dict[str, Worksheet]
    feedback: Feedback
