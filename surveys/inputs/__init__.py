"""What people type, made safe at the edges: numbers in commands, and stored text.

Command numbers are ASCII digits within the database's integer range (``²``, ``①`` or a
20-digit id are "not a number", never an exception); text is cleaned of NUL and lone
surrogates and bounded the same way on SQLite and PostgreSQL. Imports nothing of the domain.
"""

from surveys.inputs.numbers import BIG_ID_MAX, ID_MAX, parse_number
from surveys.inputs.text import TEXT_LIMIT, clean_text, is_clean_name

__all__ = ["BIG_ID_MAX", "ID_MAX", "TEXT_LIMIT", "clean_text", "is_clean_name", "parse_number"]
