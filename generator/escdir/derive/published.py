"""What a build published despite its warnings, and which client sites each warning concerns.

A non-strict build publishes past warnings (an unmeetable client promise, an entry overdue for review); ``escdir
build`` then prints a summary of them (:func:`escdir.present.reporting.build.text_summary`). The data is worked out here,
from the checked project the build used, so the summary says exactly what that build saw.

A warning concerns a client's site when it is in the client's own file, in the file of a vendor the client uses, or
is an alignment warning (ESC404) about one of the client's promises. Client builds list those first, and among them
what the client reads on its site first (:data:`CLIENT_FACING`: an unmeetable promise, a vendor without a client
summary).
"""

from __future__ import annotations

from dataclasses import dataclass

from escdir.check.validate import Result
from escdir.derive.align import unmet_promises
from escdir.derive.msp import MspProject
from escdir.errors import Problem

#: Warnings about what a client reads on its site, listed first among a client's warnings (in this order).
CLIENT_FACING = ("ESC404", "ESC406")


@dataclass(frozen=True)
class Published:
    """The warnings of one build, and the ids of the client sites each one concerns (same order)."""

    warnings: tuple[Problem, ...] = ()
    clients: tuple[tuple[str, ...], ...] = ()
    client: str = ""  # the client the site was built for ('' = internal or every client)

    def for_client(self, client: str) -> tuple[Problem, ...]:
        return tuple(p for p, ids in zip(self.warnings, self.clients, strict=True) if client in ids)

    def ordered(self) -> tuple[Problem, ...]:
        """Client-affecting warnings first (the built client's, else any client's), :data:`CLIENT_FACING` first."""
        def key(i: int) -> tuple[int, int]:
            ids = self.clients[i]
            affects = self.client in ids if self.client else bool(ids)
            code = self.warnings[i].code
            return (0 if affects else 1, CLIENT_FACING.index(code) if code in CLIENT_FACING else len(CLIENT_FACING))

        return tuple(self.warnings[i] for i in sorted(range(len(self.warnings)), key=key))


def published(result: Result, project: MspProject, *, client: str = "") -> Published:
    """The warnings of a build that used ``result`` (vendors) and ``project`` (the MSP side)."""
    warnings = [p for p in (*result.problems, *project.problems) if not p.is_error]
    vendor_files = {v.id: v.file for v in result.vendors}
    unmet: dict[str, set[str]] = {}
    if project.msp is not None:
        by_id = {v.id: v for v in result.vendors}
        for c in project.clients:
            unmet[c.id] = {u.message for u in unmet_promises(project.msp, c, by_id)}
    concerns = []
    for p in warnings:
        ids = []
        for c in project.clients:
            files = {c.file} | {vendor_files[v] for v in c.vendors if v in vendor_files}
            if p.file in files or (p.code == "ESC404" and p.message in unmet.get(c.id, ())):
                ids.append(c.id)
        concerns.append(tuple(ids))
    return Published(tuple(warnings), tuple(concerns), client)
