"""Chat dialogues: each turns one inbound action of a person into a ``Reply``.

Owns: the admin's wave wizard, wave control and file upload (``admin``), ``/staff``
(``staff``), ``/stats`` and ``/export`` (``stats``), the manager's complaint buttons and
``/queue`` (``manager``) and the customer's side of a complaint (``complaint_customer``).
May import every domain package; no domain package imports a dialogue.
"""
