"""Storage: tables, the database handle, units of work and migrations."""

from surveys.storage.database import Database, DatabaseURLError
from surveys.storage.uow import UnitOfWork

__all__ = ["Database", "DatabaseURLError", "UnitOfWork"]
