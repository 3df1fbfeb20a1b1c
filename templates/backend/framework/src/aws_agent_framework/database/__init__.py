"""Database access: the RDS Data API client and safe SQL identifiers."""

from aws_agent_framework.database.data_api import DataApiDatabase, Row
from aws_agent_framework.database.identifiers import quote_identifier

__all__ = ["DataApiDatabase", "Row", "quote_identifier"]
