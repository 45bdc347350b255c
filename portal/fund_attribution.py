"""What the fund bought with a donor's money: first in, first out.

The fund is one pot, so no đồng carries a name. To tell a donor what their gift became, the
ledger is read as a queue, in its own order (day, then entry): every đồng that comes in
(a donation, a sale) waits behind the ones before it, and every đồng spent (a device, parts)
is taken from the oldest still waiting. A gift "bought" a purchase when some of it was taken
for it, and says how much.

First in, first out, not shares in proportion: a gift then goes to a few definite purchases,
soon after it arrived, as the cashbook reads; in proportion, every gift would be spread over
every later purchase in crumbs of a few đồng, and never be spent. Money spent before any came
in (an overdrawn fund) is taken from no one."""

from collections import deque
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Line:
    """One ledger entry, as the queue needs it."""

    pk: int
    on: date
    amount_vnd: int
    income: bool


@dataclass(frozen=True)
class Bought:
    """Part of one purchase paid with one gift."""

    purchase: int  # the spending entry's pk
    gift: int  # the income entry's pk
    amount_vnd: int


def first_in_first_out(ledger: list[Line]) -> list[Bought]:
    """Every (purchase, gift, amount) the queue gives, in the ledger's order."""
    waiting: deque[list[int]] = deque()  # [gift pk, đồng still unspent]
    bought = []
    for line in sorted(ledger, key=lambda line: (line.on, line.pk)):
        if line.income:
            waiting.append([line.pk, line.amount_vnd])
            continue
        owed = line.amount_vnd
        while owed and waiting:
            gift = waiting[0]
            taken = min(owed, gift[1])
            bought.append(Bought(line.pk, gift[0], taken))
            gift[1] -= taken
            owed -= taken
            if not gift[1]:
                waiting.popleft()
    return bought
