"""The chat side of mystery-shopper audits.

Owns: the shopper's chat (``shopper``: assignments, items, photos, location, pause,
submit), the admins' and managers' side (``desk``: ``/newaudit``, review, closing
improvement actions) and the wording of an item as asked (``prompts``).
"""
