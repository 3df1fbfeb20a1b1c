"""Database access through one interface: the RDS Data API on AWS, psycopg locally."""

from aws_agent_framework.database.base import Database, Row
from aws_agent_framework.database.connect import connect
from aws_agent_framework.database.data_api import DataApiDatabase
from aws_agent_framework.database.identifiers import quote_identifier
from aws_agent_framework.database.migrations import migrate, pending_migrations
from aws_agent_framework.database.table import Table

__all__ = [
    "DataApiDatabase",
    "Database",
    "Row",
    "Table",
    "connect",
    "migrate",
    "pending_migrations",
    "quote_identifier",
]
