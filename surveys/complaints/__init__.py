"""The complaint queue: unhappy customers become tickets that managers close in the chat.

Owns: the desk (tickets, their timeline, state changes and who is told), intake (which
survey or message becomes a complaint), the manager's card, the clockwork of deadlines
and digests, and the escalation policy with business hours (``escalation``). May
import: ``ports``, ``i18n``, ``timemath``, ``storage``, ``conversation``, ``staff`` and the
labels of ``reports``.
"""
