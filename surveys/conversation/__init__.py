"""A survey as a conversation: templates and their ``when:`` language, a survey in progress.

Owns: template definitions and validation (``definitions``, ``conditions``), template
versions in the database (``catalog``), how a question looks (``rendering``), reading typed
answers (``typed_answers``), moving a delivery's conversation on (``progress``), what an
answer writes, from the chat or a page (``recording``), and its states.
May import: ``ports``, ``i18n``, ``storage`` and the outbox's status names.
"""
