"""Find the people and places a text names: full names, other names, surnames, "Mr …"."""

import re
from collections import defaultdict
from dataclasses import dataclass

PERSON = "person"
PLACE = "place"
HONORIFIC = r"(?:Mr|Mrs|Ms|Dr|Madam)\.?\s+"


@dataclass(frozen=True)
class Mention:
    kind: str  # PERSON or PLACE
    id: int
    start: int
    end: int
    text: str
    how: str  # "name", "other name", "surname", "honorific"


def _plain(text: str) -> str:
    """Fold typographic apostrophes so "People’s" matches "People's" (same length)."""
    return text.replace("’", "'").replace("‘", "'")


def _alternation(names) -> str:
    ordered = sorted(set(names), key=len, reverse=True)
    return "|".join(re.escape(_plain(n)) for n in ordered)


class Gazetteer:
    """The names of known people and places, compiled for matching."""

    def __init__(self, people: dict[int, list[str]], places: dict[int, list[str]]):
        """Take {id: [name, other names…]} for people and for places; the first is the name."""
        self.full: dict[str, tuple[str, int, str]] = {}
        for kind, table in ((PERSON, people), (PLACE, places)):
            for id_, names in table.items():
                for index, name in enumerate(names):
                    if name.strip():
                        self.full.setdefault(
                            _plain(name), (kind, id_, "name" if index == 0 else "other name")
                        )
        self.surnames: dict[str, set[int]] = defaultdict(set)
        for id_, names in people.items():
            for name in names:
                if len(name.split()) > 1:
                    self.surnames[_plain(name.split()[-1])].add(id_)
        self._full_pattern = self._compile(self.full)
        self._surname_pattern = self._compile(self.surnames, prefix=f"(?P<hon>{HONORIFIC})?")

    @staticmethod
    def _compile(names, prefix=""):
        if not names:
            return None
        return re.compile(rf"(?<![\w'-]){prefix}(?P<name>{_alternation(names)})(?![\w-])")

    @classmethod
    def from_database(cls):
        from newsroom.coverage.models import Person, PersonName, Place, PlaceName

        people = {pk: [name] for pk, name in Person.objects.values_list("pk", "name")}
        for person_id, name in PersonName.objects.values_list("person_id", "name"):
            people[person_id].append(name)
        places = {pk: [name] for pk, name in Place.objects.values_list("pk", "name")}
        for place_id, name in PlaceName.objects.values_list("place_id", "name"):
            places[place_id].append(name)
        return cls(people, places)

    def find(self, text: str) -> list[Mention]:
        """Return the mentions in `text`, in order, longest match first where they overlap."""
        plain = _plain(text)
        found: list[Mention] = []
        taken = []
        if self._full_pattern:
            for match in self._full_pattern.finditer(plain):
                kind, id_, how = self.full[match.group("name")]
                found.append(
                    Mention(
                        kind,
                        id_,
                        match.start(),
                        match.end(),
                        text[match.start() : match.end()],
                        how,
                    )
                )
                taken.append((match.start(), match.end()))
        mentioned = {m.id for m in found if m.kind == PERSON}
        if self._surname_pattern:
            for match in self._surname_pattern.finditer(plain):
                start, end = match.start(), match.end()
                if any(s < end and start < e for s, e in taken):
                    continue
                candidates = self.surnames[match.group("name")]
                earlier = {m.id for m in found if m.kind == PERSON and m.start < start}
                if match.group("hon") and len(candidates) == 1:
                    (id_,) = candidates
                    how = "honorific"
                elif len(candidates & earlier) == 1:
                    (id_,) = candidates & earlier
                    how = "surname"
                elif len(candidates & mentioned) == 1 and match.group("hon"):
                    (id_,) = candidates & mentioned
                    how = "honorific"
                else:
                    continue
                found.append(Mention(PERSON, id_, start, end, text[start:end], how))
        return sorted(found, key=lambda m: m.start)
