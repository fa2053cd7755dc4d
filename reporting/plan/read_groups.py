"""Reading the plan's Kontogrupper sheet: the account groups its budget is given in."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from reporting.plan.groups import (
    GROUP_KINDS,
    GROUP_SCOPES,
    SUBTOTAL_PREFIX,
    AccountGroup,
    GroupKind,
    GroupScope,
    default_account_groups,
)
from reporting.plan.sheet_reader import Row, SheetReader

W = TypeVar("W", bound=StrEnum)
_RESERVED = {"netto", "nämnd"}  # ids that name the netto row and the nämnd itself


def read_account_groups(r: SheetReader) -> list[AccountGroup]:
    """The plan's groups; today's five when the sheet lists none (with a finding, the sheet was meant to)."""
    groups: list[AccountGroup] = []
    seen: dict[str, set[str]] = {"id": set(), "name": set()}  # lower case
    for _, v in r.rows():
        group = AccountGroup(
            r.safe_id(v),
            r.text(v, "name"),
            _word(r, v, "kind", GROUP_KINDS, "Intäkt, Kostnad, Avskrivning eller Netto", GroupKind.UNREAD),
            _word(r, v, "scope", GROUP_SCOPES, "Extern, Intern eller lämna cellen tom", GroupScope.UNSAID),
            r.text(v, "accounts", False),
            r.text(v, "subtotal", False),
        )
        for key, value in (("id", group.id), ("name", group.name)):
            if value and value.lower() in seen[key]:
                r.error(r.cell(v, key), f'"{value}" förekommer flera gånger. Ge varje kontogrupp ett eget id och namn.')
            seen[key].add(value.lower())
        subtotal_like = group.id.upper().startswith(SUBTOTAL_PREFIX) and group.id[2:].isdigit()
        if group.id.lower() in _RESERVED or subtotal_like:
            r.error(r.cell(v, "id"), f'id:t "{group.id}" är reserverat. Välj ett annat id, t.ex. PERS.')
        if group.subtotal and group.subtotal.lower() in {g.name.lower() for g in groups}:
            r.error(
                r.cell(v, "subtotal"),
                f'delsumman "{group.subtotal}" har samma namn som en kontogrupp. Byt namn på delsumman.',
            )
        groups.append(group)
    if not groups:
        r.error("A2", "fliken har inga kontogrupper. Lägg till en rad per kontogrupp eller ta bort fliken.")
        return default_account_groups()
    netto = [g for g in groups if g.kind == GroupKind.NETTO]
    if netto and len(groups) > 1:
        cell = r.cell(r.rows()[groups.index(netto[0])][1], "kind")
        r.error(cell, "en kontogrupp med Typ Netto måste vara planens enda kontogrupp. Ta bort de andra eller byt Typ.")
    return groups


def _word(r: SheetReader, v: Row, key: str, words: dict[str, W], allowed: str, unread: W) -> W:
    text = r.text(v, key, key == "kind")
    if text.lower() not in words:
        if text:
            r.error(r.cell(v, key), f'okänt värde "{text}". Skriv {allowed}.')
        return unread  # a Typ not read: no sign is checked against a guess (the plan has an error anyway)
    return words[text.lower()]
