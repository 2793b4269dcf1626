"""Staff, their roles and the audit log.

Owns: who is an admin or a manager of which branches at which level, by Telegram user
id (``roles``), and the audit log of every staff and refused action, ids only
(``audit``). May import: ``storage``.
"""
