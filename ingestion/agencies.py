"""The agencies the inbox lists, for naming agencies one way everywhere.

Contracts and coverage name an agency as people type it ("báo hải phòng",
"Bao Hai Phong", an alias such as "BHP"); the directory maps every such spelling (compared
accent-folded and case-insensitive) to the agency's canonical name, and a feed host to its
agency. It is built from raw.agencies, so load the agencies source first (SOURCES order).
"""

import hashlib
import json
import re
from dataclasses import dataclass, field

import duckdb

from ingestion.lineage import table_exists
from ingestion.normalise import bare_host, label_key


def split_aliases(text: str | None) -> list[str]:
    """Aliases are separated by ';' (also accepted: '|' and new lines)."""
    if not text:
        return []
    return [part.strip() for part in re.split(r"[;|\n]", text) if part.strip()]


@dataclass(frozen=True)
class AgencyDirectory:
    by_key: dict[str, str] = field(default_factory=dict)  # folded name or alias -> agency
    by_host: dict[str, str] = field(default_factory=dict)  # feed host -> agency
    fingerprint: str = ""  # changes whenever names, aliases or hosts change

    @property
    def is_empty(self) -> bool:
        return not self.by_key

    @classmethod
    def from_rows(cls, rows: list[tuple[str, str | None, str | None]]) -> "AgencyDirectory":
        """From (agency, aliases, feed_host) rows; a name beats an alias that collides with it."""
        by_key: dict[str, str] = {}
        by_host: dict[str, str] = {}
        for agency, aliases, feed_host in rows:
            for alias in split_aliases(aliases):
                by_key.setdefault(label_key(alias), agency)
            host = bare_host(feed_host)
            if host:
                by_host[host] = agency
        for agency, _aliases, _host in rows:
            by_key[label_key(agency)] = agency
        by_key.pop("", None)
        payload = json.dumps([by_key, by_host], sort_keys=True, ensure_ascii=False)
        fingerprint = hashlib.sha256(payload.encode()).hexdigest() if by_key else ""
        return cls(by_key, by_host, fingerprint)

    @classmethod
    def from_warehouse(cls, con: duckdb.DuckDBPyConnection) -> "AgencyDirectory":
        if not table_exists(con, "raw.agencies"):
            return cls()
        rows = con.execute(
            "SELECT agency, aliases, feed_host FROM raw.agencies "
            "WHERE NOT _is_duplicate AND agency IS NOT NULL ORDER BY agency"
        ).fetchall()
        return cls.from_rows(rows)

    def canonical(self, name: str | None) -> str | None:
        return self.by_key.get(label_key(name)) if name else None

    def for_host(self, host: str | None) -> str | None:
        """The agency whose feed host is `host` or a parent domain of it."""
        host = bare_host(host)
        while host:
            if host in self.by_host:
                return self.by_host[host]
            _, _, host = host.partition(".")
            if "." not in host:
                return None
        return None
