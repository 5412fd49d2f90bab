"""Connecting to Neo4j: settings from options, then the standard NEO4J_* variables, then the
local server that `alskg neo4j start` runs. Passwords never appear in messages."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from kg.neo4j.statements import statement
from kg.problems import ConnectionFailure

DEFAULT_URI = "bolt://127.0.0.1:7687"


@dataclass(frozen=True)
class Settings:
    uri: str
    user: str | None
    password: str | None
    database: str | None

    def __repr__(self) -> str:  # keep the password out of logs and tracebacks
        return f"Settings(uri={self.uri!r}, user={self.user!r}, database={self.database!r})"


def settings(uri: str | None = None, user: str | None = None, password: str | None = None,
             database: str | None = None) -> Settings:
    uri = uri or os.environ.get("NEO4J_URI") or _local_uri()
    return Settings(
        uri=uri,
        user=user or os.environ.get("NEO4J_USERNAME"),
        password=password or os.environ.get("NEO4J_PASSWORD"),
        database=database or os.environ.get("NEO4J_DATABASE") or None,
    )


def _local_uri() -> str:
    try:
        from kg.neo4j import server as neo4j_server

        info = neo4j_server.status(neo4j_server.ServerConfig())
    except Exception:  # no state file, no launcher: fall back to the default port
        return DEFAULT_URI
    return info.uri if info is not None else DEFAULT_URI


def connect(cfg: Settings) -> Any:
    """An open driver whose connectivity was checked; a one-line error otherwise."""
    import neo4j
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, ConfigurationError, Neo4jError, ServiceUnavailable

    auth = (cfg.user or "neo4j", cfg.password) if cfg.password else None
    try:
        # server notifications (unknown labels in an empty database...) are not for users
        driver = GraphDatabase.driver(cfg.uri, auth=auth, notifications_min_severity="OFF")
    except (ValueError, ConfigurationError, neo4j.exceptions.ConfigurationError) as exc:
        raise ConnectionFailure(f"invalid Neo4j URI '{cfg.uri}': {exc}") from None
    try:
        driver.verify_connectivity()
        # Connectivity does not cover an expired password or a missing database: both
        # fail only at the first query, so run one.
        driver.execute_query(statement("ping"), database_=cfg.database,
                             routing_=neo4j.RoutingControl.READ)
    except AuthError:
        driver.close()
        who = cfg.user or "neo4j"
        raise ConnectionFailure(
            f"Neo4j at {cfg.uri} rejected the credentials for user '{who}' "
            "(check --user/--password or NEO4J_USERNAME/NEO4J_PASSWORD)") from None
    except (ServiceUnavailable, OSError) as exc:
        driver.close()
        raise ConnectionFailure(
            f"cannot connect to Neo4j at {cfg.uri} ({_reason(exc)}); start a local server "
            "with 'alskg neo4j start' or pass --uri / set NEO4J_URI") from None
    except Neo4jError as exc:
        driver.close()
        who = cfg.user or "neo4j"
        if exc.code == "Neo.ClientError.Security.CredentialsExpired":
            raise ConnectionFailure(
                f"the password of Neo4j user '{who}' at {cfg.uri} has expired; change it "
                "(ALTER CURRENT USER SET PASSWORD on the system database) and retry") from None
        if exc.code == "Neo.ClientError.Database.DatabaseNotFound":
            raise ConnectionFailure(f"Neo4j at {cfg.uri} has no database '{cfg.database}' "
                                    "(check --database or NEO4J_DATABASE)") from None
        detail = " ".join(str(exc.message or exc.code).split())
        raise ConnectionFailure(f"Neo4j at {cfg.uri} refused the connection: {detail}") from None
    return driver


def _reason(exc: Exception) -> str:
    text = str(exc).lower()
    if "refused" in text:
        return "connection refused"
    if "timed out" in text or "timeout" in text:
        return "timed out"
    return "unreachable"
